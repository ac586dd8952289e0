"""The example generator: realistic documents for the demo year, test fixtures, golden files and benchmark corpora.

Every document is made by this package's code (python-docx, openpyxl, LibreOffice for PDF) beside the record it
must give. A year of them (`year.ExampleYear`, drawn by a recipe of `recipes`) goes out one of two ways: written as
files with their truth (`year.write_files`), or stored as records straight into a store (`year.store_records`).
"""
