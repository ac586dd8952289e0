"""The demo's example year: every file reads back exactly, and the ineligible ones are caught."""

from __future__ import annotations

from pathlib import Path

import pytest

from jiangxin.examples.year import ExampleYear, write_example_year
from jiangxin.inbox import Consumer
from jiangxin.store import Store
from jiangxin.workspace import Workspace

from .support.workspace import make_workspace


@pytest.fixture(scope="module")
def year(tmp_path_factory: pytest.TempPathFactory) -> tuple[Workspace, ExampleYear, Store]:
    ws = make_workspace(tmp_path_factory.mktemp("year") / "ws")
    example = write_example_year(ws.inbox, seed=7, year=ws.year)
    store = ws.open_store()
    summary = Consumer(ws, store).run()
    assert summary.counts() == {"stored": len(example.files)}
    return ws, example, store


def test_every_file_reads_back_as_its_truth(year: tuple[Workspace, ExampleYear, Store]) -> None:
    ws, example, store = year
    stored = {r.document.file_name: r.record.to_json() for r in store.records(None, ws.year)}
    truths = {**example.applications, **example.notices}
    for name, record in truths.items():
        got = stored.get(name) or stored.get(Path(name).stem + ".docx")
        assert got == record.to_json(), name
    roster = store.roster(ws.year)
    assert roster is not None and roster.record == example.roster


def test_the_planted_problems_are_found_and_the_rest_pass(year: tuple[Workspace, ExampleYear, Store]) -> None:
    from rules.check import check_applications
    from rules.policy import load_policy

    ws, example, store = year
    verdicts = {Path(v.file).name: v for v in check_applications(ws, store, load_policy(ws.policy_path))}
    assert len(verdicts) == len(example.applications)
    for name in example.applications:
        verdict = verdicts.get(name) or verdicts[Path(name).stem + ".docx"]
        if name in example.ineligible:
            assert verdict.verdict != "通过", (name, example.ineligible[name])
        else:
            assert verdict.verdict == "通过", (name, verdict.reasons)


def test_the_reports_year_written_as_files_reads_back_as_its_records(tmp_path: Path) -> None:
    """The year stored for the report tests is also a year of files: each gives its record, but for the seal
    only a scan can show (its 待补正 applications are written endorsed)."""
    from extractors import extract_file
    from jiangxin.examples.recipes import report_year
    from jiangxin.examples.year import write_files

    ex = report_year(applications=6, lines_per_sheet=6, competitions=1)
    files = write_files(ex, tmp_path, seed=3, truth=True)
    assert [f.name for f in files] == [d.name for d in ex.documents]
    for path, doc in zip(files, ex.documents, strict=True):
        got = extract_file(path)
        assert got.ok, (path.name, got.message)
        want = (
            doc.record.model_copy(update={"seal_present": None})
            if doc.record.kind == "application"
            else doc.record
        )
        assert got.record == want, path.name
        assert (tmp_path / "truth" / f"{path.name}.json").is_file()
    assert sum(d.verdict == "待补正" for d in ex.of_kind("application")) == 2


def test_years_made_for_the_store_have_no_file_form(tmp_path: Path) -> None:
    from jiangxin.examples.recipes import award_notices, eligibility_year
    from jiangxin.examples.year import write_files
    from rules.policy import load_policy

    for ex in (award_notices(1, 2025, n=2), eligibility_year(1, load_policy())):
        with pytest.raises(ValueError, match="stored only"):
            write_files(ex, tmp_path)
    assert not any(tmp_path.iterdir())
