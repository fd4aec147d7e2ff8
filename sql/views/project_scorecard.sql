-- one row per project: amounts, indicator counts and review findings by severity (a line
-- ending in "each severity" is written once per severity of core.id_labels.SEVERITIES).
create or replace view project_scorecard as
with indicator_counts as (
    select
        project_id,
        count(*) as indicator_count,
        count_if(is_quantitative) as quantitative_count,
        count(distinct level1) as level1_count
    from indicators
    group by project_id
),

decided as (
    select distinct
        finding_id
    from review_decisions
),

finding_counts as (
    select
        r.project_id,
        count_if(r.severity = '{severity}') as {severity}_count,  -- each severity
        count(*) as finding_count,
        count_if(d.finding_id is null) as open_finding_count,
        count_if(d.finding_id is not null) as decided_finding_count
    from review_findings as r
    left join decided as d
        on d.finding_id = r.finding_id
    group by r.project_id
)

select
    f.project_id,
    f.fiscal_year,
    f.department,
    f.implementing_unit,
    f.project_name,
    f.total,
    f.annual_total,
    coalesce(i.indicator_count, 0) as indicator_count,
    coalesce(i.quantitative_count, 0) as quantitative_count,
    round(i.quantitative_count / i.indicator_count, 4) as quantitative_share,
    coalesce(i.level1_count, 0) as level1_count,
    coalesce(r.{severity}_count, 0) as {severity}_count,  -- each severity
    coalesce(r.finding_count, 0) as finding_count,
    coalesce(r.open_finding_count, 0) as open_finding_count,
    coalesce(r.decided_finding_count, 0) as decided_finding_count
from project_funds as f
left join indicator_counts as i
    on i.project_id = f.project_id
left join finding_counts as r
    on r.project_id = f.project_id;

comment on view project_scorecard is '项目一览：资金、指标数、定量占比与审核发现 / per project: funds, indicator counts, numeric share and review findings';
comment on column project_scorecard.project_id is '项目编号 / stable project id';
comment on column project_scorecard.fiscal_year is '预算年度 / fiscal year';
comment on column project_scorecard.department is '主管部门 / supervising department';
comment on column project_scorecard.implementing_unit is '实施单位 / implementing unit';
comment on column project_scorecard.project_name is '项目名称 / project name';
comment on column project_scorecard.total is '项目资金总额（元） / project total funds (yuan)';
comment on column project_scorecard.annual_total is '年度资金申请总额（元） / annual funds requested (yuan)';
comment on column project_scorecard.indicator_count is '指标数 / number of indicators';
comment on column project_scorecard.quantitative_count is '定量指标数 / number with a numeric target';
comment on column project_scorecard.quantitative_share is '定量指标占比（0–1），无指标为 null / share of numeric targets (0-1), null without indicators';
comment on column project_scorecard.level1_count is '已填写的一级指标类别数 / number of level-1 categories used';
comment on column project_scorecard.{severity}_count is '审核{name}数 / review findings of severity {gloss}';  -- each severity
comment on column project_scorecard.finding_count is '审核发现总数 / all review findings';
comment on column project_scorecard.open_finding_count is '待审核发现数（尚无审核决定） / findings without a reviewer''s decision';
comment on column project_scorecard.decided_finding_count is '已有审核决定的发现数 / findings with a reviewer''s decision';
