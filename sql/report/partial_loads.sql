-- what was read only in part: parts of loaded forms left out, and forms of files cut off
-- while copying (quarantined as cut_off_file), one row each, for the report's section.
with parts as (
    select
        'left_out' as kind,
        source_file,
        form_seq,
        source_locator,
        reason
    from left_out
),

cuts as (
    select
        'cut_off' as kind,
        source_file,
        form_seq,
        source_locator,
        reason
    from quarantine
    where reason_code = 'cut_off_file'
)

select * from parts
union all by name
select * from cuts
order by
    source_file,
    form_seq,
    kind
limit $row_limit
