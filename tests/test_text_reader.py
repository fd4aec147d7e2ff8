"""The TSV reader: encodings decided deterministically, HTML cleaned, line numbers kept."""

from __future__ import annotations

import pytest

from pipelines.read import ReadError, read_grids, sniff_format
from pipelines.read.text import clean_cell, decode_text, read_tsv

SAMPLE = "项目名称\t残疾人就业保障金\n其中：财政资金\t11,043.84\n"


@pytest.mark.parametrize(
    "data",
    [
        SAMPLE.encode("utf-8"),
        b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"),
        SAMPLE.encode("gb18030"),
        SAMPLE.replace("\n", "\r\n").encode("gb18030"),
    ],
    ids=["utf8", "utf8-bom", "gb18030", "gb18030-crlf"],
)
def test_every_supported_encoding_reads_the_same_cells(data: bytes) -> None:
    grid = read_tsv(data, "x.txt")[0]
    assert grid.rows[0].cells == ("项目名称", "残疾人就业保障金")
    assert grid.rows[1].cells == ("其中：财政资金", "11,043.84")
    assert grid.rows[1].line == 2
    assert grid.rows[1].locator == "line 2"


def test_bom_wins_over_other_decodings() -> None:
    assert decode_text(b"\xef\xbb\xbf\xe9\xa1\xb9") == "项"


def test_undecodable_bytes_raise_a_clear_error() -> None:
    bad = "项目".encode() + b"\x81\x20\xff\xfe"
    with pytest.raises(ReadError) as err:
        decode_text(bad)
    assert err.value.code == "unknown_encoding"
    assert "UTF-8" in err.value.message


@pytest.mark.parametrize("data", [b"\x00\x01\x02binary", bytes(range(256)) * 4])
def test_binary_data_is_refused(data: bytes) -> None:
    with pytest.raises(ReadError) as err:
        read_grids(data, "form.txt")
    assert err.value.code == "binary"


def test_empty_file_is_refused() -> None:
    with pytest.raises(ReadError) as err:
        sniff_format(b"  \n\t\n", "form.txt")
    assert err.value.code == "empty_file"


def test_png_under_a_text_name_is_refused() -> None:
    with pytest.raises(ReadError) as err:
        sniff_format(b"\x89PNG\r\n\x1a\n" + b"\x00" * 32, "form.txt")
    assert err.value.code == "unsupported_format"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ('<p style="text-align: center;">绩效目标申报表</p>', "绩效目标申报表"),
        ("<p>第一段</p> <p>第二段</p>", "第一段\n第二段"),
        ("&gt;=2次", ">=2次"),
        ("服务对象满<br>意度指标", "服务对象满\n意度指标"),
        ("  项目资金  (元) ", "项目资金 (元)"),
        ("11,043.84", "11,043.84"),
    ],
)
def test_clean_cell(raw: str, clean: str) -> None:
    assert clean_cell(raw) == clean


def test_seed_lines_keep_their_numbers(seed_bytes: bytes) -> None:
    grid = read_tsv(seed_bytes, "seed.txt")[0]
    row = grid.rows[7]
    assert row.line == 8
    assert row.cells[1] == "项目资金总额"
    assert row.cell_locator(3) == "line 8, col 4"


def test_utf8_cut_in_the_middle_of_a_character_is_a_truncated_file() -> None:
    data = "项目名称\t残疾人".encode()[:-1]
    with pytest.raises(ReadError) as err:
        decode_text(data)
    assert err.value.code == "truncated_file"
