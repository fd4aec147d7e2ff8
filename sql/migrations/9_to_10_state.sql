-- schema version 9 -> 10, the internal schema: the parsed self-evaluation tables, made from
-- the public ones (run after 9_to_10_public.sql).

create table pipeline_state.parsed_self_evaluations as select * from self_evaluations limit 0;

create table pipeline_state.parsed_self_evaluation_funds as
select *, 0::integer as form_seq from self_evaluation_funds limit 0;

create table pipeline_state.parsed_self_evaluation_indicators as
select *, 0::integer as form_seq from self_evaluation_indicators limit 0;

create table pipeline_state.parsed_department_self_evaluations as
select * from department_self_evaluations limit 0;

create table pipeline_state.parsed_department_self_evaluation_tasks as
select *, 0::integer as form_seq from department_self_evaluation_tasks limit 0;

create table pipeline_state.parsed_department_self_evaluation_indicators as
select *, 0::integer as form_seq from department_self_evaluation_indicators limit 0;
