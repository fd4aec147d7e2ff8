-- findings no reviewer has decided yet, with the project they are about.
create or replace view open_findings as
select
    p.fiscal_year,
    p.department,
    p.implementing_unit,
    p.project_name,
    r.*
from review_findings as r
left join projects as p
    on p.project_id = r.project_id
anti join review_decisions as d
    on d.finding_id = r.finding_id;

comment on view open_findings is '待审核发现：尚无审核决定的审核发现 / findings without a reviewer''s decision';
comment on column open_findings.fiscal_year is '预算年度 / fiscal year';
comment on column open_findings.department is '主管部门 / supervising department';
comment on column open_findings.implementing_unit is '实施单位 / implementing unit';
comment on column open_findings.project_name is '项目名称 / project name';
comment on column open_findings.project_id is '项目编号 / stable project id';
comment on column open_findings.indicator_seq is '指标序号，项目级发现为 null / indicator number, null for project-level findings';
comment on column open_findings.rule_id is '规则编号 / rule id';
comment on column open_findings.severity is '严重程度：error, warning, info / severity';
comment on column open_findings.message is '审核发现 / finding';
comment on column open_findings.details is '明细（JSON） / details as json';
comment on column open_findings.finding_id is '审核发现编号 / stable finding id';
comment on column open_findings.evaluation_id is '自评表编号，申报表的发现为 null / the self-evaluation a finding is about, null on declared forms';
