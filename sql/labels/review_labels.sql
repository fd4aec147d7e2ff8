-- what people read for the review's ids ($labels: kind, id, label from pipelines.review.labels,
-- and rank, the id's place in its list: severities order findings by it),
-- a temporary table of this session that queries join instead of spelling labels out.
create or replace temp table review_labels as
select
    unnest($labels, recursive := true)
