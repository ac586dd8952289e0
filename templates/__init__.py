"""Report templates: real .docx files a clerk can open and edit in Word (built by reports/build_templates.py)."""
