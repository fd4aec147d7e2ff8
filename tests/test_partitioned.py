"""The partitioned parse: Parquet fragments per raw sub-folder, published by the one writer,
give the same tables as the single-machine run; on Dagster's Celery executor with Redis
and two workers too (``make cluster-demo`` in small).

The Celery test starts redis-server and the workers itself, on 127.0.0.1, and stops them
by their process groups; it never installs anything (`.ci/run` installs redis-server) and
is skipped, with the reason, where redis-server is not installed.
"""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import dagster as dg
import pytest
from warehouse_helpers import ingest, table

from pipelines.bench.forms import generate_corpus
from pipelines.commands.cli import run_ingest
from pipelines.definitions import build_definitions
from pipelines.defs.resources import FormsFolders, warehouse_from_env
from pipelines.load.fragments import FragmentStore, partition_of
from pipelines.load.partitions import parse_partition, raw_partitions
from pipelines.read.limits import Limits
from pipelines.scale import cluster
from pipelines.scale.cluster import table_digests

FORMS = 600
LIMITS = Limits(max_expanded_bytes=1 << 28, file_seconds=600)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated folder of forms in district sub-folders (two or more partitions)."""
    raw = tmp_path_factory.mktemp("partitioned") / "raw"
    generate_corpus(raw, FORMS)
    second = raw / "第二批 files"  # a second folder (with a space) from every other file
    for number, path in enumerate(sorted(p for p in raw.rglob("*") if p.is_file())):
        if number % 2:
            target = second / path.relative_to(raw)
            target.parent.mkdir(parents=True, exist_ok=True)
            path.rename(target)
    (raw / "loose.txt").write_bytes(next(raw.rglob("*.txt")).read_bytes())  # a _root file
    return raw


def parse_all(store: FragmentStore, raw: Path) -> dict[str, bool]:
    """Every partition parsed in this process; whether each was skipped."""
    return {key: parse_partition(store, raw, key, run_id="test", at=datetime(2026, 12, 1),
                                 max_bytes=1 << 28, batch_size=50, workers=1,
                                 limits=LIMITS).skipped
            for key in raw_partitions(raw)}


def copy_of(raw: Path, tmp_path: Path) -> Path:
    target = tmp_path / "raw"
    shutil.copytree(raw, target)
    return target


@pytest.mark.parametrize("root", ["local", "memory"])
def test_publishing_from_fragments_gives_the_single_machine_tables(
        corpus: Path, tmp_path: Path, root: str) -> None:
    url = str(tmp_path / "parquet") if root == "local" else f"memory://forms-{tmp_path.name}"
    store = FragmentStore(url)
    skipped = parse_all(store, corpus)
    assert len(skipped) >= 3 and "_root" in skipped and not any(skipped.values())
    partitioned = tmp_path / "partitioned" / "forms.duckdb"
    nowhere = tmp_path / "raw not mounted here"  # the publisher reads only the fragments
    result = run_ingest(nowhere, partitioned, fragments=url)
    assert result.success
    state_step = result.asset_materializations_for_node("pipeline_state")[0].metadata
    assert state_step["files_new"].value == sum(1 for p in corpus.rglob("*") if p.is_file())
    single = tmp_path / "single" / "forms.duckdb"
    ingest(corpus, single)
    digests = table_digests(partitioned)
    assert digests == table_digests(single)
    assert digests["projects"][0] > FORMS * 0.9 and digests["indicators"][0] > FORMS
    assert table(partitioned, "select count(*) as n from review_findings")[0]["n"] > 0


def test_fragments_are_hive_by_year_and_carry_their_content_hashes(corpus: Path,
                                                                   tmp_path: Path) -> None:
    store = FragmentStore(str(tmp_path / "parquet"))
    parse_all(store, corpus)
    years = {p.name for p in (tmp_path / "parquet" / "projects").iterdir()}
    assert years and all(name.startswith("fiscal_year=") for name in years)
    listed = table_of_parquet(tmp_path / "parquet" / "ingest_files")
    assert len(listed) == sum(1 for p in corpus.rglob("*") if p.is_file())
    assert all(len(row["sha256"]) == 64 for row in listed if row["error_code"] is None)
    manifests = store.manifests()
    assert {m.partition for m in manifests} == set(raw_partitions(corpus))
    assert all(partition_of(row["path"]) == m.partition for m in manifests for row in m.listing)


def test_only_changed_partitions_are_parsed_again_and_gone_ones_dropped(
        corpus: Path, tmp_path: Path) -> None:
    raw = copy_of(corpus, tmp_path)
    store = FragmentStore(str(tmp_path / "parquet"))
    parse_all(store, raw)
    assert all(parse_all(store, raw).values())  # nothing changed: every partition skipped
    folders = sorted(p for p in raw.iterdir() if p.is_dir())
    changed = next(folders[0].rglob("*.txt"))
    changed.write_bytes(changed.read_bytes() + b"\n")
    shutil.rmtree(folders[1])
    keys = raw_partitions(raw)
    assert folders[1].name not in keys
    skipped = parse_all(store, raw)
    assert skipped[folders[0].name] is False
    assert all(skipped[key] for key in keys if key != folders[0].name)
    assert store.retain(keys) == [folders[1].name]
    assert not list((tmp_path / "parquet").rglob(f"*{_pid(folders[1].name)}*"))
    partitioned = tmp_path / "partitioned.duckdb"
    assert run_ingest(tmp_path / "elsewhere", partitioned,
                      fragments=str(tmp_path / "parquet")).success
    single = tmp_path / "single.duckdb"
    ingest(raw, single)
    assert table_digests(partitioned) == table_digests(single)


def test_a_partition_that_fails_midway_keeps_its_previous_fragments(
        corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = copy_of(corpus, tmp_path)
    store = FragmentStore(str(tmp_path / "parquet"))
    parse_all(store, raw)
    folder = sorted(p for p in raw.iterdir() if p.is_dir())[0]
    before = store.manifest(folder.name)
    victim = next(folder.rglob("*.txt"))
    victim.write_bytes(victim.read_bytes() + b"\n")
    calls = []

    def fail_on_third(self: FragmentStore, *args: object, **kwargs: object) -> list[str]:
        calls.append(args[0])
        if len(calls) == 3:
            raise OSError("disk full")
        return original(self, *args, **kwargs)

    original = FragmentStore._write_table
    monkeypatch.setattr(FragmentStore, "_write_table", fail_on_third)
    with pytest.raises(OSError, match="disk full"):
        parse_partition(store, raw, folder.name, run_id="t", at=datetime(2026, 12, 1),
                        max_bytes=1 << 28, batch_size=50, workers=1, limits=LIMITS)
    monkeypatch.undo()
    assert store.manifest(folder.name) == before
    for paths in before.files.values():
        assert all(Path(p).exists() for p in paths)


def test_the_partitioned_asset_writes_its_partition(corpus: Path, tmp_path: Path) -> None:
    folders = FormsFolders(raw_dir=str(corpus), fragments_url=str(tmp_path / "parquet"),
                           workers=1)
    defs = build_definitions(warehouse_from_env(str(corpus), str(tmp_path / "w.duckdb")),
                             folders)
    job = defs.resolve_job_def("parse_folders")
    instance = dg.DagsterInstance.ephemeral()
    key = sorted(raw_partitions(corpus))[0]
    instance.add_dynamic_partitions("raw_folders", [key])
    result = job.execute_in_process(instance=instance, partition_key=key)
    assert result.success
    assert [m.partition for m in FragmentStore(str(tmp_path / "parquet")).manifests()] == [key]


def test_celery_cluster_run_publishes_the_in_process_tables(corpus: Path,
                                                             tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture
                                                             ) -> None:
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed (`.ci/run` installs Debian's redis-server)")
    work = tmp_path / "cluster"
    shutil.copytree(corpus, work / "raw")
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    assert cluster.demo(FORMS, workers=2, work=work) == 0
    out = capsys.readouterr().out
    assert "tables identical" in out and "DIFFERENT" not in out
    assert "to parse on Celery" in out
    logs = "".join(p.read_text("utf-8", "replace") for p in (work / "logs").glob("worker*.log"))
    assert "forms1@" in logs and "forms2@" in logs


def table_of_parquet(folder: Path) -> list[dict]:
    import polars as pl

    return pl.read_parquet(sorted(folder.rglob("*.parquet"))).to_dicts()


def _pid(key: str) -> str:
    from pipelines.load.fragments import partition_id

    return partition_id(key)
