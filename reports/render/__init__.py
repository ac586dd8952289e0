"""The one place that writes the office's Word and Excel files: `docx.render_docx` for every .docx (escaping,
template checks, fonts) and `xlsx` for every workbook (formula-safe text, print set-up, atomic save)."""

from .docx import Picture, Written, add_pdf, render_docx, shipped_template, template_path

__all__ = ["Picture", "Written", "add_pdf", "render_docx", "shipped_template", "template_path"]
