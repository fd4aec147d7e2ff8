-- public schema of warehouse/forms.duckdb.
-- table and column names are a contract with dashboards and scripts: add, never rename.

create table projects (
    project_id          varchar primary key,  -- stable: hash of fiscal year, implementing unit, project name
    fiscal_year         integer not null,
    project_name        varchar not null,
    project_nature      varchar,
    project_category    varchar,
    department          varchar,
    department_code     varchar,
    implementing_unit   varchar,
    planned_start       date,
    planned_end         date,
    overall_goal        varchar,
    annual_goal         varchar,
    template            varchar not null,
    form_title          varchar,
    amount_unit         varchar,
    fiscal_year_source  varchar not null default 'form',  -- form | title | document
    department_source   varchar,                          -- form | title | document; null without a department
    project_name_source varchar not null default 'form',  -- form | title | document
    source_file         varchar not null,
    source_sha256       varchar not null,
    source_line         integer not null,
    source_locator      varchar not null,
    form_seq            integer not null
);

create table funds (
    project_id          varchar not null,
    item                varchar not null,
    amount_yuan         decimal(18, 2) not null,
    unit_as_written     varchar not null,
    amount_as_written   varchar not null,
    label_as_written    varchar not null,
    source_file         varchar not null,
    source_sha256       varchar not null,
    source_line         integer not null,
    source_locator      varchar not null
    -- (project_id, item) is unique: checked by fund_item_unique, not a primary key, whose
    -- index duckdb must hold in memory (millions of rows at a national review's size)
);

create table indicators (
    project_id          varchar not null,
    seq                 integer not null,
    level1              varchar,
    level2              varchar,
    name                varchar not null,
    target_raw          varchar,
    target_op           varchar,
    target_value        decimal(24, 6),
    target_unit         varchar,
    is_quantitative     boolean not null,
    level1_as_written   varchar,
    level2_as_written   varchar,
    weight              varchar,
    explanation         varchar,
    value_content       varchar,
    scoring_standard    varchar,
    remark              varchar,
    period_target       varchar,
    level1_inferred     boolean not null default false,  -- 一级 blank in the form, taken from the framework
    attributes          varchar,  -- json object: other columns by printed header; null when none
    source_file         varchar not null,
    source_sha256       varchar not null,
    source_line         integer not null,
    source_locator      varchar not null
    -- (project_id, seq) is unique: checked by indicator_seq_unique (see funds)
);

-- department-wide forms (部门整体绩效目标表): one current form per department and year.
create table department_targets (
    target_id               varchar primary key,  -- stable: hash of fiscal year and department
    fiscal_year             integer not null,
    department              varchar not null,
    department_code         varchar,
    budget_total_yuan       decimal(18, 2),  -- null when not printed
    budget_total_as_written varchar,
    amount_unit             varchar,
    annual_goal             varchar,
    form_title              varchar,
    fiscal_year_source      varchar not null,  -- form | title | document
    department_source       varchar not null,  -- form | title | document
    source_file             varchar not null,
    source_sha256           varchar not null,
    source_line             integer not null,
    source_locator          varchar not null,
    form_seq                integer not null,
    -- department: the 部门整体（支出）绩效目标表; special_fund: a 专项资金整体绩效目标表,
    -- another kind that never replaces the department's own (last: added by schema 7)
    target_kind             varchar not null default 'department'
);

create table department_tasks (
    target_id           varchar not null,
    seq                 integer not null,
    task_name           varchar not null,
    content             varchar,
    amount_yuan         decimal(18, 2),
    fiscal_yuan         decimal(18, 2),
    other_yuan          decimal(18, 2),
    amount_as_written   varchar,
    source_file         varchar not null,
    source_sha256       varchar not null,
    source_line         integer not null,
    source_locator      varchar not null,
    primary key (target_id, seq)
);

create table department_indicators (
    target_id           varchar not null,
    seq                 integer not null,
    level1              varchar,
    level2              varchar,
    name                varchar not null,
    target_raw          varchar,
    target_op           varchar,
    target_value        decimal(24, 6),
    target_unit         varchar,
    is_quantitative     boolean not null,
    level1_as_written   varchar,
    level2_as_written   varchar,
    weight              varchar,
    explanation         varchar,
    value_content       varchar,
    scoring_standard    varchar,
    remark              varchar,
    period_target       varchar,
    level1_inferred     boolean not null default false,
    attributes          varchar,
    source_file         varchar not null,
    source_sha256       varchar not null,
    source_line         integer not null,
    source_locator      varchar not null,
    primary key (target_id, seq)
);

-- 二级 categories a current form names without an indicator under them.
create table category_declarations (
    owner_kind          varchar not null,  -- project | department
    owner_id            varchar not null,  -- project_id or target_id
    project_id          varchar,           -- null for a department form
    seq                 integer not null,  -- order within the form
    level1              varchar,
    level2              varchar,
    declaration         varchar not null,  -- not_applicable | listed_empty
    text_as_written     varchar not null,
    source_file         varchar not null,
    source_sha256       varchar not null,
    source_line         integer not null,
    source_locator      varchar not null
);

-- forms that state they hold no data (故此表无数据): neither loaded nor quarantined.
create table empty_forms (
    source_file         varchar not null,
    source_sha256       varchar not null,
    form_seq            integer not null,
    form_title          varchar,
    statement           varchar not null,
    source_line         integer not null,
    source_locator      varchar not null
);

-- what became of every page of a document that prints a target table (PDF disclosures)
create table page_coverage (
    source_file         varchar not null,
    source_sha256       varchar not null,
    page                integer not null,
    outcome             varchar not null,  -- form_started | form_continued | quarantined |
                                           -- stated_empty | other_kind | unaccounted
    form_seq            integer,
    reason_code         varchar,
    reason              varchar
);

create table project_revisions (
    project_id          varchar not null,
    status              varchar not null,  -- current | superseded | retired
    fiscal_year         integer not null,
    project_name        varchar not null,
    implementing_unit   varchar,
    source_file         varchar not null,
    source_sha256       varchar not null,
    source_line         integer not null,
    form_seq            integer not null,
    first_seen_at       timestamp not null,  -- when this file content first arrived
    superseded_by_file  varchar,
    superseded_by_line  integer,
    reason              varchar
);

create table ingest_files (
    path                varchar not null,
    sha256              varchar,
    size_bytes          bigint,
    format              varchar,
    status              varchar not null,  -- loaded | partial | quarantined | empty | duplicate | removed
    forms_found         integer not null,
    forms_loaded        integer not null,
    forms_quarantined   integer not null,
    message             varchar,
    run_id              varchar,           -- run that parsed this content
    ingested_at         timestamp,         -- when this content was parsed
    first_seen_at       timestamp not null,
    changed_at          timestamp not null,
    removed_at          timestamp,
    duplicate_of        varchar
);

create table quarantine (
    source_file         varchar not null,
    source_sha256       varchar,
    scope               varchar not null,  -- file | form
    form_seq            integer,
    source_line         integer,
    source_locator      varchar,
    reason_code         varchar not null,
    reason              varchar not null,
    excerpt             varchar,
    run_id              varchar not null
);

create table left_out (
    source_file         varchar not null,
    source_sha256       varchar not null,
    form_seq            integer not null,  -- the loaded form the part belongs to
    source_locator      varchar,
    reason_code         varchar not null,  -- part_left_out
    reason              varchar not null,  -- what was left out, Chinese first
    run_id              varchar not null
);

create table if not exists ingest_runs (
    run_id              varchar primary key,
    started_at          timestamp not null,
    finished_at         timestamp,
    files_seen          integer not null,
    files_new           integer not null,
    files_changed       integer not null,
    files_removed       integer not null,
    files_unchanged     integer not null,
    contents_parsed     integer not null,
    full_reparse        boolean not null
);

create table if not exists ingest_file_events (
    run_id      varchar not null,
    event_at    timestamp not null,
    path        varchar not null,
    event       varchar not null,  -- new | changed | removed | restored
    sha256      varchar,
    old_sha256  varchar
);
