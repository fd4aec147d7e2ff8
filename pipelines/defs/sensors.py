"""Start an ingestion when files under raw/ are new, changed or removed, or when a filled-in
review workbook is dropped into review/ (the run records its decisions).

The run key is a hash of the pending changes' paths and content hashes, so the same
file content never triggers two runs (Dagster skips a run key it has seen), while a
file changed back and forth does trigger again once the pipeline state has moved on.
"""

import hashlib

import dagster as dg
from dagster._core.definitions.unresolved_asset_job_definition import UnresolvedAssetJobDefinition

from pipelines.defs.resources import FormsWarehouse
from pipelines.load.quiet_nights import pending_changes
from pipelines.review.workbook_import import pending_for

SENSOR_INTERVAL_SECONDS = 60


def changes_run_key(changes: list[tuple[str, str, str | None]]) -> str:
    """Stable key of a set of pending changes."""
    text = "\n".join(f"{path}\t{event}\t{sha or ''}" for path, event, sha in sorted(changes))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def raw_files_sensor(job: UnresolvedAssetJobDefinition,
                     warehouse: FormsWarehouse) -> dg.SensorDefinition:
    @dg.sensor(name="raw_files_changed", job=job,
               minimum_interval_seconds=SENSOR_INTERVAL_SECONDS,
               default_status=dg.DefaultSensorStatus.RUNNING,
               description="Runs the ingestion when raw/ holds new, changed or removed files, "
                           "or review/ a filled-in workbook not imported yet.")
    def _sensor(context: dg.SensorEvaluationContext) -> dg.SensorResult | dg.SkipReason:
        changes = pending_changes(warehouse.raw, warehouse.published)
        changes += [(f"review/{book.name}", "review", sha)
                    for book, sha in pending_for(warehouse.published, warehouse.review)]
        if not changes:
            return dg.SkipReason("raw/ matches the published pipeline state and review/ holds no "
                                 "workbook that is not imported")
        key = changes_run_key(changes)
        context.log.info(f"{len(changes)} pending change(s), run key {key[:12]}")
        return dg.SensorResult(run_requests=[dg.RunRequest(run_key=key)], cursor=key)

    return _sensor
