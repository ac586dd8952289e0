"""Reviewer assignment: conflicts are never broken, load is even, shortfalls are explained, and the
result is the same for the same input."""

from __future__ import annotations

import itertools
import random
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from jiangxin.core.organization import Organization
from jiangxin.core.records import Application, Person
from jiangxin.examples.people import OTHER_COMPANIES, OUR_SUB_UNITS, full_unit
from jiangxin.review.assign import assign
from jiangxin.review.conflicts import ConflictType, find_conflicts
from jiangxin.review.declarations import Declaration
from jiangxin.review.items import Item, Reviewer

ORG = Organization(
    name="国网酒泉供电公司",
    aliases=("酒泉供电公司", "国网甘肃省电力公司酒泉供电公司", "酒泉公司"),
    sub_units=tuple(OUR_SUB_UNITS),
)
NAMES = ["张伟", "李娜", "王芳", "刘洋", "陈静", "杨勇", "赵磊", "黄敏", "周杰", "吴霞"]
# the same unit written the ways forms write it
UNIT_SPELLINGS = {
    "变电运维中心": ["国网酒泉供电公司变电运维中心", "酒泉供电公司变电运维中心", "变电运维中心"],
    "瓜州县供电公司": ["国网瓜州县供电公司", "瓜州县供电公司", "国网酒泉供电公司瓜州县供电公司"],
    "": ["国网酒泉供电公司", "酒泉公司", "国网甘肃省电力公司酒泉供电公司"],
}


def item(i: int, unit: str, members: list[str], specialty: str | None = None) -> Item:
    app = Application(
        title=f"成果{i}", unit=unit, specialty=specialty, members=[Person(name=m) for m in members]
    )
    return Item(i, app)


def test_same_unit_through_aliases_and_sub_units() -> None:
    reviewers = [Reviewer("甲一", "酒泉供电公司变电运维中心"), Reviewer("乙二", "国网酒泉供电公司"),
                 Reviewer("丙三", "国网兰州供电公司")]  # fmt: skip
    items = [item(1, "变电运维中心", ["丁四"]), item(2, "国网酒泉供电公司", ["戊五"]),
             item(3, "国网酒泉供电公司工会", ["己六"]), item(4, "国网兰州供电公司", ["庚七"]),
             item(5, "国网瓜州县供电公司", ["辛八"])]  # fmt: skip
    c = find_conflicts(ORG, reviewers, items)
    blocked = {(r.name, i.id) for r in reviewers for i in items if c.blocked(r.key, i.id)}
    # sub-unit reviewer: only its own sub-unit; company-level reviewer: only company-level units
    assert blocked == {("甲一", 1), ("乙二", 2), ("乙二", 3), ("丙三", 4)}
    assert all(x.type is ConflictType.SAME_UNIT for x in c.items)


def test_member_conflict_even_across_units_and_padding() -> None:
    reviewers = [Reviewer("张三", "国网兰州供电公司")]
    items = [item(1, "国网瓜州县供电公司", ["李四", "张　三"]), item(2, "国网瓜州县供电公司", ["李四"])]
    c = find_conflicts(ORG, reviewers, items)
    assert c.blocked(("张三", "国网兰州供电公司"), 1)
    assert not c.blocked(("张三", "国网兰州供电公司"), 2)
    assert c.for_pair(("张三", "国网兰州供电公司"), 1)[0].type is ConflictType.MEMBER


def test_declarations_add_and_dismiss() -> None:
    reviewers = [Reviewer("张三", "国网兰州供电公司"), Reviewer("李四", "国网瓜州县供电公司")]
    items = [item(1, "国网瓜州县供电公司", ["王五"]), item(2, "国网敦煌市供电公司", ["赵六"])]
    declarations = [
        Declaration(2, "张三", "", "成果2", "", "add", "亲属参与"),
        Declaration(3, "李四", "", "《成果1》", "", "dismiss", "实为同名单位下属不同部门"),
        Declaration(4, "李四", "", "成果2", "", "dismiss", "无"),  # nothing to dismiss
        Declaration(5, "王二麻", "", "成果2", "", "add", ""),  # unknown reviewer
        Declaration(6, "张三", "", "", "国网敦煌市供电公司", "add", "整单位回避"),
    ]
    c = find_conflicts(ORG, reviewers, items, declarations)
    assert c.blocked(("张三", "国网兰州供电公司"), 2)
    assert not c.blocked(("李四", "国网瓜州县供电公司"), 1)
    assert [x.dismissed for x in c.dismissed()] == ["实为同名单位下属不同部门"]
    assert any("第4行" in w for w in c.warnings) and any("第5行" in w for w in c.warnings)
    assert len([x for x in c.items if x.type is ConflictType.DECLARED]) == 2


def unit_choices() -> list[str]:
    spellings = [s for group in UNIT_SPELLINGS.values() for s in group]
    return spellings + [full_unit(u) for u in OUR_SUB_UNITS[:4]] + OTHER_COMPANIES[:3]


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[list[Reviewer], list[Item], int, int | None]:
    units = unit_choices()
    n_rev = draw(st.integers(1, 7))
    names = draw(st.lists(st.sampled_from(NAMES), min_size=n_rev, max_size=n_rev))
    reviewers = list({(n, u): Reviewer(n, u) for n, u in
                      zip(names, draw(st.lists(st.sampled_from(units), min_size=n_rev, max_size=n_rev)), strict=True)
                      }.values())  # fmt: skip
    n_items = draw(st.integers(1, 8))
    items = [
        item(i, draw(st.sampled_from(units)), draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=3)))
        for i in range(1, n_items + 1)
    ]
    k = draw(st.integers(1, 4))
    cap = draw(st.one_of(st.none(), st.integers(1, 4)))
    return reviewers, items, k, cap


@settings(max_examples=150, deadline=None)
@given(scenarios())
def test_conflicts_are_never_broken(scenario: tuple[list[Reviewer], list[Item], int, int | None]) -> None:
    reviewers, items, k, cap = scenario
    conflicts = find_conflicts(ORG, reviewers, items)
    result = assign(reviewers, items, conflicts, k, cap)
    org_key = {
        u: next((key for key, group in UNIT_SPELLINGS.items() if u in group), None) for u in unit_choices()
    }
    for p in result.pairs:
        # checked independently of the code under test: same sub-unit group, or same external name
        ru, iu = org_key.get(p.reviewer.unit), org_key.get(p.item.unit)
        same_unit = (ru is not None and ru == iu) or p.reviewer.unit == p.item.unit
        assert not same_unit, (p.reviewer, p.item.unit)
        assert p.reviewer.name not in p.item.member_names
    pairs = [(p.reviewer.key, p.item.id) for p in result.pairs]
    assert len(pairs) == len(set(pairs))
    got = Counter(p.item.id for p in result.pairs)
    for i in items:
        free = sum(1 for r in reviewers if not conflicts.blocked(r.key, i.id))
        assert got[i.id] <= k
        if cap is None:  # no cap: each application gets every reviewer it can, up to k
            assert got[i.id] == min(k, free)
    if cap is not None:
        assert max(result.loads().values(), default=0) <= cap
    assert {s.item.id for s in result.shortfalls} == {i.id for i in items if got[i.id] < k}


def _best_load_spread(reviewers: list[Reviewer], items: list[Item], conflicts, k: int) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    """Brute force: the most assignments possible, then the smallest sum of squared loads."""
    options = []
    for i in items:
        free = [r.key for r in reviewers if not conflicts.blocked(r.key, i.id)]
        options.append(list(itertools.combinations(free, min(k, len(free)))))
    best = (0, 10**9)
    for choice in itertools.product(*options):
        loads = Counter(key for chosen in choice for key in chosen)
        flow = sum(loads.values())
        cost = sum(v * v for v in loads.values())
        if (flow, -cost) > (best[0], -best[1]):
            best = (flow, cost)
    return best


@settings(max_examples=40, deadline=None)
@given(scenarios())
def test_load_is_as_even_as_brute_force_allows(
    scenario: tuple[list[Reviewer], list[Item], int, int | None],
) -> None:
    reviewers, items, k, _ = scenario
    items, k = items[:4], min(k, 2)
    conflicts = find_conflicts(ORG, reviewers, items)
    result = assign(reviewers, items, conflicts, k)
    loads = result.loads()
    assert (len(result.pairs), sum(v * v for v in loads.values())) == _best_load_spread(
        reviewers, items, conflicts, k
    )


def test_balanced_without_conflicts_and_specialty_preferred() -> None:
    reviewers = [Reviewer(f"专家{c}", f"外单位{c}", specialty=s) for c, s in zip("甲乙丙丁戊", ["变电", "输电", "配电", "营销", "变电、调度"], strict=True)]  # fmt: skip
    specialties = ["变电", "输电", "配电", "营销", "调度", "变电", "输电"]
    items = [item(i, "国网瓜州县供电公司", ["某某"], specialties[i % 7]) for i in range(1, 12)]
    result = assign(reviewers, items, find_conflicts(ORG, reviewers, items), 3)
    loads = result.loads().values()
    assert sum(loads) == 33 and max(loads) - min(loads) <= 1
    assert not result.shortfalls


def test_specialty_match_preferred_when_load_is_equal() -> None:
    reviewers = [
        Reviewer("专家甲", "外单位甲", specialty="输电"),
        Reviewer("专家乙", "外单位乙", specialty="变电运维"),
    ]
    items = [item(1, "国网瓜州县供电公司", ["某某"], "变电"), item(2, "国网瓜州县供电公司", ["某某"], "输电")]
    result = assign(reviewers, items, find_conflicts(ORG, reviewers, items), 1)
    assert {(p.reviewer.name, p.item.id) for p in result.pairs} == {("专家乙", 1), ("专家甲", 2)}
    assert all(p.specialty_match for p in result.pairs)


def test_infeasible_application_is_reported_with_reasons() -> None:
    reviewers = [Reviewer("张三", "国网瓜州县供电公司"), Reviewer("李四", "瓜州县供电公司"),
                 Reviewer("王五", "国网兰州供电公司"), Reviewer("赵六", "国网天水供电公司")]  # fmt: skip
    items = [item(1, "国网瓜州县供电公司", ["王五", "钱七"]), item(2, "国网敦煌市供电公司", ["钱七"])]
    result = assign(reviewers, items, find_conflicts(ORG, reviewers, items), 3)
    assert [s.item.id for s in result.shortfalls] == [1]
    short = result.shortfalls[0]
    assert short.assigned == 1 and short.needed == 3
    assert "同单位 2 位（张三、李四）" in short.reason and "本人为完成人 1 位（王五）" in short.reason
    assert "仅 1 位可评" in short.reason
    assert {r.name for r in result.reviewers_of(items[1])} == {"张三", "李四", "王五"} or len(
        result.reviewers_of(items[1])
    ) == 3


def test_cap_shortfall_says_so() -> None:
    reviewers = [Reviewer("张三", "外单位甲"), Reviewer("李四", "外单位乙")]
    items = [item(i, "国网瓜州县供电公司", ["某某"]) for i in range(1, 4)]
    result = assign(reviewers, items, find_conflicts(ORG, reviewers, items), 2, max_load=2)
    assert len(result.pairs) == 4
    assert len(result.shortfalls) == 2 and all("上限" in s.reason for s in result.shortfalls)


def test_same_input_same_assignment_whatever_the_order() -> None:
    rng = random.Random(5)
    units = unit_choices()
    reviewers = [Reviewer(n, rng.choice(units), specialty=rng.choice(["变电", "输电"])) for n in NAMES]
    items = [
        item(i, rng.choice(units), rng.sample(NAMES, 2), rng.choice(["变电", "输电", None]))
        for i in range(1, 15)
    ]
    first = assign(reviewers, items, find_conflicts(ORG, reviewers, items), 3)
    shuffled_r, shuffled_i = reviewers[::-1], rng.sample(items, len(items))
    second = assign(shuffled_r, shuffled_i, find_conflicts(ORG, shuffled_r, shuffled_i), 3)
    assert first.pair_keys() == second.pair_keys()
    assert [(p.reviewer.key, p.item.id) for p in first.pairs] == [
        (p.reviewer.key, p.item.id) for p in second.pairs
    ]
