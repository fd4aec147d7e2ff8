"""The layout shows the flow: a module imports only from its own stage or earlier ones.

read -> parse -> normalize -> load -> check -> publish, then the review, the outputs, the
Dagster definitions, the commands, the benchmark and the scale-out.  A newcomer finds a
line's stage from its path, and a stage can be understood (and tested) without the ones
after it.  These tests read the source (imports inside functions too), so a lazy import
cannot hide a dependency on a later stage.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "pipelines"
# Each stage may import from itself and from the stages before it.
STAGES = ("core", "read", "parse", "normalize", "load", "check", "publish", "review",
          "outputs", "defs", "commands", "bench", "scale")
TOP = {"definitions": "defs", "__init__": "core", "__main__": "commands"}
MAX_LINES = 400
LONG_ALLOWED = ("parse",)  # a template's parser may be one file


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def stage_of(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1:
        return "core"
    return TOP.get(parts[1], parts[1])


def imported(path: Path) -> Iterator[str]:
    """Every ``pipelines`` module the file imports, at the top or inside a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names if a.name.startswith("pipelines"))
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0 \
                and node.module.startswith("pipelines"):
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                known = PACKAGE.parent / Path(*candidate.split("."))
                yield candidate if known.with_suffix(".py").is_file() or known.is_dir() \
                    else node.module


def test_every_module_lives_in_a_known_stage() -> None:
    unknown = {module_name(p) for p in modules() if stage_of(module_name(p)) not in STAGES}
    assert not unknown, f"modules outside the stages {STAGES}: {sorted(unknown)}"


def test_no_module_imports_from_a_later_stage() -> None:
    late = []
    for path in modules():
        here = STAGES.index(stage_of(module_name(path)))
        late += [f"{module_name(path)} -> {target}" for target in imported(path)
                 if STAGES.index(stage_of(target)) > here]
    assert not late, "imports from a later stage:\n" + "\n".join(late)


def test_no_import_cycles() -> None:
    graph = {module_name(p): {t for t in imported(p) if t != module_name(p)} for p in modules()}
    done: set[str] = set()

    def visit(node: str, trail: list[str]) -> None:
        if node in trail:
            pytest.fail("import cycle: " + " -> ".join([*trail[trail.index(node):], node]))
        if node in done:
            return
        for target in graph.get(node, ()):
            visit(target, [*trail, node])
        done.add(node)

    for node in graph:
        visit(node, [])


def test_no_module_is_too_long_to_read() -> None:
    """Outside parse/ a module does one job; over 400 lines it is doing several."""
    long = {module_name(p): n for p in modules()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
            and stage_of(module_name(p)) not in LONG_ALLOWED}
    assert not long, f"modules over {MAX_LINES} lines: {long}"
