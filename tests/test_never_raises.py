"""Whatever bytes arrive, reading and parsing report a result; they never raise."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.parse.parse_file import process_file
from tests.conftest import SEED

CELLS = st.sampled_from([
    "", "财政项目支出绩效目标申报表", "(2023年度)", "项目名称", "项目资金 (元)", "项目资金总额",
    "其他资金", "一级指标", "二级指标", "三级指标", "年度指标值", "产出指标", "数量指标",
    "满意度指标", "≥90%", "壹万元", "11,043.84", "2023-01-01", "计划开始日期", "<p>x</p>",
    "无", "—", "项目支出绩效目标表（2026）", "单位（项目）名称", "资金总额", "指标值类型",
])
LINES = st.lists(st.lists(CELLS, max_size=8).map("\t".join), max_size=40).map("\n".join)
SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


def _check(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    result = process_file(path, tmp_path)
    assert result.status in {"loaded", "partial", "quarantined", "empty"}
    assert result.forms_found == len(result.forms) + len(result.problems)
    assert all(p.reason for p in result.problems)
    assert result.error is None or result.error.message


@SETTINGS
@given(text=LINES)
def test_form_like_text_never_raises(tmp_path: Path, text: str) -> None:
    _check(tmp_path, "fuzz.txt", text.encode("utf-8"))


@SETTINGS
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".txt", ".xlsx", ".pdf", ".csv",
                                                                 ".html", ".docx", ".md", ""]))
def test_arbitrary_bytes_never_raise(tmp_path: Path, data: bytes, suffix: str) -> None:
    _check(tmp_path, f"fuzz{suffix}", data)


@SETTINGS
@given(cut=st.integers(min_value=0, max_value=12790))
def test_a_truncated_seed_never_raises(tmp_path: Path, cut: int) -> None:
    _check(tmp_path, "truncated.txt", SEED.read_bytes()[:cut])
