-- schema version 7 -> 8, the public tables: left_out lists the parts of loaded forms that
-- were not loaded (a second, different 绩效目标, a row or coded entry the parser could not
-- place); such a file is `partial` in ingest_files.  The parser version changes with this
-- schema, so every content is parsed again and its parts left out are found then.
create table left_out (
    source_file         varchar not null,
    source_sha256       varchar not null,
    form_seq            integer not null,  -- the loaded form the part belongs to
    source_locator      varchar,
    reason_code         varchar not null,  -- part_left_out
    reason              varchar not null,  -- what was left out, Chinese first
    run_id              varchar not null
);
