-- Forms loaded and quarantined from the contents a run parsed.
select
    coalesce(sum(forms_loaded), 0) as forms_loaded,
    coalesce(sum(forms_quarantined), 0) as forms_quarantined
from pipeline_state.contents
where parsed_run_id = $run_id
