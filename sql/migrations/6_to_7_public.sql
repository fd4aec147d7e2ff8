-- schema version 6 -> 7, the public tables: department-wide forms carry their kind
-- (target_kind: department or special_fund), so a 专项资金整体绩效目标表 never replaces the
-- department's own targets; every row of a version-6 warehouse was read as the
-- department's own.  page_coverage is new.  The parser version changes with this schema,
-- so every content is parsed again: its pages and true kinds come then.
create table page_coverage (
    source_file         varchar not null,
    source_sha256       varchar not null,
    page                integer not null,
    outcome             varchar not null,
    form_seq            integer,
    reason_code         varchar,
    reason              varchar
);
alter table department_targets add column target_kind varchar default 'department';
