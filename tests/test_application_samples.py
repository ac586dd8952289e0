"""The acceptance test: every application form in ../shared/samples gives exactly its truth record,
as Word and as PDF (the samples' own PDF, and each Word sample converted by LibreOffice)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from extractors import extract_file
from jiangxin.core.office import convert_many

from .conftest import SAMPLES, SCHEMA

TEXT_FIELDS = ("summary", "innovations", "adoption")


def _applications() -> list[Path]:
    if not SAMPLES.is_dir():
        return []
    out = []
    for truth in sorted((SAMPLES / "truth").glob("*.json")):
        if json.loads(truth.read_text(encoding="utf-8")).get("kind") == "application":
            out.append(SAMPLES / truth.name[: -len(".json")])
    return out


APPLICATIONS = _applications()


def _truth(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SAMPLES / "truth" / f"{name}.json").read_text(encoding="utf-8"))
    return data


def assert_record(got: dict[str, Any], truth: dict[str, Any]) -> None:
    """Every key exactly, free text with whitespace removed (as the scorer compares it)."""
    assert "error" not in got, got.get("message")
    for key, want in truth.items():
        if key in TEXT_FIELDS and want is not None:
            assert re.sub(r"\s+", "", got[key] or "") == re.sub(r"\s+", "", want), key
        else:
            assert got[key] == want, key


@pytest.fixture(scope="module")
def validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.validators.validator_for(schema)(schema)


@pytest.mark.parametrize("path", APPLICATIONS, ids=lambda p: p.name)
def test_sample_gives_its_truth(path: Path, validator: jsonschema.protocols.Validator) -> None:
    got = extract_file(path).to_json()
    assert_record(got, _truth(path.name))
    assert got.get("warnings") is None
    validator.validate({k: v for k, v in got.items() if k not in ("source", "warnings")})


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each Word sample as a PDF, made in one LibreOffice run."""
    sources = [p for p in APPLICATIONS if p.suffix == ".docx"]
    if not sources:
        pytest.skip("../shared/samples 不存在")
    pdfs = convert_many(sources, "pdf", tmp_path_factory.mktemp("sample-pdf"))
    return {src.name: pdf for src, pdf in zip(sources, pdfs, strict=True)}


@pytest.mark.soffice
@pytest.mark.parametrize("name", [p.name for p in APPLICATIONS if p.suffix == ".docx"])
def test_sample_as_pdf_gives_the_same_record(name: str, converted: dict[str, Path]) -> None:
    got = extract_file(converted[name]).to_json()
    assert_record(got, _truth(name))
