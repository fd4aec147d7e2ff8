-- findings that got the same finding_id (the same subject twice in one project and rule,
-- e.g. an indicator row entered twice): the first in form order keeps the id, the k-th
-- gets a hash of the id and k. only the repeated ids are windowed, so this costs one
-- grouping of the ids, not a sort of every finding.
update review_findings
set finding_id = numbered.new_id
from (
    select
        row_id,
        left(md5(finding_id || chr(31) || occurrence::varchar), 16) as new_id
    from (
        select
            rowid as row_id,
            finding_id,
            row_number() over (
                partition by finding_id order by indicator_seq nulls first, message, rowid
            ) as occurrence
        from review_findings
        where finding_id in (
            select
                finding_id
            from review_findings
            group by finding_id
            having count(*) > 1
        )
    )
    where occurrence > 1
) as numbered
where review_findings.rowid = numbered.row_id
