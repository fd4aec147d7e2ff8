-- forms stating they hold no data, for the files present now (under their present path).
-- small: rebuilt whole on every night that changes anything.
delete from empty_forms;

insert into empty_forms by name
with present_forms as (
    select
        empty.* replace (present.source_file as source_file)
    from pipeline_state.parsed_empty_forms as empty
    join pipeline_state.current_contents as present
        on present.sha256 = empty.source_sha256
)

select * from present_forms
order by
    source_file,
    form_seq
