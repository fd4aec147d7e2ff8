-- Page coverage of the documents present: how many pages print a target table, and what
-- became of them (a page with several forms counts once, by its most telling outcome).
with pages as (
    select
        source_file,
        page,
        bool_or(outcome = 'unaccounted') as unaccounted,
        bool_or(outcome = 'quarantined') as quarantined,
        bool_or(outcome = 'other_kind') as other_kind
    from page_coverage
    group by all
)

select
    count(*) as pages,
    count(distinct source_file) as documents,
    count(*) filter (where unaccounted) as unaccounted,
    count(*) filter (where quarantined and not unaccounted) as quarantined,
    count(*) filter (where other_kind) as other_kind
from pages
