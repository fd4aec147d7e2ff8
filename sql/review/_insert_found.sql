-- one rule's findings (the view review_found_now, made by pipelines.review) into the table,
-- each with its finding_id: a hash of the project, the rule and the rule's subject (what the
-- finding is about: the indicator by its levels and name, never its position, and the
-- values compared), so it stays the same while the form says the same thing and changes
-- when those values change. equal subjects within one project and rule (a row entered
-- twice) are told apart by their order.
insert into review_findings by name
with identified as (
    select
        * exclude (subject),
        concat_ws(chr(31), project_id, rule_id, coalesce(subject, '')) as identity
    from review_found_now
)

select
    * exclude (identity),
    left(
        sha256(
            identity || chr(31) || row_number() over (
                partition by identity order by indicator_seq nulls first, message
            )::varchar
        ),
        16
    ) as finding_id
from identified
