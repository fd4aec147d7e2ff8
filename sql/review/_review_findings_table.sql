-- the table every review rule writes to; created once and refilled, so comments and views survive.
create table if not exists review_findings (
    project_id          varchar not null,
    indicator_seq       integer,
    rule_id             varchar not null,
    severity            varchar not null,  -- error | warning | info
    message             varchar not null,
    details             varchar,
    finding_id          varchar not null,  -- stable across nights: see _insert_found.sql
    evaluation_id       varchar            -- the self-evaluation a finding is about (schema 11); null on declared forms
);
