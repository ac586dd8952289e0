"""Aggregation rules one by one: blank rule, trimming, rounding, tie-breaks, quota and threshold grades."""

from __future__ import annotations

from decimal import Decimal

from jiangxin.core.records import Application, Person
from jiangxin.review.aggregate import final_score, rank, reviewer_total
from jiangxin.review.items import Item
from jiangxin.review.policy_view import Criterion, ReviewPolicy
from jiangxin.review.rounds import SavedPair, SavedRound

CRITERIA = (Criterion("创新性", 30), Criterion("实用性", 25), Criterion("经济效益", 20), Criterion("推广价值", 15), Criterion("材料规范", 10))  # fmt: skip


def policy(**changes: object) -> ReviewPolicy:
    base = dict(
        reviewers_per_application=3, criteria=CRITERIA, trim_min_scores=5, blank_rule="exclude",
        tie_break=("sum", "criterion:创新性"), grade_mode="quota",
        quotas={"一等奖": 0.1, "二等奖": 0.2, "三等奖": 0.3}, thresholds={"一等奖": 90, "二等奖": 80, "三等奖": 70},
        decimals=2,
    )  # fmt: skip
    base.update(changes)
    return ReviewPolicy(**base)  # type: ignore[arg-type]


def scores(*values: float | None) -> dict[str, float | None]:
    return {c.name: v for c, v in zip(CRITERIA, values, strict=True)}


def test_reviewer_total_and_blank_rules() -> None:
    assert reviewer_total(scores(25, 20, 15, 10, 8), policy()) == Decimal(78)
    assert reviewer_total(scores(25.5, 20, None, 10, 8), policy()) is None
    assert reviewer_total(scores(25.5, 20, None, 10, 8), policy(blank_rule="zero")) == Decimal("63.5")
    # a row left entirely blank is no score, whatever the rule
    assert reviewer_total(scores(None, None, None, None, None), policy(blank_rule="zero")) is None


def test_trimmed_mean_and_rounding() -> None:
    d = [Decimal(v) for v in ("80", "90", "70", "85", "100")]
    assert final_score(d, policy()) == (Decimal("85.00"), True)  # (80 + 90 + 85) / 3
    assert final_score(d[:4], policy()) == (Decimal("81.25"), False)
    assert final_score([Decimal("80"), Decimal("80.5"), Decimal("81")], policy(decimals=0)) == (
        Decimal("81"),
        False,
    )
    # half up, not to even: 80.125 → 80.13
    assert final_score([Decimal("80.125")], policy()) == (Decimal("80.13"), False)


def _round(totals: dict[int, list[float]]) -> tuple[list[Item], SavedRound, dict]:  # type: ignore[type-arg]
    items = [
        Item(i, Application(title=f"成果{i}", unit="国网瓜州县供电公司", members=[Person(name="张三")]))
        for i in totals
    ]
    pairs, given = [], {}
    for i, values in totals.items():
        for n, v in enumerate(values):
            reviewer = (f"专家{n}", "外单位")
            pairs.append(SavedPair(reviewer[0], reviewer[1], i, f"成果{i}", "国网瓜州县供电公司"))
            # the whole total on 创新性 is not possible; spread it over the criteria, 创新性 first
            rest, row = v, {}
            for c in CRITERIA:
                row[c.name] = min(rest, c.max)
                rest -= row[c.name]
            given[(reviewer, i)] = row
    return items, SavedRound(1, 2025, 3, tuple((c.name, c.max) for c in CRITERIA), tuple(pairs)), given


def test_ties_broken_by_policy_then_shared_rank() -> None:
    # 1 and 2: same mean and, with as many reviewers, the same sum; the mean 创新性 decides
    items, saved, given = _round({1: [80, 80, 80], 2: [80, 80, 80], 3: [90, 90, 90], 4: [70, 70, 70]})
    given[(("专家0", "外单位"), 2)] = {
        "创新性": 20,
        "实用性": 25,
        "经济效益": 20,
        "推广价值": 15,
        "材料规范": 0,
    }
    ranking = rank(items, saved, given, policy())
    assert [(r.item.id, r.rank) for r in ranking.rows] == [(3, 1), (1, 2), (2, 3), (4, 4)]
    # identical on every key: the same rank
    items, saved, given = _round({1: [80, 80, 80], 2: [80, 80, 80]})
    ranking = rank(items, saved, given, policy())
    assert [r.rank for r in ranking.rows] == [1, 1]


def test_quota_grades_never_exceed_the_share() -> None:
    totals = {i: [100 - i] * 3 for i in range(1, 11)}  # ten applications, distinct scores
    items, saved, given = _round(totals)
    ranking = rank(items, saved, given, policy())
    grades = [r.grade for r in ranking.rows]
    assert grades == ["一等奖", "二等奖", "二等奖", "三等奖", "三等奖", "三等奖", None, None, None, None]
    # a tie at the 一等奖 boundary: both go down, and the note says so
    totals[2] = totals[1]
    items, saved, given = _round(totals)
    ranking = rank(items, saved, given, policy())
    assert [r.grade for r in ranking.rows][:4] == ["二等奖", "二等奖", "三等奖", "三等奖"]
    assert any("并列第1名的 2 项超出一等奖" in n for n in ranking.notes)


def test_threshold_grades_and_missing_scores() -> None:
    items, saved, given = _round({1: [95, 91, 90], 2: [80, 79, 78], 3: [60, 70, 71], 4: [99, 99, 99]})
    del given[(("专家0", "外单位"), 4)], given[(("专家1", "外单位"), 4)], given[(("专家2", "外单位"), 4)]
    ranking = rank(items, saved, given, policy(grade_mode="threshold"))
    assert [(r.item.id, r.grade) for r in ranking.rows] == [
        (1, "一等奖"),
        (2, "三等奖"),
        (3, None),
        (4, None),
    ]
    assert ranking.rows[-1].score is None and ranking.rows[-1].rank is None
    assert [(m.reviewer[0], m.application_id) for m in ranking.missing] == [
        ("专家0", 4),
        ("专家1", 4),
        ("专家2", 4),
    ]
