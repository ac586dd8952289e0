"""Where the reports go and what a run tells the clerk: the .docx (and PDF) in outbox/报告/ plus notes."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from jiangxin.core.fonts import fonts_in_docx, substitution_note
from jiangxin.core.office import convert


@dataclass
class Written:
    """A rendered report: the .docx, the PDF when asked for, and notes for the clerk (in Chinese)."""

    docx: Path
    pdf: Path | None = None
    notes: list[str] = field(default_factory=list)


def add_pdf(written: Written) -> Written:
    """Convert the .docx to PDF next to it with LibreOffice (raises RuntimeError when it is not installed);
    the notes say which installed face stood in for each standard font the machine lacks."""
    written.pdf = convert(written.docx, "pdf", written.docx.parent, office_fonts=True)
    note = substitution_note(fonts_in_docx(written.docx))
    if note:
        written.notes.append(note)
    return written
