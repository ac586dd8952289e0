"""Checks a .docx template before it is rendered, so a template edited in Word fails with a clear
message instead of rendering something silently wrong.

docxtpl's known traps, each caught here:
- a `{%p …%}`, `{%tr …%}`, `{%tc …%}` or `{%r …%}` tag whose body holds `%` or `}` is not recognised as
  a paragraph/row tag (docxtpl matches `[^}%]*`) and leaves broken XML or stray text behind;
- a tag that starts in one paragraph and ends in another (Enter pressed inside a tag);
- text beside a `{%p …%}` tag in the same paragraph, which docxtpl deletes with the paragraph;
- Jinja syntax errors (an `{% if %}` without `{% endif %}`), reported with the paragraph's text.
Tags split across runs inside one paragraph are fine: docxtpl joins them (tested).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import docx
from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from jinja2 import Environment, TemplateSyntaxError, nodes

_STRUCTURAL = re.compile(r"\{%-?\s*(p|tr|tc|r)\s(.*?)-?%\}", re.DOTALL)
_OPEN = re.compile(r"\{\{|\{%|\{#")
_CLOSE = re.compile(r"\}\}|%\}|#\}")
_PAIRS = {"{{": "}}", "{%": "%}", "{#": "#}"}


class TemplateProblem(Exception):
    """A template that cannot be rendered as it stands (message in Chinese, one line per problem)."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.path = path
        self.problems = problems
        super().__init__(f"模板“{path.name}”有误：\n" + "\n".join(f"  - {p}" for p in problems))


def paragraph_texts(path: Path) -> list[str]:
    """The text of every paragraph in the body, tables, headers and footers, in document order."""
    document = docx.Document(str(path))
    texts: list[str] = []
    for part in document.part.package.iter_parts():
        name = str(part.partname)
        if not re.match(r"^/word/(document|header\d*|footer\d*)\.xml$", name):
            continue
        element = part.element  # type: ignore[attr-defined]
        for p in element.iter(qn("w:p")):
            texts.append("".join(t.text or "" for t in p.iter(qn("w:t"))))
    return texts


def _brief(text: str, limit: int = 40) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[:limit] + "…"


def check_paragraph(text: str) -> list[str]:
    """Problems in one paragraph's text (empty when it is fine)."""
    problems: list[str] = []
    for m in _STRUCTURAL.finditer(text):
        body = m.group(2)
        if "%" in body or "}" in body:
            problems.append(
                f"标签“{_brief(m.group(0))}”中含有 % 或 }}，docxtpl 无法识别这种段落/表格行标签；"
                "请把条件改写到上下文中，或改用普通 {% %} 标签"
            )
        if m.group(1) == "p":
            rest = (text[: m.start()] + text[m.end() :]).strip()
            if rest:
                problems.append(
                    f"段落“{_brief(text)}”中，{{%p%}} 标签之外还有文字“{_brief(rest)}”，渲染时会被一并删除"
                )
    depth: list[str] = []
    pos = 0
    while True:
        opening = _OPEN.search(text, pos)
        closing = _CLOSE.search(text, pos)
        if opening is None and closing is None:
            break
        if opening is not None and (closing is None or opening.start() < closing.start()):
            if depth:
                problems.append(f"段落“{_brief(text)}”中标签未闭合就开始了新标签")
                break
            depth.append(opening.group(0))
            pos = opening.end()
        else:
            assert closing is not None
            if not depth or _PAIRS[depth[-1]] != closing.group(0):
                problems.append(f"段落“{_brief(text)}”中有多余的结束符“{closing.group(0)}”")
                break
            depth.pop()
            pos = closing.end()
    if depth:
        problems.append(f"段落“{_brief(text)}”中的标签没有在本段内结束（标签不能跨段落）")
    return problems


def check_template(path: Path, env: Environment | None = None, *, parse: bool = True) -> list[str]:
    """Every problem found in the template at `path`; an empty list means it can be rendered.
    `parse=False` leaves the Jinja syntax to the caller (the renderer parses it anyway)."""
    problems: list[str] = []
    for text in paragraph_texts(path):
        problems.extend(check_paragraph(text))
    if problems or not parse:
        return problems
    try:
        DocxTemplate(str(path)).get_undeclared_template_variables(env or Environment())
    except TemplateSyntaxError as exc:
        problems.append(syntax_problem(path, exc, env))
    return problems


def syntax_problem(path: Path, exc: TemplateSyntaxError, env: Environment | None = None) -> str:
    return f"模板语法错误：{exc.message}；出错位置附近的文字：“{_near_error(path, env)}”"


def _near_error(path: Path, env: Environment | None) -> str:
    """The text of the paragraph where Jinja stops parsing, the way docxtpl lays the XML out."""
    tpl = DocxTemplate(str(path))
    tpl.init_docx()
    xml = re.sub(r"<w:p([ >])", r"\n<w:p\1", tpl.patch_xml(tpl.get_xml()))
    try:
        (env or Environment()).parse(xml)
    except TemplateSyntaxError as exc:
        lines = xml.splitlines()
        index = min(max((exc.lineno or 1) - 1, 0), len(lines) - 1)
        return _brief(re.sub(r"<[^>]+>", "", lines[index]))
    return ""


# --- fields: every name and attribute path the template uses must exist in the context ---------------

_UNKNOWN = object()


def used_fields(
    tpl: DocxTemplate, context: Mapping[str, Any], env: Environment
) -> tuple[set[str], list[str]]:
    """The dotted paths the template reads (`awards.sentence`, loops included) and the ones that do not
    resolve in `context`. Attributes of loop variables are checked against the loop's first item."""
    tpl.init_docx()
    xml = tpl.patch_xml(tpl.get_xml())
    for uri in (tpl.HEADER_URI, tpl.FOOTER_URI):
        for _key, part in tpl.get_headers_footers(uri):
            xml += tpl.patch_xml(tpl.get_part_xml(part))
    tree = env.parse(xml)
    used: set[str] = set()
    broken: list[str] = []
    _visit(tree, dict(context), used, broken)
    return used, broken


def _chain(node: nodes.Node) -> list[str] | None:
    """['awards', 'sentence'] for awards.sentence / awards["sentence"]; None for anything else."""
    parts: list[str] = []
    while True:
        if isinstance(node, nodes.Getattr):
            parts.append(node.attr)
            node = node.node
        elif (
            isinstance(node, nodes.Getitem)
            and isinstance(node.arg, nodes.Const)
            and isinstance(node.arg.value, str)
        ):
            parts.append(node.arg.value)
            node = node.node
        elif isinstance(node, nodes.Name):
            parts.append(node.name)
            return parts[::-1]
        else:
            return None


def _lookup(value: object, key: str) -> object:
    """Jinja's order: an attribute first, then an item — so a key named like a dict method is unusable."""
    if isinstance(value, Mapping):
        if hasattr(type(value), key):
            return _MISSING  # `plan.items` would be dict.items, not the list stored under "items"
        return value.get(key, _MISSING)
    return getattr(value, key, _MISSING)


_MISSING = object()


def _resolve(path: list[str], scope: Mapping[str, object]) -> object:
    if path[0] not in scope:
        return _MISSING
    value = scope[path[0]]
    for key in path[1:]:
        if value is _UNKNOWN:
            return _UNKNOWN
        value = _lookup(value, key)
        if value is _MISSING:
            return _MISSING
    return value


def _visit(node: nodes.Node, scope: dict[str, object], used: set[str], broken: list[str]) -> None:
    if isinstance(node, nodes.For):
        _visit(node.iter, scope, used, broken)
        inner = dict(scope)
        items = _resolve(path, scope) if (path := _chain(node.iter)) else _UNKNOWN
        sample = items[0] if isinstance(items, list | tuple) and items else _UNKNOWN
        for target in (
            node.target.find_all(nodes.Name) if not isinstance(node.target, nodes.Name) else [node.target]
        ):
            inner[target.name] = sample if isinstance(node.target, nodes.Name) else _UNKNOWN
        inner["loop"] = _UNKNOWN
        for child in [*node.body, *node.else_]:
            _visit(child, inner, used, broken)
        if node.test is not None:
            _visit(node.test, inner, used, broken)
        return
    if isinstance(node, nodes.Assign):
        _visit(node.node, scope, used, broken)
        for target in node.target.find_all(nodes.Name):
            scope[target.name] = _UNKNOWN
        return
    if isinstance(node, nodes.Getattr | nodes.Getitem | nodes.Name):
        path = _chain(node)
        if path is not None:
            if scope.get(path[0], _MISSING) is not _UNKNOWN:
                dotted = ".".join(path)
                used.add(dotted)
                if _resolve(path, scope) is _MISSING and dotted not in broken:
                    broken.append(dotted)
            if isinstance(node, nodes.Getitem):
                _visit(node.arg, scope, used, broken)
            return
    for child in node.iter_child_nodes():
        _visit(child, scope, used, broken)
