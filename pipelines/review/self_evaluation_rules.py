"""Review rules for the self-evaluations (绩效自评表): does the score follow from the numbers?

After the year a unit scores itself: an execution-rate score from its money (全年执行数 B
against 全年预算数 A) and a score per indicator from what it achieved.  Finance bureaus and
auditors check that arithmetic the way public self-evaluation checkers do (score = B/A ×
分值, full marks when B ≥ A, a reason required for a shortfall, total = sum of the
scores) and that a full score has evidence behind it.  These rules do so in SQL over every
loaded form, project and department-wide alike.

A finding about a self-evaluation is keyed like any other (``project_id``: the project the
self-evaluation evaluates, or for a department-wide one its own ``evaluation_id``) and also
names the self-evaluation in ``review_findings.evaluation_id``; so decisions, the workbook and
the letters treat it as any finding.  The rules compare forms with themselves only, but they
run whole every night (scope ``all``): the incremental scope is a set of declared projects.
"""

from __future__ import annotations

from pipelines.parse.vocabulary import NOT_APPLICABLE
from pipelines.review.rule import Rule, Severity

# The item of self_evaluation_funds that carries the execution-rate score (年度资金总额).
SCORED_FUND_ITEM = "annual_total"
# Half a unit of the last printed digit: a score printed as 9 stands for 8.5–9.5, as 9.9 for
# 9.85–9.95 (the rules compare at the precision the form prints).
ROUNDING = "0.5"
# A target with these operators is a ceiling (成本 ≤ …): falling short means exceeding it.
CEILING_OPS = ["<=", "<"]
# An actual made of one of these words states no achievement a reviewer can check.
BARE_WORDS = ["完成", "已完成", "全部完成", "完成目标", "达到", "已达到", "达标", "是"]
PLACEHOLDERS = sorted({*NOT_APPLICABLE, "无", "/", "-", "—", "－", "／"})


def _rule(rule_id: str, title: str, severity: Severity, rationale: str,
          params: dict[str, object] | None = None) -> Rule:
    """A self-evaluation rule: its SQL file is named after the id, it runs whole."""
    return Rule(rule_id, title, severity, rationale, f"{rule_id}.sql",
                params or {}, scope="all", reviews="self_evaluation")


SELF_EVALUATION_RULES: tuple[Rule, ...] = (
    _rule("self_eval_fund_score", "资金执行率得分与执行率不符", "error",
          "资金执行率得分应为（全年执行数 B / 全年预算数 A）× 分值，B ≥ A 时为满分。",
          {"fund_item": SCORED_FUND_ITEM, "rounding": ROUNDING}),
    _rule("self_eval_execution_over_100", "预算执行率超过100%", "warning",
          "执行数超过全年预算数，须有调整预算的依据，或是金额填错。",
          {"max_percent": 100}),
    _rule("self_eval_score_over_max", "得分超过分值", "error",
          "任何一项的得分都不能高于其分值。"),
    _rule("self_eval_met_not_full", "已达成指标未得满分", "warning",
          "实际完成值达到指标值的指标应得满分。"),
    _rule("self_eval_short_scored_high", "未达成指标得分偏高", "warning",
          "未达到指标值的指标不得满分，定量指标应按完成比例计分。",
          {"ceiling_ops": CEILING_OPS, "rounding": ROUNDING}),
    _rule("self_eval_short_without_reason", "未达成指标未说明偏差原因", "warning",
          "未达到指标值时必须说明偏差原因及改进措施。",
          {"placeholders": PLACEHOLDERS}),
    _rule("self_eval_total_mismatch", "总分与各项得分之和不符", "error",
          "总分应等于各指标得分与资金执行率得分之和。",
          {"fund_item": SCORED_FUND_ITEM, "rounding": ROUNDING}),
    _rule("self_eval_actual_word_for_number", "定量指标实际完成值未填数值", "warning",
          "数值目标的实际完成值写作「完成」，无法判断是否达成。",
          {"bare_words": BARE_WORDS}),
    _rule("self_eval_full_without_evidence", "定性指标满分而无完成证据", "info",
          "定性指标得满分，实际完成值却为空或只写「完成」，满分缺少可核验的依据。",
          {"bare_words": BARE_WORDS}),
)
