"""A generated year with planted ineligible applications is judged exactly as planted."""

from __future__ import annotations

import pytest

from jiangxin.examples.recipes import eligibility_year
from jiangxin.examples.year import store_records
from jiangxin.store import Store
from jiangxin.workspace import Workspace
from rules.check import check_applications
from rules.policy import load_policy
from rules.verdicts import PASS


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_generated_year_is_judged_exactly(workspace: Workspace, store: Store, seed: int) -> None:
    policy = load_policy()
    year = eligibility_year(seed, policy, workspace.year)
    store_records(year, store)
    cases = year.of_kind("application")

    verdicts = {v.file: v for v in check_applications(workspace, store, policy)}

    assert set(verdicts) == {c.name for c in cases}
    for case in cases:
        got = verdicts[case.name]
        found = {rule: r.status for rule, r in got.rules.items() if r.status != PASS}
        assert found == case.expected, (case.name, got.reasons)
        assert got.verdict == case.verdict
        assert len(got.reasons) == len(case.expected)
        assert all(r.reason for r in got.rules.values() if r.status != PASS)
    # the planted problems cover every rule and every verdict
    assert {rule for c in cases for rule in c.expected} == set(next(iter(verdicts.values())).rules)
    assert {c.verdict for c in cases} == {"通过", "待补正", "不通过"}
