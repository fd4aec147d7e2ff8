"""Past one machine: the partitioned parse on Dagster's Celery executor, then one publisher.

``python -m pipelines.scale.cluster run`` is the nightly run of a cluster:

1. the top-level sub-folders of raw/ become the dynamic partitions of ``parsed_fragments``
   (partitions of folders that are gone are dropped with their fragments);
2. every partition whose files changed runs as its own Dagster run of the ``parse_folders``
   job on the Celery executor: the run process starts as usual and hands its step to a
   Celery worker (the CeleryRunLauncher, which would make the run itself a Celery task
   waiting on its own sub-tasks, is refused by current Celery: dagster-io/dagster#29660);
3. when every partition has succeeded, the ordinary ``ingest`` job (the one writer of the
   DuckDB file, dagster-io/dagster#16248) builds the warehouse from the fragments, runs
   the blocking checks and publishes by rename.  A failed partition (after Dagster's run
   retries) stops the night before anything is published; the partitions that succeeded
   keep their fragments and are not parsed again.

``python -m pipelines.scale.cluster demo`` does this on this machine: it starts ``redis-server``
(Debian's package, installed when missing) and Celery workers, all on 127.0.0.1, runs a
generated folder through the cluster and through the single-machine ``ingest``, and
compares the published tables digest by digest.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pipelines.core import settings
from pipelines.core.sql_files import read_sql
from pipelines.load.fragments import FragmentStore
from pipelines.load.warehouse import connect, fetch_rows

COMPARED_TABLES = ("projects", "funds", "indicators", "quarantine", "ingest_files",
                   "project_revisions", "department_targets", "department_tasks",
                   "department_indicators", "category_declarations", "empty_forms",
                   "page_coverage", "self_evaluations", "self_evaluation_funds",
                   "self_evaluation_indicators", "department_self_evaluations",
                   "department_self_evaluation_tasks", "department_self_evaluation_indicators",
                   "review_findings")
CELERY_APP = "pipelines.scale.celery_app"
QUEUE = "dagster"
STARTUP_SECONDS = 60.0
REDIS_PACKAGE = "redis-server"
# Parse processes a partition step starts on its worker: one, so a Celery worker is one
# core's worth of parsing and the cluster scales by its number of workers.  Workers run
# with the solo pool (the step in the worker's own process), because prefork's task
# processes are daemons, which may not start the parse's watched worker process.
PARSE_PROCESSES = 1


def table_digests(warehouse: Path) -> dict[str, tuple[int, str]]:
    """(rows, digest) of every compared table, over the columns that do not name the run or
    its time, independent of row order: equal digests mean equal tables."""
    digests = {}
    with connect(warehouse, read_only=True) as con:
        for table in COMPARED_TABLES:
            digests[table] = _digest(con, table)
    return digests


def _digest(con: duckdb.DuckDBPyConnection, table: str) -> tuple[int, str]:
    columns = [row[0] for row in fetch_rows(con, read_sql("cluster/compared_columns.sql"),
                                            {"table": table})]
    listed = ", ".join('"' + c.replace('"', '""') + '"' for c in columns)
    con.execute(f"create or replace temp view digest_source as select {listed} from {table}")
    rows, digest = fetch_rows(con, read_sql("cluster/table_digest.sql"))[0]
    return int(rows), str(digest)


@dataclass(frozen=True)
class ClusterConfig:
    """Where things are: raw folder, fragments root, warehouse, broker, Dagster home."""

    raw: Path
    fragments: str
    warehouse: Path
    broker: str
    dagster_home: Path

    def env(self) -> dict[str, str]:
        """The environment of every process of the cluster (workers and runs)."""
        return {**os.environ, "DAGSTER_HOME": str(self.dagster_home),
                settings.RAW_DIR.name: str(self.raw), settings.FRAGMENTS.name: self.fragments,
                settings.WAREHOUSE.name: str(self.warehouse),
                settings.CELERY_BROKER.name: self.broker,
                settings.EXPORTS.name: os.environ.get(settings.EXPORTS.name, "0")}


def run_config(config: ClusterConfig) -> dict:
    """Run config of a partition run: the Celery executor on the cluster's broker, and the
    folders resource (workers read it from the run, not from their environment)."""
    return {
        "execution": {"config": {"broker": config.broker, "backend": config.broker}},
        "resources": {"forms_folders": {"config": {"raw_dir": str(config.raw),
                                                   "fragments_url": config.fragments,
                                                   "workers": PARSE_PROCESSES}}},
        "loggers": {"console": {"config": {"log_level": "WARNING"}}},
    }


def run_partition(key: str, config: ClusterConfig) -> bool:
    """One Dagster run of ``parse_folders`` for partition ``key`` (this process waits while
    a Celery worker runs the step); True when it succeeded."""
    import dagster as dg

    from pipelines.definitions import parse_folders_job

    instance = dg.DagsterInstance.get()
    result = dg.execute_job(dg.reconstructable(parse_folders_job), instance=instance,
                            run_config=run_config(config),
                            tags={"dagster/partition": key}, raise_on_error=False)
    return result.success


def run_cluster(config: ClusterConfig, parallel: int) -> int:
    """The cluster's night: partitions on Celery, then one publish; the exit code."""
    import dagster as dg
    from dagster._core.instance.ref import InstanceRef

    from pipelines.commands.cli import run_ingest
    from pipelines.defs.partitioned import RAW_FOLDERS
    from pipelines.load.partitions import changed_partitions, parse_key
    from pipelines.read.limits import current as current_limits

    store = FragmentStore(config.fragments)
    changed = changed_partitions(config.raw, store, parse_key(_max_bytes(), current_limits()))
    store.retain(changed)
    instance = dg.DagsterInstance.from_ref(InstanceRef.from_dir(str(config.dagster_home)))
    known = set(instance.get_dynamic_partitions(RAW_FOLDERS.name))
    instance.add_dynamic_partitions(RAW_FOLDERS.name, sorted(set(changed) - known))
    todo = sorted(key for key, differs in changed.items() if differs)
    print(f"{len(changed)} partitions, {len(todo)} to parse on Celery", flush=True)
    started_at = time.monotonic()
    failed = _run_partition_processes(todo, config, parallel)
    print(f"partitions parsed in {time.monotonic() - started_at:.1f} s", flush=True)
    if failed:
        print(f"error: partitions failed: {', '.join(failed)}; nothing was published "
              "(the others keep their fragments)", file=sys.stderr)
        return 1
    started_at = time.monotonic()
    result = run_ingest(config.raw, config.warehouse, fragments=config.fragments)
    if not result.success:
        print("error: publishing from the fragments failed; the published warehouse was "
              "left as it was", file=sys.stderr)
        return 1
    print(f"published {config.warehouse} in {time.monotonic() - started_at:.1f} s", flush=True)
    return 0


def _max_bytes() -> int:
    return settings.MAX_FILE_BYTES.whole_number()


def _run_partition_processes(keys: list[str], config: ClusterConfig, parallel: int) -> list[str]:
    """Start one run process per partition, at most ``parallel`` at once; the failed keys."""
    pending, running, failed = list(keys), {}, []
    while pending or running:
        while pending and len(running) < parallel:
            key = pending.pop(0)
            running[key] = subprocess.Popen(
                [sys.executable, "-m", "pipelines.scale.cluster", "partition", key,
                 *_config_args(config)], env=config.env(), start_new_session=True)
        time.sleep(0.2)
        for key, child in list(running.items()):
            if child.poll() is not None:
                del running[key]
                if child.returncode != 0:
                    failed.append(key)
    return failed


def _config_args(config: ClusterConfig) -> list[str]:
    return ["--raw", str(config.raw), "--fragments", config.fragments,
            "--warehouse", str(config.warehouse), "--broker", config.broker]


# --- the demo: redis and Celery workers on this machine -------------------------------------

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def redis_server() -> str | None:
    """The redis-server program, installed from Debian when missing (None if impossible)."""
    found = shutil.which("redis-server")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        subprocess.run(["apt-get", "update", "-qq"], check=False, **quiet)
        subprocess.run(["apt-get", "install", "-y", "-qq", REDIS_PACKAGE], check=False,
                       env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"}, **quiet)
    return shutil.which("redis-server")


@contextmanager
def started(args: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen]:
    """A child in its own process group, ended by that group when the block ends."""
    with log.open("ab") as out:
        child = subprocess.Popen(args, env=env, stdout=out, stderr=subprocess.STDOUT,
                                 start_new_session=True)
    try:
        yield child
    finally:
        stop_group(child)


def stop_group(child: subprocess.Popen) -> None:
    """SIGTERM to the child's process group, SIGKILL if it is still there after 10 s."""
    if child.poll() is not None:
        return
    with suppress(ProcessLookupError):
        os.killpg(child.pid, signal.SIGTERM)
    try:
        child.wait(timeout=10)
    except subprocess.TimeoutExpired:
        with suppress(ProcessLookupError):
            os.killpg(child.pid, signal.SIGKILL)
        child.wait()


def wait_for_port(port: int, seconds: float = STARTUP_SECONDS) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {seconds:.0f} s")


def wait_for_workers(broker: str, count: int, seconds: float = STARTUP_SECONDS) -> None:
    """Until ``count`` Celery workers answer a ping on the broker."""
    from pipelines.scale.celery_app import make_worker_app

    app = make_worker_app(broker)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        replies = app.control.ping(timeout=1.0) or []
        if len(replies) >= count:
            return
    raise RuntimeError(f"{count} Celery workers did not start within {seconds:.0f} s")


@contextmanager
def local_cluster(work: Path, workers: int, env: dict[str, str]) -> Iterator[str]:
    """redis-server and ``workers`` Celery workers on 127.0.0.1; yields the broker URL."""
    server = redis_server()
    if server is None:
        raise RuntimeError("redis-server is not installed and cannot be installed here "
                           f"(apt-get install {REDIS_PACKAGE})")
    port = free_port()
    broker = f"redis://127.0.0.1:{port}/0"
    logs = work / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    redis_args = [server, "--bind", "127.0.0.1", "--port", str(port), "--save", "",
                  "--appendonly", "no", "--protected-mode", "yes"]
    with started(redis_args, env, logs / "redis.log"):
        wait_for_port(port)
        env = {**env, settings.CELERY_BROKER.name: broker}
        with _workers(workers, env, logs):
            wait_for_workers(broker, workers)
            yield broker


@contextmanager
def _workers(count: int, env: dict[str, str], logs: Path) -> Iterator[None]:
    children = []
    try:
        for number in range(1, count + 1):
            log = (logs / f"worker{number}.log").open("ab")
            children.append(subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", CELERY_APP, "worker", "-Q", QUEUE,
                 "--pool", "solo", "--prefetch-multiplier", "1", "--without-gossip",
                 "--without-mingle", "--hostname", f"forms{number}@%h", "--loglevel",
                 "WARNING"], env=env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True))
            log.close()
        yield
    finally:
        for child in children:
            stop_group(child)


def demo(forms: int, workers: int, work: Path | None = None) -> int:
    """Generate a folder, run it on a local Celery cluster and in one process, compare.

    Without ``work`` everything is made in a temporary folder, removed afterwards."""
    if work is not None:
        return _demo_in(work, forms, workers)
    with tempfile.TemporaryDirectory(prefix="forms-cluster-") as base:
        return _demo_in(Path(base), forms, workers)


def _demo_in(base: Path, forms: int, workers: int) -> int:
    from pipelines.bench.forms import generate_corpus
    from pipelines.commands.cli import run_ingest

    raw = base / "raw"
    if not raw.exists():
        corpus = generate_corpus(raw, forms)
        print(f"generated {corpus.forms:,} forms in {corpus.files:,} files under {raw}")
    home = dagster_home(base)
    config = ClusterConfig(raw, str(base / "parquet"), base / "celery" / "forms.duckdb",
                           "", home)
    with local_cluster(base, workers, config.env()) as broker:
        config = ClusterConfig(config.raw, config.fragments, config.warehouse, broker, home)
        started_at = time.monotonic()
        code = run_cluster(config, parallel=max(2, workers * 2))
        print(f"cluster run on {workers} Celery worker(s): {time.monotonic() - started_at:.1f} s")
    if code:
        return code
    single = base / "in_process" / "forms.duckdb"
    started_at = time.monotonic()
    if not run_ingest(raw, single).success:
        print("error: the in-process run failed", file=sys.stderr)
        return 1
    print(f"in-process run: {time.monotonic() - started_at:.1f} s")
    return compare(config.warehouse, single)


def dagster_home(base: Path) -> Path:
    """The Dagster instance the runs are recorded in: ``$DAGSTER_HOME`` when set (``make``
    sets the repo root, so ``make dev`` shows the runs), else one beside the work folder
    with this repo's dagster.yaml.  Workers and runs must share it (its run storage)."""
    if os.environ.get("DAGSTER_HOME"):
        return Path(os.environ["DAGSTER_HOME"]).resolve()
    home = base / "dagster_home"
    home.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(Path(__file__).resolve().parents[2] / "dagster.yaml", home / "dagster.yaml")
    return home


def compare(left: Path, right: Path) -> int:
    """Print both digests per table; 0 when every table is equal."""
    ours, theirs = table_digests(left), table_digests(right)
    equal = True
    print(f"{'table':24} {'rows':>9}  {'celery digest':>22}  {'in-process digest':>22}")
    for table in COMPARED_TABLES:
        same = ours[table] == theirs[table]
        equal &= same
        print(f"{table:24} {ours[table][0]:>9,}  {ours[table][1][-22:]:>22}  "
              f"{theirs[table][1][-22:]:>22}  {'equal' if same else 'DIFFERENT'}")
    print("tables identical" if equal else "error: tables differ")
    return 0 if equal else 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m pipelines.scale.cluster")
    sub = parser.add_subparsers(dest="command", required=True)
    show = sub.add_parser("demo", help="local redis + Celery workers; compare with in-process")
    show.add_argument("--forms", type=int, default=5000)  # three folders: partitions to share
    show.add_argument("--workers", type=int, default=2)
    show.add_argument("--dir", type=Path, help="work folder (default: a new temporary one)")
    for name in ("run", "partition"):
        command = sub.add_parser(name)
        if name == "partition":
            command.add_argument("key")
        command.add_argument("--raw", type=Path, default=Path("raw"))
        command.add_argument("--fragments", default="warehouse/parquet")
        command.add_argument("--warehouse", type=Path, default=Path("warehouse/forms.duckdb"))
        command.add_argument("--broker", default=settings.CELERY_BROKER.text())
        command.add_argument("--parallel", type=int, default=4,
                             help="partition runs in flight at once")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "demo":
        return demo(args.forms, args.workers, args.dir)
    config = ClusterConfig(args.raw.resolve(), args.fragments, args.warehouse.resolve(),
                           args.broker, Path(os.environ.get("DAGSTER_HOME", ".")).resolve())
    if args.command == "partition":
        return 0 if run_partition(args.key, config) else 1
    return run_cluster(config, args.parallel)


if __name__ == "__main__":
    raise SystemExit(main())
