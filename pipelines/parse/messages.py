"""What a person reads about a file: Chinese first, the machine's code and detail kept.

The readers and the parser state what went wrong in English detail (the cell, the text,
the number), and the ``reason_code`` stays the machine's key.  The people who fix the
files read Chinese, so ``ingest_files.message`` and ``quarantine.reason`` open with the
Chinese title of the code and the place in Chinese (第 19 行, 第 39 页), and keep the
English detail after a slash for the one who reports a bug.  One table of titles, so
``status``, the report and the run summary say the same thing.
"""

from __future__ import annotations

from pipelines.read.locators import place_label

# between a reason's Chinese part and the English detail kept for a bug report
DETAIL_SEPARATOR = " / "
# reason_code -> what is wrong and what to do, for a person
REASON_TITLES: dict[str, str] = {
    "empty_file": "文件为空",
    "binary": "文件含二进制或控制字符，不是文本导出（文件损坏、被截断或选错了文件）",
    "unknown_encoding": "编码既不是 UTF-8 也不是 GB18030，请另存为 UTF-8",
    "truncated_file": "文件在一个字符中间结束（复制时被截断），请重新复制",
    "cut_off_file": "文件被截断，截断处的表不完整、未载入，请重新复制或导出",
    "mojibake": "文字乱码（编码错误），请重新导出为 UTF-8",
    "unsupported_format": "不支持的文件格式（图片、旧版 .doc、压缩包等）",
    "unreadable_workbook": "无法读取的 Excel 工作簿",
    "sheet_too_large": "工作表过大",
    "unreadable_document": "无法读取的 Word 文档",
    "unreadable_html": "无法读取的 HTML 文件",
    "malformed_csv": "CSV 格式有误",
    "no_text_layer": "PDF 没有文字层（扫描件），需先做文字识别",
    "encrypted_pdf": "PDF 已加密，需要密码",
    "unreadable_pdf": "无法读取的 PDF（文件损坏）",
    "file_too_large": "文件超过大小上限，请拆分或调高上限",
    "expands_too_large": "文件解压后超过上限，请只保留表格后另存，或调高上限",
    "file_time_limit": "读取超时，请拆分文件或调高时限",
    "unreadable_file": "文件系统拒绝读取该文件",
    "empty_form": "标题下没有表格内容",
    "missing_project_name": "缺少项目名称",
    "missing_fiscal_year": "缺少年度",
    "missing_department": "部门整体绩效目标表未写部门",
    "missing_money_unit": "绩效自评表未写金额单位（万元或元）",
    "no_indicator_rows": "指标表只有表头，没有指标行（表被截断或未填写）",
    "no_indicator_table": "未找到指标表（三级指标、指标值等列），无法识别版式",
    "unreadable_indicators": "指标以编码文字写在一个单元格中，有条目不符合格式",
    "bad_amount": "金额不是数字",
    "conflicting_amounts": "同一资金项目填了两个不同的金额",
    "ambiguous_unit": "同时写了元和万元，金额单位不明",
    "bad_date": "计划日期不是日期",
    "untitled_form": "指标表后出现资金行：漏识别了一张表的标题",
    "fund_row_in_indicators": "指标表后出现资金行：漏识别了一张表的标题",
    "self_evaluation": "绩效自评表，本版本不载入（文件无需修改）",
    "reader_failed": "读取时出现内部错误，请报告",
    "parser_failed": "解析时出现内部错误，请报告",
    "part_left_out": "表已载入，但有一部分内容未载入",
}

def reason_title(code: str) -> str:
    """The Chinese title of a reason code (the code itself when none is written yet)."""
    return REASON_TITLES.get(code, code)


def zh_reason(code: str, reason: str, locator: str | None = None) -> str:
    """A quarantine reason for a person: the code's Chinese title and the place, then the
    English detail after a slash (it names the cell and the text)."""
    if _chinese_first(reason):
        return reason
    place = place_label(locator)
    head = f"{reason_title(code)}（{place}）" if place else reason_title(code)
    return f"{head}{DETAIL_SEPARATOR}{reason}" if reason else head


def _chinese_first(reason: str) -> bool:
    """A reason written Chinese first already (``中文 / English``)."""
    return DETAIL_SEPARATOR in reason and _is_chinese(reason[:1])


def chinese_part(reason: object) -> str:
    """What a person reads of a reason written ``中文 / English``: the Chinese before the
    slash (the English detail stays in the table for a bug report); a reason without
    Chinese is kept whole."""
    text = " ".join(str(reason or "").split())
    head = text.split(DETAIL_SEPARATOR)[0]
    return head if any(_is_chinese(ch) for ch in head) else text


def _is_chinese(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def form_label(form_seq: int | None) -> str:
    return f"第 {form_seq} 张表" if form_seq is not None else "文件"
