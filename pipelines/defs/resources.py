"""The one resource of the pipeline: where raw forms are and where the warehouse goes.

While a run uses it, the resource holds the warehouse's writer lock, so two runs can
never build at the same time; builds left behind by crashed runs are removed once the
lock is held, and the run's own unpublished build is removed when the run ends.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb
from pydantic import PrivateAttr

from pipelines.core import settings
from pipelines.load.fragments import FragmentSource, FragmentStore
from pipelines.load.versions import PARSER_VERSION
from pipelines.load.warehouse import build_path_for, connect, discard
from pipelines.outputs.locations import exports_dir, report_path
from pipelines.publish.lock import WriterLock
from pipelines.read.limits import Limits, install


class FormsFolders(dg.ConfigurableResource):
    """Where raw forms are read and their Parquet fragments kept, and the limits on reading.

    What a partition of the parse needs (``pipelines.defs.partitioned``): it writes no
    DuckDB file, so it takes no lock and any number run at once, on any worker.
    """

    # Each default and its meaning is the setting's (pipelines.core.settings).
    raw_dir: str = settings.RAW_DIR.default
    fragments_url: str = settings.FRAGMENTS.default
    batch_size: int = 200
    workers: int = settings.WORKERS.default
    max_file_bytes: int = settings.MAX_FILE_BYTES.default
    max_expanded_bytes: int = settings.MAX_EXPANDED_BYTES.default
    file_seconds: float = settings.FILE_SECONDS.default

    @property
    def raw(self) -> Path:
        return Path(self.raw_dir).resolve()

    @property
    def limits(self) -> Limits:
        """The bounds on reading one file (``pipelines.read.limits``)."""
        return Limits(max_expanded_bytes=self.max_expanded_bytes, file_seconds=self.file_seconds)

    def fragment_store(self) -> FragmentStore:
        """The storage root of the partitions' fragments (a relative path: from here)."""
        url = self.fragments_url
        return FragmentStore(url if "://" in url else str(Path(url).resolve()))


class FormsWarehouse(FormsFolders):
    """Paths of the raw folder and the published DuckDB file, and batching limits."""

    review_dir: str = settings.REVIEW_DIR.default
    from_fragments: bool = False  # FORMS_FROM_FRAGMENTS
    warehouse_path: str = settings.WAREHOUSE.default
    exports: bool = True  # FORMS_EXPORTS
    _lock: WriterLock | None = PrivateAttr(default=None)
    _run_id: str | None = PrivateAttr(default=None)
    _outer_limits: Limits | None = PrivateAttr(default=None)

    @property
    def review(self) -> Path:
        return Path(self.review_dir).resolve()

    def fragment_source(self) -> FragmentSource | None:
        """The fragments this run publishes from, or None when it reads raw/ itself."""
        if not self.from_fragments:
            return None
        store = self.fragment_store()
        return FragmentSource.current(store, PARSER_VERSION)

    @property
    def published(self) -> Path:
        return Path(self.warehouse_path).resolve()

    @property
    def exports_dir(self) -> Path:
        """Parquet, CSV and the workbook, beside the published warehouse and named after it."""
        return exports_dir(self.published)

    @property
    def report_path(self) -> Path:
        """The visual report, beside the published warehouse and named after it."""
        return report_path(self.published)

    def build_path(self, run_id: str) -> Path:
        """The run's own build file beside the published warehouse."""
        return build_path_for(self.published, run_id)

    def builds(self, run_id: str) -> bool:
        """Whether the run writes a build; a night with nothing to do keeps the published
        file and writes none (``pipelines.load.quiet_nights.quiet_night``)."""
        return self.build_path(run_id).exists()

    @contextmanager
    def open_run(self, run_id: str) -> Iterator[duckdb.DuckDBPyConnection]:
        """The warehouse this run's assets and checks read: its build, or the published
        file (read-only, beside BI readers) when the run builds nothing."""
        if self.builds(run_id):
            with connect(self.build_path(run_id)) as con:
                yield con
        else:
            with connect(self.published, read_only=True) as con:
                yield con

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        self._lock = WriterLock(self.published)
        self._lock.acquire()
        self._run_id = context.run.run_id if context.run else None
        # the run's limits are in force for everything it reads (the ingest hands them to
        # its parse workers), whatever the environment says
        self._outer_limits = install(self.limits)
        for stale in self.published.parent.glob(self.published.name + ".build-*"):
            stale.unlink(missing_ok=True)

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        if self._run_id:
            discard(self.build_path(self._run_id))
        if self._lock:
            self._lock.release()
        install(self._outer_limits)


def folders_of(warehouse: FormsWarehouse) -> FormsFolders:
    """The partitions' resource with the raw folder, fragments and limits of ``warehouse``."""
    return FormsFolders(**{name: getattr(warehouse, name) for name in FormsFolders.model_fields})


def warehouse_from_env(raw_dir: str | None = None, warehouse_path: str | None = None,
                       review_dir: str | None = None,
                       fragments_url: str | None = None) -> FormsWarehouse:
    """Resource configured from arguments, else FORMS_* environment variables, else defaults.

    ``fragments_url`` makes the run publish from the partitions' Parquet fragments there.
    """
    env_limits = Limits.from_env()  # FORMS_MAX_EXPANDED_BYTES, FORMS_FILE_SECONDS
    return FormsWarehouse(
        raw_dir=raw_dir or settings.RAW_DIR.text(),
        review_dir=review_dir or settings.REVIEW_DIR.text(),
        fragments_url=fragments_url or settings.FRAGMENTS.text(),
        from_fragments=bool(fragments_url) or settings.FROM_FRAGMENTS.switched_on(),
        warehouse_path=warehouse_path or settings.WAREHOUSE.text(),
        workers=settings.WORKERS.whole_number(),
        max_file_bytes=settings.MAX_FILE_BYTES.whole_number(),
        exports=settings.EXPORTS.switched_on(),
        max_expanded_bytes=env_limits.max_expanded_bytes,
        file_seconds=env_limits.file_seconds,
    )
