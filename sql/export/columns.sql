-- name and type of every column of the relation being exported, in order.
select
    column_name,
    column_type
from (describe export_source)
