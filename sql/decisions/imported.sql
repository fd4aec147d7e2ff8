-- whether a workbook with this content (sha-256 $1) was imported before.
select
    imported_at
from pipeline_state.review_imports
where sha256 = $1
