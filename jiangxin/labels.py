"""Chinese labels the office sees for kinds and results (one place, shared by CLI and spreadsheets)."""

KIND_LABELS = {
    "application": "申报书",
    "result_sheet": "获奖名单/通报",
    "roster": "花名册",
    "score_sheet": "评分表",
    "reviewers": "评审专家名单",
}

RESULT_LABELS = {
    "stored": "已入库",
    "duplicate": "重复文件",
    "failed": "已隔离",
    "deferred": "稍后重试",
    "waiting": "等待复制完成",
}
