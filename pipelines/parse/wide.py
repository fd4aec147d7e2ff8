"""Wide 项目支出绩效目标表: many projects in one table, one row per indicator.

Placeholder until the wide-table parser lands: no table is recognised as wide, so
every segment goes to the labelled-form parser.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipelines.grid import Row
from pipelines.parse.records import Form, FormProblem


def find_wide_header(rows: Sequence[Row]) -> object | None:
    """Column layout of a wide multi-project table in ``rows``, or None."""
    return None


def parse_wide_table(title: Row | None, body: Sequence[Row],
                     first_seq: int) -> list[Form | FormProblem]:
    """Every project of a wide table, numbered from ``first_seq``."""
    raise NotImplementedError
