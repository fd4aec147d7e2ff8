"""The report's section on the self-evaluations (绩效自评): per unit and year, how much of
what was declared was achieved, the average score, the execution rate, and how many targets
the self-evaluation prints differently from the declaration (what auditors look at first).

Units with the lowest share met come first: a reader scanning the page sees the weakest
results before the strong ones.
"""

from __future__ import annotations

import duckdb

from pipelines.core.sql_files import read_sql
from pipelines.load.warehouse import query_frame
from pipelines.outputs.report.data import Row
from pipelines.outputs.report.formatting import esc, money, num, percent


def load_self_evaluations(con: duckdb.DuckDBPyConnection, row_limit: int) -> list[Row]:
    """The section's rows (``sql/report/self_evaluations.sql``), at most ``row_limit``."""
    return query_frame(con, read_sql("report/self_evaluations.sql"),
                       {"row_limit": row_limit}).to_dicts()


def self_evaluations_section(rows: list[Row]) -> str:
    """The table per unit and year; nothing when no self-evaluation is loaded."""
    if not rows:
        return ""
    body = "".join(
        f'<tr><td>{esc(row["fiscal_year"])}年度</td><td>{esc(row["unit"])}</td>'
        f'<td class="amount">{num(row["evaluation_count"])}</td>'
        f'<td class="amount">{num(row["indicator_count"])}</td>'
        f'<td class="amount">{percent(row["met_share"])}</td>'
        f'<td class="amount">{_score(row["average_score"])}</td>'
        f'<td class="amount">{percent(row["execution_rate"])}</td>'
        f'<td class="amount">{money(row["executed_yuan"])} / {money(row["budget_yuan"])}</td>'
        f'<td class="amount">{num(row["changed_count"])}</td></tr>'
        for row in rows)
    return ('<section id="self-evaluations"><h2>绩效自评</h2><p class="caption">'
            f"共 {num(int(rows[0]['unit_total']))} 个单位年度，显示 {num(len(rows))} 个，"
            "达成率最低的在前；达成率按可判断的指标计，执行率为执行数合计 / 预算数合计；"
            "目标改动为自评表的指标值与申报时不同的指标数。</p>"
            '<table class="self-evaluations"><thead><tr><th>年度</th><th>单位</th><th>自评表</th>'
            "<th>指标</th><th>达成率</th><th>平均得分</th><th>执行率</th><th>执行数 / 预算数</th>"
            f"<th>目标改动</th></tr></thead><tbody>{body}</tbody></table></section>")


def _score(value: object) -> str:
    """An average score as printed (two decimals), a dash without one."""
    return "—" if value is None else esc(value)
