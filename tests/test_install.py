"""The package works installed, not only from its checkout.

``sql/`` lives at the top level of the repo and the code used to find it by a path relative
to the source file, so a non-editable ``pip install .`` gave a package whose first ingest
failed on ``…/site-packages/sql/schema.sql``.  Here a copy of the repo's package files is
installed (not editable) into a folder of its own and run from another directory, with
nothing of the checkout on its path: ``python -S`` keeps the editable install of the
venv (a ``.pth`` finder) out, and the venv's site-packages come in only for dependencies.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[1]
# What the wheel is built from: pyproject.toml names README.md as the long description.
PACKAGE_FILES = ("pyproject.toml", "README.md", "pipelines", "sql")
SEED_PROJECTS = 5
SEED_INDICATORS = 47


def _offline_build_options() -> list[str]:
    """Build with this venv's setuptools when it can make a wheel by itself (``wheel``
    installed, or a setuptools with its own bdist_wheel); otherwise pip builds in an
    isolated environment from the package index, as a plain ``pip install .`` does."""
    if (importlib.util.find_spec("wheel")
            or importlib.util.find_spec("setuptools.command.bdist_wheel")):
        return ["--no-build-isolation"]
    return []


def _install(source: Path, target: Path) -> None:
    """``pip install`` of ``source`` into ``target`` (not editable, no dependencies)."""
    shutil.copytree(REPO, source, ignore=lambda folder, names: [
        name for name in names if name == "__pycache__"
        or (folder == str(REPO) and name not in PACKAGE_FILES)])
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--disable-pip-version-check", *_offline_build_options(),
                    "--target", str(target), str(source)],
                   check=True, capture_output=True, text=True, cwd=source.parent)


def _run_installed(target: Path, cwd: Path, *args: str) -> str:
    """Run the installed package in ``cwd``: the target first, then the venv's libraries."""
    path = f"{target}:{sysconfig.get_paths()['purelib']}"
    done = subprocess.run([sys.executable, "-S", *args], cwd=cwd, capture_output=True,
                          text=True, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": path,
                                          "FORMS_EXPORTS": "0", "HOME": str(cwd)})
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_the_wheel_lists_every_stage_package() -> None:
    """pyproject.toml lists the packages by hand (one is mapped from sql/): none left out."""
    listed = set(tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]
                 ["packages"])
    on_disk = {".".join(init.parent.relative_to(REPO).parts)
               for init in (REPO / "pipelines").rglob("__init__.py")}
    assert listed == on_disk | {"pipelines.sql"}


def test_installed_package_ingests_the_seed_from_another_directory(tmp_path: Path) -> None:
    target, elsewhere = tmp_path / "site", tmp_path / "elsewhere"
    _install(tmp_path / "source", target)
    elsewhere.mkdir()
    shipped = _run_installed(target, elsewhere, "-c",
                             "from pipelines.core.sql_files import SQL_DIR; print(SQL_DIR)")
    assert Path(shipped.strip()) == target / "pipelines" / "sql"
    assert sorted(p.relative_to(REPO / "sql") for p in (REPO / "sql").rglob("*.sql")) == \
        sorted(p.relative_to(target / "pipelines" / "sql")
               for p in (target / "pipelines" / "sql").rglob("*.sql"))

    raw = shutil.copytree(REPO / "raw", elsewhere / "forms")
    (elsewhere / "out").mkdir()
    _run_installed(target, elsewhere, "-m", "pipelines", "ingest", "--raw", str(raw),
                   "--warehouse", "out/forms.duckdb")
    with duckdb.connect(str(elsewhere / "out" / "forms.duckdb"), read_only=True) as con:
        projects = con.execute("select count(*) from projects").fetchone()[0]
        indicators = con.execute("select count(*) from indicators").fetchone()[0]
    assert (projects, indicators) == (SEED_PROJECTS, SEED_INDICATORS)
