"""Every fact the annual summary and the news article state, gathered in one pass.

This is the only module that asks the rules (eligibility check, award tally, incentive points) and
reads the workspace's registry; the two documents only phrase what `YearFacts` holds. Each number
is a `Count` that carries the documents it was counted from, for the appendix 数据来源.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, fields, is_dataclass

from jiangxin.core.labels import kind_label
from jiangxin.store import Store, StoredRecord
from jiangxin.workspace import Workspace
from rules.awards import SCOPE_LABELS, UNTIERED, AwardItem, level_rank, tier_rank
from rules.check import check_applications
from rules.points import compute_points
from rules.policy import TIERS, Policy
from rules.tally import tally_awards
from rules.units import unit_label
from rules.verdicts import FAIL, FIX, PASS, RULE_LABELS

from .platforms import Registry, find_registry, read_registry
from .provenance import Count, Keyed, Source, Tally, merged

REVIEW_TIER = "公司级"  # the review meeting's confirmed results are stored as 公司级 achievement awards
COMPETITION_SCOPES = ("individual", "team")
TIER_ORDER: tuple[str, ...] = (*TIERS, UNTIERED)


# --- platforms ----------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class PlatformRow:
    name: str
    kind: str
    level: str
    unit: str
    leader: str
    founded: int | None


@dataclass(frozen=True, slots=True)
class PlatformFacts:
    registry: str | None  # the file read, None when the workspace has none
    rows: tuple[PlatformRow, ...]
    total: Count
    by_kind: tuple[Keyed, ...]  # 创新工作室, 创新小组, …
    new_this_year: Count


# --- applications and eligibility -------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class UnitApplications:
    unit: str
    received: Count
    passed: Count
    pending: Count
    failed: Count


@dataclass(frozen=True, slots=True)
class ApplicationFacts:
    received: Count
    units: Count
    passed: Count
    pending: Count
    failed: Count
    by_unit: tuple[UnitApplications, ...]
    reasons: tuple[Keyed, ...]  # rule → applications it stopped or sent back


# --- the review meeting -----------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ReviewAward:
    level: str
    title: str
    unit: str
    names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ReviewFacts:
    events: tuple[str, ...]
    date: str | None
    total: Count
    by_level: tuple[Keyed, ...]  # best first
    rows: tuple[ReviewAward, ...]


# --- awards -----------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class TierRow:
    tier: str
    achievement: Count
    individual: Count
    team: Count
    organization: Count
    total: Count


@dataclass(frozen=True, slots=True)
class EventRow:
    event: str
    organizer: str
    tier: str
    date: str | None
    total: Count
    by_level: tuple[Keyed, ...]  # (scope word +) level, best first
    scopes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AwardFacts:
    total: Count
    external: Count  # everything but the company's own (公司级) awards
    people: Count  # distinct people among the award holders
    external_people: Count  # distinct people among the holders of external (上级) awards
    by_tier: tuple[TierRow, ...]
    tier_total: TierRow
    by_event: tuple[EventRow, ...]
    by_unit: tuple[Keyed, ...]  # most first
    untiered: Count


# --- competitions -----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class CompetitionRow:
    event: str
    tier: str
    individual: Count
    team: Count
    organization: Count
    best: str  # the best result of ours, e.g. 个人一等奖
    winners: tuple[str, ...]  # people holding that best result, as written


@dataclass(frozen=True, slots=True)
class CompetitionFacts:
    events: Count
    individual: Count
    team: Count
    organization: Count
    rows: tuple[CompetitionRow, ...]


# --- incentive points -------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class UnitPoints:
    unit: str
    awards: Count
    points: Count


@dataclass(frozen=True, slots=True)
class PointsFacts:
    policy: str
    total: Count
    people: Count  # people with points above zero
    unit_count: Count
    units: tuple[UnitPoints, ...]
    awards: Count


@dataclass(frozen=True, slots=True)
class YearFacts:
    year: int
    organization: str
    platforms: PlatformFacts
    applications: ApplicationFacts
    review: ReviewFacts
    awards: AwardFacts
    competitions: CompetitionFacts
    points: PointsFacts

    def counts(self) -> list[Count]:
        """Every count, in the order the fields are declared (the documents' order)."""
        return list(_walk(self))

    def sources(self) -> list[Source]:
        """Every source document behind any count, numbered in order of first use."""
        seen: dict[Source, None] = {}
        for count in self.counts():
            for source in count.sources:
                seen.setdefault(source, None)
        return list(seen)


def _walk(value: object) -> Iterator[Count]:
    if isinstance(value, Count):
        yield value
    elif is_dataclass(value) and not isinstance(value, type):
        for f in fields(value):
            yield from _walk(getattr(value, f.name))
    elif isinstance(value, tuple | list):
        for item in value:
            yield from _walk(item)


# --- gathering --------------------------------------------------------------------------------------
class _Sources:
    """One `Source` object per stored document (thousands of counts share them)."""

    def __init__(self) -> None:
        self._docs: dict[int, Source] = {}

    def document(self, document_id: int, file_name: str, kind: str) -> Source:
        found = self._docs.get(document_id)
        if found is None:
            found = self._docs[document_id] = Source.document(document_id, file_name, kind_label(kind))
        return found

    def of_award(self, item: AwardItem) -> tuple[Source, ...]:
        return tuple(self.document(s.document_id, s.file_name, "result_sheet") for s in item.sources)


def gather_facts(ws: Workspace, store: Store, policy: Policy) -> YearFacts:
    """The year's facts from the store, the rules and the workspace's registry."""
    sources = _Sources()
    tally = tally_awards(ws, store, policy)
    items = tally.awards
    return YearFacts(
        year=ws.year,
        organization=ws.organization.name,
        platforms=_platforms(ws),
        applications=_applications(ws, store, policy, sources),
        review=_review(items, sources),
        awards=_awards(items, sources),
        competitions=_competitions(items, sources),
        points=_points(ws, store, policy, items, sources),
    )


def _platforms(ws: Workspace) -> PlatformFacts:
    path = find_registry(ws.root)
    registry = read_registry(path) if path else Registry(file="", platforms=())
    source = Source.workspace_file(registry.file, "工作区登记文件") if path else None
    kinds = Tally()
    new = Tally()
    for p in registry.platforms:
        kinds.add(p.kind, source)
        if p.founded == ws.year:
            new.add("new", source)
    rows = tuple(
        PlatformRow(p.name, p.kind, p.level, p.unit, p.leader, p.founded) for p in registry.platforms
    )
    by_kind = tuple(Keyed(k, kinds.count(k, f"{k}数量")) for k in _kind_order(kinds.labels()))
    return PlatformFacts(
        registry=registry.file if path else None,
        rows=rows,
        total=merged("创新平台总数", [k.count for k in by_kind]),
        by_kind=by_kind,
        new_this_year=new.count("new", f"{ws.year}年新命名创新平台"),
    )


def _kind_order(kinds: list[str]) -> list[str]:
    preferred = ["创新工作室", "劳模创新工作室", "创新小组"]
    return sorted(kinds, key=lambda k: (preferred.index(k) if k in preferred else len(preferred), k))


def _applications(ws: Workspace, store: Store, policy: Policy, sources: _Sources) -> ApplicationFacts:
    stored: dict[int, StoredRecord] = {r.id: r for r in store.records("application", ws.year)}
    verdicts = check_applications(ws, store, policy)
    status = Tally()
    units: dict[str, dict[str, Tally]] = {}
    reasons = Tally()
    for v in verdicts:
        record = stored.get(v.record_id)
        source = (
            sources.document(record.document.id, record.document.file_name, "application") if record else None
        )
        unit = unit_label(ws.organization, v.unit)
        per = units.setdefault(unit, {"all": Tally(), "status": Tally()})
        per["all"].add("received", source)
        per["status"].add(v.verdict, source)
        status.add("received", source)
        status.add(v.verdict, source)
        for name, result in v.rules.items():
            if result.status != PASS:
                reasons.add(RULE_LABELS.get(name, name), source)
    by_unit = tuple(
        UnitApplications(
            unit=unit,
            received=t["all"].count("received", f"{unit}申报成果数"),
            passed=t["status"].count(PASS, f"{unit}形式审查通过数"),
            pending=t["status"].count(FIX, f"{unit}形式审查待补正数"),
            failed=t["status"].count(FAIL, f"{unit}形式审查不通过数"),
        )
        for unit, t in sorted(units.items(), key=lambda kv: (-kv[1]["all"].count("received").value, kv[0]))
    )
    order = {label: i for i, label in enumerate(RULE_LABELS.values())}
    reason_counts = sorted(
        (Keyed(k, reasons.count(k, f"因“{k}”未通过或需补正的申报书数")) for k in reasons.labels()),
        key=lambda kc: (-kc.count.value, order.get(kc.key, len(order))),
    )
    received = status.count("received", "申报成果数")
    return ApplicationFacts(
        received=received,
        units=Count("申报单位数", len(by_unit), received.sources),
        passed=status.count(PASS, "形式审查通过"),
        pending=status.count(FIX, "形式审查待补正"),
        failed=status.count(FAIL, "形式审查不通过"),
        by_unit=by_unit,
        reasons=tuple(reason_counts),
    )


def _is_review(item: AwardItem) -> bool:
    return item.tier == REVIEW_TIER and item.scope == "achievement"


def _review(items: list[AwardItem], sources: _Sources) -> ReviewFacts:
    chosen = sorted((i for i in items if _is_review(i)), key=lambda i: (level_rank(i.level), i.level))
    levels = Tally()
    for item in chosen:
        _add(levels, item.level, item, sources)
    ordered = sorted(levels.labels(), key=lambda lv: (level_rank(lv), lv))
    by_level = tuple(Keyed(lv, levels.count(lv, f"评审会评为{lv}的成果数")) for lv in ordered)
    events = tuple(dict.fromkeys(i.event for i in chosen))
    dates = sorted(i.date for i in chosen if i.date)
    return ReviewFacts(
        events=events,
        date=dates[-1] if dates else None,
        total=merged("评审会获奖成果", [k.count for k in by_level]),
        by_level=by_level,
        rows=tuple(ReviewAward(i.level, i.title or "", i.unit_label, tuple(i.names)) for i in chosen),
    )


def _add(t: Tally, key: str, item: AwardItem, sources: _Sources) -> None:
    """Count `item` once under `key`, remembering every document it appears in."""
    srcs = sources.of_award(item)
    t.add(key, srcs[0] if srcs else None)
    for s in srcs[1:]:
        t.add(key, s, 0)


def _awards(items: list[AwardItem], sources: _Sources) -> AwardFacts:
    tiers = Tally()
    events: dict[str, list[AwardItem]] = {}
    units = Tally()
    people: dict[tuple[str, str], set[Source]] = {}
    external_people: dict[tuple[str, str], set[Source]] = {}
    external = Tally()
    for item in items:
        _add(tiers, f"{item.tier_label}|{item.scope}", item, sources)
        _add(tiers, f"{item.tier_label}|all", item, sources)
        _add(tiers, f"all|{item.scope}", item, sources)
        _add(tiers, "all|all", item, sources)
        _add(units, item.unit_label, item, sources)
        if item.tier != REVIEW_TIER:
            _add(external, "external", item, sources)
        events.setdefault(item.event, []).append(item)
        if item.scope != "organization":
            for name in item.names:
                people.setdefault((name, item.unit_of(name)), set()).update(sources.of_award(item))
                if item.tier != REVIEW_TIER:
                    external_people.setdefault((name, item.unit_of(name)), set()).update(
                        sources.of_award(item)
                    )
    present = [t for t in TIER_ORDER if tiers.count(f"{t}|all").value]

    def row(tier: str, label: str) -> TierRow:
        def c(scope: str, word: str) -> Count:
            return tiers.count(
                f"{tier}|{scope}", (f"{label}获奖合计" if scope == "all" else f"{label}{word}奖项数")
            )

        return TierRow(
            tier=label,
            achievement=c("achievement", "成果"),
            individual=c("individual", "个人"),
            team=c("team", "团体"),
            organization=c("organization", "集体"),
            total=c("all", "合计"),
        )

    people_sources = set().union(*people.values()) if people else set()
    by_unit = sorted(
        (Keyed(u, units.count(u, f"{u}获奖项数")) for u in units.labels()),
        key=lambda k: (-k.count.value, k.key),
    )
    return AwardFacts(
        total=tiers.count("all|all", "获奖总数"),
        external=external.count("external", "上级奖项数（不含公司级）"),
        people=Count("获奖职工人数", len(people), tuple(sorted(people_sources))),
        external_people=Count(
            "获上级奖项的职工人数",
            len(external_people),
            tuple(sorted(set().union(*external_people.values()))) if external_people else (),
        ),
        by_tier=tuple(row(t, t) for t in present),
        tier_total=row("all", "合计"),
        by_event=tuple(_event_row(event, group, sources) for event, group in _events_in_order(events)),
        by_unit=tuple(by_unit),
        untiered=tiers.count(f"{UNTIERED}|all", "未能确定级别的奖项"),
    )


def _events_in_order(events: dict[str, list[AwardItem]]) -> list[tuple[str, list[AwardItem]]]:
    """Highest tier first, then by date, then by name."""
    return sorted(events.items(), key=lambda kv: (tier_rank(kv[1][0].tier), kv[1][0].date or "", kv[0]))


def level_label(item: AwardItem) -> str:
    """个人一等奖, 团体二等奖, 优秀组织奖, 一等奖 (achievements): the level as a result list names it."""
    if item.scope in COMPETITION_SCOPES:
        word = SCOPE_LABELS[item.scope]
        return item.level if item.level.startswith(word) else word + item.level
    return item.level


def _level_key(label: str) -> tuple[int, int, str]:
    scope = 0 if label.startswith("个人") else 1 if label.startswith("团体") else 2
    return (scope, level_rank(label), label)


def _event_row(event: str, group: list[AwardItem], sources: _Sources) -> EventRow:
    levels = Tally()
    total = Tally()
    for item in group:
        _add(levels, level_label(item), item, sources)
        _add(total, "all", item, sources)
    ordered = sorted(levels.labels(), key=_level_key)
    head = group[0]
    return EventRow(
        event=event,
        organizer=head.organizer or "",
        tier=head.tier_label,
        date=head.date,
        total=total.count("all", f"“{event}”获奖项数"),
        by_level=tuple(Keyed(lv, levels.count(lv, f"“{event}”{lv}项数")) for lv in ordered),
        scopes=tuple(dict.fromkeys(i.scope for i in group)),
    )


def _competitions(items: list[AwardItem], sources: _Sources) -> CompetitionFacts:
    events: dict[str, list[AwardItem]] = {}
    for item in items:
        events.setdefault(item.event, []).append(item)
    contests = [(e, g) for e, g in _events_in_order(events) if any(i.scope in COMPETITION_SCOPES for i in g)]
    totals = Tally()
    event_sources: set[Source] = set()
    rows = []
    for event, group in contests:
        t = Tally()
        for item in group:
            _add(t, item.scope, item, sources)
            _add(totals, item.scope, item, sources)
            event_sources.update(sources.of_award(item))
        ranked = [i for i in group if i.scope in COMPETITION_SCOPES]
        best = min(ranked, key=lambda i: (level_rank(i.level), i.rank or 99, _level_key(level_label(i))))
        best_label = level_label(best)
        winners = tuple(
            dict.fromkeys(
                n for i in ranked if level_label(i) == best_label for n in i.names if i.scope == "individual"
            )
        )
        rows.append(
            CompetitionRow(
                event=event,
                tier=group[0].tier_label,
                individual=t.count("individual", f"“{event}”个人奖项数"),
                team=t.count("team", f"“{event}”团体奖项数"),
                organization=t.count("organization", f"“{event}”优秀组织奖数"),
                best=best_label,
                winners=winners,
            )
        )
    return CompetitionFacts(
        events=Count("获奖的技能竞赛项数", len(rows), tuple(sorted(event_sources))),
        individual=totals.count("individual", "竞赛个人奖项"),
        team=totals.count("team", "竞赛团体奖项"),
        organization=totals.count("organization", "竞赛优秀组织奖"),
        rows=tuple(rows),
    )


def _points(
    ws: Workspace, store: Store, policy: Policy, items: list[AwardItem], sources: _Sources
) -> PointsFacts:
    points = compute_points(ws, store, policy)
    award_counts = Tally()
    for item in items:
        _add(award_counts, item.unit_label, item, sources)
    rows = []
    for holder in points.units:
        holder_sources = {s for line in holder.lines for s in sources.of_award(line.award)}
        rows.append(
            UnitPoints(
                unit=holder.name,
                awards=award_counts.count(holder.name, f"{holder.name}计分奖项数"),
                points=Count(f"{holder.name}创新积分", _number(holder.points), tuple(sorted(holder_sources))),
            )
        )
    scored = [p for p in points.people if p.points > 0]
    people_sources = {s for p in scored for line in p.lines for s in sources.of_award(line.award)}
    return PointsFacts(
        policy=policy.title,
        total=merged("创新积分合计", [r.points for r in rows]),
        people=Count("获得积分的职工人数", len(scored), tuple(sorted(people_sources))),
        unit_count=Count(
            "获得积分的单位数", len(rows), tuple(sorted({s for r in rows for s in r.points.sources}))
        ),
        units=tuple(rows),
        awards=merged("计分奖项合计", [r.awards for r in rows]),
    )


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else round(value, 2)
