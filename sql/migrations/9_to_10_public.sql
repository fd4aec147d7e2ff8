-- schema version 9 -> 10, the public tables: the self-evaluations (绩效自评表); no existing
-- row changes.

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
