-- one rule's findings (the view review_found_now, made by pipelines.review) into the table.
insert into review_findings by name
select
    *
from review_found_now
