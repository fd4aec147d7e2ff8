-- one rule's findings (the view review_found_now, made by pipelines.review.findings) into the
-- table, each with its finding_id: a hash of the project, the rule and the rule's subject (what the
-- finding is about: the indicator by its levels and name, never its position, and the
-- values compared), so it stays the same while the form says the same thing and changes
-- when those values change. the rare equal subjects within one project and rule (a row
-- entered twice) are numbered afterwards by _number_repeated.sql.
insert into review_findings by name
select
    * exclude (subject),
    left(md5(concat_ws(chr(31), project_id, rule_id, coalesce(subject, ''))), 16) as finding_id
from review_found_now
