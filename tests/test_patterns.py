"""A pattern compiled on first use behaves as `re.compile` of the same pattern, and costs nothing before;
a pattern compiled from the code an earlier run kept is the one `re.compile` makes."""

from __future__ import annotations

import marshal
import os
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest

from jiangxin.core import patterns
from jiangxin.core.patterns import LazyPattern
from jiangxin.examples.applications import random_application, render_application
from jiangxin.examples.people import NamePool

TEXT = "一、成果名称：智能巡检机器人\n二、完成人：张三、李四；王五\n三、完成时间：2024年5月"
PATTERN = r"([一二三四五六七八九十])、([\u4e00-\u9fff]{2,6})："


def test_nothing_is_compiled_until_the_pattern_is_used() -> None:
    lazy = LazyPattern(PATTERN, re.MULTILINE)
    assert lazy._compiled is None
    assert lazy.pattern == PATTERN and lazy.flags == re.MULTILINE  # read without compiling
    assert lazy._compiled is None
    lazy.search(TEXT)
    assert lazy.compiled is lazy._compiled and lazy.compiled.pattern == PATTERN


def test_every_method_gives_what_the_compiled_pattern_gives() -> None:
    lazy, real = LazyPattern(PATTERN), re.compile(PATTERN)

    def same(a: re.Match[str] | None, b: re.Match[str] | None) -> bool:
        return (a and (a.span(), a.groups())) == (b and (b.span(), b.groups()))

    assert same(lazy.search(TEXT, 3), real.search(TEXT, 3))
    assert same(lazy.match(TEXT), real.match(TEXT)) and lazy.match(TEXT, 1) is None
    assert same(lazy.fullmatch("一、成果名称："), real.fullmatch("一、成果名称："))
    assert (
        lazy.findall(TEXT) == real.findall(TEXT) == [("一", "成果名称"), ("二", "完成人"), ("三", "完成时间")]
    )
    assert [m.span() for m in lazy.finditer(TEXT)] == [m.span() for m in real.finditer(TEXT)]
    assert lazy.split(TEXT, 1) == real.split(TEXT, 1)
    assert lazy.sub(r"\2=", TEXT) == real.sub(r"\2=", TEXT)
    assert lazy.sub(lambda m: m.group(2), TEXT, 1) == real.sub(lambda m: m.group(2), TEXT, 1)
    assert lazy.subn("", TEXT) == real.subn("", TEXT)


# named groups, inline and given flags, classes of Chinese characters, case folding, look-behind
TRICKY = [
    (PATTERN, 0),
    (r"(?P<y>\d{4})\s*年\s*(?:(?P<m>\d{1,2})\s*月)?", 0),
    (r"(?i)zl[\s\d.·x]{9,24}", 0),
    (r"ZL[\s\d.·Xx]{9,24}|(?<![\dA-Za-z])\d{4}\s*[.·]\s*[0-9Xx]", re.IGNORECASE),
    (r"^[\u3400-\u9fff\uf900-\ufaff]{2,4}$|^请(?:填写|输入)", re.MULTILINE),
    (r"[^\s\u3000☑■√✓✔☒⊠▣●□☐○◻]+", 0),
]


def _engine_arguments(pattern: str, flags: int) -> tuple[object, ...]:
    """What `re.compile` hands the engine for `pattern` (caught on its way to `_sre.compile`)."""
    import _sre
    from re import _compiler  # type: ignore[attr-defined]

    seen: list[tuple[object, ...]] = []

    class Spy:
        def __getattr__(self, name: str) -> object:
            return getattr(_sre, name)

        @staticmethod
        def compile(*args: object) -> object:
            seen.append(args)
            return _sre.compile(*args)

    real = _compiler._sre
    _compiler._sre = Spy()
    try:
        _compiler.compile(pattern, flags)
    finally:
        _compiler._sre = real
    [args] = seen
    return args


def test_the_kept_code_is_what_re_compile_makes() -> None:
    from jiangxin.core.patterns import _compile_keeping

    for pattern, flags in TRICKY:
        compiled, made = _compile_keeping(pattern, flags)
        assert (pattern, *made) == _engine_arguments(pattern, flags)
        real = re.compile(pattern, flags)
        assert (compiled.flags, compiled.groups, compiled.groupindex) == (
            real.flags,
            real.groups,
            real.groupindex,
        )
        assert [m.span() for m in compiled.finditer(TEXT)] == [m.span() for m in real.finditer(TEXT)]


@pytest.fixture
def kept_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Bytecode (and so the kept patterns) under `tmp_path`, written; nothing kept yet in this process."""
    monkeypatch.setattr(sys, "pycache_prefix", str(tmp_path))
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    monkeypatch.setattr(patterns, "_kept", None)
    monkeypatch.setattr(patterns, "_added", 0)
    return tmp_path


def test_a_pattern_compiled_once_is_read_back_the_next_time(
    kept_in: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for pattern, flags in TRICKY:
        patterns.compile_pattern(pattern, flags)
    patterns.keep_compiled_patterns()
    [kept] = list(kept_in.rglob("compiled-patterns.*.marshal"))
    monkeypatch.setattr(patterns, "_kept", None)  # as in the next run

    def not_again(pattern: str, flags: int) -> None:
        raise AssertionError(f"compiled again: {pattern}")

    monkeypatch.setattr(patterns, "_compile_keeping", not_again)
    for pattern, flags in TRICKY:
        again, real = patterns.compile_pattern(pattern, flags), re.compile(pattern, flags)
        assert (again.pattern, again.flags, again.groupindex) == (real.pattern, real.flags, real.groupindex)
        assert [m.groups() for m in again.finditer(TEXT)] == [m.groups() for m in real.finditer(TEXT)]
    assert kept.stat().st_size > 0


def test_a_damaged_or_foreign_file_is_compiled_around(kept_in: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    patterns.compile_pattern(PATTERN)
    patterns.keep_compiled_patterns()
    [kept] = list(kept_in.rglob("compiled-patterns.*.marshal"))
    # code another engine would take: refused by this one's check of the code, compiled afresh
    flags, code, *rest = marshal.loads(kept.read_bytes())[(PATTERN, 0)]
    kept.write_bytes(marshal.dumps({(PATTERN, 0): (flags, [9999, *code], *rest)}))
    monkeypatch.setattr(patterns, "_kept", None)
    assert patterns.compile_pattern(PATTERN).findall(TEXT) == re.findall(PATTERN, TEXT)
    kept.write_bytes(b"not a marshal file")
    monkeypatch.setattr(patterns, "_kept", None)
    assert patterns.compile_pattern(PATTERN).findall(TEXT) == re.findall(PATTERN, TEXT)
    with pytest.raises(re.error):
        patterns.compile_pattern("[unclosed")


def test_nothing_is_written_where_python_writes_no_bytecode(
    kept_in: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    patterns.compile_pattern(PATTERN)
    patterns.keep_compiled_patterns()
    assert list(kept_in.rglob("compiled-patterns.*")) == []


def test_reading_a_form_keeps_the_same_patterns_whatever_the_hash_seed(tmp_path: Path) -> None:
    """A pattern made from a set would change with the seed, and the file would grow at every run."""
    rng = random.Random(5)
    form = tmp_path / "申报书.docx"
    render_application(random_application(rng, NamePool(rng)), "A", form, rng)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(tmp_path / "cache")
    kept: list[set[tuple[str, int]]] = []
    for seed in ("1", "2"):
        proc = subprocess.run(
            [sys.executable, "-m", "jiangxin", "extract", str(form), "--json"],
            cwd=tmp_path,
            env={**env, "PYTHONHASHSEED": seed},
            capture_output=True,
            timeout=120,
            check=False,
        )
        assert proc.returncode == 0, proc.stderr
        [path] = list((tmp_path / "cache").rglob("compiled-patterns.*.marshal"))
        kept.append(set(marshal.loads(path.read_bytes())))
    assert kept[0] == kept[1] and len(kept[0]) > 20
