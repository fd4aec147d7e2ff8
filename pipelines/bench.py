"""Benchmark: ingest many synthetic forms, then re-run with no changes.

``python -m pipelines.bench [--files N] [--workers W]`` writes N copies of the sample
forms (five forms each, every project renamed so all are distinct) into a temporary
folder, runs the real ingest job into a temporary warehouse, and reports wall time,
forms per second and peak memory of this process (parse workers excluded).  Speed and
memory targets belong here, never in timed unit tests.

``--pdfs DIR`` (default ``../shared/forms/pdf`` when it exists) also times every whole
budget disclosure in DIR: seconds per PDF for reading and parsing it, against a floor
timed in the same run (PDFium reading every page's text, the cheapest full pass).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import tempfile
import time
from pathlib import Path

from pipelines.cli import run_ingest
from pipelines.ingest import process_file
from pipelines.readers.pdf import page_texts
from pipelines.warehouse import connect, count_rows

SHARED_PDFS = Path(__file__).resolve().parent.parent.parent / "shared" / "forms" / "pdf"

SAMPLE = Path(__file__).resolve().parent.parent / "raw" / "000_3205439470554c78.txt"
SAMPLE_UNIT = "上海市闵行区托育服务指导中心"


def write_forms(raw: Path, files: int) -> int:
    """N files of the sample, each with its own implementing unit; forms written."""
    text = SAMPLE.read_text("utf-8")
    for n in range(files):
        (raw / f"batch_{n:06d}.txt").write_text(text.replace(SAMPLE_UNIT, f"单位{n:06d}"),
                                               "utf-8")
    return files * text.count("绩效目标申报表")


def timed_run(raw: Path, warehouse: Path) -> float:
    start = time.perf_counter()
    result = run_ingest(raw, warehouse)
    if not result.success:
        raise SystemExit("benchmark run failed")
    return time.perf_counter() - start


def bench_pdfs(folder: Path) -> None:
    """Seconds per whole disclosure, and the same run's PDFium text floor."""
    rows = []
    for path in sorted(folder.glob("*.pdf")):
        data = path.read_bytes()
        start = time.perf_counter()
        pages = len(page_texts(data))
        floor = time.perf_counter() - start
        start = time.perf_counter()
        loaded = process_file(path, folder)
        took = time.perf_counter() - start
        rows.append((path.name, pages, took, floor, len(loaded.forms), len(loaded.departments)))
    if not rows:
        return
    print(f"{'disclosure':46s} pages  seconds  floor  ratio  projects  departments")
    for name, pages, took, floor, forms, departments in rows:
        print(f"{name[:46]:46s} {pages:5d} {took:8.2f} {floor:6.2f} {took / floor:6.0f} "
              f"{forms:9d} {departments:12d}")
    times = [r[2] for r in rows]
    print(f"seconds per PDF: median {statistics.median(times):.2f}, max {max(times):.2f}, "
          f"total {sum(times):.2f} for {len(rows)} PDFs")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipelines.bench")
    parser.add_argument("--files", type=int, default=400, help="sample copies (5 forms each)")
    parser.add_argument("--pdfs", type=Path, default=SHARED_PDFS,
                        help="a folder of whole budget disclosures to time")
    args = parser.parse_args(argv)
    if args.pdfs.is_dir():
        bench_pdfs(args.pdfs)
    with tempfile.TemporaryDirectory() as tmp:
        raw, warehouse = Path(tmp) / "raw", Path(tmp) / "forms.duckdb"
        raw.mkdir()
        forms = write_forms(raw, args.files)
        first = timed_run(raw, warehouse)
        again = timed_run(raw, warehouse)
        with connect(warehouse, read_only=True) as con:
            projects, indicators = count_rows(con, "projects"), count_rows(con, "indicators")
        size = warehouse.stat().st_size
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"files {args.files}, forms {forms}, projects {projects}, indicators {indicators}")
    print(f"full ingest      {first:8.2f} s  ({forms / first:,.0f} forms/s)")
    print(f"unchanged rerun  {again:8.2f} s")
    print(f"warehouse file   {size / 1e6:8.1f} MB")
    print(f"peak memory      {peak_mb:8.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
