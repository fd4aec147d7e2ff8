-- one row per project self-evaluation: the declared project it evaluates, never guessed.
-- matched: the one declared form of the same fiscal year, unit and name (the same project_id);
-- ambiguous: several declared forms fit (a name repeated within one unit and year, or no exact
-- match but the same year and name under several units); missing: no declared form of that
-- project is loaded (a single form of the same year and name under another unit is a
-- near miss, listed as a candidate, not matched). names and units compare without whitespace,
-- as project_id does.
create or replace view self_evaluation_links as
with evaluations as (
    select
        evaluation_id,
        project_id,
        fiscal_year,
        project_name,
        department,
        implementing_unit,
        regexp_replace(project_name, '\s', '', 'g') as name_key,
        regexp_replace(coalesce(implementing_unit, department, ''), '\s', '', 'g') as unit_key
    from self_evaluations
),

declared as (
    select
        project_id,
        fiscal_year,
        regexp_replace(project_name, '\s', '', 'g') as name_key,
        regexp_replace(coalesce(implementing_unit, department, ''), '\s', '', 'g') as unit_key
    from projects
),

same_unit as (
    select
        e.evaluation_id,
        count(*) as fits,
        count_if(d.project_id = e.project_id) as exact,
        string_agg(d.project_id, ',' order by d.project_id) as ids
    from evaluations as e
    join declared as d
        on d.fiscal_year = e.fiscal_year
        and d.name_key = e.name_key
        and d.unit_key = e.unit_key
    group by e.evaluation_id
),

other_units as (
    select
        e.evaluation_id,
        count(*) as fits,
        string_agg(d.project_id, ',' order by d.project_id) as ids
    from evaluations as e
    join declared as d
        on d.fiscal_year = e.fiscal_year
        and d.name_key = e.name_key
        and d.unit_key <> e.unit_key
    group by e.evaluation_id
)

select
    e.evaluation_id,
    e.fiscal_year,
    e.department,
    e.implementing_unit,
    e.project_name,
    case
        when s.fits = 1 and s.exact = 1 then 'matched'
        when s.fits > 1 or (s.fits is null and o.fits > 1) then 'ambiguous'
        else 'missing'
    end as link_status,
    case when s.fits = 1 and s.exact = 1 then e.project_id end as project_id,
    case
        when s.fits = 1 and s.exact = 1 then 'project_id'
        when s.fits >= 1 then 'year_unit_name'
        when o.fits >= 1 then 'year_name'
    end as match_basis,
    coalesce(s.fits, o.fits, 0) as candidate_count,
    coalesce(s.ids, o.ids) as candidate_project_ids
from evaluations as e
left join same_unit as s
    on s.evaluation_id = e.evaluation_id
left join other_units as o
    on o.evaluation_id = e.evaluation_id;

comment on view self_evaluation_links is '自评表与申报表的对应：每张项目自评表一行，按年度、单位、项目名称匹配，不猜测 / one row per project self-evaluation: the declared project it evaluates, by year, unit and name, never guessed';
comment on column self_evaluation_links.evaluation_id is '自评编号 / stable self-evaluation id';
comment on column self_evaluation_links.fiscal_year is '年度 / fiscal year';
comment on column self_evaluation_links.department is '主管部门 / supervising department';
comment on column self_evaluation_links.implementing_unit is '实施单位 / implementing unit';
comment on column self_evaluation_links.project_name is '项目名称 / project name';
comment on column self_evaluation_links.link_status is '匹配状态：matched 已匹配，missing 未找到申报表，ambiguous 多张申报表均符合 / matched, missing or ambiguous';
comment on column self_evaluation_links.project_id is '匹配到的申报项目编号，仅 matched 时填写 / the matched project_id, only when matched';
comment on column self_evaluation_links.match_basis is '匹配依据：project_id 同年同单位同名称；year_unit_name 同年同单位同名称的多张表；year_name 同年同名称但单位不同（近似，不匹配） / how candidates were found';
comment on column self_evaluation_links.candidate_count is '符合条件的申报表数 / number of candidate declared forms';
comment on column self_evaluation_links.candidate_project_ids is '候选申报项目编号（逗号分隔） / candidate project ids, comma-separated';
