"""Markdown to safe HTML for the public pages.

Python-Markdown turns the text into HTML; nh3 (the Rust ammonia sanitiser) then keeps only the
tags and attributes listed here, so a ``<script>``, an ``onerror=`` or a ``javascript:`` link
typed into a page never reaches a reader. The GOV.UK typography classes are added by nh3 after
sanitising, so an editor cannot set classes of their own.
"""

from functools import lru_cache

import markdown
import nh3

# Headings start at h2: the page's title is its one h1.
TAGS = {
    "h2", "h3", "h4", "p", "br", "hr", "strong", "em", "a", "ul", "ol", "li",
    "blockquote", "table", "thead", "tbody", "tr", "th", "td", "abbr", "div",
    # Simple pictures, drawn inline so they need no other request.
    "svg", "g", "circle", "ellipse", "rect", "line", "path", "polygon", "polyline",
}  # fmt: skip

_SHAPE = {"fill", "stroke", "stroke-width", "stroke-linecap", "stroke-linejoin", "transform"}
ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "th": {"scope"},
    "svg": {"viewBox", "role", "aria-label", "width", "height", "focusable"},
    "g": _SHAPE,
    "circle": {"cx", "cy", "r", *_SHAPE},
    "ellipse": {"cx", "cy", "rx", "ry", *_SHAPE},
    "rect": {"x", "y", "width", "height", "rx", "ry", *_SHAPE},
    "line": {"x1", "y1", "x2", "y2", *_SHAPE},
    "path": {"d", *_SHAPE},
    "polygon": {"points", *_SHAPE},
    "polyline": {"points", *_SHAPE},
}
URL_SCHEMES = {"https", "http", "mailto", "tel"}

# Only these classes survive on a <div> or <svg>: the page's own picture-and-words layouts.
ALLOWED_CLASSES = {
    "div": {"qaf-picture-row", "qaf-picture-row__picture", "qaf-picture-row__words"},
    "svg": {"qaf-page-picture"},
}

GOVUK_CLASSES = {
    "h2": {"class": "govuk-heading-m"},
    "h3": {"class": "govuk-heading-s"},
    "h4": {"class": "govuk-body govuk-!-font-weight-bold"},
    "p": {"class": "govuk-body"},
    "ul": {"class": "govuk-list govuk-list--bullet"},
    "ol": {"class": "govuk-list govuk-list--number"},
    "a": {"class": "govuk-link"},
    "hr": {"class": "govuk-section-break govuk-section-break--l govuk-section-break--visible"},
    "blockquote": {"class": "govuk-inset-text"},
    "table": {"class": "govuk-table"},
    "thead": {"class": "govuk-table__head"},
    "tbody": {"class": "govuk-table__body"},
    "tr": {"class": "govuk-table__row"},
    "th": {"class": "govuk-table__header"},
    "td": {"class": "govuk-table__cell"},
}


def has_main_heading(body_markdown: str) -> bool:
    """Whether the text has a top-level heading (``# Title`` or ``<h1>``)."""
    html = markdown.markdown(body_markdown, extensions=["tables"])
    return "<h1" in html.lower()


@lru_cache(maxsize=64)
def render_markdown(body_markdown: str) -> str:
    """Safe HTML with GOV.UK typography, from an editor's Markdown."""
    html = markdown.markdown(body_markdown, extensions=["tables", "sane_lists", "md_in_html"])
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        set_tag_attribute_values=GOVUK_CLASSES,
        strip_comments=True,
    )
