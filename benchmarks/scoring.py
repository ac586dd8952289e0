"""The shared scorer's rules of comparison, for the benchmarks that score records in process: text
normalised (NFKC, no whitespace), prose alike at 0.97, members by name, unit and title, awards and
people as multisets; and the tally of right fields per group of documents."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

TEXT_FIELDS = ("summary", "innovations", "adoption")
APP_FIELDS = (
    "title", "unit", "category", "specialty", "members", "member_units", "member_titles", "completed_on",
    "economic_benefit_wan", "patents", "unit_endorsed", *TEXT_FIELDS,
)  # fmt: skip

Result = tuple[str, bool, str]  # field, right, what was wanted and got


def norm(value: Any) -> str | None:
    if value is None:
        return None
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(value)))


def similar(a: Any, b: Any) -> bool:
    x, y = norm(a) or "", norm(b) or ""
    return x == y or difflib.SequenceMatcher(None, x, y, autojunk=False).ratio() >= 0.97


def application_fields(record: dict[str, Any]) -> dict[str, Any]:
    """The compared values of one application record, as the shared scorer computes them."""
    members = record.get("members") or []
    benefit = record.get("economic_benefit_wan")
    return {
        "title": norm(record.get("title")),
        "unit": norm(record.get("unit")),
        "category": norm(record.get("category")),
        "specialty": norm(record.get("specialty")),
        "members": [norm(m.get("name")) for m in members],
        "member_units": [norm(m.get("unit")) for m in members],
        "member_titles": [norm(m.get("title")) for m in members],
        "completed_on": record.get("completed_on"),
        "economic_benefit_wan": None if benefit is None else round(float(benefit), 2),
        "patents": sorted(norm(p) or "" for p in record.get("patents") or []),
        "unit_endorsed": bool(record.get("unit_endorsed")),
        **{f: norm(record.get(f)) for f in TEXT_FIELDS},
    }


def compare_application(
    truth: dict[str, Any], got: dict[str, Any], fields: Sequence[str] = APP_FIELDS
) -> list[Result]:
    """Each of `fields` of an application, right or not; every one wrong when reading failed."""
    if "error" in got:
        return [(f, False, f"error {got['error']}: {str(got.get('message'))[:120]}") for f in fields]
    want, have = application_fields(truth), application_fields(got)
    return [
        (
            f,
            similar(want[f], have[f]) if f in TEXT_FIELDS else want[f] == have[f],
            f"want {want[f]!r}, got {have[f]!r}",
        )
        for f in fields
    ]


def _award_key(a: dict[str, Any]) -> tuple[Any, ...]:
    names = tuple(norm(n) for n in a.get("names") or [])
    return (norm(a.get("level")), a.get("scope"), names, norm(a.get("unit")), norm(a.get("title")))


def _person_key(p: dict[str, Any]) -> tuple[Any, ...]:
    return (norm(p.get("name")), norm(p.get("employee_id")), norm(p.get("unit")), norm(p.get("status")))


def _multiset(item: str, want: list[Any], got: list[Any]) -> Iterator[Result]:
    w, g = Counter(want), Counter(got)
    hit = sum((w & g).values())
    detail = f"missing {list((w - g).elements())[:3]} extra {list((g - w).elements())[:3]}"
    for i in range(sum(w.values())):
        yield item, i < hit, detail
    for _ in range(sum(g.values()) - hit):
        yield f"{item}(extra)", False, detail


def compare(
    truth: dict[str, Any], got: dict[str, Any], app_fields: Sequence[str] = APP_FIELDS
) -> Iterator[Result]:
    """Any record, its kind first; a truth that is an error class is right only when refused so."""
    if "error" in truth:
        ok = got.get("error") == truth["error"]
        yield "error", ok, f"want error {truth['error']!r}, got {got.get('error') or got.get('kind')!r}"
        return
    yield (
        "kind",
        got.get("kind") == truth["kind"],
        f"want {truth['kind']}, got {got.get('error') or got.get('kind')}",
    )
    if truth["kind"] == "application":
        yield from compare_application(
            truth, got if got.get("kind") == "application" else {"error": "kind"}, app_fields
        )
    elif truth["kind"] == "result_sheet":
        for f in ("event", "date", "tier"):
            ok = similar(truth.get(f), got.get(f)) if f == "event" else truth.get(f) == got.get(f)
            yield f, ok, f"want {truth.get(f)!r}, got {got.get(f)!r}"
        have = [_award_key(a) for a in got.get("awards") or []]
        yield from _multiset("award", [_award_key(a) for a in truth.get("awards", [])], have)
    elif truth["kind"] == "roster":
        have = [_person_key(p) for p in got.get("people") or []]
        yield from _multiset("person", [_person_key(p) for p in truth.get("people", [])], have)


@dataclass
class Tally:
    """Documents, documents exactly right, fields right and fields compared, per group and per field."""

    groups: dict[Any, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0, 0, 0]))
    right: Counter[str] = field(default_factory=Counter)
    total: Counter[str] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)

    def add(self, group: Any, name: str, results: Iterable[Result]) -> list[Result]:
        results = list(results)
        counts = self.groups[group]
        counts[0] += 1
        counts[1] += all(ok for _, ok, _ in results)
        for f, ok, detail in results:
            counts[2] += ok
            counts[3] += 1
            self.right[f] += ok
            self.total[f] += 1
            if not ok:
                self.misses.append(f"{name}: {f}: {detail}"[:400])
        return results

    def sums(self, where: Any = None) -> tuple[int, int, int, int]:
        """Documents, exactly right, fields right, fields compared (of the groups `where` accepts)."""
        rows = [v for k, v in self.groups.items() if where is None or where(k)]
        return (
            sum(r[0] for r in rows),
            sum(r[1] for r in rows),
            sum(r[2] for r in rows),
            sum(r[3] for r in rows),
        )


def print_misses(misses: Sequence[str], show: int) -> None:
    """The first `show` mismatches, and how many more there are."""
    if misses:
        print("\nmismatches:")
        for line in misses[:show]:
            print("  " + line)
        if len(misses) > show:
            print(f"  … {len(misses) - show} more")
