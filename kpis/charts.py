"""Charts drawn on the server as SVG, so a figure reads the same with or without JavaScript.

A chart is never the only way to read a figure: every page that draws one puts a one-sentence
headline and a table of the same points beside it. The SVG itself is an image with a title and a
description (``role="img"``), the description saying in words what the line shows.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

# The drawing's own units; CSS scales it to the width of its column.
WIDTH = 480
HEIGHT = 220
LEFT = 52  # room for the value labels
RIGHT = 12
TOP = 14
BOTTOM = 34  # room for the month labels
PLOT_WIDTH = WIDTH - LEFT - RIGHT
PLOT_HEIGHT = HEIGHT - TOP - BOTTOM


@dataclass(frozen=True)
class ChartPoint:
    """One period's value; ``value`` is None when there was nothing to count."""

    period: date
    value: Decimal | int | float | None


def points_from(series: Iterable) -> list[ChartPoint]:
    """Chart points from ``(period, value)`` pairs or objects with ``period`` and ``value``."""
    points = []
    for item in series:
        if isinstance(item, tuple | list):
            period, value = item
        else:
            period, value = item.period, item.value
        points.append(ChartPoint(period, value))
    return points


def format_value(value, unit: str) -> str:
    """A value as a reader says it: "72%", "72.5%", "1,204"; an en dash when there is none."""
    if value is None:
        return "–"
    number = Decimal(str(value))
    if unit == "percent":
        rounded = number.quantize(Decimal("0.1"))
        text = f"{rounded:f}".removesuffix(".0")
        return f"{text}%"
    if number == number.to_integral_value():
        return f"{int(number):,}"
    return f"{number.quantize(Decimal('0.1')):,f}"


def month_label(period: date, *, short: bool = False) -> str:
    return period.strftime("%b %Y" if short else "%B %Y")


def describe(
    points: Sequence[ChartPoint], *, unit: str, target=None, subject: str = "The value"
) -> str:
    """What the chart shows, in words: its first and last months, lowest and highest values and
    the target. Used as the SVG's description and wherever no better headline is given."""
    known = [p for p in points if p.value is not None]
    if not known:
        if points:
            return (
                f"No figures between {month_label(points[0].period)} and "
                f"{month_label(points[-1].period)}."
            )
        return "No figures yet."
    first, last = known[0], known[-1]
    lowest = min(known, key=lambda p: p.value)
    highest = max(known, key=lambda p: p.value)
    text = (
        f"{subject} went from {format_value(first.value, unit)} in {month_label(first.period)} "
        f"to {format_value(last.value, unit)} in {month_label(last.period)}"
    )
    if len(known) > 2:
        text += (
            f"; lowest {format_value(lowest.value, unit)} ({month_label(lowest.period)}), "
            f"highest {format_value(highest.value, unit)} ({month_label(highest.period)})"
        )
    if target is not None:
        text += f"; the target is {format_value(target, unit)}"
    return text + "."


def _scale_top(values: list[float], unit: str) -> float:
    """The value at the top of the chart: 100 for percentages, else a round number above all."""
    if unit == "percent":
        return 100.0
    highest = max(values, default=0.0)
    if highest <= 0:
        return 4.0
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        top = step * 4
        if top >= highest:
            return float(top)
    magnitude = 10 ** (len(str(int(highest))) - 1)
    return float(-(-highest // magnitude) * magnitude)


def _gridlines(top: float) -> list[float]:
    return [top * quarter / 4 for quarter in range(5)]


def _number(value: float) -> str:
    """A coordinate with at most one decimal place, so the SVG stays small and stable."""
    text = f"{value:.1f}"
    return text.removesuffix(".0")


def chart_svg(
    points: Sequence[ChartPoint],
    *,
    title: str,
    unit: str = "percent",
    target=None,
    kind: str = "line",
    element_id: str = "chart",
    description: str | None = None,
    noted: Iterable[date] = (),
) -> SafeString:
    """An SVG line or bar chart of ``points`` (oldest first), with a dashed target line.

    The SVG is an image (``role="img"``) named by its ``<title>`` and described by its
    ``<desc>``; its text is drawn for sighted readers only, as the table beside it carries the
    figures. No inline styles (the Content Security Policy forbids them): classes and
    presentation attributes only. A month in ``noted`` has a note beside the chart (why it
    dipped, say): it is marked with an asterisk above its point, and said in the description.
    """
    points = list(points)
    noted = set(noted)
    values = [float(p.value) for p in points if p.value is not None]
    if target is not None:
        values.append(float(target))
    top = _scale_top(values, unit)
    count = max(len(points), 1)
    slot = PLOT_WIDTH / count
    description = description or describe(points, unit=unit, target=target)
    noted_months = [p.period for p in points if p.period in noted]
    if noted_months:
        description += " A note explains " + ", ".join(month_label(m) for m in noted_months) + "."

    def x_of(index: int) -> float:
        return LEFT + slot * index + slot / 2

    def y_of(value: float) -> float:
        return TOP + PLOT_HEIGHT - (PLOT_HEIGHT * min(value, top) / top)

    parts: list[SafeString] = []
    for grid in _gridlines(top):
        y = _number(y_of(grid))
        parts.append(
            format_html(
                '<line class="qaf-kpi-chart__grid" x1="{}" x2="{}" y1="{}" y2="{}"></line>'
                '<text class="qaf-kpi-chart__axis" x="{}" y="{}" text-anchor="end">{}</text>',
                LEFT,
                WIDTH - RIGHT,
                y,
                y,
                LEFT - 6,
                _number(y_of(grid) + 4),
                format_value(grid, unit),
            )
        )
    # A label for every month when there is room, otherwise every other one (always the last).
    step = 1 if count <= 6 else 2
    for index, point in enumerate(points):
        if (count - 1 - index) % step:
            continue
        parts.append(
            format_html(
                '<text class="qaf-kpi-chart__axis" x="{}" y="{}" text-anchor="middle">{}</text>'
                '<text class="qaf-kpi-chart__axis" x="{}" y="{}" text-anchor="middle">{}</text>',
                _number(x_of(index)),
                HEIGHT - BOTTOM + 15,
                point.period.strftime("%b"),
                _number(x_of(index)),
                HEIGHT - BOTTOM + 29,
                point.period.strftime("%Y"),
            )
        )
    if kind == "bar":
        bar_width = _number(max(slot * 0.6, 2))
        for index, point in enumerate(points):
            if point.value is None:
                continue
            y = y_of(float(point.value))
            parts.append(
                format_html(
                    '<rect class="qaf-kpi-chart__bar" x="{}" y="{}" width="{}" height="{}"></rect>',
                    _number(x_of(index) - max(slot * 0.6, 2) / 2),
                    _number(y),
                    bar_width,
                    _number(TOP + PLOT_HEIGHT - y),
                )
            )
    else:
        # A gap in the data breaks the line rather than drawing a value nobody measured.
        runs: list[list[str]] = [[]]
        for index, point in enumerate(points):
            if point.value is None:
                runs.append([])
                continue
            runs[-1].append(f"{_number(x_of(index))},{_number(y_of(float(point.value)))}")
        for run in runs:
            if len(run) > 1:
                parts.append(
                    format_html(
                        '<polyline class="qaf-kpi-chart__line" points="{}"></polyline>',
                        " ".join(run),
                    )
                )
        parts.append(
            format_html_join(
                "",
                '<circle class="qaf-kpi-chart__point" cx="{}" cy="{}" r="3.5"></circle>',
                (
                    (_number(x_of(index)), _number(y_of(float(point.value))))
                    for index, point in enumerate(points)
                    if point.value is not None
                ),
            )
        )
    for index, point in enumerate(points):
        if point.period in noted:
            top_of_point = (
                y_of(float(point.value)) if point.value is not None else TOP + PLOT_HEIGHT
            )
            parts.append(
                format_html(
                    '<text class="qaf-kpi-chart__note" x="{}" y="{}" text-anchor="middle">*</text>',
                    _number(x_of(index)),
                    _number(max(top_of_point - 8, TOP + 10)),
                )
            )
    if target is not None:
        y = _number(y_of(float(target)))
        parts.append(
            format_html(
                '<line class="qaf-kpi-chart__target" x1="{}" x2="{}" y1="{}" y2="{}"></line>'
                '<text class="qaf-kpi-chart__target-label" x="{}" y="{}" text-anchor="end">'
                "Target {}</text>",
                LEFT,
                WIDTH - RIGHT,
                y,
                y,
                WIDTH - RIGHT,
                _number(max(y_of(float(target)) - 5, TOP + 8)),
                format_value(target, unit),
            )
        )
    return format_html(
        '<svg class="qaf-kpi-chart" viewBox="0 0 {} {}" role="img" '
        'aria-labelledby="{}-title {}-desc" focusable="false">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}</svg>',
        WIDTH,
        HEIGHT,
        element_id,
        element_id,
        element_id,
        title,
        element_id,
        description,
        mark_safe("".join(parts)),  # noqa: S308 - every part was built with format_html
    )
