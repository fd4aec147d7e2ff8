-- the 项目资金 rows of the current form of each self_evaluations row, in form order.
-- rebuilt whole with its parent (see self_evaluations.sql).
delete from self_evaluation_funds;

insert into self_evaluation_funds by name
select
    parsed.* exclude (form_seq) replace (evaluations.source_file as source_file)
from pipeline_state.parsed_self_evaluation_funds as parsed
join self_evaluations as evaluations
    on evaluations.source_sha256 = parsed.source_sha256
    and evaluations.form_seq = parsed.form_seq
order by
    parsed.evaluation_id,
    parsed.source_line
