-- What is quarantined and why: one row per reason code, with one reason as an example.
select
    reason_code,
    count(*) as quarantined,
    count(distinct source_file) as files,
    min(source_file) as example_file,
    arg_min(reason, source_file) as example_reason
from quarantine
group by reason_code
order by quarantined desc, reason_code
