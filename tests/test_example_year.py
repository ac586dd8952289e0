"""The demo's example year: every file reads back exactly, and the ineligible ones are caught."""

from __future__ import annotations

from pathlib import Path

import pytest

from jiangxin.examples.year import ExampleYear, write_example_year
from jiangxin.inbox import Consumer
from jiangxin.store import Store
from jiangxin.workspace import Workspace

from .conftest import make_workspace


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
