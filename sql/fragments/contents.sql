-- the contents a partitioned run loads (incoming_frame: sha256), one fragment each: a file
-- copied into two folders is in two partitions' fragments.
select
    f.*
from fragment_rows as f
semi join incoming_frame as c
    on c.sha256 = f.sha256
qualify row_number() over (partition by f.sha256 order by f.fragment) = 1
