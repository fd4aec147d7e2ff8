"""Rule-based review (审核) of the declared performance targets.

Finance departments check declared targets before approving money: are all indicator
categories there, are the targets measurable, do the amounts add up.  Each check here is
one rule: a SQL file under ``sql/review/`` that returns the offending projects or
indicators (``project_id, indicator_seq, message, details``) and a row in ``RULES`` that
names it, gives it a severity and binds its parameters.  Thresholds and word lists live
in ``RULES`` (never inside the SQL text), so tuning a rule is a one-line change here;
``pipelines.review.findings`` runs them into ``review_findings``.

A 二级 category the template prints but the form leaves blank is a row of
``category_declarations`` (declaration ``listed_empty``), so it can be told from a
category the template does not have; ``category_left_empty`` reports it unless the form
also says the category does not apply.  Rows the parser keeps with a placeholder name
(无, 不适用) are treated as absent by the missing-category rules.
"""

from __future__ import annotations

from pipelines.parse.forms import TARGET_TABLE
from pipelines.parse.records import FUND_ITEM_NAMES
from pipelines.parse.targets import PERCENT_SPELLINGS
from pipelines.parse.vocabulary import LEVEL1_TO_LEVEL2, NOT_APPLICABLE
from pipelines.review.rule import REVIEW_SQL, Rule, Scope, Severity
from pipelines.review.self_evaluation_rules import SELF_EVALUATION_RULES

__all__ = ["REVIEW_SQL", "RULES", "Rule", "Scope", "Severity"]

# funds.item -> the label the form prints, used in messages (one list with the parser's
# items and the views' columns: records.FUND_ITEM_NAMES).
ITEM_LABELS: dict[str, str] = {item: name for item, (name, _) in FUND_ITEM_NAMES.items()}

PLACEHOLDER_NAMES = sorted(NOT_APPLICABLE)
VAGUE_WORDS = (
    "提升",
    "提高",
    "强化",
    "保障",
    "及时",
    "按时",
    "建立健全",
    "健全",
    "完善",
    "有效",
    "明显",
    "改善",
    "稳定",
    "切实满足",
    "更加放心",
    "放心",
    "良好",
    "较好",
    "逐步",
    "进一步",
)
PERCENT_UNITS = sorted(PERCENT_SPELLINGS)
# Cost (成本指标) is expected when the form is the 项目支出绩效目标表 template, which has a
# cost row, or otherwise from the year the national framework added it (财预〔2021〕101号).
COST_TEMPLATES = [TARGET_TABLE]
COST_FROM_YEAR = 2022


def _fund_parts(*items: str) -> list[dict[str, str]]:
    """Fund items with their form labels, in form order, as the SQL's ``$parts`` list."""
    return [{"item": item, "label": ITEM_LABELS[item]} for item in items]


def _framework_pairs() -> list[dict[str, str]]:
    """The parser's framework as the ``{level1, level2}`` list the unknown-level rule joins on.

    It includes the older variants (成本指标 under 产出指标, 环境效益指标), so forms in
    older templates are not reported.
    """
    return [
        {"level1": level1, "level2": level2}
        for level1, level2s in LEVEL1_TO_LEVEL2.items()
        for level2 in level2s
    ]


def _missing_cost(basis: str) -> dict[str, object]:
    """Parameters of the two missing-cost rules, which differ only in why cost is expected."""
    return {
        "cost_names": ["成本指标"],
        "templates": COST_TEMPLATES,
        "from_year": COST_FROM_YEAR,
        "basis": basis,
        "placeholders": PLACEHOLDER_NAMES,
    }


DECLARATION_RULES: tuple[Rule, ...] = (
    Rule(
        "missing_level1_core",
        "缺少产出或效益指标",
        "error",
        "每个项目都应设置产出指标和效益指标。",
        "missing_level1.sql",
        {"levels": ["产出指标", "效益指标"], "placeholders": PLACEHOLDER_NAMES},
    ),
    Rule(
        "missing_level1_satisfaction",
        "缺少满意度指标",
        "warning",
        "面向服务对象的项目一般应设置满意度指标。",
        "missing_level1.sql",
        {"levels": ["满意度指标"], "placeholders": PLACEHOLDER_NAMES},
    ),
    Rule(
        "missing_level1_cost_template",
        "成本指标未填写",
        "warning",
        f"{TARGET_TABLE}模板列有成本指标一行，留空即为漏填。",
        "missing_cost_level1.sql",
        _missing_cost("template"),
    ),
    Rule(
        "missing_level1_cost_year",
        "缺少成本指标",
        "info",
        f"自 {COST_FROM_YEAR} 年起成本指标纳入指标体系（财预〔2021〕101号）。",
        "missing_cost_level1.sql",
        _missing_cost("year"),
    ),
    Rule(
        "quantitative_share_low",
        "定量指标占比偏低",
        "warning",
        "定量指标不足一半，年终难以客观评价。",
        "quantitative_share_low.sql",
        {"min_share": 0.5},
    ),
    Rule(
        "vague_qualitative_target",
        "目标值表述模糊",
        "warning",
        "「提升」「及时」等没有数值的目标值，年终无法核验。",
        "vague_target.sql",
        {"vague_words": list(VAGUE_WORDS)},
    ),
    Rule(
        "satisfaction_target_weak",
        "满意度目标偏低",
        "warning",
        "满意度目标一般为不低于 90% 的百分比。",
        "satisfaction_target.sql",
        {
            "satisfaction_level1": "满意度指标",
            "min_percent": 90,
            "percent_units": PERCENT_UNITS,
        },
    ),
    Rule(
        "percent_target_over_100",
        "百分比目标超过100%",
        "warning",
        "要求超过 100% 的比率，通常是把数量或笔误写成了百分比。",
        "percent_over_limit.sql",
        {"percent_units": PERCENT_UNITS, "max_percent": 100},
    ),
    Rule(
        "quantitative_target_no_unit",
        "定量目标缺少计量单位",
        "warning",
        "没有计量单位的数值无从衡量。",
        "quantitative_without_unit.sql",
    ),
    Rule(
        "boilerplate_indicator_name",
        "指标套用",
        "info",
        "同一单位多数项目都照搬的指标，说明不了任何一个项目。",
        "boilerplate_indicator.sql",
        {"min_projects": 3, "min_share": 0.8, "exempt_level1": ["满意度指标"]},
        scope="all",
    ),
    Rule(
        "goal_empty",
        "绩效目标未填写",
        "warning",
        "没有目标，就无法判断指标与项目是否相关。",
        "goal_empty.sql",
        {"placeholders": PLACEHOLDER_NAMES},
    ),
    Rule(
        "goal_duplicate",
        "绩效目标与其他项目雷同",
        "warning",
        "从同年度其他项目照搬的目标不是本项目的目标。",
        "goal_duplicate.sql",
        {"min_length": 10, "max_listed": 5},
        scope="all",
    ),
    Rule(
        "funds_total_mismatch",
        "项目资金总额与分项不符",
        "error",
        "项目资金总额应恰好等于财政资金与其他资金之和（任一分项有填写时）。",
        "fund_sum_mismatch.sql",
        {
            "total_item": "total",
            "total_label": ITEM_LABELS["total"],
            "parts": _fund_parts("fiscal", "other"),
        },
    ),
    Rule(
        "funds_annual_mismatch",
        "年度资金总额与分项不符",
        "error",
        "年度资金申请总额应恰好等于各分项之和（任一分项有填写时）。",
        "fund_sum_mismatch.sql",
        {
            "total_item": "annual_total",
            "total_label": ITEM_LABELS["annual_total"],
            "parts": _fund_parts("annual_appropriation", "carryover", "annual_other",
                                 "annual_special_account"),
        },
    ),
    Rule(
        "funds_annual_exceeds_total",
        "年度申请超过项目总额",
        "warning",
        "一个年度的申请不应超过整个项目的资金。",
        "fund_item_exceeds.sql",
        {
            "item": "annual_total",
            "item_label": ITEM_LABELS["annual_total"],
            "limit_item": "total",
            "limit_label": ITEM_LABELS["total"],
        },
    ),
    Rule(
        "planned_start_after_end",
        "计划开始晚于结束",
        "error",
        "项目不能在开始之前结束。",
        "planned_start_after_end.sql",
    ),
    Rule(
        "planned_dates_outside_year",
        "计划期间不含预算年度",
        "warning",
        "计划期间与预算年度不相交，往往是日期或年度写错。",
        "planned_dates_outside_year.sql",
    ),
    Rule(
        "target_number_unparsed",
        "目标值数字无法识别",
        "info",
        "含数字却未能解析出数值的目标值格式特殊（常为日期）。",
        "target_digit_unparsed.sql",
    ),
    Rule(
        "unknown_level_name",
        "指标层级名称不在体系内",
        "warning",
        "体系外的层级名称会影响分类检查和比较。",
        "unknown_level.sql",
        {"framework": _framework_pairs()},
    ),
    Rule(
        "category_left_empty",
        "模板列出的指标类别未填写",
        "warning",
        "模板列出而表中留空的类别即为漏填，除非表中注明不适用。",
        "category_left_empty.sql",
        {
            "owner_kind": "project",
            "declaration": "listed_empty",
            "not_applicable": "not_applicable",
            "placeholders": PLACEHOLDER_NAMES,
        },
    ),
    Rule(
        "duplicate_declaration",
        "项目重复申报",
        "warning",
        "同一项目申报两次可能重复计算资金，应撤回其一。",
        "duplicate_declaration.sql",
        {"superseded_status": "superseded"},
    ),
)
# Every rule: those on the declared targets, then those on the self-evaluations (绩效自评表).
RULES: tuple[Rule, ...] = (*DECLARATION_RULES, *SELF_EVALUATION_RULES)
# The one lookup from a rule id to what people read: its Chinese name and why it exists.
RULE_TITLES: dict[str, str] = {rule.rule_id: rule.title for rule in RULES}
RULE_RATIONALES: dict[str, str] = {rule.rule_id: rule.rationale for rule in RULES}
# The fund item each fund rule checks (its total, or the item that exceeds): a letter cites
# that amount's cell as where the finding is, read from the rule's own parameters.
RULE_FUND_ITEMS: dict[str, str] = {
    rule.rule_id: str(rule.params.get("total_item") or rule.params["item"])
    for rule in RULES
    if rule.sql_file in ("fund_sum_mismatch.sql", "fund_item_exceeds.sql")
}
