-- every file's state at every run: present with the status of its content then, or removed.
-- "last seen" of a file is the latest run where its status is not removed.
create or replace view file_history as
with file_events as (
    select
        path,
        event,
        coalesce(sha256, old_sha256) as sha256,
        event_at
    from ingest_file_events
),
state_at_run as (
    select
        runs.run_id,
        runs.started_at,
        file_events.path,
        arg_max(file_events.event, file_events.event_at) as last_event,
        arg_max(file_events.sha256, file_events.event_at) as sha256
    from ingest_runs as runs
    join file_events
        on file_events.event_at <= runs.started_at
    group by
        runs.run_id,
        runs.started_at,
        file_events.path
)
select
    state_at_run.run_id,
    state_at_run.started_at,
    state_at_run.path,
    state_at_run.sha256,
    case
        when state_at_run.last_event = 'removed' then 'removed'
        else coalesce(contents.status, 'quarantined')
    end as status,
    state_at_run.last_event
from state_at_run
left join pipeline_state.contents as contents
    on contents.sha256 = state_at_run.sha256;

comment on view file_history is '每次运行时每个文件的状态 / every file''s state at every run';
comment on column file_history.run_id is '运行编号 / run id';
comment on column file_history.started_at is '运行开始时间 / when the run started';
comment on column file_history.path is '文件路径（相对 raw/） / file path under raw/';
comment on column file_history.sha256 is '当时的内容哈希 / content hash at that run';
comment on column file_history.status is '当时的状态 / status at that run (loaded, partial, quarantined, empty, removed)';
comment on column file_history.last_event is '截至该运行的最近变化 / latest change up to that run (new, changed, removed, restored)';
