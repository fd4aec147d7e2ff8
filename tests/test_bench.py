"""The benchmark itself: it runs end to end on a small corpus and reports what it measured.

Speed and memory targets are never asserted here (they belong to ``make bench`` on a quiet
machine); this keeps the command working and its figures consistent.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil

from pipelines.bench.run import main, tree_rss

FORMS = 300


def test_bench_measures_every_night_and_writes_its_figures(tmp_path: Path, capsys) -> None:
    out = tmp_path / "figures.json"
    work = tmp_path / "work"
    assert main(["--forms", str(FORMS), "--dir", str(work), "--json", str(out)]) == 0
    figures = json.loads(out.read_text("utf-8"))
    assert figures["corpus"]["forms"] == FORMS == figures["loaded"]["projects"]
    assert figures["corpus"]["malformed_files"] > 0 and figures["loaded"]["quarantine"] > 0
    assert figures["changed_1pct"]["files_changed"] >= 1
    for run in ("full", "unchanged", "changed_1pct", "unchanged_one_file"):
        assert figures[run]["seconds"] > 0 and figures[run]["peak_rss_mb"] > 50
        steps = figures[run]["warehouse_seconds"] + figures[run]["outputs_seconds"]
        assert 0 < steps <= figures[run]["seconds"]
    # the nights write the outputs (on by default): a full night has an outputs step
    assert figures["full"]["outputs_seconds"] > 0
    assert (work / "forms.exports" / "forms.xlsx").is_file()
    assert figures["floor_seconds"] > 0 and figures["corpus"]["cells"] > FORMS * 20
    assert {t["target"] for t in figures["targets"]} >= {
        "full night <= 1.5 x its warehouse step", "1% changed night <= 0.15 x full night"}
    assert set(figures["startup_seconds"]) == {"python -c pass", "query", "status"}
    assert all(seconds > 0 for seconds in figures["startup_seconds"].values())
    shown = capsys.readouterr().out
    assert "x floor" in shown and "x bare python" in shown and "outputs" in shown


def test_tree_rss_counts_the_children_too(tmp_path: Path) -> None:
    """A parent that starts a child holding 200 MB: the tree is counted, not the parent."""
    script = ("import subprocess, sys, time\n"
              "child = subprocess.Popen([sys.executable, '-c', "
              "'import time; b = bytearray(200 * 2**20); b[::4096] = b\"x\" * len(b[::4096]);"
              " time.sleep(30)'])\n"
              "time.sleep(30)\n")
    parent = subprocess.Popen([sys.executable, "-c", script], start_new_session=True)
    try:
        root = psutil.Process(parent.pid)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and tree_rss(root) < 200 * 2**20:
            time.sleep(0.1)
        assert tree_rss(root) >= 200 * 2**20 > root.memory_info().rss
    finally:
        os.killpg(parent.pid, signal.SIGKILL)  # the parent leads the group its child is in
        parent.wait()


def test_bench_times_disclosures_of_every_folder_given(tmp_path: Path, capsys, seed) -> None:
    import tests.fixtures_render as fr
    from pipelines.bench.run import bench_pdfs

    folders = [tmp_path / "a", tmp_path / "b"]
    for folder, name in zip(folders, ("one.pdf", "two.pdf"), strict=True):
        folder.mkdir()
        (folder / name).write_bytes(fr.render_pdf(seed))
    bench_pdfs(folders)
    out = capsys.readouterr().out
    assert "one.pdf" in out and "two.pdf" in out
    assert "for 2 PDFs" in out and "median seconds per disclosure < 1" in out
