"""Golden tests: generated application forms of every layout and variant, as Word and as PDF, each
read back into exactly the record it was made from (the record is written beside it as JSON).

The forms are made once per session: python-docx for Word, one LibreOffice run for all PDFs.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from extractors import extract_file
from jiangxin.core.office import convert_many, soffice_path
from jiangxin.core.records import Application, Person
from jiangxin.core.text import patent_check_char
from jiangxin.examples.applications import (
    BENEFIT_STYLES,
    DATE_STYLES,
    FOOTERS,
    LAYOUTS,
    PATENT_STYLES,
    TICKED_GLYPHS,
    UNTICKED_GLYPHS,
    Style,
    random_application,
    render_application,
)
from jiangxin.examples.people import NamePool, full_unit

TEXT_FIELDS = ("summary", "innovations", "adoption")
PER_LAYOUT = 4
SEPARATORS = ("、", "，", ",", "；", "\n")


@dataclass(frozen=True, slots=True)
class Case:
    name: str
    layout: str
    style: Style
    record: Application


def _style(k: int, layout: str) -> Style:
    """The k-th presentation: each option turns over with k, so a few forms per layout cover all."""
    return Style(
        labels=("plain", "spaced", "broken")[k % 3] if layout != "C" else ("plain", "spaced")[k % 2],
        synonyms=k % 2 == 1,
        colon=("：", ":")[k % 2],
        pad_names=k % 2 == 0,
        date=DATE_STYLES[k % len(DATE_STYLES)],
        benefit=BENEFIT_STYLES[k % len(BENEFIT_STYLES)],
        patent=PATENT_STYLES[k % len(PATENT_STYLES)],
        ticks=k % 3 != 2,
        tick_glyph=TICKED_GLYPHS[k % len(TICKED_GLYPHS)],
        untick_glyph=UNTICKED_GLYPHS[k % len(UNTICKED_GLYPHS)],
        header=k % 2 == 0,
        footer=(None, *FOOTERS)[k % (len(FOOTERS) + 1)],
        member_sep=SEPARATORS[k % len(SEPARATORS)],
        contact_rows=k % 2 == 1,
        lead_row=k % 3 == 1,
        numbering=("一、", "（一）", "1．")[k % 3],
        body=("A", "A2", "B")[k % 3],
    )


def _cases() -> list[Case]:
    rng = random.Random(20250601)
    names = NamePool(rng)
    cases: list[Case] = []
    k = 0
    for layout in LAYOUTS:
        for i in range(PER_LAYOUT):
            record = random_application(rng, names)
            # every form gets the parts its variants need, and some go without them
            extra: dict[str, Any] = {
                "economic_benefit_wan": round(rng.uniform(1, 300), 2) if k % 5 else None,
                "patents": (record.patents or [_patent("202421234561")]) if k % 3 else [],
                "unit_endorsed": k % 6 != 5,
                "category": record.category or "小革新",
                "completed_on": record.completed_on if k % 7 else "2025-03-15",
            }
            if i % 2 == 1:  # a names-only member list
                extra["members"] = [Person(name=p.name) for p in record.members]
            if k % 5 == 3:  # a two-character first member, to be padded
                lead = (
                    Person(name="张三") if i % 2 == 1 else Person(name="张三", unit=full_unit("配电运检室"))
                )
                extra["members"] = [lead, *extra.get("members", record.members)[1:]]
            record = record.model_copy(update=extra)
            cases.append(Case(f"{layout}-{i}", layout, _style(k, layout), record))
            k += 1
    rng2 = random.Random(7)
    names2 = NamePool(rng2)
    for layout, missing in (("A", "title"), ("C", "unit"), ("B", "members"), ("D", "title"), ("A2", "unit")):
        update: dict[str, Any] = {"title": ""} if missing == "title" else {"unit": ""}
        if missing == "members":
            update = {"members": []}
        record = random_application(rng2, names2, **update)
        cases.append(Case(f"{layout}-no-{missing}", layout, _style(k, layout), record))
        k += 1
    return cases


def _patent(digits: str) -> str:
    return f"ZL{digits}.{patent_check_char(digits)}"


CASES = _cases()


def _write(case: Case, folder: Path) -> Path:
    path = folder / f"{case.name}.docx"
    render_application(case.record, case.layout, path, random.Random(case.name), style=case.style)
    (folder / f"{case.name}.docx.json").write_text(
        json.dumps(case.record.to_json(), ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return path


@pytest.fixture(scope="session")
def forms(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """Every case as docx, and as PDF when LibreOffice is installed (one conversion run)."""
    folder = tmp_path_factory.mktemp("application-forms")
    made = {(case.name, "docx"): _write(case, folder) for case in CASES}
    if soffice_path() is not None:
        docx_files = [made[(case.name, "docx")] for case in CASES]
        for case, pdf in zip(CASES, convert_many(docx_files, "pdf", folder / "pdf"), strict=True):
            made[(case.name, "pdf")] = pdf
    return made


def _expected(path: Path, case: Case) -> dict[str, Any]:
    golden = path.parent / f"{case.name}.docx.json" if path.suffix == ".docx" else None
    if golden is not None:
        data: dict[str, Any] = json.loads(golden.read_text(encoding="utf-8"))
        return data
    return case.record.to_json()


def _check(got: dict[str, Any], want: dict[str, Any]) -> None:
    assert "error" not in got, got.get("message")
    for key, value in want.items():
        if key in TEXT_FIELDS and value is not None:
            assert re.sub(r"\s+", "", got[key] or "") == re.sub(r"\s+", "", value), key
        else:
            assert got[key] == value, key


def _run(case: Case, fmt: str, forms: dict[tuple[str, str], Path]) -> None:
    path = forms.get((case.name, fmt))
    if path is None:
        pytest.skip("LibreOffice (soffice) 未安装")
    got = extract_file(path).to_json()
    _check(got, _expected(path, case))
    warned = {w["field"] for w in got.get("warnings", [])}
    for field in ("title", "unit", "members"):
        # a required field is warned about exactly when the form lacks it
        assert (field in warned) == (case.record.to_json()[field] in ("", [])), field


COMPLETE = [c for c in CASES if "-no-" not in c.name]
INCOMPLETE = [c for c in CASES if "-no-" in c.name]


@pytest.mark.parametrize("case", COMPLETE, ids=lambda c: c.name)
def test_docx_form_gives_its_record(case: Case, forms: dict[tuple[str, str], Path]) -> None:
    _run(case, "docx", forms)


@pytest.mark.soffice
@pytest.mark.parametrize("case", COMPLETE, ids=lambda c: c.name)
def test_pdf_form_gives_its_record(case: Case, forms: dict[tuple[str, str], Path]) -> None:
    _run(case, "pdf", forms)


@pytest.mark.parametrize("fmt", ["docx", pytest.param("pdf", marks=pytest.mark.soffice)])
@pytest.mark.parametrize("case", INCOMPLETE, ids=lambda c: c.name)
def test_missing_required_field_is_warned_not_refused(
    case: Case, fmt: str, forms: dict[tuple[str, str], Path]
) -> None:
    _run(case, fmt, forms)


def test_cases_cover_every_variant() -> None:
    """The golden set holds every layout and every way of writing the issue lists."""
    styles = [c.style for c in COMPLETE]
    assert {c.layout for c in COMPLETE} == set(LAYOUTS)
    assert {c.style.body for c in COMPLETE if c.layout == "D"} == {"A", "A2", "B"}
    assert {s.date for s in styles} == set(DATE_STYLES)
    assert {s.benefit for s in styles} == set(BENEFIT_STYLES)
    assert {s.patent for s, c in zip(styles, COMPLETE, strict=True) if c.record.patents} == set(PATENT_STYLES)
    assert {s.tick_glyph for s in styles if s.ticks} == set(TICKED_GLYPHS)
    assert {s.untick_glyph for s in styles if s.ticks} == set(UNTICKED_GLYPHS)
    assert {s.footer for s in styles} == {None, *FOOTERS}
    assert {s.labels for s in styles} == {"plain", "spaced", "broken"}
    assert {
        s.member_sep for s, c in zip(styles, COMPLETE, strict=True) if not c.record.members[0].unit
    } == set(SEPARATORS)
    assert (
        any(s.header for s in styles) and any(s.pad_names for s in styles) and any(s.synonyms for s in styles)
    )
    assert any(s.lead_row for s in styles) and any(s.contact_rows for s in styles)
    assert any(not c.record.unit_endorsed for c in COMPLETE) and any(c.record.unit_endorsed for c in COMPLETE)
    assert any(c.record.patents for c in COMPLETE) and any(not c.record.patents for c in COMPLETE)


@pytest.mark.parametrize(
    ("style", "marker"),
    [
        (Style(ticks=True, tick_glyph="☑", word_symbols=True), "w:sym"),
        (Style(ticks=True, tick_glyph="■", word_symbols=True, body="B"), "w:sym"),
        (Style(ticks=True, tick_glyph="☒", word_symbols=True), "w:sym"),
        (Style(ticks=True, form_fields=True), "FORMCHECKBOX"),
        (Style(ticks=True, form_fields=True, untick_glyph="☐"), "FORMCHECKBOX"),
    ],
)
@pytest.mark.parametrize("layout", ["A", "C"])
def test_word_tick_boxes(style: Style, marker: str, layout: str, tmp_path: Path) -> None:
    """Tick boxes that Word writes as Wingdings symbols or as form check boxes are read from the .docx."""
    rng = random.Random(3)
    record = random_application(rng, NamePool(rng), category="小创造")
    path = tmp_path / "ticks.docx"
    render_application(record, layout, path, rng, style=style)
    assert marker in _document_xml(path)
    _check(extract_file(path).to_json(), record.to_json())


def _document_xml(path: Path) -> str:
    import zipfile

    with zipfile.ZipFile(path) as zf:
        return zf.read("word/document.xml").decode("utf-8")
