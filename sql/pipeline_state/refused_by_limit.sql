-- contents refused by a limit on reading one file (size, unpacked size or time): parsed
-- again when the limits of a run differ from those they were refused under.
select sha256
from pipeline_state.contents
where status = 'quarantined'
    and (
        message like 'file_too_large:%'
        or message like 'expands_too_large:%'
        or message like 'file_time_limit:%'
    )
