-- schema version 6 -> 7: department-wide forms carry their kind (target_kind: department
-- or special_fund), so a 专项资金整体绩效目标表 never replaces the department's own targets.
-- Every row of a version-6 warehouse was read as the department's own; the parser version
-- changes with it, so every content is parsed again and gets its true kind.
-- page_coverage and its ledger table are new; contents parsed before carry no pages until
-- they are parsed again (the parser version changes with this schema).
create table page_coverage (
    source_file         varchar not null,
    source_sha256       varchar not null,
    page                integer not null,
    outcome             varchar not null,
    form_seq            integer,
    reason_code         varchar,
    reason              varchar
);
create table pipeline_state.parsed_page_coverage as select * from page_coverage limit 0;
alter table department_targets add column target_kind varchar default 'department';
alter table pipeline_state.parsed_department_forms
add column target_kind varchar default 'department';
