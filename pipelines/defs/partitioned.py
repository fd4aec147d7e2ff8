"""The parse as a partitioned asset: one partition per top-level sub-folder of raw/.

Each partition lists, hashes and parses its folder and writes Parquet fragments
(``pipelines.load.partitions``, ``pipelines.load.fragments``); it needs no DuckDB file and no lock,
so partitions run at once on as many workers as there are (the ``parse_folders`` job runs
on Dagster's Celery executor).  The one writer is the ordinary ``ingest`` job with
``from_fragments`` set: it builds the warehouse from the fragments, checks and publishes.
"""

from datetime import UTC, datetime

import dagster as dg

from pipelines.defs.resources import FormsFolders
from pipelines.load.partitions import parse_partition

RAW_FOLDERS = dg.DynamicPartitionsDefinition(name="raw_folders")


@dg.asset(partitions_def=RAW_FOLDERS, group_name="partitioned", kinds={"python", "parquet"})
def parsed_fragments(context: dg.AssetExecutionContext,
                     forms_folders: FormsFolders) -> dg.MaterializeResult:
    """One raw sub-folder parsed into Parquet fragments; skipped when its files (path, size,
    modification time) and the parser are those of its current fragments."""
    result = parse_partition(
        forms_folders.fragment_store(), forms_folders.raw, context.partition_key,
        run_id=context.run.run_id, at=datetime.now(UTC).replace(tzinfo=None),
        max_bytes=forms_folders.max_file_bytes, batch_size=forms_folders.batch_size,
        workers=forms_folders.workers, limits=forms_folders.limits)
    return dg.MaterializeResult(metadata={
        "files": result.files, "contents_parsed": result.contents_parsed,
        "forms": result.forms, "skipped": result.skipped,
        "fragments": forms_folders.fragments_url,
    })
