"""Every .docx the program writes: a docxtpl template rendered with a context, after checking that the
template and the context agree; a PDF beside it on request, with a note on the fonts that stood in.

Before rendering: the template's structure is checked (`template_check`), every name and attribute
path it reads must exist in the context (a misspelled field fails), and every field the document
cannot do without must still be in the template (a deleted field fails). Rendering autoescapes, so
a title with `<` or `&` from a user's document stays text, and undefined values raise.
The result is written to a temporary file and moved into place only when complete.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import Environment, StrictUndefined, TemplateError, TemplateSyntaxError

from jiangxin.core.fonts import fonts_in_docx, substitution_note
from jiangxin.core.office import convert

from ..template_check import TemplateProblem, check_template, syntax_problem, used_fields

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True, slots=True)
class Picture:
    """A PNG to place where the template says `{{ name }}`, `width_mm` wide."""

    png: bytes
    width_mm: float


def shipped_template(name: str) -> Path:
    """A template shipped with the program (the `templates` package)."""
    return Path(str(resources.files("templates").joinpath(name)))


def template_path(templates_dir: Path | None, name: str) -> Path:
    """The workspace's own copy of a template when it has one, else the shipped template."""
    if templates_dir is not None and (templates_dir / name).is_file():
        return templates_dir / name
    return shipped_template(name)


def jinja_env() -> Environment:
    return Environment(autoescape=True, undefined=StrictUndefined)


def render_docx(
    template: Path, context: Mapping[str, Any], out: Path, *, required: Iterable[str] = ()
) -> Path:
    """Render `template` with `context` into `out`; raises `TemplateProblem` naming what is wrong."""
    problems = check_template(template, parse=False)
    if problems:
        raise TemplateProblem(template, problems)
    env = jinja_env()
    tpl = DocxTemplate(str(template))
    try:
        undeclared = tpl.get_undeclared_template_variables(env, dict(context))
    except TemplateSyntaxError as exc:
        raise TemplateProblem(template, [syntax_problem(template, exc, env)]) from exc
    used, broken = used_fields(tpl, context, env)
    problems = [f"模板中的字段“{name}”不存在（可能拼写有误）" for name in sorted(undeclared)]
    problems += [
        f"模板中的字段“{path}”不存在（可能拼写有误）"
        for path in broken
        if path.split(".")[0] not in undeclared
    ]
    problems += [
        f"模板缺少字段“{field}”，这部分内容将无法写入文档" for field in required if field not in used
    ]
    if problems:
        raise TemplateProblem(template, problems)
    prepared = _prepare(context, tpl)
    try:
        tpl.render(prepared, env, autoescape=True)
    except (TemplateError, TypeError, AttributeError) as exc:
        near = "；".join(t.strip() for t in getattr(exc, "docx_context", []) if t.strip())
        raise TemplateProblem(
            template, [f"渲染出错：{exc}" + (f"（附近文字：{near[:80]}）" if near else "")]
        ) from exc
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f".{out.stem}.partial.docx")
    tpl.save(str(partial))
    os.replace(partial, out)
    return out


def _prepare(value: Any, tpl: DocxTemplate) -> Any:
    """Pictures become InlineImages; strings lose characters XML cannot hold (Word's \\x0b and the like)."""
    if isinstance(value, Picture):
        return InlineImage(tpl, io.BytesIO(value.png), width=Mm(value.width_mm))
    if isinstance(value, str):
        return _XML_ILLEGAL.sub("", value)
    if isinstance(value, Mapping):
        return {k: _prepare(v, tpl) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_prepare(v, tpl) for v in value]
    return value


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
