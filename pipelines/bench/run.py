"""Benchmark: a realistic seeded folder of forms, ingested as users run it, against a floor.

``python -m pipelines.bench.run [--forms N]`` (``make bench``; N = 10,000 by default,
``--forms 100000`` or ``--forms 1000000`` for the volumes of a province or a national
review) generates a deterministic corpus with ``pipelines.bench.forms`` and, on those same
files in one run, measures:

- the floor: plain Python reads every file and splits it into cells, the least any
  ingest must do (timed in this run, because these machines are noisy);
- a full night, an unchanged night, and a night after 1% of the files changed, each a
  real ``python -m pipelines ingest`` in its own process with the default outputs on (the
  exports and the report, as a user's night writes them), split into the warehouse step
  (until the warehouse is published) and the outputs step (until the last output is
  stamped, see ``night_steps``);
- an unchanged rerun over a folder of one file: the fixed cost of a night;
- the peak RSS of the whole process tree of each ingest (parse workers included),
  sampled every 50 ms;
- first, the start-up of ``query`` and ``status`` on the sample warehouse (raw/) beside
  a bare ``python -c pass`` (``--startup-only`` for just that).

It prints the figures with their ratios to the floor and the issue's targets, and
writes them as JSON (``--json``) so runs can be compared.  Speed and memory targets live
here, never in timed unit tests.  ``--pdfs DIR`` also times whole budget disclosures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import duckdb
import psutil

from pipelines.bench.changes import change_files
from pipelines.bench.forms import floor_read_and_split, generate_corpus
from pipelines.core import settings
from pipelines.load.warehouse import connect, count_rows
from pipelines.outputs.freshness import stamp_path
from pipelines.outputs.locations import exports_dir, report_path
from pipelines.parse.parse_file import process_file
from pipelines.read.pdf import page_texts

REPO = Path(__file__).resolve().parents[2]
SHARED_PDFS = REPO.parent / "shared" / "forms" / "pdf"
SAMPLE_EVERY = 0.05  # seconds between RSS samples of the process tree
CHANGED_SHARE = 0.01
MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Measured:
    """One night: wall time, its warehouse and outputs steps, and the peak RSS of its whole
    process tree."""

    seconds: float
    peak_rss_mb: float
    warehouse_seconds: float = 0.0
    outputs_seconds: float = 0.0


def tree_rss(root: psutil.Process) -> int:
    """Resident bytes of a process and all its descendants (workers, fork server)."""
    total = 0
    try:
        processes = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    for process in processes:
        try:
            total += process.memory_info().rss
        except psutil.NoSuchProcess:
            continue  # a worker that ended between listing and reading
    return total


def measured_ingest(raw: Path, warehouse: Path, log: Path, workers: int) -> Measured:
    """Run ``python -m pipelines ingest`` in its own session, sampling its tree's RSS.

    The child leads its own process group, so an interrupted benchmark ends it and its
    workers by that group's id.
    """
    command = [sys.executable, "-m", "pipelines", "ingest", "--raw", str(raw),
               "--warehouse", str(warehouse)]
    # the outputs as a user's night writes them: FORMS_EXPORTS is left at its default (on)
    env = {**os.environ, settings.WORKERS.name: str(workers)}
    env.pop(settings.EXPORTS.name, None)
    start, started_at = time.perf_counter(), time.time()
    with log.open("ab") as out:
        child = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env,
                                 cwd=REPO, start_new_session=True)
        peak = _sample_until_done(child)
    seconds = time.perf_counter() - start
    if child.returncode != 0:
        tail = log.read_text("utf-8", "replace").splitlines()[-8:]
        raise SystemExit(f"benchmark ingest failed (exit {child.returncode}):\n"
                         + "\n".join(tail))
    warehouse_seconds, outputs_seconds = night_steps(warehouse, started_at, seconds)
    return Measured(seconds, peak / MB, warehouse_seconds, outputs_seconds)


def night_steps(warehouse: Path, started_at: float, seconds: float) -> tuple[float, float]:
    """(warehouse step, outputs step) of a night that started at ``started_at``, read from
    the files it left: the published file's modification time ends the warehouse step (a
    publish renames the build after its last write), and the outputs' freshness stamps
    (``<output>.source``, written when an output is done) end the outputs step.  A night
    that published nothing and kept its outputs is all warehouse step."""
    published = warehouse.stat().st_mtime
    stamps = [stamp_path(path).stat().st_mtime
              for path in (exports_dir(warehouse), report_path(warehouse))
              if stamp_path(path).exists()]
    outputs_end = max((t for t in stamps if t >= started_at), default=None)
    if outputs_end is None:
        return seconds, 0.0
    publish_end = published if published >= started_at else started_at
    return round(publish_end - started_at, 3), round(outputs_end - publish_end, 3)


def _sample_until_done(child: subprocess.Popen) -> int:
    peak = 0
    try:
        root = psutil.Process(child.pid)
        while child.poll() is None:
            peak = max(peak, tree_rss(root))
            time.sleep(SAMPLE_EVERY)
    except BaseException:
        os.killpg(child.pid, signal.SIGTERM)
        child.wait()
        raise
    return peak


def timed_floor(raw: Path) -> tuple[float, int]:
    """The faster of two warm passes of plain Python reading and splitting every file."""
    best, cells = float("inf"), 0
    for _ in range(2):
        start = time.perf_counter()
        cells = floor_read_and_split(raw)
        best = min(best, time.perf_counter() - start)
    return best, cells


def warehouse_counts(warehouse: Path) -> dict[str, int]:
    with connect(warehouse, read_only=True) as con:
        return {table: count_rows(con, table)
                for table in ("projects", "indicators", "funds", "quarantine",
                              "review_findings", "ingest_files")}


def one_file_night(raw: Path, work: Path, log: Path, workers: int) -> Measured:
    """The fixed cost of a night: an unchanged rerun over a folder of one file."""
    single = work / "one" / "raw"
    single.mkdir(parents=True)
    first = min((p for p in raw.rglob("*.txt")), key=lambda p: p.as_posix())
    shutil.copy2(first, single / first.name)
    warehouse = work / "one" / "forms.duckdb"
    measured_ingest(single, warehouse, log, workers)
    return measured_ingest(single, warehouse, log, workers)


def run_benchmark(forms: int, seed: int, work: Path, workers: int) -> dict:
    """Every figure of one benchmark run, as a JSON-ready dict."""
    raw, warehouse, log = work / "raw", work / "forms.duckdb", work / "ingest.log"
    start = time.perf_counter()
    corpus = generate_corpus(raw, forms, seed)
    generated = time.perf_counter() - start
    floor, cells = timed_floor(raw)
    full = measured_ingest(raw, warehouse, log, workers)
    loaded = warehouse_counts(warehouse)
    unchanged = measured_ingest(raw, warehouse, log, workers)
    share = max(CHANGED_SHARE, 1.5 / corpus.files)  # at least one file of a small corpus
    changed_files = change_files(raw, share, seed + 1)
    changed = measured_ingest(raw, warehouse, log, workers)
    baseline = one_file_night(raw, work, log, workers)
    return {
        "forms": forms, "seed": seed, "workers": workers,
        "corpus": {**asdict(corpus), "root": str(corpus.root), "cells": cells,
                   "generate_seconds": round(generated, 2)},
        "floor_seconds": round(floor, 3),
        "full": asdict(full), "unchanged": asdict(unchanged),
        "changed_1pct": {**asdict(changed), "files_changed": len(changed_files)},
        "unchanged_one_file": asdict(baseline),
        "loaded": loaded,
        "machine": machine(),
    }


def machine() -> dict:
    """What the figures were measured on."""
    return {"cpus": os.cpu_count(), "memory_gb": round(psutil.virtual_memory().total / 2**30),
            "python": platform.python_version(), "duckdb": duckdb.__version__,
            "commit": _commit()}


def _commit() -> str | None:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO,
                             capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return out.stdout.strip()


def targets(figures: dict) -> list[tuple[str, str, bool]]:
    """(target, measured, met) for each target of the performance issues (issue 22: the
    night with its outputs, as users wait for it)."""
    floor, full = figures["floor_seconds"], figures["full"]
    ingest = full["warehouse_seconds"] or full["seconds"]
    extra = figures["unchanged"]["seconds"] - figures["unchanged_one_file"]["seconds"]
    changed = figures["changed_1pct"]["seconds"]
    peak = max(figures[k]["peak_rss_mb"] for k in ("full", "unchanged", "changed_1pct"))
    return [
        ("full night <= 1.5 x its warehouse step", f"{full['seconds'] / ingest:.2f} x",
         full["seconds"] <= 1.5 * ingest),
        ("warehouse step <= 40 x floor", f"{ingest / floor:.1f} x", ingest <= 40 * floor),
        ("1% changed night <= 0.15 x full night", f"{changed / full['seconds']:.3f} of full",
         changed <= 0.15 * full["seconds"]),
        ("unchanged night <= one-file night + 2 s", f"+{extra:.2f} s", extra <= 2),
        ("peak RSS <= 1536 MB", f"{peak:.0f} MB", peak <= 1536),
    ]


def report(figures: dict) -> None:
    corpus, floor = figures["corpus"], figures["floor_seconds"]
    print(f"corpus: {corpus['forms']:,} forms in {corpus['files']:,} files "
          f"({corpus['malformed_files']} malformed), {corpus['bytes'] / 1e6:,.0f} MB, "
          f"{corpus['cells']:,} cells; generated in {corpus['generate_seconds']:.1f} s")
    print(f"loaded: {figures['loaded']}")
    if figures["loaded"]["projects"] != corpus["forms"]:
        print(f"WARNING: {corpus['forms']:,} well-formed forms written, "
              f"{figures['loaded']['projects']:,} projects loaded")
    print("nights with the default outputs on (exports and report)")
    print(f"{'night':28s} {'seconds':>9s} {'x floor':>8s} {'warehouse':>10s} {'outputs':>8s} "
          f"{'peak RSS MB':>12s}")
    print(f"{'floor (read + split)':28s} {floor:9.2f} {1:8.1f}")
    for key, label in (("full", "full night"), ("unchanged", "unchanged night"),
                       ("changed_1pct", "night after 1% changed"),
                       ("unchanged_one_file", "unchanged, one-file folder")):
        run = figures[key]
        print(f"{label:28s} {run['seconds']:9.2f} {run['seconds'] / floor:8.1f} "
              f"{run['warehouse_seconds']:10.2f} {run['outputs_seconds']:8.2f} "
              f"{run['peak_rss_mb']:12.0f}")
    full = figures["full"]["seconds"]
    print(f"full night: {figures['forms'] / full:,.0f} forms/s, "
          f"{full / floor:.1f} x floor (whole night)")
    for target, value, met in targets(figures):
        print(f"  {'met ' if met else 'MISS'}  {target:42s} {value}")


STARTUP_RUNS = 9
STARTUP_TARGET = 0.5  # seconds for `query` and `status` on the sample warehouse


def startup_commands(warehouse: Path) -> dict[str, list[str]]:
    """The commands whose start-up is timed, and a bare interpreter to compare with."""
    python = sys.executable
    return {
        "python -c pass": [python, "-c", "pass"],
        "query": [python, "-m", "pipelines", "query", "select count(*) from projects",
                  "--warehouse", str(warehouse)],
        "status": [python, "-m", "pipelines", "status", "--warehouse", str(warehouse)],
    }


def bench_startup(work: Path, runs: int = STARTUP_RUNS) -> dict[str, float]:
    """Median wall seconds of each command on the sample warehouse (raw/, ingested here).

    The commands take turns, run after run, so a busy moment of the machine falls on all
    of them alike: the ratio to the bare interpreter is the figure that travels.
    """
    warehouse = work / "sample" / "forms.duckdb"
    subprocess.run([sys.executable, "-m", "pipelines", "ingest", "--raw", str(REPO / "raw"),
                    "--warehouse", str(warehouse)], cwd=REPO, check=True,
                   capture_output=True, env={**os.environ, settings.EXPORTS.name: "0"})
    commands = startup_commands(warehouse)
    seconds: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            start = time.perf_counter()
            subprocess.run(command, cwd=REPO, check=True, stdout=subprocess.DEVNULL)
            seconds[name].append(time.perf_counter() - start)
    return {name: round(statistics.median(times), 3) for name, times in seconds.items()}


def report_startup(medians: dict[str, float]) -> None:
    bare = medians["python -c pass"]
    print(f"start-up on the sample warehouse (median of {STARTUP_RUNS} runs each, taking turns)")
    for name, took in medians.items():
        print(f"  {name:16s} {took:6.3f} s {took / bare:6.1f} x bare python")
    for name in ("query", "status"):
        met = "met " if medians[name] < STARTUP_TARGET else "MISS"
        print(f"  {met}  {name} answers in < {STARTUP_TARGET:g} s  {medians[name]:.3f} s")


PDF_MEDIAN_TARGET = 1.0  # seconds per whole disclosure, the median over every folder given


def bench_pdfs(folders: list[Path]) -> None:
    """Seconds per whole disclosure, and the same run's PDFium text floor."""
    rows = []
    for path in (p for folder in folders for p in sorted(folder.glob("*.pdf"))):
        data = path.read_bytes()
        start = time.perf_counter()
        pages = len(page_texts(data))
        floor = time.perf_counter() - start
        start = time.perf_counter()
        loaded = process_file(path, path.parent)
        took = time.perf_counter() - start
        rows.append((path.name, pages, took, floor, len(loaded.forms), len(loaded.departments)))
    if not rows:
        return
    print(f"{'disclosure':46s} pages  seconds  floor  ratio  projects  departments")
    for name, pages, took, floor, forms, departments in rows:
        print(f"{name[:46]:46s} {pages:5d} {took:8.2f} {floor:6.2f} {took / floor:6.0f} "
              f"{forms:9d} {departments:12d}")
    times = [r[2] for r in rows]
    median = statistics.median(times)
    print(f"seconds per PDF: median {median:.2f}, max {max(times):.2f}, "
          f"total {sum(times):.2f} for {len(rows)} PDFs")
    met = "met " if median < PDF_MEDIAN_TARGET else "MISS"
    print(f"  {met}  median seconds per disclosure < {PDF_MEDIAN_TARGET:g}  {median:.2f}")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m pipelines.bench.run")
    parser.add_argument("--forms", type=int, default=10_000,
                        help="forms to generate (10,000; 100000 and 1000000 for scale)")
    parser.add_argument("--seed", type=int, default=20261130)
    parser.add_argument("--workers", type=int, default=0,
                        help="parse processes (0: one per CPU, as a default run)")
    parser.add_argument("--dir", type=Path, default=None,
                        help="work folder (default: a temporary folder, removed after)")
    parser.add_argument("--json", type=Path, default=None,
                        help="where to write the figures (default warehouse/bench/)")
    parser.add_argument("--pdfs", type=Path, nargs="+", default=None,
                        help="also time every whole budget disclosure in these folders")
    parser.add_argument("--startup-only", action="store_true",
                        help="only time the start-up of query and status (seconds)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="forms-bench-startup-") as tmp:
        startup = bench_startup(Path(tmp))
    report_startup(startup)
    if args.startup_only:
        return 0
    out = args.json or REPO / "warehouse" / "bench" / f"bench-{args.forms}.json"
    if args.dir:
        args.dir.mkdir(parents=True, exist_ok=False)
        figures = run_benchmark(args.forms, args.seed, args.dir, args.workers)
    else:
        with tempfile.TemporaryDirectory(prefix="forms-bench-") as tmp:
            figures = run_benchmark(args.forms, args.seed, Path(tmp), args.workers)
    figures["startup_seconds"] = startup
    figures["targets"] = [{"target": t, "measured": v, "met": m}
                          for t, v, m in targets(figures)]
    report(figures)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(figures, indent=2, ensure_ascii=False), "utf-8")
    print(f"figures written to {out}")
    if args.pdfs:
        bench_pdfs(args.pdfs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
