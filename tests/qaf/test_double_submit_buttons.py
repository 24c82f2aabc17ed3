"""Every button that sends a form is disabled for a moment after a click (GOV.UK Frontend's
double-click guard), so a double click sends the form once."""

import re
from pathlib import Path

from django.conf import settings

TEMPLATES = Path(settings.BASE_DIR) / "templates"
GOVUK_SUBMIT = re.compile(r"<button\b[^>]*type=\"submit\"[^>]*data-module=\"govuk-button\"[^>]*>")


def test_every_govuk_submit_button_prevents_a_double_click():
    buttons = [
        (path.relative_to(TEMPLATES), match.group(0))
        for path in TEMPLATES.rglob("*.html")
        for match in GOVUK_SUBMIT.finditer(path.read_text())
    ]

    assert len(buttons) > 40
    assert [b for b in buttons if 'data-prevent-double-click="true"' not in b[1]] == []


def test_the_page_starts_govuk_frontend_from_our_own_origin():
    base = (TEMPLATES / "base.html").read_text()
    app = (Path(settings.BASE_DIR) / "static" / "qaf" / "js" / "app.js").read_text()

    assert '<script type="module" src="{% static \'qaf/js/app.js\' %}">' in base
    assert "initAll();" in app
    assert settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["script-src"] == ["'self'"]
