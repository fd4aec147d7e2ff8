"""One review rule (``Rule``): the SQL file that finds the rows, its severity and why it exists.

Kept apart from the lists of rules (``rules`` for the declared targets,
``self_evaluation_rules`` for the self-evaluations) so both lists can build on it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from pipelines.core.sql_files import read_sql

REVIEW_SQL = "review"

Severity = Literal["error", "warning", "info"]
# What a rule's findings about one project depend on: that project's rows only, or other
# projects too (a goal shared with others, a name spread over a unit).  An incremental
# night re-runs ``project`` rules for the projects it rebuilt and ``all`` rules whole.
Scope = Literal["project", "all"]
# The severities and what a person reads for each: SEVERITIES and SEVERITY_LABELS, one list in
# pipelines.core.id_labels (a test keeps ``Severity`` equal to it).
# What a rule reviews: the declared targets (findings keyed by project_id), or the
# self-evaluations (findings also name the self-evaluation in review_findings.evaluation_id).
Subject = Literal["declaration", "self_evaluation"]


@dataclass(frozen=True, slots=True)
class Rule:
    """One review rule: which SQL file finds the rows, how bad they are, and why it exists."""

    rule_id: str
    title: str  # the rule's name where people read it (report, workbook, letters, status)
    severity: Severity
    rationale: str  # why the rule exists, in Chinese: the report and workbook print it
    sql_file: str
    params: Mapping[str, object] = field(default_factory=dict)
    scope: Scope = "project"
    reviews: Subject = "declaration"

    def sql(self) -> str:
        """The rule's query, read at run time so edits to the .sql file need no reload."""
        return read_sql(f"{REVIEW_SQL}/{self.sql_file}")
