-- an incremental build: the projects declared by the contents this run touched (parsed now,
-- or the old or new content of a path with an event) are rebuilt, and only they.
-- params: $shas (the touched contents)
create or replace table pipeline_state.build_scope as
select distinct
    project_id
from pipeline_state.parsed_projects
where source_sha256 in (select unnest($shas::varchar[]))
