"""The benchmark corpus: every form it writes loads through the real parser as written.

A benchmark on forms the parser misreads or quarantines would time the wrong work, so a
small corpus (300 forms; every rare kind of file is among its first files) is generated
once and each file is read with ``process_file`` and compared with what the generator
planned (``iter_corpus`` replays the plan without writing).
"""

from __future__ import annotations

import hashlib
import io
import shutil
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from pipelines.bench.changes import change_files
from pipelines.bench.forms import Corpus, floor_read_and_split, generate_corpus
from pipelines.bench.plan import (
    DEFAULT_SEED,
    EARLY_KINDS,
    GROUP_SHARE,
    MAX_FOLDER_FILES,
    MAX_GROUP,
    group_sizes,
    iter_corpus,
)
from pipelines.bench.specs import MALFORMED_KINDS, FileSpec
from pipelines.bench.vocabulary import LEVEL1_OF, YEARS, name_collisions
from pipelines.normalize.ids import project_key
from pipelines.parse.parse_file import FileResult, process_file
from pipelines.parse.records import Form

FORMS = 300
SEED = DEFAULT_SEED


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    return generate_corpus(tmp_path_factory.mktemp("bench") / "raw", FORMS)


@pytest.fixture(scope="module")
def plan() -> list[FileSpec]:
    return list(iter_corpus(FORMS, SEED))


@pytest.fixture(scope="module")
def results(corpus: Corpus, plan: list[FileSpec]) -> dict[str, FileResult]:
    return {spec.path: process_file(corpus.root / spec.path, corpus.root) for spec in plan}


def loaded_forms(results: dict[str, FileResult]) -> list[Form]:
    return [form for result in results.values() for form in result.forms]


def funds_of(form: Form) -> dict[str, Decimal]:
    return {fund.item: fund.amount_yuan for fund in form.funds}


def digests(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


# --- what was written ------------------------------------------------------------------


def test_corpus_counts_match_the_files(corpus: Corpus, plan: list[FileSpec]) -> None:
    files = [p for p in corpus.root.rglob("*") if p.is_file()]
    assert corpus.forms == FORMS == sum(len(s.expected_forms) for s in plan)
    assert corpus.files == len(files) == len(plan)
    assert corpus.malformed_files == sum(s.malformed for s in plan) >= len(MALFORMED_KINDS)
    assert corpus.bytes == sum(p.stat().st_size for p in files)


def test_every_rare_kind_is_in_a_small_corpus(corpus: Corpus, plan: list[FileSpec]) -> None:
    kinds = {spec.kind: corpus.root / spec.path for spec in plan}
    assert set(EARLY_KINDS) <= set(kinds)
    assert kinds["xlsx"].read_bytes().startswith(b"PK\x03\x04")
    assert b"<table" in kinds["html"].read_bytes()
    assert b"\r\n" in kinds["crlf"].read_bytes()
    assert kinds["bom"].read_bytes().startswith(b"\xef\xbb\xbf")
    with pytest.raises(UnicodeDecodeError):
        kinds["gb18030"].read_bytes().decode("utf-8")


def test_files_sit_in_sub_folders(plan: list[FileSpec]) -> None:
    folders = Counter(spec.path.rsplit("/", 1)[0] for spec in plan)
    assert all(folder.count("/") == 1 for folder in folders)
    assert max(folders.values()) <= MAX_FOLDER_FILES


# --- what the parser reads back ------------------------------------------------------------


def test_every_well_formed_form_loads(corpus: Corpus, plan: list[FileSpec],
                                      results: dict[str, FileResult]) -> None:
    assert len(loaded_forms(results)) == corpus.forms
    for spec in plan:
        if not spec.malformed:
            assert results[spec.path].status == "loaded", (spec.path, results[spec.path].message)


def test_malformed_files_are_quarantined_or_empty(plan: list[FileSpec],
                                                 results: dict[str, FileResult]) -> None:
    seen = Counter()
    for spec in plan:
        if spec.malformed:
            result = results[spec.path]
            assert result.status in ("quarantined", "empty"), (spec.kind, result.message)
            assert not result.forms
            seen[spec.kind] += 1
    assert set(seen) == set(MALFORMED_KINDS)


def test_forms_load_as_the_generator_wrote_them(plan: list[FileSpec],
                                                results: dict[str, FileResult]) -> None:
    for spec in plan:
        forms = results[spec.path].forms
        assert len(forms) == len(spec.expected_forms), spec.path
        for form, want in zip(forms, spec.expected_forms, strict=True):
            where = (spec.path, form.form_seq)
            assert (form.project_name, form.implementing_unit, form.fiscal_year,
                    form.amount_unit) == (want.project_name, want.implementing_unit,
                                          want.fiscal_year, want.money_unit), where
            got = funds_of(form)
            assert {item: int(got.get(item, 0) * 100) for item in want.funds_fen} \
                == want.funds_fen, where
            assert [(i.level1, i.level2, i.name, i.target.raw if i.target else None)
                    for i in form.indicators] == [(LEVEL1_OF[level2], level2, name, target)
                                                  for level2, name, target in want.indicators]
            assert not form.declarations and not form.notes, where


def test_indicator_counts_are_5_to_30(plan: list[FileSpec],
                                      results: dict[str, FileResult]) -> None:
    counts = [len(form.indicators) for form in loaded_forms(results)]
    assert min(counts) >= 5 and max(counts) <= 30
    assert counts == [len(f.indicators) for s in plan for f in s.expected_forms]
    levels = Counter(i.level1 for form in loaded_forms(results) for i in form.indicators)
    assert set(levels) == {"成本指标", "产出指标", "效益指标", "满意度指标"}


def test_wan_yuan_forms_convert_exactly(results: dict[str, FileResult]) -> None:
    wan = [form for form in loaded_forms(results) if form.amount_unit == "万元"]
    assert wan
    for form in wan:
        for fund in form.funds:
            written = Decimal(fund.amount_as_written.replace(",", ""))
            assert fund.unit_as_written == "万元"
            assert fund.amount_yuan == written * 10_000


def test_funds_add_up(results: dict[str, FileResult]) -> None:
    for form in loaded_forms(results):
        f = funds_of(form)
        assert f["total"] == f["fiscal"] + f.get("other", 0)
        assert f["annual_total"] == f["annual_appropriation"] + f["carryover"] \
            + f["annual_other"]
        assert f["annual_total"] <= f["total"]
        assert all(v == v.quantize(Decimal("0.01")) for v in f.values())


def test_years_and_planned_dates_agree(results: dict[str, FileResult]) -> None:
    forms = loaded_forms(results)
    assert {form.fiscal_year for form in forms} == set(YEARS)
    for form in forms:
        assert form.planned_start is not None and form.planned_end is not None
        assert form.planned_start.year == form.planned_end.year == form.fiscal_year
        assert form.planned_start <= form.planned_end


def test_every_form_is_its_own_project(results: dict[str, FileResult]) -> None:
    forms = loaded_forms(results)
    keys = {project_key(f.fiscal_year, f.implementing_unit, f.project_name) for f in forms}
    assert len(keys) == len(forms)


@pytest.mark.parametrize("year", YEARS)
def test_project_name_vocabulary_spells_each_name_once(year: int) -> None:
    assert name_collisions(year) == []


def test_boilerplate_goals_form_one_large_group(results: dict[str, FileResult]) -> None:
    forms = loaded_forms(results)
    goals = Counter((f.fiscal_year, "".join(f.overall_goal.split())) for f in forms)
    (_, largest), *_ = goals.most_common(1)
    assert largest == FORMS // 10  # the largest group is a tenth of a small corpus
    assert sum(1 for n in goals.values() if n == 1) > len(forms) / 2  # most goals unique


def test_group_sizes_are_heavy_tailed() -> None:
    import random

    sizes = group_sizes(1_000_000, random.Random(SEED))
    assert max(sizes) == MAX_GROUP
    assert sorted(sizes)[len(sizes) // 2] <= 5  # most groups are small
    assert 0.25 < sum(sizes) / 1_000_000 <= GROUP_SHARE


# --- determinism ---------------------------------------------------------------------------


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path: Path) -> None:
    first = digests(generate_corpus(tmp_path / "a", 120).root)
    again = digests(generate_corpus(tmp_path / "b", 120).root)
    other = digests(generate_corpus(tmp_path / "c", 120, seed=SEED + 1).root)
    assert first == again
    assert set(first.values()) & set(other.values()) <= {hashlib.sha256(b"").hexdigest()}


# --- changes -------------------------------------------------------------------------------


def copy_of(corpus: Corpus, tmp_path: Path, name: str) -> Path:
    return Path(shutil.copytree(corpus.root, tmp_path / name))


def first_form_delta(before: FileResult, after: FileResult) -> Decimal:
    """The one amount added to the first form's four totals; the rest of the file as before."""
    old, new = funds_of(before.forms[0]), funds_of(after.forms[0])
    delta = new["total"] - old["total"]
    for item in ("fiscal", "annual_total", "annual_appropriation"):
        assert new[item] - old[item] == delta
    assert [f.funds for f in before.forms[1:]] == [f.funds for f in after.forms[1:]]
    return delta


def test_change_files_changes_the_asked_fraction(corpus: Corpus, results: dict[str, FileResult],
                                                 tmp_path: Path) -> None:
    root = copy_of(corpus, tmp_path, "a")
    changed = change_files(root, 0.25, seed=7)
    assert len(changed) == round(0.25 * corpus.files)
    again = change_files(copy_of(corpus, tmp_path, "b"), 0.25, seed=7)
    assert [p.relative_to(root) for p in changed] == [p.relative_to(tmp_path / "b")
                                                     for p in again]
    assert digests(root) == digests(tmp_path / "b")  # same seed, same rewrites
    for path in changed:
        name = path.relative_to(root).as_posix()
        before, after = results[name], process_file(path, root)
        assert after.status == "loaded" and after.sha256 != before.sha256
        assert first_form_delta(before, after) > 0
        targets = [(a.target, b.target) for a, b in zip(before.forms[0].indicators,
                                                        after.forms[0].indicators, strict=True)]
        assert sum(a != b for a, b in targets) == 1


def test_change_files_handles_every_format(corpus: Corpus, plan: list[FileSpec],
                                           results: dict[str, FileResult],
                                           tmp_path: Path) -> None:
    root = copy_of(corpus, tmp_path, "all")
    changed = {p.relative_to(root).as_posix() for p in change_files(root, 1.0, seed=3)}
    assert changed == {spec.path for spec in plan if not spec.malformed}
    for spec in plan:
        if spec.path in changed:
            after = process_file(root / spec.path, root)
            assert after.status == "loaded", (spec.kind, after.message)
            assert first_form_delta(results[spec.path], after) > 0, spec.kind


# --- the floor -----------------------------------------------------------------------------


def test_floor_counts_cells_of_every_format(tmp_path: Path) -> None:
    import openpyxl

    (tmp_path / "sub").mkdir()
    (tmp_path / "a.txt").write_text("一\t二\t三\n四\t五", encoding="utf-8")  # 5 cells
    (tmp_path / "sub" / "b.txt").write_bytes("甲\t乙\r\n".encode("gb18030"))  # 2 cells
    (tmp_path / "c.html").write_text("<table><tr><td>1</td><td>2</td></tr></table>")  # 2
    book = openpyxl.Workbook()
    out = io.BytesIO()
    book.save(out)
    (tmp_path / "d.xlsx").write_bytes(out.getvalue())
    import zipfile

    members = len(zipfile.ZipFile(out).infolist())
    assert floor_read_and_split(tmp_path) == 5 + 2 + 2 + members


def test_floor_reads_the_whole_corpus(corpus: Corpus) -> None:
    cells = floor_read_and_split(corpus.root)
    assert cells > corpus.forms * 7 * 20  # every form has at least 20 rows of 7 cells
