"""Rules as data: the year's policy (实施方案) and the predicates that apply it."""
