"""Generators of realistic example documents: the demo year, test fixtures and benchmark corpora.

Every document is made by this package's code (python-docx, openpyxl, LibreOffice for PDF), each
beside the record it must give, so tests and benchmarks know the truth of what they read.
"""
