"""The office's own editable files for an example year: the platform registry, next year's plan and
the 要事 (highlights) the year-end reports read beside the stored records."""

from __future__ import annotations

from pathlib import Path

EXAMPLE_REGISTRY = """\
- {名称: 王进劳模创新工作室, 类型: 创新工作室, 级别: 省公司级, 单位: 变电运维中心, 负责人: 王进, 命名年份: 2021}
- {名称: 输电线路运检创新工作室, 类型: 创新工作室, 级别: 公司级, 单位: 输电运检中心, 负责人: 李强, 命名年份: YEAR}
- {名称: 带电作业创新小组, 类型: 创新小组, 级别: 公司级, 单位: 配电运检室, 负责人: 张敏, 命名年份: YEAR}
- {名称: 计量装置改进创新小组, 类型: 创新小组, 级别: 公司级, 单位: 营销服务中心, 负责人: 刘洋, 命名年份: 2024}
- {名称: 调度自动化创新小组, 类型: 创新小组, 级别: 公司级, 单位: 电力调度控制中心, 负责人: 陈静, 命名年份: 2023}
"""
EXAMPLE_PLAN = """\
# 示例：明年工作打算
（一）深化创新平台建设
推动创新工作室提档升级，培育省公司级创新工作室。
（二）加强成果转化推广
对获奖成果开展应用评估，推广一批实用成果。
"""
EXAMPLE_HIGHLIGHTS = """\
标题: "“智”汇匠心 “创”动未来"
平台:
  - 全国劳动模范王进来到王进劳模创新工作室，与青年职工面对面交流技术难题
竞赛:
  - 承办国网甘肃省电力公司配电线路带电作业技能竞赛，54支代表队、162名选手同台竞技
关爱:
  - 全年组织一线职工健康体检1260人次，开展“送清凉”活动12场
"""


def write_example_files(root: Path, year: int) -> None:
    """The office's editable files for the example year: platform registry, next year's plan, 要事."""
    (root / "创新平台.yaml").write_text(EXAMPLE_REGISTRY.replace("YEAR", str(year)), encoding="utf-8")
    (root / "明年工作打算.txt").write_text(EXAMPLE_PLAN, encoding="utf-8")
    (root / "要事.yaml").write_text(EXAMPLE_HIGHLIGHTS, encoding="utf-8")
