"""Template helpers for the KPI pages: a chart with its description, and values as read aloud."""

from django import template

from kpis.charts import chart_svg, describe, format_value, points_from

register = template.Library()


@register.simple_tag
def kpi_chart(series, *, title, unit="percent", target=None, kind="line", element_id="chart"):
    """The SVG chart of ``series`` (points with ``period`` and ``value``, oldest first)."""
    return chart_svg(
        points_from(series),
        title=title,
        unit=unit,
        target=target,
        kind=kind,
        element_id=element_id,
    )


@register.simple_tag
def kpi_describe(series, *, unit="percent", target=None, subject="The value"):
    return describe(points_from(series), unit=unit, target=target, subject=subject)


@register.filter
def kpi_value(value, unit="percent"):
    """``72.5`` as "72.5%" for a percentage, ``1204`` as "1,204" for a count, "–" for none."""
    return format_value(value, unit)
