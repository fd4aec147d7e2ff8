-- reviewers' decisions on review findings, and the workbooks they came from.
-- not derived from the forms: kept by every build (never dropped by a full rebuild),
-- created here when missing, so warehouses made before decisions existed gain them.
create table if not exists review_decisions (
    decision_seq        bigint not null,      -- order recorded; the highest per finding is current
    finding_id          varchar not null,
    project_id          varchar not null,
    rule_id             varchar not null,
    indicator_seq       integer,
    decision            varchar not null check (decision in ('accepted', 'dismissed', 'returned')),
    comment             varchar,
    reviewer            varchar,
    decided_at          timestamp not null,
    source              varchar not null,     -- the workbook (path and sha-256) or 'command line'
    source_row          integer,              -- the workbook row, null from the command line
    severity            varchar not null,
    message             varchar not null      -- the finding as the reviewer saw it
);

create table if not exists pipeline_state.review_imports (
    sha256              varchar primary key,  -- an imported workbook's content, imported once
    path                varchar not null,
    imported_at         timestamp not null,
    rows_recorded       integer not null,
    rows_unchanged      integer not null,
    rows_rejected       integer not null,
    rejected            varchar               -- one line per rejected row: row number and reason
);
