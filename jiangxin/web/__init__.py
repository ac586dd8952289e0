"""The office's web pages (`jiangxin serve`): the year at a glance, the validation station, tables,
upload, and the reviewers' online score forms."""
