"""Horizontal bar charts drawn as inline SVG in Python (no script, no library): the page
must open offline and under a Content-Security-Policy that forbids loading anything."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from pipelines.outputs.report.formatting import FONT_SIZE, esc, fit

CHART_WIDTH = 960
LABEL_WIDTH = 290
VALUE_WIDTH = 230
ROW_HEIGHT = 26
SUB_ROW_HEIGHT = 22
TRACK_COLOUR = "#e8e8e8"  # the empty part of a share bar


@dataclass(frozen=True, slots=True)
class Segment:
    """One coloured piece of a bar; ``data`` becomes ``data-*`` attributes tests can read."""

    value: float
    fill: str
    tip: str
    data: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class BarRow:
    """One row of a horizontal bar chart; ``sub`` rows are indented under the row above."""

    label: str
    tip: str
    segments: tuple[Segment, ...]
    value_label: str
    sub: bool = False
    track: bool = False


@dataclass(frozen=True, slots=True)
class Chart:
    """A titled figure: its SVG and an optional HTML legend."""

    key: str
    title: str
    caption: str
    svg: str
    legend: str = ""
    table: str = ""  # the chart's numbers printed exactly, under it


def _data_attrs(data: dict[str, str]) -> str:
    return "".join(f' data-{key}="{esc(value)}"' for key, value in data.items())


def _segments_svg(row: BarRow, y: float, height: float, scale: float,
                  bar_width: float) -> tuple[str, float]:
    """The rects of one row, left to right, each with its own tooltip; and where they end.

    A row longer than ``scale`` (the 其他 bucket of ten thousand units) is squeezed to the
    full width and drawn with a break mark, so it does not flatten every other bar.
    """
    parts, x = [], float(LABEL_WIDTH)
    if row.track:
        parts.append(f'<rect class="track" x="{x}" y="{y:.1f}" width="{bar_width:.1f}" '
                     f'height="{height:.1f}" fill="{TRACK_COLOUR}"></rect>')
    total = sum(seg.value for seg in row.segments)
    full = max(scale, total)
    for seg in row.segments:
        width = bar_width * seg.value / full if full > 0 else 0.0
        parts.append(f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" '
                     f'height="{height:.1f}" fill="{seg.fill}"{_data_attrs(seg.data)}>'
                     f"<title>{esc(seg.tip)}</title></rect>")
        x += width
    if total > scale * 1.000001:
        parts.append(_break_mark(x - 14, y, height))
    return "".join(parts), x


def bar_total(row: BarRow) -> float:
    return sum(seg.value for seg in row.segments)


def _break_mark(x: float, y: float, height: float) -> str:
    """Two white slashes across a bar: "not to scale"."""
    return "".join(f'<line class="break" x1="{x + dx:.1f}" y1="{y + height + 2:.1f}" '
                   f'x2="{x + dx + 6:.1f}" y2="{y - 2:.1f}" stroke="#fff" stroke-width="2.5">'
                   "</line>" for dx in (0, 5))


def _label_svg(row: BarRow, middle: float, nested: bool) -> str:
    """Labels sit right-aligned beside their bars; in a nested chart a main row's label is
    flush left and bold, so the hierarchy reads at a glance."""
    if nested and not row.sub:
        x, anchor, css = 4, "start", "label main"
    else:
        x, anchor, css = LABEL_WIDTH - 8, "end", "label"
    text = fit(row.label, LABEL_WIDTH - 14)
    return (f'<text class="{css}" x="{x}" y="{middle:.1f}" text-anchor="{anchor}" '
            f'dominant-baseline="middle"><title>{esc(row.tip)}</title>{esc(text)}</text>')


def _row_svg(row: BarRow, top: float, scale: float, bar_width: float, nested: bool) -> str:
    """Label, bars and value text of one row (``nested``: the chart has sub rows)."""
    height = (SUB_ROW_HEIGHT if row.sub else ROW_HEIGHT) - 6
    middle = top + height / 2 + 3
    rects, end = _segments_svg(row, top + 3, height, scale, bar_width)
    value_x = (LABEL_WIDTH + bar_width if row.track else end) + 6
    return (f'<g class="row">{_label_svg(row, middle, nested)}{rects}'
            f'<text class="value" x="{value_x:.1f}" y="{middle:.1f}" '
            f'dominant-baseline="middle">{esc(row.value_label)}</text></g>')


def bars_svg(key: str, title: str, rows: Sequence[BarRow], scale: float,
             marker: tuple[float, str] | None = None) -> str:
    """A horizontal bar chart as inline SVG; ``marker`` draws a dashed line at a value."""
    bar_width = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH
    nested = any(row.sub for row in rows)
    parts, top = [], 4.0
    for row in rows:
        parts.append(_row_svg(row, top, scale, bar_width, nested))
        top += SUB_ROW_HEIGHT if row.sub else ROW_HEIGHT
    if marker is not None:
        x = LABEL_WIDTH + bar_width * marker[0] / scale
        parts.append(f'<line class="marker" x1="{x:.1f}" x2="{x:.1f}" y1="0" y2="{top:.1f}" '
                     f'stroke="#333" stroke-dasharray="4 3"></line>'
                     f'<text x="{x + 4:.1f}" y="{top + 12:.1f}" class="marker-label">'
                     f"{esc(marker[1])}</text>")
        top += 16
    height = top + 6
    return (f'<svg class="chart" data-chart="{esc(key)}" role="img" aria-label="{esc(title)}" '
            f'xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {CHART_WIDTH} {height:.0f}" '
            f'width="{CHART_WIDTH}" height="{height:.0f}" font-size="{FONT_SIZE}">'
            f"<title>{esc(title)}</title>{''.join(parts)}</svg>")


def legend(items: Iterable[tuple[str, str]]) -> str:
    """Colour swatches with their names, as HTML above a chart."""
    spans = "".join(f'<span><i style="background:{colour}"></i>{esc(name)}</span>'
                    for name, colour in items)
    return f'<p class="legend">{spans}</p>'
