"""The review meeting: reviewers, conflicts of interest, assignment, scoring forms and score aggregation."""
