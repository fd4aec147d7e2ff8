-- one row per evaluated indicator of a project self-evaluation, beside the target its project
-- declared: the declared indicator is the one of the linked project (self_evaluation_links,
-- matched only) with the same name (whitespace ignored), narrowed to the same 二级 when the
-- name repeats; when none or several fit, declared_match says so and declared_target is null.
-- target_changed compares parsed targets (op, value, unit) when both are numeric, else the
-- texts without whitespace; null without a declared indicator.
create or replace view self_evaluation_vs_targets as
with evaluated as (
    select
        e.evaluation_id,
        l.project_id,
        l.link_status,
        e.fiscal_year,
        e.department,
        e.implementing_unit,
        e.project_name,
        i.seq,
        i.level1,
        i.level2,
        i.name,
        regexp_replace(i.name, '\s', '', 'g') as name_key,
        i.target_raw,
        i.target_op,
        i.target_value,
        i.target_unit,
        i.is_quantitative,
        i.actual_raw,
        i.met,
        i.score,
        i.max_score
    from self_evaluation_indicators as i
    join self_evaluations as e
        on e.evaluation_id = i.evaluation_id
    join self_evaluation_links as l
        on l.evaluation_id = e.evaluation_id
),

candidates as (
    select
        v.evaluation_id,
        v.seq,
        d.seq as declared_seq,
        d.target_raw,
        d.target_op,
        d.target_value,
        d.target_unit,
        d.is_quantitative,
        count(*) over (partition by v.evaluation_id, v.seq) as by_name,
        count_if(d.level2 is not distinct from v.level2)
            over (partition by v.evaluation_id, v.seq) as by_level2,
        d.level2 is not distinct from v.level2 as same_level2
    from evaluated as v
    join indicators as d
        on d.project_id = v.project_id
        and regexp_replace(d.name, '\s', '', 'g') = v.name_key
),

chosen as (
    select
        *
    from candidates
    where by_name = 1
        or (by_level2 = 1 and same_level2)
),

fits as (
    select distinct
        evaluation_id,
        seq
    from candidates
)

select
    v.evaluation_id,
    v.project_id,
    v.fiscal_year,
    v.department,
    v.implementing_unit,
    v.project_name,
    v.seq,
    v.level1,
    v.level2,
    v.name,
    case
        when v.project_id is null then 'no_declared_form'
        when c.declared_seq is not null then 'matched'
        when f.seq is not null then 'ambiguous'
        else 'no_declared_indicator'
    end as declared_match,
    c.declared_seq,
    c.target_raw as declared_target,
    v.target_raw as evaluated_target,
    v.actual_raw as actual,
    v.met,
    v.score,
    v.max_score,
    case
        when c.declared_seq is null then null
        when c.is_quantitative and v.is_quantitative
            then c.target_op is distinct from v.target_op
                or c.target_value is distinct from v.target_value
                or c.target_unit is distinct from v.target_unit
        else regexp_replace(coalesce(c.target_raw, ''), '\s', '', 'g')
            <> regexp_replace(coalesce(v.target_raw, ''), '\s', '', 'g')
    end as target_changed
from evaluated as v
left join chosen as c
    on c.evaluation_id = v.evaluation_id
    and c.seq = v.seq
left join fits as f
    on f.evaluation_id = v.evaluation_id
    and f.seq = v.seq;

comment on view self_evaluation_vs_targets is '目标与自评对照：每个自评指标一行，与申报时的指标值对照 / one row per evaluated indicator beside its declared target';
comment on column self_evaluation_vs_targets.evaluation_id is '自评编号 / stable self-evaluation id';
comment on column self_evaluation_vs_targets.project_id is '匹配到的申报项目编号（见 self_evaluation_links） / the linked project, when matched';
comment on column self_evaluation_vs_targets.fiscal_year is '年度 / fiscal year';
comment on column self_evaluation_vs_targets.department is '主管部门 / supervising department';
comment on column self_evaluation_vs_targets.implementing_unit is '实施单位 / implementing unit';
comment on column self_evaluation_vs_targets.project_name is '项目名称 / project name';
comment on column self_evaluation_vs_targets.seq is '自评表中的指标序号 / indicator number in the self-evaluation';
comment on column self_evaluation_vs_targets.level1 is '一级指标 / level-1 category';
comment on column self_evaluation_vs_targets.level2 is '二级指标 / level-2 category';
comment on column self_evaluation_vs_targets.name is '三级指标 / indicator name';
comment on column self_evaluation_vs_targets.declared_match is '申报指标对照：matched 已对上，no_declared_form 无申报表，no_declared_indicator 申报表无同名指标，ambiguous 多个同名指标 / how the declared indicator was found';
comment on column self_evaluation_vs_targets.declared_seq is '申报表中的指标序号 / indicator number in the declared form';
comment on column self_evaluation_vs_targets.declared_target is '申报的指标值 / target as declared';
comment on column self_evaluation_vs_targets.evaluated_target is '自评表的年度指标值 / target as the self-evaluation prints it';
comment on column self_evaluation_vs_targets.actual is '实际完成值 / actual as printed';
comment on column self_evaluation_vs_targets.met is '是否达成；无法判断为 null / target met; null when undecidable';
comment on column self_evaluation_vs_targets.score is '得分 / score';
comment on column self_evaluation_vs_targets.max_score is '分值 / maximum score';
comment on column self_evaluation_vs_targets.target_changed is '申报与自评的指标值不同（事后改动目标）；无申报指标为 null / declared and evaluated targets differ; null without a declared indicator';
