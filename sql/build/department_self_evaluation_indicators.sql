-- the evaluated indicators of the current form of each department_self_evaluations row, in form order.
-- rebuilt whole with its parent (see department_self_evaluations.sql).
delete from department_self_evaluation_indicators;

insert into department_self_evaluation_indicators by name
select
    parsed.* exclude (form_seq) replace (evaluations.source_file as source_file)
from pipeline_state.parsed_department_self_evaluation_indicators as parsed
join department_self_evaluations as evaluations
    on evaluations.source_sha256 = parsed.source_sha256
    and evaluations.form_seq = parsed.form_seq
order by
    parsed.evaluation_id,
    parsed.seq
