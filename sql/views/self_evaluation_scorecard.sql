-- per unit and year, how its project self-evaluations came out: indicators evaluated, the share
-- met (of those where met can be decided), the average 总分, and the execution rate as
-- sum B / sum A of the 年度资金总额 rows (a ratio of sums: large projects weigh more).
create or replace view self_evaluation_scorecard as
with fund_totals as (
    select
        evaluation_id,
        budget_yuan,
        executed_yuan
    from self_evaluation_funds
    where item = 'annual_total'
),

indicator_counts as (
    select
        evaluation_id,
        count(*) as indicator_count,
        count(met) as decided_count,
        count_if(met) as met_count
    from self_evaluation_indicators
    group by evaluation_id
)

select
    e.fiscal_year,
    e.department,
    e.implementing_unit,
    coalesce(e.implementing_unit, e.department) as unit,
    count(*) as evaluation_count,
    coalesce(sum(i.indicator_count), 0) as indicator_count,
    coalesce(sum(i.decided_count), 0) as decided_count,
    coalesce(sum(i.met_count), 0) as met_count,
    round(sum(i.met_count) / nullif(sum(i.decided_count), 0), 4) as met_share,
    round(avg(e.score_total), 2) as average_score,
    sum(f.budget_yuan) as budget_yuan,
    sum(f.executed_yuan) as executed_yuan,
    round(sum(f.executed_yuan) / nullif(sum(f.budget_yuan), 0), 4) as execution_rate
from self_evaluations as e
left join indicator_counts as i
    on i.evaluation_id = e.evaluation_id
left join fund_totals as f
    on f.evaluation_id = e.evaluation_id
group by e.fiscal_year, e.department, e.implementing_unit;

comment on view self_evaluation_scorecard is '自评汇总：每个单位、年度的指标达成率、平均得分与预算执行率 / per unit and year: share of indicators met, average score, execution rate';
comment on column self_evaluation_scorecard.fiscal_year is '年度 / fiscal year';
comment on column self_evaluation_scorecard.department is '主管部门 / supervising department';
comment on column self_evaluation_scorecard.implementing_unit is '实施单位（未填为 null） / implementing unit, null when blank';
comment on column self_evaluation_scorecard.unit is '单位：实施单位，未填则为主管部门 / the implementing unit, else the department';
comment on column self_evaluation_scorecard.evaluation_count is '自评表数 / number of self-evaluations';
comment on column self_evaluation_scorecard.indicator_count is '自评指标数 / indicators evaluated';
comment on column self_evaluation_scorecard.decided_count is '可判断是否达成的指标数 / indicators whose met can be decided';
comment on column self_evaluation_scorecard.met_count is '已达成指标数 / indicators met';
comment on column self_evaluation_scorecard.met_share is '达成率（0–1）：已达成 / 可判断 / share met of those decided (0-1)';
comment on column self_evaluation_scorecard.average_score is '平均总分 / average total score';
comment on column self_evaluation_scorecard.budget_yuan is '年度资金总额全年预算数合计（元） / sum of 全年预算数 (yuan)';
comment on column self_evaluation_scorecard.executed_yuan is '年度资金总额全年执行数合计（元） / sum of 全年执行数 (yuan)';
comment on column self_evaluation_scorecard.execution_rate is '预算执行率（0–1）：执行数合计 / 预算数合计 / execution rate, sum B / sum A (0-1)';
