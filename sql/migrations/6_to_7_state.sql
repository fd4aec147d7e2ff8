-- schema version 6 -> 7, the internal schema: the parsed rows of the new public columns and table
-- (see 6_to_7_public.sql).
create table pipeline_state.parsed_page_coverage as select * from page_coverage limit 0;
alter table pipeline_state.parsed_department_forms
add column target_kind varchar default 'department';
