-- run history: every run and every file event, kept by every build (a full rebuild drops and
-- refills the tables of schema.sql, never these).

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
