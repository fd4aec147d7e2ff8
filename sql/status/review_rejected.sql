-- review workbooks the runs imported from review/ with rows they refused: the reviewer's
-- rows not recorded, one line per row in rejected.
with imports as (
    select
        path,
        imported_at,
        rows_recorded,
        rows_rejected,
        rejected
    from pipeline_state.review_imports
    where rows_rejected > 0
)

select
    *
from imports
order by
    imported_at desc,
    path
