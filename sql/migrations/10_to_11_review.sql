-- schema version 10 -> 11: review findings about a self-evaluation (绩效自评表) name it in
-- the new column evaluation_id; findings on declared forms keep it null. no row changes.
-- (review_findings exists once a build reviewed; a warehouse that never did gains the column
-- when ensure_review_findings creates the table.)
alter table if exists review_findings add column if not exists evaluation_id varchar;
