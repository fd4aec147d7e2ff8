-- public schema of warehouse/forms.duckdb: the tables every full build drops and refills from
-- the parsed rows (run history is in history.sql, the internal schema in pipeline_state.sql).
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

-- self-evaluations (绩效自评表), published with the final accounts (部门决算): what a unit
-- reports it achieved against the targets it declared.  One row per current project form.
create table self_evaluations (
    evaluation_id       varchar primary key,  -- stable: hash of fiscal year, implementing unit (else 主管部门), project name
    project_id          varchar not null,     -- the project_id a declared form of the same year, unit and name has
    fiscal_year         integer not null,
    project_name        varchar not null,
    department          varchar,              -- 主管部门
    implementing_unit   varchar,              -- 实施单位
    goal_expected       varchar,              -- 年度总体目标: 预期目标（年初设定）
    goal_achieved       varchar,              -- 年度总体目标: 实际完成情况
    max_score_total     decimal(12, 4),        -- 总分 分值 as printed (usually 100)
    score_total         decimal(12, 4),        -- 总分 得分 as printed
    amount_unit         varchar,              -- 元 | 万元, as printed
    template            varchar not null,
    form_title          varchar,
    fiscal_year_source  varchar not null,     -- form | title | document
    source_file         varchar not null,
    source_sha256       varchar not null,
    source_line         integer not null,
    source_locator      varchar not null,
    form_seq            integer not null
);

-- 项目资金 of a self-evaluation: one row per printed item (年度资金总额, 当年财政拨款, …)
create table self_evaluation_funds (
    evaluation_id       varchar not null,
    item                varchar not null,     -- annual_total | annual_appropriation | carryover | annual_other
    initial_budget_yuan decimal(18, 2),       -- 年初预算数
    budget_yuan         decimal(18, 2),       -- 全年预算数（A）
    executed_yuan       decimal(18, 2),       -- 全年执行数（B）
    max_score           decimal(12, 4),        -- 分值 (printed on the total row only)
    execution_rate_pct  decimal(12, 4),        -- 执行率（B/A） as printed, in percent
    score               decimal(12, 4),        -- 得分
    unit_as_written     varchar not null,
    label_as_written    varchar not null,
    amounts_as_written  varchar,              -- the row's printed cells, ' | '-joined
    source_file         varchar not null,
    source_sha256       varchar not null,
    source_line         integer not null,
    source_locator      varchar not null
);

create table self_evaluation_indicators (
    evaluation_id       varchar not null,
    seq                 integer not null,
    level1              varchar,
    level2              varchar,
    name                varchar not null,
    target_raw          varchar,              -- 年度指标值 as printed, parsed like a declared target
    target_op           varchar,
    target_value        decimal(24, 6),
    target_unit         varchar,
    actual_raw          varchar,              -- 实际完成值 as printed, parsed the same way
    actual_op           varchar,
    actual_value        decimal(24, 6),
    actual_unit         varchar,
    is_quantitative     boolean not null,     -- the target is numeric
    max_score           decimal(12, 4),        -- 分值
    score               decimal(12, 4),        -- 得分
    deviation_reason    varchar,              -- 偏差原因分析及改进措施
    met                 boolean,              -- the actual meets the target; null where that cannot be decided
    level1_as_written   varchar,
    level2_as_written   varchar,
    attributes          varchar,              -- json object: other columns by printed header (指标解释…); null when none
    source_file         varchar not null,
    source_sha256       varchar not null,
    source_line         integer not null,
    source_locator      varchar not null,
    primary key (evaluation_id, seq)
);

-- 部门整体支出绩效自评表: one row per current department and fiscal year
create table department_self_evaluations (
    evaluation_id       varchar primary key,  -- stable: hash of fiscal year and department
    fiscal_year         integer not null,
    department          varchar not null,
    budget_yuan         decimal(18, 2),       -- 全年预算数 总额 (the 金额合计 row)
    executed_yuan       decimal(18, 2),       -- 全年执行数 总额
    execution_rate_pct  decimal(12, 4),        -- 执行率 of the total, as printed, in percent
    max_score_total     decimal(12, 4),        -- 总分 分值
    score_total         decimal(12, 4),        -- 总分 得分
    goal_expected       varchar,
    goal_achieved       varchar,
    amount_unit         varchar,
    form_title          varchar,
    fiscal_year_source  varchar not null,
    department_source   varchar not null,     -- form | title | document
    source_file         varchar not null,
    source_sha256       varchar not null,
    source_line         integer not null,
    source_locator      varchar not null,
    form_seq            integer not null
);

-- 年度主要任务完成情况 of a department self-evaluation
create table department_self_evaluation_tasks (
    evaluation_id           varchar not null,
    seq                     integer not null,
    task_name               varchar not null,
    content                 varchar,          -- 主要内容
    completion              varchar,          -- 完成情况
    budget_yuan             decimal(18, 2),   -- 全年预算数 总额
    budget_fiscal_yuan      decimal(18, 2),   -- 全年预算数 财政拨款
    budget_other_yuan       decimal(18, 2),   -- 全年预算数 其他资金
    executed_yuan           decimal(18, 2),   -- 全年执行数 总额
    executed_fiscal_yuan    decimal(18, 2),
    executed_other_yuan     decimal(18, 2),
    max_score               decimal(12, 4),    -- 分值
    execution_rate_pct      decimal(12, 4),    -- 执行率, in percent
    score                   decimal(12, 4),    -- 得分
    amounts_as_written      varchar,
    source_file             varchar not null,
    source_sha256           varchar not null,
    source_line             integer not null,
    source_locator          varchar not null,
    primary key (evaluation_id, seq)
);

create table department_self_evaluation_indicators (
    evaluation_id       varchar not null,
    seq                 integer not null,
    level1              varchar,
    level2              varchar,
    name                varchar not null,
    target_raw          varchar,
    target_op           varchar,
    target_value        decimal(24, 6),
    target_unit         varchar,
    actual_raw          varchar,
    actual_op           varchar,
    actual_value        decimal(24, 6),
    actual_unit         varchar,
    is_quantitative     boolean not null,
    max_score           decimal(12, 4),
    score               decimal(12, 4),
    deviation_reason    varchar,
    met                 boolean,
    level1_as_written   varchar,
    level2_as_written   varchar,
    attributes          varchar,
    source_file         varchar not null,
    source_sha256       varchar not null,
    source_line         integer not null,
    source_locator      varchar not null,
    primary key (evaluation_id, seq)
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
