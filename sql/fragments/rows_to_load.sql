-- the rows of one fragment table (fragment_rows) that belong to the contents being loaded
-- (incoming_frame: each content's sha256 and the fragment chosen for it).
select
    f.*
from fragment_rows as f
semi join incoming_frame as c
    on c.sha256 = f.source_sha256
    and c.fragment = f.fragment
