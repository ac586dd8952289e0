"""The review's own failure: something the office must fix before the step can run (message in Chinese)."""


class ReviewError(Exception):
    """A review step cannot run: no reviewers, no assignment, scores still missing …"""
