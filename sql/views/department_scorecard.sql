-- one row per department target: budget, tasks and their amounts, indicator mix.
create or replace view department_scorecard as
with task_counts as (
    select
        target_id,
        count(*) as task_count,
        sum(amount_yuan) as task_amount_yuan
    from department_tasks
    group by target_id
),

indicator_counts as (
    select
        target_id,
        count(*) as indicator_count,
        count_if(is_quantitative) as quantitative_count
    from department_indicators
    group by target_id
)

select
    d.target_id,
    d.fiscal_year,
    d.department,
    d.department_code,
    d.budget_total_yuan,
    coalesce(t.task_count, 0) as task_count,
    t.task_amount_yuan,
    coalesce(i.indicator_count, 0) as indicator_count,
    coalesce(i.quantitative_count, 0) as quantitative_count,
    round(i.quantitative_count / i.indicator_count, 4) as quantitative_share
from department_targets as d
left join task_counts as t
    on t.target_id = d.target_id
left join indicator_counts as i
    on i.target_id = d.target_id;

comment on view department_scorecard is '部门整体绩效目标一览：预算、任务、指标数与定量占比 / per department target: budget, tasks, indicator counts and numeric share';
comment on column department_scorecard.target_id is '部门目标编号 / stable department target id';
comment on column department_scorecard.fiscal_year is '预算年度 / fiscal year';
comment on column department_scorecard.department is '部门 / department';
comment on column department_scorecard.department_code is '部门编码 / department code';
comment on column department_scorecard.budget_total_yuan is '部门预算总额（元），未填为 null / department budget total (yuan), null when not printed';
comment on column department_scorecard.task_count is '年度主要任务数 / number of main tasks';
comment on column department_scorecard.task_amount_yuan is '各任务金额合计（元），均未填为 null / sum of task amounts (yuan), null when none is printed';
comment on column department_scorecard.indicator_count is '指标数 / number of indicators';
comment on column department_scorecard.quantitative_count is '定量指标数 / number with a numeric target';
comment on column department_scorecard.quantitative_share is '定量指标占比（0–1），无指标为 null / share of numeric targets (0-1), null without indicators';
