-- indicators of the current form of each department target, in form order.
-- small: rebuilt whole on every night that changes anything.
delete from department_indicators;

insert into department_indicators by name
select
    parsed_indicators.* exclude (form_seq) replace (targets.source_file as source_file)
from pipeline_state.parsed_department_indicators as parsed_indicators
join department_targets as targets
    on targets.source_sha256 = parsed_indicators.source_sha256
    and targets.form_seq = parsed_indicators.form_seq
order by
    parsed_indicators.target_id,
    parsed_indicators.seq
