"""The README is part of the product: every public name must be documented there."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

from pipelines.defs.checks import ALL_CHECKS
from pipelines.parse.records import FUND_ITEMS
from pipelines.review.rules import RULES
from tests.conftest import REPO
from tests.warehouse_helpers import table

README = (REPO / "README.md").read_text("utf-8")
CODE_PATTERN = re.compile(r"(?:ReadError|FormError)\(\s*\"(\w+)\"")
WAREHOUSE = README.split("\n## The warehouse\n", 1)[1].split("\n## ", 1)[0]
NAME = re.compile(r"`([a-z_][a-z0-9_]*)`")


def documented_columns(text: str = WAREHOUSE) -> dict[str, set[str]]:
    """Each table's and view's columns as its section of "The warehouse" lists them.

    A section lists them in a ``| column | meaning |`` table (first cells), or in its first
    sentence that opens with a column, or in sentences opening with `name`: for each of
    several tables.  Parentheses after a column hold its values or notes, not columns;
    ``provenance (…)`` lists columns; a table's or view's own name is never a column (``the
    columns of `indicators` …``).  In the views' table "each fund item" is a column per
    item of FUND_ITEMS.
    """
    found: dict[str, set[str]] = {}
    for section in re.split(r"\n(?=### )", "\n" + text):
        heading, _, body = section.strip().partition("\n")
        if heading.startswith("### Summary views"):
            found |= view_columns(body)
        elif heading.startswith("### "):
            found |= table_columns(NAME.findall(heading.split(":")[0]), body)
    return {name: columns - found.keys() for name, columns in found.items()}


def view_columns(body: str) -> dict[str, set[str]]:
    """The ``| view | columns |`` table: each row's view and the columns of its cell."""
    found = {}
    for line in body.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) == 2 and NAME.fullmatch(cells[0]):
            columns = listed(cells[1])
            found[NAME.fullmatch(cells[0])[1]] = columns | (
                set(FUND_ITEMS) if "each fund item" in cells[1] else set())
    return found


def table_columns(names: list[str], body: str) -> dict[str, set[str]]:
    """One table's ``| column |`` rows, or the column sentences of one or more tables."""
    rows = [line.split("|")[1] for line in body.splitlines() if line.startswith("| `")]
    if "| column |" in body:
        return {names[0]: {c for cell in rows for c in NAME.findall(cell)}}
    sentences = [s for s in split_sentences(body) if s.startswith("`")]
    if len(names) == 1:
        return {names[0]: listed(sentences[0])}
    labelled = (re.match(r"`(\w+)`(?: \([^)]*\))?:(.*)", s, re.S) for s in sentences)
    return {m[1]: listed(m[2]) for m in labelled if m and m[1] in names}


def split_sentences(text: str) -> list[str]:
    """Sentences, split at a full stop outside code and parentheses, each stripped."""
    sentences, start, depth, code = [], 0, 0, False
    for i, char in enumerate(text):
        code = not code if char == "`" else code
        if not code:
            depth += (char in "(（") - (char in ")）")
            if char == "." and depth == 0 and text[i + 1:i + 2] in ("", " ", "\n"):
                sentences.append(" ".join(text[start:i].split()))
                start = i + 1
    return [*sentences, " ".join(text[start:].split())]


def listed(sentence: str) -> set[str]:
    """The columns a sentence lists: its `names` but those inside the parentheses that
    follow a name (its values or a note)."""
    kept, depth, after_name, i = [], 0, False, 0
    while i < len(sentence):
        if sentence[i] == "`":
            end = sentence.index("`", i + 1) + 1
            if depth == 0 or not after_name:
                kept.append(sentence[i:end])
            after_name = depth == 0 or after_name
            i = end
            continue
        char = sentence[i]
        if char in "(（":
            depth += 1
        elif char in ")）":
            depth -= 1
            after_name = after_name and depth > 0
        elif depth == 0 and not char.isspace():
            after_name = False
        i += 1
    return set(NAME.findall(" ".join(kept)))


def test_every_table_and_view_documents_exactly_its_columns(seed_warehouse: Path) -> None:
    rows = table(seed_warehouse, "select table_name, list(column_name order by column_index) "
                                 "as columns from duckdb_columns() where schema_name = 'main' "
                                 "and not internal group by table_name")
    in_warehouse = {r["table_name"]: sorted(r["columns"]) for r in rows}
    documented = {name: sorted(columns) for name, columns in documented_columns().items()}
    assert len(in_warehouse) > 20
    assert documented == in_warehouse


def test_the_column_reader_reads_each_way_the_readme_lists_columns() -> None:
    section = textwrap.dedent("""\
        ### `a`: a table
        Some words about `other` things. `x`, `y` (`value`, `other_value`), and provenance
        (`source_file`, `source_line`). Then `not_a_column`.

        ### `b` and `c`: two tables
        `b`: `p`, `q` (DECIMAL(18,2), e.g. `1.00`).
        `c`: `r`. Prose mentions `s`.

        ### `d`: a table
        | column | meaning |
        |---|---|
        | `t`, `u` | both |

        ### Summary views
        | view | columns |
        |---|---|
        | `v` | `w`, the columns of `d`: `t`, each fund item |
        """)
    assert documented_columns(section) == {
        "a": {"x", "y", "source_file", "source_line"}, "b": {"p", "q"}, "c": {"r"},
        "d": {"t", "u"}, "v": {"w", "t", *FUND_ITEMS}}


def test_every_rule_and_check_is_documented() -> None:
    names = [rule.rule_id for rule in RULES]
    names += [key.name for check in ALL_CHECKS for key in check.check_keys]
    assert [n for n in names if f"`{n}`" not in README] == []


def test_every_quarantine_reason_code_is_documented() -> None:
    codes = {code for path in (REPO / "pipelines").rglob("*.py")
             for code in CODE_PATTERN.findall(path.read_text("utf-8"))}
    assert len(codes) > 10
    assert sorted(c for c in codes if f"`{c}`" not in README) == []


def test_every_command_and_asset_is_documented() -> None:
    from pipelines.commands.cli import _parser
    from pipelines.definitions import build_definitions

    commands = next(a for a in _parser()._actions if a.dest == "command").choices
    assert {"ingest", "query", "status", "export", "report"} <= set(commands)
    missing = [c for c in commands if f"python -m pipelines {c}" not in README]
    assets = [key.to_user_string() for key in
              build_definitions().resolve_asset_graph().get_all_asset_keys()]
    missing += [a for a in assets if f"`{a}`" not in README]
    assert missing == []
