"""A generated year with planted ineligible applications is judged exactly as planted."""

from __future__ import annotations

import pytest

from jiangxin.store import Store
from jiangxin.workspace import Workspace
from rules.check import check_applications
from rules.policy import load_policy
from rules.verdicts import PASS

from .test_check_support import generate_year, put


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_generated_year_is_judged_exactly(workspace: Workspace, store: Store, seed: int) -> None:
    policy = load_policy()
    year = generate_year(seed, policy, workspace.year)
    put(store, year.roster, "员工花名册.xlsx")
    put(store, year.prior, "关于表彰上年度职工技术创新成果的决定.docx")
    for case in year.cases:
        put(store, case.record, case.file, warnings=case.warnings)

    verdicts = {v.file: v for v in check_applications(workspace, store, policy)}

    assert set(verdicts) == {c.file for c in year.cases}
    for case in year.cases:
        got = verdicts[case.file]
        found = {rule: r.status for rule, r in got.rules.items() if r.status != PASS}
        assert found == case.expected, (case.file, got.reasons)
        assert got.verdict == case.verdict
        assert len(got.reasons) == len(case.expected)
        assert all(r.reason for r in got.rules.values() if r.status != PASS)
    # the planted problems cover every rule and every verdict
    assert {rule for c in year.cases for rule in c.expected} == set(next(iter(verdicts.values())).rules)
    assert {c.verdict for c in year.cases} == {"通过", "待补正", "不通过"}
