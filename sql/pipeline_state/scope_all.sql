-- a full build: every project the pipeline state holds is rebuilt.
create or replace table pipeline_state.build_scope as
select distinct
    project_id
from pipeline_state.parsed_projects
