-- what became of every page with a target-table signal, for the files present now (under
-- their present path), page by page.
-- small: rebuilt whole on every night that changes anything.
delete from page_coverage;

insert into page_coverage by name
with present_pages as (
    select
        pages.* replace (present.source_file as source_file)
    from pipeline_state.parsed_page_coverage as pages
    join pipeline_state.current_contents as present
        on present.sha256 = pages.source_sha256
)

select * from present_pages
order by
    source_file,
    page,
    form_seq
