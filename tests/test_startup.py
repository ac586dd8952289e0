"""Start-up stays light: `jiangxin extract` of a Word file and `jiangxin --help` load no library they do
not need (the store, the web pages, spaCy and jieba, the PDF and Excel readers, rich), checked by what a
fresh interpreter and its reader process have imported, not by timing. Also the two things made lazy
for it: the Chinese catalogue still reaches library modules imported later, and a damaged store is
still reported in Chinese without SQLAlchemy being imported up front."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from jiangxin.examples.applications import random_application, render_application
from jiangxin.examples.people import NamePool

# libraries neither `extract` of a Word file nor `--help` may load, and parts of the project they
# never use; a module-level import of any of them on those paths puts it back into every start-up
HEAVY = frozenset(
    {
        "sqlalchemy", "starlette", "uvicorn", "jinja2", "itsdangerous", "multipart", "argon2",
        "spacy", "jieba", "pdfplumber", "pdfminer", "pypdfium2", "openpyxl", "docxtpl", "matplotlib",
        "networkx", "rapidfuzz", "watchdog", "numpy", "PIL", "rapidocr_onnxruntime", "onnxruntime",
        "jsonschema", "yaml", "rich", "click", "typer.rich_utils",
        "jiangxin.store", "jiangxin.inbox", "jiangxin.web", "jiangxin.review", "reports.render",
        "rules", "reports", "extractors.ocr.rapid",
    }
)  # fmt: skip
# not needed to show the help either: the record types (pydantic) and the Word reader
HELP_HEAVY = HEAVY | {"pydantic", "lxml", "jiangxin.core.records", "extractors.readers", "extractors.kinds"}
# nor to extract: the command-line framework (`jiangxin.entry` runs the plain `extract FILE… --json` without
# it) and pydantic (the extractors make dataclasses; the record types are for the store's side)
EXTRACT_HEAVY = HEAVY | {"typer", "pydantic", "pydantic_core", "jiangxin.cli", "jiangxin.core.records"}
# Runs the command line as `jiangxin ARGS…`, and reports which modules were loaded: by this process,
# and (for extract) by the reader process it forks, whose extract_file is wrapped to write them down.
PROBE = """
import atexit, json, sys
import jiangxin.workers as workers

report = sys.argv[1]
read = workers.extract_file

def extract_and_report(*args, **kwargs):
    from jiangxin.core.patterns import LazyPattern

    result = read(*args, **kwargs)
    with open(report + ".reader", "w", encoding="utf-8") as fh:
        json.dump(sorted(sys.modules), fh)
    patterns = [
        f"{name}.{attr}" + ("" if value._compiled is None else " compiled")
        for name, module in list(sys.modules.items()) if name.startswith("extractors")
        for attr, value in vars(module).items() if isinstance(value, LazyPattern)
    ]
    with open(report + ".patterns", "w", encoding="utf-8") as fh:
        json.dump(patterns, fh)
    return result

workers.extract_file = extract_and_report


def report_main():
    with open(report + ".main", "w", encoding="utf-8") as fh:
        json.dump(sorted(sys.modules), fh)


atexit.register(report_main)  # the plain extract ends with os._exit, after the exit handlers
from jiangxin.entry import main

sys.argv = ["jiangxin", *sys.argv[2:]]
main()
"""


def _heavy_in(modules: list[str], heavy: frozenset[str]) -> list[str]:
    """The names of `heavy` loaded, themselves or a module inside them."""
    return sorted({h for h in heavy for m in modules if m == h or m.startswith(h + ".")})


def _run(tmp_path: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], Path]:
    report = tmp_path / "modules"
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, str(report), *args],
        cwd=tmp_path,  # no workspace around it
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return proc, report


@pytest.fixture
def application(tmp_path: Path) -> Path:
    rng = random.Random(3)
    record = random_application(rng, NamePool(rng))
    path = tmp_path / "申报书.docx"
    render_application(record, "A", path, rng)
    return path


def test_extract_of_a_word_file_loads_no_heavy_library(tmp_path: Path, application: Path) -> None:
    proc, report = _run(tmp_path, "extract", str(application), "--json")
    assert proc.returncode == 0, proc.stderr
    [line] = proc.stdout.splitlines()
    assert json.loads(line)["kind"] == "application"  # the file was really read, by the reader process
    main = json.loads(report.with_suffix(".main").read_text(encoding="utf-8"))
    reader = json.loads(report.with_suffix(".reader").read_text(encoding="utf-8"))
    assert "extractors.kinds.application" in reader and "jiangxin.core.record_data" in main
    assert _heavy_in(main, EXTRACT_HEAVY) == []
    assert _heavy_in(reader, EXTRACT_HEAVY) == []
    # the reader compiled the patterns it used, and not those of the kinds the form is not
    patterns = json.loads(report.with_suffix(".patterns").read_text(encoding="utf-8"))
    assert "extractors.kinds.application_cells._HAN_NAME compiled" in patterns
    assert "extractors.kinds.score_sheet._CRITERION_HEADER" in patterns  # loaded, never compiled


@pytest.mark.parametrize(
    ("args", "plain"),
    [
        (["extract", "a.docx", "--json"], (["a.docx"], True)),
        (["extract", "--json", "a.docx", "b 1.pdf"], (["a.docx", "b 1.pdf"], True)),
        (["extract", "a.docx"], (["a.docx"], False)),
        (["extract"], None),
        (["extract", "--json"], None),
        (["extract", "a.docx", "--json", "--json"], None),
        (["extract", "a.docx", "--help"], None),
        (["extract", "-h"], None),
        (["extract", "a.docx", "--"], None),
        (["extract", "a.docx", "-"], None),
        (["extract", "a.docx", "--jsonl"], None),
        (["extract", ""], None),
        (["list", "a.docx"], None),
        ([], None),
    ],
)
def test_only_the_plain_extract_command_line_bypasses_typer(
    args: list[str], plain: tuple[list[str], bool] | None
) -> None:
    from jiangxin.entry import plain_extract

    got = plain_extract(args)
    assert (None if got is None else ([str(f) for f in got[0]], got[1])) == plain


def test_shell_completion_is_left_to_typer(monkeypatch: pytest.MonkeyPatch) -> None:
    from jiangxin.entry import plain_extract

    monkeypatch.setenv("_JIANGXIN_COMPLETE", "bash_complete")
    assert plain_extract(["extract", "a.docx", "--json"]) is None


# the same command line through typer's command (`jiangxin.cli.main`), for comparison
THROUGH_TYPER = "import sys; from jiangxin.cli import main; sys.argv[0] = 'jiangxin'; main()"


@pytest.mark.parametrize("as_json", [True, False])
def test_the_plain_extract_prints_what_the_typer_command_prints(
    tmp_path: Path, application: Path, as_json: bool
) -> None:
    """Byte for byte, exit code included: a form, a file that is not there, and a file that is no document."""
    (tmp_path / "notes.txt").write_text("随手记的几行字", encoding="utf-8")
    args = [
        "extract",
        str(application),
        str(tmp_path / "缺少.docx"),
        "notes.txt",
        *(["--json"] if as_json else []),
    ]
    run = {
        "plain": [sys.executable, "-m", "jiangxin", *args],
        "typer": [sys.executable, "-c", THROUGH_TYPER, *args],
    }
    got = {
        name: subprocess.run(cmd, cwd=tmp_path, capture_output=True, timeout=120, check=False)
        for name, cmd in run.items()
    }
    assert got["plain"].returncode == got["typer"].returncode == 1  # two files could not be read
    assert got["plain"].stdout == got["typer"].stdout
    assert got["plain"].stderr == got["typer"].stderr == b""
    lines = got["plain"].stdout.decode("utf-8")
    assert '"kind": "application"' in lines and '"not_a_document"' in lines


# the plain extract ends without the interpreter's teardown: exit handlers must still run
WITH_EXIT_HANDLER = """
import atexit, sys
from pathlib import Path
from jiangxin.entry import main

mark = Path(sys.argv[1])
atexit.register(lambda: mark.write_text("ran", encoding="utf-8"))
sys.argv = ["jiangxin", *sys.argv[2:]]
main()
"""


def test_the_plain_extract_runs_the_exit_handlers(tmp_path: Path, application: Path) -> None:
    mark = tmp_path / "handler"
    proc = subprocess.run(
        [sys.executable, "-c", WITH_EXIT_HANDLER, str(mark), "extract", str(application), "--json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["kind"] == "application"
    assert mark.read_text(encoding="utf-8") == "ran"


def test_help_loads_neither_heavy_libraries_nor_the_record_types(tmp_path: Path) -> None:
    proc, report = _run(tmp_path, "--help")
    assert "用法：" in proc.stdout and "extract" in proc.stdout, proc.stderr
    main = json.loads(report.with_suffix(".main").read_text(encoding="utf-8"))
    assert _heavy_in(main, HELP_HEAVY) == []


def test_the_heavy_lists_name_modules_that_exist() -> None:
    """A misspelt name would never be found loaded, so the two tests above would pass for nothing."""
    import importlib.util

    for name in sorted(HELP_HEAVY | EXTRACT_HEAVY):
        assert importlib.util.find_spec(name) is not None, name


CATALOGUE_PROBE = """
import sys
import jiangxin.cli
assert "typer.rich_utils" not in sys.modules and "click.core" not in sys.modules
import click.core
import typer.rich_utils
print(click.core._("Options"), typer.rich_utils.OPTIONS_PANEL_TITLE, typer.rich_utils.COMMANDS_PANEL_TITLE)
"""


def test_the_chinese_catalogue_reaches_modules_imported_after_start_up() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", CATALOGUE_PROBE], capture_output=True, text=True, timeout=60, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["选项", "选项", "命令"]


def _damaged_store(tmp_path: Path) -> None:
    """What a command does when the database under it turns out to be damaged."""
    from sqlalchemy import create_engine, text

    db = tmp_path / "damaged.db"
    db.write_bytes(b"this is not a SQLite database " * 200)
    with create_engine(f"sqlite:///{db}").connect() as conn:
        conn.execute(text("SELECT count(*) FROM documents"))


def test_a_damaged_store_is_reported_in_chinese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import jiangxin.cli as cli
    from jiangxin.store.safety import RESTORE_ADVICE

    monkeypatch.setattr(cli, "app", lambda: _damaged_store(tmp_path))
    with pytest.raises(SystemExit) as exit_info:
        cli.main()
    assert exit_info.value.code == 2
    err = capsys.readouterr().err.replace("\n", "")
    assert "数据库读写出错" in err and "file is not a database" in err
    assert RESTORE_ADVICE in err


def test_other_errors_are_not_taken_for_a_damaged_store(monkeypatch: pytest.MonkeyPatch) -> None:
    import jiangxin.cli as cli

    def broken() -> None:
        raise ValueError("not the database")

    monkeypatch.setattr(cli, "app", broken)
    with pytest.raises(ValueError, match="not the database"):
        cli.main()
