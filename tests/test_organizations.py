"""Several offices in one database: each sees, counts and checks only its own records.

Runs on SQLite (one shared file) and on PostgreSQL (one shared database on the test server).
"""

from __future__ import annotations

import multiprocessing
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

import jiangxin.core.office
from jiangxin.core.records import Application, Person
from jiangxin.examples.year import write_example_year
from jiangxin.inbox import Consumer
from jiangxin.store import ReadOnlyStore, Store
from jiangxin.workspace import Workspace
from rules.check import check_applications
from rules.policy import load_policy
from rules.tally import tally_awards

from .support.databases import fresh_database_url
from .support.workspace import make_workspace
from .test_store import new

OTHER = "国网嘉峪关供电公司"


def office(root: Path, database: str, name: str | None = None, **ingest: object) -> Workspace:
    """A workspace whose jiangxin.toml names `database`, and `name` as its organisation."""
    make_workspace(root, **ingest)
    config = root / "jiangxin.toml"
    text = config.read_text(encoding="utf-8")
    lines = []
    for line in text.splitlines():
        if line.startswith("database ="):
            line = f'database = "{database}"'
        elif name and line.startswith("name ="):
            line = f'name = "{name}"'
        lines.append(line)
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return Workspace.load(root)


def test_the_same_file_in_two_offices_is_two_documents(tmp_path: Path) -> None:
    url = fresh_database_url(tmp_path / "shared.db")
    a = office(tmp_path / "a", url)
    b = office(tmp_path / "b", url, OTHER)
    app = Application(title="一种工具", unit="国网敦煌市供电公司", members=[Person(name="张三")])
    sa, sb = a.open_store(), b.open_store()
    try:
        ida = sa.add_document(new(app, "f" * 64, "application"))
        idb = sb.add_document(new(app, "f" * 64, "application"))  # not a duplicate: another office
        assert ida != idb
        assert [r.document.id for r in sa.records("application", 2025)] == [ida]
        assert [r.document.id for r in sb.records("application", 2025)] == [idb]
        assert sa.counts() == sb.counts() == {"application": 1}
        assert sa.document_by_sha("f" * 64).id == ida  # type: ignore[union-attr]
        # a correction of office a's record is not office b's
        [ra] = sa.records("application", 2025)
        sa.add_correction(ra.id, "title", "一种工具", "一种新工具", reason="核对原件", by="甲")
        assert sa.records("application", 2025)[0].record.title == "一种新工具"
        assert sb.records("application", 2025)[0].record.title == "一种工具"
        assert sb.record(ra.id) is None  # office b cannot even read office a's record
        assert {e.action for e in sb.audit_log()} == {"create"}
        # the province's view reads both, and writes nothing
        province = Store(url, "国网甘肃省电力公司", all_organizations=True)
        assert sorted(r.document.id for r in province.records("application", 2025)) == sorted([ida, idb])
        assert province.organizations() == {a.organization.name: 1, OTHER: 1}
        with pytest.raises(ReadOnlyStore):
            province.audit("check", "application", None)
        province.close()
    finally:
        sa.close()
        sb.close()


def _ingest(root: str, start: Any) -> None:
    ws = Workspace.load(Path(root))
    store = ws.open_store()
    start.wait()
    Consumer(ws, store, workers=1).run()
    store.close()


def _results(ws: Workspace) -> dict[str, Any]:
    """What the office sees of its year: documents by file, the check's verdicts, the tallies."""
    store = ws.open_store()
    try:
        policy = load_policy()
        verdicts = {}
        for v in check_applications(ws, store, policy):
            data = v.to_json()
            # record ids differ from one database to another: the files named beside them do not
            data.pop("superseded_by", None)
            data["reasons"] = [re.sub(r"，?编号 \d+", "", r) for r in data["reasons"]]
            verdicts[v.file] = data
        tally = tally_awards(ws, store, policy)
        return {
            "documents": sorted((r.document.file_name, r.kind, r.document.sha256) for r in store.records()),
            "counts": store.counts(),
            "twice": store.duplicate_documents(),
            "verdicts": verdicts,
            "tally": (
                sorted((r.event, r.tier, r.level, r.scope, r.count) for r in tally.rows),
                sorted((u.unit, u.count) for u in tally.by_unit),
                sorted((p.name, p.unit, p.count) for p in tally.by_person),
                tally.total, tally.other_units_left_out, tally.copies_merged,
            ),
        }  # fmt: skip
    finally:
        store.close()


@pytest.mark.slow
def test_two_offices_ingesting_one_year_at_the_same_moment(tmp_path: Path) -> None:
    """Two offices with their own organisations share one database and ingest the same year's inbox in
    two processes at once: each stores every file exactly once and sees only its own, and its check and
    tallies are those of the same inbox ingested alone into a SQLite file."""
    patch = pytest.MonkeyPatch()
    patch.setattr(jiangxin.core.office, "soffice_path", lambda: None)  # .docx/.xlsx only: quicker
    try:
        ex = write_example_year(tmp_path / "files", seed=11)
    finally:
        patch.undo()
    files = sorted(ex.files)
    shared = fresh_database_url(tmp_path / "shared.db")
    offices = [office(tmp_path / "a", shared, workers=1), office(tmp_path / "b", shared, OTHER, workers=1)]
    alone = [
        office(tmp_path / "a-alone", f"sqlite:///{tmp_path / 'a-alone.db'}", workers=1),
        office(tmp_path / "b-alone", f"sqlite:///{tmp_path / 'b-alone.db'}", OTHER, workers=1),
    ]
    for ws in offices + alone:
        for f in files:
            shutil.copyfile(f, ws.inbox / f.name)

    ctx = multiprocessing.get_context("fork")
    start = ctx.Event()
    procs = [ctx.Process(target=_ingest, args=(str(ws.root), start)) for ws in offices]
    for p in procs:
        p.start()
    start.set()
    for p in procs:
        p.join(timeout=600)
    assert [p.exitcode for p in procs] == [0, 0]
    for ws in alone:
        _ingest(str(ws.root), _Started())

    for ws, reference in zip(offices, alone, strict=True):
        got, expected = _results(ws), _results(reference)
        assert len(got["documents"]) == len(files)  # nothing lost
        assert got["twice"] == 0  # nothing stored twice
        assert not [p for p in ws.inbox.rglob("*") if p.is_file()]
        assert got == expected
    assert _results(offices[0])["verdicts"]  # the year had applications to check
    assert _results(offices[0])["tally"][3] > 0  # and awards to count


class _Started:
    """A start signal already given (for an ingest run in this process)."""

    def wait(self) -> bool:
        return True


def test_the_province_lists_checks_and_tallies_every_office(tmp_path: Path) -> None:
    import json

    from typer.testing import CliRunner

    from jiangxin.cli import app

    url = fresh_database_url(tmp_path / "shared.db")
    a = office(tmp_path / "a", url)
    b = office(tmp_path / "b", url, OTHER)
    app_a = Application(title="一种工具", unit="国网敦煌市供电公司", members=[Person(name="张三")])
    app_b = Application(title="一种夹具", unit="国网瓜州县供电公司", members=[Person(name="李四")])
    for ws, record, sha in ((a, app_a, "1" * 64), (b, app_b, "2" * 64)):
        store = ws.open_store()
        store.add_document(new(record, sha, "application"))
        store.close()
    province = office(tmp_path / "province", url, "国网甘肃省电力公司")
    config = province.root / "jiangxin.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("province = false", "province = true"), encoding="utf-8"
    )
    runner = CliRunner()

    def run(ws: Workspace, *args: str) -> Any:
        result = runner.invoke(app, [*args, "-w", str(ws.root)])
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    listed = run(province, "list", "--all-organizations", "--json")
    assert sorted((r["organization"], r["summary"]) for r in listed) == [
        (OTHER, "一种夹具（国网瓜州县供电公司）"), (a.organization.name, "一种工具（国网敦煌市供电公司）"),
    ]  # fmt: skip
    assert [r["summary"] for r in run(a, "list", "--json")] == ["一种工具（国网敦煌市供电公司）"]
    assert run(province, "list", "--json") == []  # the province's own office stored nothing
    checked = run(province, "check", "--all-organizations", "--no-files", "--json")
    assert sorted(v["title"] for v in checked) == ["一种夹具", "一种工具"]
    assert [v["title"] for v in run(b, "check", "--no-files", "--json")] == ["一种夹具"]
    run(province, "tally", "--all-organizations", "--no-files", "--json")
    # an office's workspace may not look at the others
    refused = runner.invoke(app, ["list", "--all-organizations", "-w", str(a.root)])
    assert refused.exit_code != 0 and "省公司" in refused.output


def test_the_environment_names_the_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ws = make_workspace(tmp_path / "ws")
    monkeypatch.setenv("JIANGXIN_DATABASE", "postgresql://clerk@db.example/jiangxin")
    assert Workspace.load(ws.root).database_url == "postgresql+psycopg://clerk@db.example/jiangxin"
    monkeypatch.setenv("JIANGXIN_DATABASE", "other.db")
    assert Workspace.load(ws.root).database_url == f"sqlite:///{ws.root / 'other.db'}"
    monkeypatch.delenv("JIANGXIN_DATABASE")
    assert Workspace.load(ws.root).database_url == ws.database_url
