-- staging tables of one build: every parsed form, duplicates included.
-- they live in schema staging of the build file and are dropped before publishing.
create schema staging;

create table staging.forms as select * from projects limit 0;

create table staging.funds as select *, 0::integer as form_seq from funds limit 0;

create table staging.indicators as select *, 0::integer as form_seq from indicators limit 0;

create table staging.files as select * from ingest_files limit 0;

create table staging.problems as select * from quarantine limit 0;
