"""Charts drawn on the server: an image with a title and a description, the same figures in words,
gaps left as gaps, and nothing a page's Content Security Policy would block."""

import re
from datetime import date
from decimal import Decimal

from kpis.charts import ChartPoint, chart_svg, describe, format_value, points_from


def _months(values):
    return [ChartPoint(date(2026, month, 1), value) for month, value in enumerate(values, 1)]


def test_a_chart_is_an_image_named_by_its_title_and_described_in_words():
    svg = chart_svg(
        _months([Decimal("60"), Decimal("72.5"), Decimal("80")]),
        title="Audits graded good or better",
        target=Decimal("75"),
        element_id="kpi-good",
    )

    assert svg.startswith('<svg class="qaf-kpi-chart"')
    assert 'role="img"' in svg
    assert 'aria-labelledby="kpi-good-title kpi-good-desc"' in svg
    assert '<title id="kpi-good-title">Audits graded good or better</title>' in svg
    assert (
        '<desc id="kpi-good-desc">The value went from 60% in January 2026 to 80% in March 2026; '
        "lowest 60% (January 2026), highest 80% (March 2026); the target is 75%.</desc>"
    ) in svg
    assert "Target 75%" in svg
    assert svg.count("<circle") == 3


def test_a_chart_has_no_inline_style_or_script():
    svg = chart_svg(_months([1, 2, 3]), title="Audits", unit="count", kind="bar")

    assert "style=" not in svg
    assert "<script" not in svg
    assert svg.count('<rect class="qaf-kpi-chart__bar"') == 3


def test_a_month_with_nothing_to_count_breaks_the_line():
    svg = chart_svg(_months([50, 60, None, 70, 80]), title="Visits on time")

    assert svg.count("<polyline") == 2
    assert svg.count("<circle") == 4


def test_titles_and_descriptions_are_escaped():
    svg = chart_svg(_months([1]), title="<b>Plans & reviews</b>", unit="count")

    assert "<b>" not in svg
    assert "&lt;b&gt;Plans &amp; reviews&lt;/b&gt;" in svg


def test_a_percentage_chart_runs_from_nothing_to_all():
    svg = chart_svg(_months([10, 20]), title="Rate")

    labels = re.findall(r'text-anchor="end">([^<]+)</text>', svg)
    assert labels == ["0%", "25%", "50%", "75%", "100%"]


def test_a_count_chart_stops_at_a_round_number_above_the_highest_value():
    svg = chart_svg(_months([3, 41, 17]), title="Audits completed", unit="count")

    labels = re.findall(r'text-anchor="end">([^<]+)</text>', svg)
    assert labels == ["0", "20", "40", "60", "80"]


def test_a_target_above_every_value_stays_on_the_chart():
    svg = chart_svg(_months([3, 4]), title="Audits completed", unit="count", target=30)

    labels = re.findall(r'axis"[^>]*text-anchor="end">([^<]+)</text>', svg)
    assert labels[-1] == "40"
    assert "Target 30</text>" in svg


def test_values_read_as_a_person_would_say_them():
    assert format_value(Decimal("72.50"), "percent") == "72.5%"
    assert format_value(Decimal("80.00"), "percent") == "80%"
    assert format_value(1204, "count") == "1,204"
    assert format_value(None, "count") == "–"


def test_a_chart_with_no_figures_says_so():
    assert describe(_months([None, None]), unit="percent") == (
        "No figures between January 2026 and February 2026."
    )
    assert describe([], unit="percent") == "No figures yet."


def test_points_come_from_pairs_or_from_objects_with_a_period_and_value():
    class Point:
        period = date(2026, 1, 1)
        value = 4

    assert points_from([(date(2026, 1, 1), 4), Point()]) == [
        ChartPoint(date(2026, 1, 1), 4),
        ChartPoint(date(2026, 1, 1), 4),
    ]


def test_a_month_with_a_note_is_marked_and_said_in_the_description():
    svg = chart_svg(
        _months([20, 24, 7, 22]), title="Audits sampled", unit="count", noted=[date(2026, 3, 1)]
    )

    assert svg.count('class="qaf-kpi-chart__note"') == 1
    assert "A note explains March 2026.</desc>" in svg
