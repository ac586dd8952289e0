"""Golden tests on the project's own notices: every variant in xlsx, docx and PDF, each document
written beside the JSON it must give (`truth/<file>.json`), read back and compared exactly."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from extractors import extract_file
from jiangxin.core.office import soffice_path
from jiangxin.examples.notices import VARIANTS, write_corpus
from jiangxin.examples.people import OTHER_COMPANIES, OUR_ORG

PER_VARIANT = 2
XLSX = [v for v in VARIANTS if v.startswith("xlsx")]
DOCX = [v for v in VARIANTS if v.startswith("docx")]
CASES = [
    pytest.param(
        fmt, variant, k, id=f"{fmt}-{variant}-{k}", marks=[pytest.mark.soffice] if fmt == "pdf" else []
    )
    for fmt, variants in (("xlsx", XLSX), ("docx", DOCX), ("pdf", DOCX))
    for variant in variants
    for k in range(PER_VARIANT)
]


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str, int], Path]:
    """One corpus per session: PER_VARIANT documents of each variant and format (PDFs in one batch)."""
    formats = ("xlsx", "docx", "pdf") if soffice_path() else ("xlsx", "docx")
    folder = tmp_path_factory.mktemp("notices")
    # write_corpus cycles formats, then each format's variants: equal variant counts give every
    # (format, variant) the same number of documents
    assert len(XLSX) == len(DOCX)
    count = PER_VARIANT * len(XLSX) * len(formats)
    made = write_corpus(folder, count, seed=20250, formats=formats)
    seen: dict[tuple[str, str], int] = {}
    out: dict[tuple[str, str, int], Path] = {}
    for path, _ in made:
        variant = re.sub(r"^\d+-", "", path.stem)
        fmt = path.suffix[1:]
        k = seen.get((fmt, variant), 0)
        seen[(fmt, variant)] = k + 1
        out[(fmt, variant, k)] = path
    return out


@pytest.mark.parametrize(("fmt", "variant", "k"), CASES)
def test_document_gives_its_golden_record(
    corpus: dict[tuple[str, str, int], Path], fmt: str, variant: str, k: int
) -> None:
    path = corpus[(fmt, variant, k)]
    want = json.loads((path.parent / "truth" / f"{path.name}.json").read_text("utf-8"))
    got = extract_file(path).to_json()
    got.pop("source")
    assert got.pop("kind_reasons"), "the kind is explained"
    assert "warnings" not in got, got.get("warnings")
    assert got == want


def test_corpus_covers_what_the_issue_lists(corpus: dict[tuple[str, str, int], Path]) -> None:
    """The golden records themselves hold every kind of award the extractor must read."""
    records = [
        json.loads((p.parent / "truth" / f"{p.name}.json").read_text("utf-8")) for p in corpus.values()
    ]
    awards = [a for r in records for a in r["awards"]]
    # a tier only where the notice states it in words, and notices that state none
    assert {r["tier"] for r in records} > {None}
    scopes = {a["scope"] for a in awards}
    assert scopes == {"individual", "team", "organization", "achievement"}
    levels = {a["level"] for a in awards}
    assert {"一等奖", "二等奖", "三等奖", "优秀组织奖"} <= levels
    assert any(re.fullmatch(r"第\d+名", lv) for lv in levels)  # rank only
    assert levels & {"优秀成果", "入驻", "重点孵化", "立项", "参展", "推选"}  # outcomes that are not prizes
    assert any("rank" in a and not a["level"].startswith("第") for a in awards)  # rank and grade
    assert any(a.get("honours") for a in awards)
    units = {a["unit"] for a in awards}
    assert OUR_ORG in units or any(u and u.startswith(OUR_ORG) for u in units)
    assert units & set(OTHER_COMPANIES)  # other companies' winners are awards too
