"""The shared samples: every result sheet and the roster give exactly their truth JSON, and the Word
notices give it again as text PDF."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from extractors import extract_file
from jiangxin.core.office import convert_many, soffice_path

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples"


def _truths(*kinds: str) -> list[str]:
    if not SAMPLES.is_dir():
        return []
    names = []
    for truth in sorted((SAMPLES / "truth").glob("*.json")):
        if json.loads(truth.read_text("utf-8")).get("kind") in kinds:
            names.append(truth.name[: -len(".json")])
    return names


def _record(path: Path) -> dict[str, object]:
    out = extract_file(path).to_json()
    out.pop("source")
    assert out.pop("kind_reasons"), "the kind is explained"
    return out


def _want(name: str) -> dict[str, object]:
    return json.loads((SAMPLES / "truth" / f"{name}.json").read_text("utf-8"))  # type: ignore[no-any-return]


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="../shared/samples 不存在")
@pytest.mark.parametrize("name", _truths("result_sheet", "roster"))
def test_sample_gives_its_truth_exactly(name: str) -> None:
    got = _record(SAMPLES / name)
    assert "warnings" not in got, got.get("warnings")
    assert got == _want(name)


@pytest.fixture(scope="session")
def sample_pdfs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Word notices of the samples converted to PDF in one LibreOffice run."""
    if not SAMPLES.is_dir():
        pytest.skip("../shared/samples 不存在")
    if soffice_path() is None:
        pytest.skip("LibreOffice (soffice) 未安装")
    folder = tmp_path_factory.mktemp("sample-pdf")
    docx = [n for n in _truths("result_sheet") if n.endswith(".docx")]
    sources = []
    for name in docx:
        shutil.copy(SAMPLES / name, folder / name)
        sources.append(folder / name)
    convert_many(sources, "pdf", folder)
    return folder


@pytest.mark.soffice
@pytest.mark.parametrize("name", [n for n in _truths("result_sheet") if n.endswith(".docx")])
def test_sample_notice_as_pdf_gives_the_same_record(sample_pdfs: Path, name: str) -> None:
    got = _record(sample_pdfs / (Path(name).stem + ".pdf"))
    assert got == _want(name)
