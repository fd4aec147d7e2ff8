"""Files cut off while copying, and garbled text: never a half-loaded form, always a cause
a person can act on (the cut line, or re-export as UTF-8)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipelines.parse.forms import parse_grids
from pipelines.parse.parse_file import process_file
from pipelines.parse.records import Form, FormProblem
from pipelines.read import ReadError, read_grids
from pipelines.read.mojibake import WRONG_DECODINGS, check_text, exact_repair
from tests.conftest import SEED, SHARED
from tests.warehouse_helpers import ingest, table

TEXT_FORMS = SHARED / "forms" / "text"
SEED_BYTES = SEED.read_bytes()


def parsed(data: bytes, name: str = "cut.txt") -> list:
    """Forms and problems of a file's bytes, or the file's ReadError."""
    try:
        return parse_grids(read_grids(data, name))
    except ReadError as err:
        return [err]


def content(form: Form) -> Form:
    """A form with everything it says and where (a cut file keeps the lines it has)."""
    return form


FULL = [content(f) for f in parsed(SEED_BYTES) if isinstance(f, Form)]
LINE_STARTS = {i + 1 for i, byte in enumerate(SEED_BYTES) if byte == 0x0A}
TITLES = [i for i in range(len(SEED_BYTES)) if SEED_BYTES.startswith(
    "财政项目支出绩效目标申报表".encode(), i)]
# the line of form 4's title
LAST_TWO_FORMS = SEED_BYTES.rindex(b"\n", 0, TITLES[-2]) + 1
needs_text_forms = pytest.mark.skipif(not TEXT_FORMS.is_dir(), reason="../shared/forms/text "
                                      "is not beside the repo: the real forms are not here")


def test_the_sample_loads_whole_though_it_ends_without_a_line_break() -> None:
    assert not SEED_BYTES.endswith(b"\n")
    assert len(FULL) == 5
    assert not [r for r in parsed(SEED_BYTES) if not isinstance(r, Form)]


def cut_positions(inside_line: bool) -> list[int]:
    return [cut for cut in range(LAST_TWO_FORMS, len(SEED_BYTES))
            if ((cut in LINE_STARTS or SEED_BYTES[cut:cut + 1] == b"\n") != inside_line)]


def test_every_cut_inside_a_line_quarantines_the_cut_form_and_loads_the_rest() -> None:
    """The sample cut at every byte of its last two forms (not at a line break)."""
    for cut in cut_positions(inside_line=True):
        results = parsed(SEED_BYTES[:cut])
        if len(results) == 1 and isinstance(results[0], ReadError):
            assert results[0].code == "truncated_file", cut  # inside a UTF-8 character
            continue
        loaded = [content(r) for r in results if isinstance(r, Form)]
        problems = [r for r in results if isinstance(r, FormProblem)]
        assert loaded == FULL[:len(loaded)], cut  # complete forms exactly, none shortened
        assert len(loaded) in (3, 4), cut
        assert [p.form_seq for p in problems] == [len(loaded) + 1], cut  # the cut form
        if problems[0].reason_code == "cut_off_file":
            line = SEED_BYTES[:cut].count(b"\n") + 1
            assert f"line {line}" in problems[0].reason


def test_a_cut_at_a_line_break_never_loads_a_changed_row() -> None:
    """A cut exactly at a line break may look like a shorter form: what loads is a
    complete form or the cut form's leading rows, never a shortened value."""
    for cut in cut_positions(inside_line=False):
        loaded = [r for r in parsed(SEED_BYTES[:cut]) if isinstance(r, Form)]
        for form in loaded[:-1]:
            assert content(form) == FULL[form.form_seq - 1], cut
        if loaded:
            last, whole = loaded[-1], FULL[loaded[-1].form_seq - 1]
            assert last.indicators == whole.indicators[:len(last.indicators)], cut


def test_a_form_cut_before_its_satisfaction_rows_loads_with_a_warning(tmp_path: Path) -> None:
    cut = SEED_BYTES.rindex("\n满意度指标".encode()) + 1  # at the line break before the rows
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "cut.txt").write_bytes(SEED_BYTES[:cut])
    warehouse = tmp_path / "forms.duckdb"
    ingest(raw, warehouse)
    rules = table(warehouse, "select f.rule_id from review_findings f join projects p "
                             "using (project_id) where p.source_line > 86")
    assert {"rule_id": "missing_level1_satisfaction"} in rules


def test_the_cut_form_reaches_quarantine_with_the_line(tmp_path: Path) -> None:
    cut = SEED_BYTES.rindex("≥90.00(%)".encode()) + 4
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "cut.txt").write_bytes(SEED_BYTES[:cut])
    warehouse = tmp_path / "forms.duckdb"
    ingest(raw, warehouse)
    rows = table(warehouse, "select scope, form_seq, reason_code, reason from quarantine")
    assert [(r["scope"], r["form_seq"], r["reason_code"]) for r in rows] == \
        [("form", 5, "cut_off_file")]
    line = SEED_BYTES[:cut].count(b"\n") + 1
    assert f"cut off at line {line}" in rows[0]["reason"]
    assert "copy or export the file again" in rows[0]["reason"]
    assert table(warehouse, "select status, forms_loaded from ingest_files") == \
        [{"status": "partial", "forms_loaded": 4}]


@needs_text_forms
@pytest.mark.parametrize("name", ["009_yantai_shenji_yewujingfei_2026_markdown.txt",
                                  "010_yantai_shangwu_huizhanye_2026_html.txt",
                                  "019_changsha_jiaoyu_shuidianqi_2026_tsv.txt",
                                  "021_changchun_xinfang_xiangmubiao_2026_html.txt"])
def test_real_forms_of_other_layouts_cut_in_their_last_row(name: str) -> None:
    """Each layout cut in the middle of its last indicator row (a target half written):
    its last form is quarantined as cut off and the others load; without only its final
    line break it loads as before."""
    data = (TEXT_FORMS / name).read_bytes()
    whole = [content(r) for r in parsed(data, name) if isinstance(r, Form)]
    assert whole
    trimmed = parsed(data.rstrip(b"\r\n"), name)
    assert [content(r) for r in trimmed if isinstance(r, Form)] == whole
    cut = parsed(data[:middle_of_last_satisfaction_row(data)], name)
    assert [content(r) for r in cut if isinstance(r, Form)] == whole[:-1]
    assert [(r.form_seq, r.reason_code) for r in cut if isinstance(r, FormProblem)] == \
        [(len(whole), "cut_off_file")]


def middle_of_last_satisfaction_row(data: bytes) -> int:
    """A byte in the middle of the last line naming a satisfaction indicator (the last
    rows of every layout), on a character boundary."""
    end = data.rindex("满意".encode())
    start = data.rfind(b"\n", 0, end) + 1
    stop = data.find(b"\n", end)
    cut = (start + (stop if stop > 0 else len(data))) // 2
    while data[cut] & 0xC0 == 0x80:  # a UTF-8 continuation byte
        cut -= 1
    return cut


def test_a_csv_cut_inside_a_quoted_cell_is_cut_off() -> None:
    rows = SEED_BYTES.decode().splitlines()
    csv_text = "\n".join(",".join(f'"{c}"' for c in line.split("\t")) for line in rows)
    whole = [content(r) for r in parsed(csv_text.encode(), "f.csv") if isinstance(r, Form)]
    assert len(whole) == 5
    cut = parsed(csv_text[:csv_text.rindex("≥90.00") + 3].encode(), "f.csv")
    assert [content(r) for r in cut if isinstance(r, Form)] == whole[:4]
    assert [r.reason_code for r in cut if isinstance(r, FormProblem)] == ["cut_off_file"]


def double_encoded(text: str, name: str) -> str:
    table_ = WRONG_DECODINGS[name]
    return "".join(table_[byte] for byte in text.encode("utf-8"))


@pytest.mark.parametrize("name", list(WRONG_DECODINGS))
def test_the_double_encoded_sample_is_repaired_exactly_with_a_note(name: str) -> None:
    garbled = double_encoded(SEED_BYTES.decode("utf-8"), name).encode("utf-8")
    assert "财政".encode() not in garbled
    result = process_file_bytes(garbled)
    assert [content(f) for f in result.forms] == FULL
    assert f"decoded as {name}" in result.message and "repaired exactly" in result.message


def process_file_bytes(data: bytes, name: str = "garbled.txt"):
    import tempfile
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        return process_file(path, Path(folder))


def test_garbled_text_that_lost_bytes_is_quarantined_as_mojibake() -> None:
    garbled = double_encoded(SEED_BYTES.decode("utf-8"), "Windows-1252")
    lossy = garbled.replace("\x81", "?").replace("\x8d", "?")  # what a strict tool writes
    result = process_file_bytes(lossy.encode("utf-8"))
    assert result.error is not None and result.error.code == "mojibake"
    assert "re-export the file as UTF-8" in result.error.message


def test_gb18030_read_as_utf8_with_replacement_characters_is_mojibake() -> None:
    replaced = SEED_BYTES.decode().encode("gb18030").decode("utf-8", errors="replace")
    result = process_file_bytes(replaced.encode("utf-8"))
    assert result.error is not None and result.error.code == "mojibake"
    assert "replacement characters" in result.error.message


def test_a_stray_accent_is_not_mojibake() -> None:
    assert check_text("项目名称\tCafé société — naïve résumé\n") is None


CJK_TEXT = st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF) | st.sampled_from(
    list("\t\n=≥%()（）0123456789.,项目")), min_size=1, max_size=60)


@given(CJK_TEXT, st.sampled_from(list(WRONG_DECODINGS)))
def test_a_repair_is_exact_or_refused(text: str, name: str) -> None:
    table_ = WRONG_DECODINGS[name]
    garbled = double_encoded(text, name)
    assert exact_repair(garbled, table_) == text
    damaged = garbled + "中"  # a character no byte of the wrong decoding gives
    assert exact_repair(damaged, table_) is None


CHANGSHA = TEXT_FORMS / "019_changsha_jiaoyu_shuidianqi_2026_tsv.txt"


@needs_text_forms
def test_the_changsha_tsv_cut_after_2000_bytes_is_not_loaded_shortened(tmp_path: Path) -> None:
    """The cut falls in the continued part of the wide table (its last row has 2 cells
    where the table has 13): the form is quarantined as cut, never loaded with 6 of its
    12 indicators."""
    data = CHANGSHA.read_bytes()
    assert [len(r.indicators) for r in parsed(data) if isinstance(r, Form)] == [12]
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / CHANGSHA.name).write_bytes(data[:2000])
    warehouse = tmp_path / "forms.duckdb"
    ingest(raw, warehouse)
    assert table(warehouse, "select status, forms_loaded from ingest_files") == \
        [{"status": "quarantined", "forms_loaded": 0}]
    assert table(warehouse, "select count(*) as n from indicators") == [{"n": 0}]
    reasons = table(warehouse, "select reason_code, reason from quarantine")
    assert [r["reason_code"] for r in reasons] == ["cut_off_file"]
    assert reasons[0]["reason"].startswith("文件似在第 19 行被截断")
    assert "只有 2 个单元格，而上方各行有 13 个" in reasons[0]["reason"]


@needs_text_forms
def test_no_cut_in_a_continued_table_loads_a_shortened_form_as_whole() -> None:
    """Every cut of the 长沙 form inside its continued part that leaves the last line
    visibly unfinished (fewer cells than the table, or a repeated title or 单位名称 line
    broken off): no form loads with fewer than its 12 indicators unless the file also
    reports a cut.  Cuts leaving only digits on the last line (a page number looks the
    same) are the known exception."""
    data = CHANGSHA.read_bytes()
    second_title = data.index("2026年项目支出绩效目标表".encode(), 10)
    checked = 0
    for cut in range(second_title, len(data)):
        line_start = data.rfind(b"\n", 0, cut) + 1
        partial = data[line_start:cut]
        if (cut == line_start or data[cut] == 0x0A or data[cut] & 0xC0 == 0x80
                or partial.count(b"\t") >= 12 or partial.isdigit()):
            continue
        results = parsed(data[:cut])
        problems = [r.reason_code for r in results if isinstance(r, FormProblem)]
        assert "cut_off_file" in problems, cut
        checked += 1
    assert checked > 600
