-- the pipeline state (schema pipeline_state): what every file and every distinct content produced,
-- kept across runs.  Public tables are rebuilt from it; only new or changed contents are
-- parsed.  Its own schema and parsed_<public table> names keep it out of the way of the
-- public tables in BI schema browsers (it sorts after main and shadows no public name),
-- while each parsed table says which public table it feeds.
create schema pipeline_state;

create table pipeline_state.meta (
    key     varchar primary key,
    value   varchar not null
);

-- one row per path ever seen under raw/
create table pipeline_state.files (
    path            varchar primary key,
    sha256          varchar,
    size_bytes      bigint,
    mtime_ns        bigint,
    first_seen_at   timestamp not null,
    changed_at      timestamp not null,
    removed_at      timestamp,
    error_code      varchar,  -- a file that could not even be hashed
    error_message   varchar,
    run_id          varchar not null  -- the run that last changed this record
);

-- one row per distinct content (sha256) that was parsed
create table pipeline_state.contents (
    sha256              varchar primary key,
    size_bytes          bigint,
    format              varchar,
    status              varchar not null,
    forms_found         integer not null,
    forms_loaded        integer not null,
    forms_quarantined   integer not null,
    message             varchar,
    first_seen_at       timestamp not null,
    last_path           varchar not null,
    parsed_run_id       varchar not null,
    parsed_at           timestamp not null
);

create table pipeline_state.parsed_projects as select * from projects limit 0;

create table pipeline_state.parsed_funds as select *, 0::integer as form_seq from funds limit 0;

create table pipeline_state.parsed_indicators as select *, 0::integer as form_seq from indicators limit 0;

create table pipeline_state.parsed_quarantine as select * exclude (run_id) from quarantine limit 0;

-- every department-wide form parsed (several may share a target_id; the build picks one)
create table pipeline_state.parsed_department_targets as select * from department_targets limit 0;

create table pipeline_state.parsed_department_tasks as
select *, 0::integer as form_seq from department_tasks limit 0;

create table pipeline_state.parsed_department_indicators as
select *, 0::integer as form_seq from department_indicators limit 0;

create table pipeline_state.parsed_category_declarations as
select *, 0::integer as form_seq from category_declarations limit 0;

create table pipeline_state.parsed_empty_forms as select * from empty_forms limit 0;

create table pipeline_state.parsed_page_coverage as select * from page_coverage limit 0;

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

-- the present files and, per content, the path it is published under (same bytes under
-- two names are loaded once, under the name seen first; ties by path order)
create view pipeline_state.current_contents as
select
    files.sha256,
    first(files.path order by files.first_seen_at, files.path) as source_file,
    min(contents.first_seen_at) as first_seen_at,
    min(contents.parsed_run_id) as parsed_run_id
from pipeline_state.files as files
join pipeline_state.contents as contents using (sha256)
where files.removed_at is null
group by files.sha256;
