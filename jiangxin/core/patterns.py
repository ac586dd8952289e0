"""Regular expressions compiled on first use, for module-level patterns that many runs never use, and
their compiled form kept between runs.

Python compiles a class such as `[\u4e00-\u9fff]` code point by code point (about a millisecond each), and
every run of `jiangxin extract` starts a fresh reader process: the patterns of the kinds a document is
not, and the command line's rewording of usage errors, are never compiled. The program's own patterns
(`compile_pattern`) are compiled once: what Python's compiler makes of each (the engine's code) is kept in
a file beside the bytecode, where and when Python keeps bytecode (`__pycache__` or `PYTHONPYCACHEPREFIX`,
not under `PYTHONDONTWRITEBYTECODE`), for this Python's regular-expression engine only, and handed to
the engine directly the next time, as `re.compile` itself does after compiling.
"""

from __future__ import annotations

import _sre
import atexit
import contextlib
import marshal
import os
import re
import sys
from collections.abc import Callable, Iterator
from typing import Any

# the arguments `_sre.compile` takes after the pattern: flags, code, groups, groupindex, indexgroup
_Compiled = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]
# patterns kept at most: the program's own are a few hundred
_MAX_KEPT = 1000
_kept: dict[tuple[str, int], _Compiled] | None = None  # read from the file on first use
_added = 0  # compiled by this process, not yet written


def _kept_file() -> str | None:
    """Where the compiled patterns are kept: beside this module's bytecode, named after the engine."""
    from importlib.util import cache_from_source

    try:
        pyc = cache_from_source(__file__)
    except (NotImplementedError, ValueError):
        return None
    tag = f"{sys.implementation.cache_tag}-{_sre.MAGIC}-{_sre.CODESIZE}"
    return os.path.join(os.path.dirname(pyc), f"compiled-patterns.{tag}.marshal")


def _read_kept() -> dict[tuple[str, int], _Compiled]:
    path = _kept_file()
    if path is None:
        return {}
    try:
        with open(path, "rb") as fh:
            found = marshal.loads(fh.read())  # one read: `marshal.load` reads object by object
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    return found if isinstance(found, dict) else {}


def _compile_keeping(pattern: str, flags: int) -> tuple[re.Pattern[str], _Compiled]:
    """`re.compile` without its cache, step by step as `re._compiler.compile` does, keeping the code."""
    from re import _compiler, _parser  # type: ignore[attr-defined]

    parsed = _parser.parse(pattern, flags)
    code = [int(op) for op in _compiler._code(parsed, flags)]  # opcodes are named int subclasses
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    made: _Compiled = (
        flags | parsed.state.flags,
        code,
        parsed.state.groups - 1,
        groupindex,
        tuple(indexgroup),
    )
    return _sre.compile(pattern, *made), made


def compile_pattern(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)` for a pattern of the program's own (from its code or its data files,
    never from a document): compiled from its kept code when an earlier run kept it."""
    global _kept, _added
    flags = int(flags)
    if flags & (re.DEBUG | re.TEMPLATE):
        return re.compile(pattern, flags)
    if _kept is None:
        _kept = _read_kept()
    key = (pattern, flags)
    kept = _kept.get(key)
    if kept is not None:
        try:
            return _sre.compile(pattern, *kept)  # type: ignore[no-any-return]
        except Exception:  # kept by another build of the engine: compiled afresh below
            del _kept[key]
    try:
        compiled, made = _compile_keeping(pattern, flags)
    except re.error:
        raise
    except Exception:  # an engine whose steps differ: compiled the ordinary way, nothing kept
        return re.compile(pattern, flags)
    if len(_kept) < _MAX_KEPT:
        _kept[key] = made
        if _added == 0:
            atexit.register(keep_compiled_patterns)
        _added += 1
    return compiled


def keep_compiled_patterns() -> None:
    """Write the patterns this process compiled to the file the next runs read (with those kept there
    meanwhile by other processes); nothing where or when Python writes no bytecode."""
    global _added
    if not _added or _kept is None or sys.dont_write_bytecode:
        return
    path = _kept_file()
    if path is None:
        return
    _added = 0
    merged = {**_read_kept(), **_kept}
    temporary = f"{path}.{os.getpid()}"
    with contextlib.suppress(OSError, ValueError):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(temporary, "wb") as fh:
            marshal.dump(merged, fh)
        os.replace(temporary, path)
    with contextlib.suppress(OSError):
        os.unlink(temporary)


class LazyPattern:
    """`re.compile(pattern, flags)`, done when the pattern is first used; the same methods."""

    __slots__ = ("_compiled", "flags", "pattern")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self.flags = flags
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = compile_pattern(self.pattern, self.flags)
        return self._compiled

    def search(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled.search(string, pos, endpos)

    def match(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled.match(string, pos, endpos)

    def fullmatch(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        return self.compiled.fullmatch(string, pos, endpos)

    def findall(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> list[Any]:
        return self.compiled.findall(string, pos, endpos)

    def finditer(self, string: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(string, pos, endpos)

    def split(self, string: str, maxsplit: int = 0) -> list[str | Any]:
        return self.compiled.split(string, maxsplit)

    def sub(self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0) -> str:
        return self.compiled.sub(repl, string, count)

    def subn(
        self, repl: str | Callable[[re.Match[str]], str], string: str, count: int = 0
    ) -> tuple[str, int]:
        return self.compiled.subn(repl, string, count)

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r})"
