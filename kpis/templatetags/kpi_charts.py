"""Template helpers for the KPI pages: a chart with its description, and values as read aloud."""

from django import template

from kpis.charts import chart_svg, describe, format_value, points_from

register = template.Library()


@register.simple_tag
def kpi_chart(
    series, *, title, unit="percent", target=None, kind="line", element_id="chart", notes=None
):
    """The SVG chart of ``series`` (points with ``period`` and ``value``, oldest first);
    ``notes`` maps a month to the note that explains it."""
    return chart_svg(
        points_from(series),
        title=title,
        unit=unit,
        target=target,
        kind=kind,
        element_id=element_id,
        noted=notes or (),
    )


@register.filter
def note_of(notes, period):
    """The note for ``period`` in a month-to-note mapping, or ""."""
    return (notes or {}).get(period, "")


@register.simple_tag
def kpi_describe(series, *, unit="percent", target=None, subject="The value"):
    return describe(points_from(series), unit=unit, target=target, subject=subject)


@register.filter
def kpi_value(value, unit="percent"):
    """``72.5`` as "72.5%" for a percentage, ``1204`` as "1,204" for a count, "–" for none."""
    return format_value(value, unit)


RAG = {
    "green": ("On target", "govuk-tag--green"),
    "amber": ("Close to target", "govuk-tag--orange"),
    "red": ("Off target", "govuk-tag--red"),
}
DIRECTION = {
    "better": "Better than the month before",
    "worse": "Worse than the month before",
    "same": "The same as the month before",
}


@register.inclusion_tag("kpis/includes/rag_tag.html")
def rag_tag(rag):
    """Red, amber or green as words in a GOV.UK tag: the colour is never the only signal."""
    label, css = RAG.get(rag, ("No target", "govuk-tag--grey"))
    return {"label": label, "css": css}


@register.filter
def direction_label(direction):
    return DIRECTION.get(direction, "No earlier month to compare")


@register.filter
def rag_modifier(rag):
    """The tile's border class; the words are in its tag."""
    return f"qaf-kpi-tile--{rag}" if rag in RAG else ""


@register.filter
def polarity_label(polarity):
    return "Higher is better" if polarity == "up" else "Lower is better"
