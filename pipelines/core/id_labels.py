"""The Chinese names a person reads for the machine's ids: severities, decisions, file statuses.

The warehouse keeps ids (``warning``, ``returned``, ``partial``): dashboards and scripts
filter on them.  People read Chinese, so every command, the report, the workbook and the
letters print these names first and the id after it in parentheses where a script or a
bug report needs it.  One list per kind, here, in a module that imports nothing: ``status``
must start without polars or the review's rules, and the heavier modules
(``pipelines.review.rules``, ``pipelines.review.decisions``) take their lists from here.
"""

from __future__ import annotations

from collections.abc import Mapping

SEVERITY_LABELS: dict[str, str] = {"error": "错误", "warning": "警告", "info": "提示"}
# The severities, most severe first: the one list every ordering of findings follows (the
# rules' severity type, status, the letters, the report, and the SQL through ``$severities``
# or ``review_labels.rank``), so a new severity is added here once.
SEVERITIES: tuple[str, ...] = tuple(SEVERITY_LABELS)
DECISION_LABELS: dict[str, str] = {"accepted": "接受", "dismissed": "不采纳",
                                   "returned": "退回修改"}
# ingest_files.status
FILE_STATUS_LABELS: dict[str, str] = {
    "loaded": "已载入",
    "partial": "部分载入",
    "quarantined": "已隔离",
    "empty": "无表",
    "duplicate": "重复",
    "removed": "已删除",
}


def label(labels: Mapping[str, str], key: str) -> str:
    """The Chinese name of ``key`` (the id itself when it has none yet)."""
    return labels.get(key, key)


def with_id(labels: Mapping[str, str], key: str) -> str:
    """The name with its id for machines: ``退回修改（returned）``."""
    name = label(labels, key)
    return name if name == key else f"{name}（{key}）"
