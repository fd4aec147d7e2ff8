-- the current (latest) decision of every finding ever decided, and whether the finding is
-- still reported: a decided finding the unit has since corrected shows as resolved.
create or replace view current_decisions as
with latest as (
    select
        *
    from review_decisions
    qualify row_number() over (partition by finding_id order by decision_seq desc) = 1
)

select
    latest.finding_id,
    latest.project_id,
    latest.rule_id,
    latest.indicator_seq,
    latest.decision,
    latest.comment,
    latest.reviewer,
    latest.decided_at,
    latest.source,
    latest.source_row,
    latest.severity,
    latest.message,
    case when found.finding_id is null then 'resolved' else 'standing' end as finding_state
from latest
left join review_findings as found
    on found.finding_id = latest.finding_id;

comment on view current_decisions is '现行审核决定：每条审核发现的最新决定；发现已不再出现（单位已修改）时为 resolved / the latest decision of every decided finding; resolved when the finding no longer appears';
comment on column current_decisions.finding_id is '审核发现编号 / stable finding id';
comment on column current_decisions.project_id is '项目编号 / stable project id';
comment on column current_decisions.rule_id is '规则编号 / rule id';
comment on column current_decisions.indicator_seq is '决定时的指标序号 / indicator number when decided';
comment on column current_decisions.decision is '决定：accepted 接受，dismissed 不采纳，returned 退回修改 / decision';
comment on column current_decisions.comment is '审核意见 / reviewer''s comment';
comment on column current_decisions.reviewer is '审核人 / reviewer';
comment on column current_decisions.decided_at is '决定时间 / decided at';
comment on column current_decisions.source is '来源：导入的工作簿或命令行 / imported workbook or command line';
comment on column current_decisions.source_row is '工作簿行号 / workbook row';
comment on column current_decisions.severity is '严重程度 / severity';
comment on column current_decisions.message is '决定时的审核发现 / the finding as decided';
comment on column current_decisions.finding_state is '发现状态：standing 仍存在，resolved 已不再出现 / standing or resolved';
