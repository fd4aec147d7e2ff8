-- the content hashes of every imported workbook.
select
    sha256
from pipeline_state.review_imports
