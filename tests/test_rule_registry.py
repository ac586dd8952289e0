"""A 形式审查 rule is one file plus its keys in the policy: README's example (添加一条形式审查规则), added as a
module of `rules.eligibility` from a temporary folder, shows in the policy's validation, the verdicts, the
result sheet's columns, `jiangxin check --help` and the 形式审查意见, with nothing else changed."""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

import rules.eligibility
from jiangxin.cli import app as cli
from jiangxin.store import Store
from jiangxin.workspace import Workspace
from reports.render.check_sheet import write_review_opinion, write_review_sheet
from rules import registry
from rules.check import check_applications
from rules.policy import PolicyError, default_policy_path, load_policy, parse_policy
from rules.review_opinion import review_opinion
from rules.verdicts import FAIL, FIX, PASS

from .test_check_rules import ROSTER, app
from .test_check_support import put

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = default_policy_path().read_text(encoding="utf-8")
MODULE = "rules.eligibility.specialty"


def _example() -> tuple[str, str]:
    """The rule file and the policy entry README shows under 添加一条形式审查规则."""
    section = (ROOT / "README.md").read_text(encoding="utf-8").split("### 添加一条形式审查规则", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S)
    entry = re.search(r"```toml\n(.*?)```", section, re.S)
    assert code and entry, "README's example lost its code"
    return code.group(1), entry.group(1)


CODE, ENTRY = _example()


def with_entry(text: str = DEFAULT, entry: str = ENTRY) -> str:
    """The policy text with each table's lines of the entry written under the same table."""
    for header, lines in re.findall(r"^(\[[^\]\n]+\])\n(.*?)(?=^\[|\Z)", entry, re.M | re.S):
        assert text.count(f"{header}\n") == 1, header
        text = text.replace(f"{header}\n", f"{header}\n{lines.strip()}\n", 1)
    return text


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


@contextmanager
def added_rule(folder: Path, code: str = CODE, name: str = "specialty") -> Iterator[None]:
    """`code` as the file `rules/eligibility/<name>.py` would be, for the time of the block."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.py").write_text(code, encoding="utf-8")
    path = rules.eligibility.__path__
    path.append(str(folder))
    importlib.invalidate_caches()
    registry.refresh()
    try:
        yield
    finally:
        path.remove(str(folder))
        sys.modules.pop(f"rules.eligibility.{name}", None)
        registry.refresh()


def test_without_its_file_the_entry_is_refused() -> None:
    assert "specialty" not in registry.rule_labels()
    text = with_entry()
    with pytest.raises(PolicyError) as caught:
        parse_policy(text)
    err = caught.value
    assert err.key == "eligibility.specialties" and err.line == _line_of(text, "specialties =")
    assert "不认识的设置项" in str(err) and "eligibility.severity.specialty" in str(err)


def test_the_policy_checks_the_new_rules_keys(tmp_path: Path) -> None:
    with added_rule(tmp_path / "extra"):
        # the shipped policy without the entry: the key is missing, pointed at its table
        with pytest.raises(PolicyError) as caught:
            parse_policy(DEFAULT)
        assert caught.value.key == "eligibility.specialties"
        assert caught.value.line == _line_of(DEFAULT, "[eligibility]") and "缺少此项" in str(caught.value)
        for old, new, key, words in [
            ("specialties = [", 'specialties = "变电" # [', "eligibility.specialties", "应为列表"),
            ("specialties = [", "specialties = [] # [", "eligibility.specialties", "项数"),
            ('specialty = "待补正"', 'specialty = "驳回"', "eligibility.severity.specialty", "待补正"),
        ]:
            text = with_entry().replace(old, new, 1)
            with pytest.raises(PolicyError) as caught:
                parse_policy(text)
            assert caught.value.key == key, (new, str(caught.value))
            assert caught.value.line == _line_of(text, new.split(" #")[0]) and words in str(caught.value)
        policy = parse_policy(with_entry())
        assert policy.eligibility.specialties == ("变电", "输电", "配电", "营销", "信息通信")
        assert policy.eligibility.severity.specialty == FIX
        # no severity written: the rule's own default
        assert parse_policy(with_entry(entry=ENTRY.split("[eligibility.severity]")[0])).eligibility.severity.specialty == FIX  # fmt: skip
    with pytest.raises(PolicyError):
        parse_policy(with_entry())  # the file gone, its keys are unknown again


def test_one_file_and_its_entry_make_a_rule(
    tmp_path: Path, workspace: Workspace, store: Store, runner: CliRunner
) -> None:
    put(store, ROSTER, "员工花名册.xlsx")
    put(store, app("变电站智能巡检装置", specialty="变电"), "0.docx")
    put(store, app("通信机房温控装置", specialty="通信"), "1.docx")
    before = {v.file: v for v in check_applications(workspace, store, load_policy())}
    assert all(v.verdict == PASS for v in before.values())

    with added_rule(tmp_path / "extra"):
        labels = registry.rule_labels()
        assert list(labels)[list(labels).index("patents") + 1] == "specialty"

        policy = parse_policy(with_entry())
        verdicts = check_applications(workspace, store, policy)
        found = {v.file: v for v in verdicts}
        reason = "“通信”不是实施方案所列的专业类别（变电、输电、配电、营销、信息通信）"
        assert found["0.docx"].verdict == PASS and found["0.docx"].rules["specialty"].status == PASS
        assert found["1.docx"].verdict == FIX
        assert found["1.docx"].rules["specialty"].reason == reason
        assert found["1.docx"].reasons == [f"专业类别（待补正）：{reason}"]
        for file, v in found.items():  # every other rule says what it said before
            assert {k: r for k, r in v.rules.items() if k != "specialty"} == before[file].rules
        strict = parse_policy(with_entry().replace('specialty = "待补正"', 'specialty = "不通过"'))
        assert {v.file: v.verdict for v in check_applications(workspace, store, strict)}["1.docx"] == FAIL

        sheet = load_workbook(write_review_sheet(verdicts, tmp_path / "结果.xlsx", year=2025))["形式审查"]
        header = [c.value for c in sheet[1]]
        column = header.index("专业类别") + 1
        assert header[column - 2] == "专利号" and header[column] == "模板残留"
        row = 2 + [v.file for v in verdicts].index("1.docx")
        assert sheet.cell(row, column).value == FIX and sheet.cell(row, column).comment.text == reason

        help_text = runner.invoke(cli, ["check", "--help"], terminal_width=200).output
        assert re.search(r"专业类别\s+待补正\s+专业类别不在实施方案所列之中", help_text), help_text

        opinion = review_opinion(verdicts, year=2025, organization=workspace.organization.name, policy=policy)
        path = write_review_opinion(opinion, tmp_path / "意见.docx")
        document = docx.Document(str(path))
        paragraphs = "\n".join(p.text for p in document.paragraphs)
        cells = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
        assert "专利号、专业类别、模板残留" in paragraphs  # 审查内容
        assert "专业类别为变电、输电、配电、营销、信息通信之一" in paragraphs  # 审查标准
        assert f"专业类别：{reason}" in cells  # the application to correct, and why

    assert "专业类别" not in runner.invoke(cli, ["check", "--help"], terminal_width=200).output


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (('name="specialty"', 'name="length"'), "two rules are named 'length'"),
        (("order=115", "order=110"), "share one place"),
        (("specialties: tuple", "max_members: int = 1\n    specialties: tuple"), "'max_members' again"),
        (('name="specialty"', 'name="roster_ambiguous"'), "declared twice"),
    ],
)
def test_rules_that_cannot_stand_together_are_refused(
    tmp_path: Path, change: tuple[str, str], words: str
) -> None:
    assert change[0] in CODE
    with (
        added_rule(tmp_path / "extra", CODE.replace(*change)),
        pytest.raises(registry.RegistryError, match=words),
    ):
        registry.all_rules()
