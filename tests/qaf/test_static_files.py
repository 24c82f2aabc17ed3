"""Static files deploy: every file the CSS and JS refer to exists, and pages link the hashed,
compressed files that collectstatic made, as in production."""

import importlib.util
import re
from pathlib import Path
from urllib.request import urlopen

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "static"
CSS_URL = re.compile(r"""url\(\s*["']?([^"')]+)["']?\s*\)""")
JS_IMPORT = re.compile(r"""(?:\bimport\b[^"';]*?\bfrom\s*|\bimport\s*\(?\s*)["']([^"']+)["']""")
SOURCE_MAP = re.compile(r"sourceMappingURL=(\S+)")


def references(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    found = SOURCE_MAP.findall(text)
    if path.suffix == ".css":
        found += CSS_URL.findall(text)
    else:
        found += JS_IMPORT.findall(text)
    return [url for url in found if not url.startswith(("data:", "#"))]


def resolve(url: str, *, referrer: Path) -> Path:
    url = url.split("?")[0].split("#")[0]
    if url.startswith(settings.STATIC_URL):
        return STATIC / url.removeprefix(settings.STATIC_URL)
    return (referrer.parent / url).resolve()


def test_every_url_in_our_css_and_js_points_at_a_file_that_exists():
    files = sorted(STATIC.rglob("*.css")) + sorted(STATIC.rglob("*.js"))
    assert any("govuk-frontend" in str(path) for path in files)
    missing = [
        f"{path.relative_to(STATIC)} -> {url}"
        for path in files
        for url in references(path)
        if not resolve(url, referrer=path).is_file()
    ]
    assert missing == []


def test_a_css_url_to_a_missing_file_is_caught(tmp_path):
    # The check above would have failed on the crest that used to be in the footer rules.
    css = tmp_path / "broken.css"
    css.write_text('a::before{background:url("/static/govuk-frontend/assets/images/crest.svg")}')
    [url] = references(css)
    assert not resolve(url, referrer=css).is_file()


def test_the_vendored_govuk_frontend_has_no_crest_and_matches_what_the_build_makes():
    spec = importlib.util.spec_from_file_location("strip", STATIC / "strip-govuk-crest.py")
    strip = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(strip)
    css = (STATIC / "govuk-frontend" / "govuk-frontend.min.css").read_text(encoding="utf-8")
    js = (STATIC / "govuk-frontend" / "govuk-frontend.min.js").read_text(encoding="utf-8")

    assert "crest" not in css
    # Running the build's last step again changes nothing: the vendored files are its output.
    assert strip.strip_crest(css) == css
    assert strip.strip_source_map(js) == js
    # Everything else in the footer styles is still there.
    assert ".govuk-footer__licence-logo" in css


def test_the_crest_rules_are_removed_with_the_blocks_they_leave_empty():
    spec = importlib.util.spec_from_file_location("strip", STATIC / "strip-govuk-crest.py")
    strip = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(strip)
    css = (
        ".a{color:red}.govuk-footer__copyright-logo::before{background:url(x.svg)}"
        "@supports(mask:none){.govuk-footer__copyright-logo::before{mask:url(x.svg)}"
        "@media screen{.govuk-footer__copyright-logo::before{color:red}}}"
        '@media print{.b{content:"}"}.govuk-footer__copyright-logo{x:y}}'
    )
    assert strip.strip_crest(css) == '.a{color:red}@media print{.b{content:"}"}}'


@pytest.mark.django_db
def test_pages_link_the_hashed_static_files_that_collectstatic_made(client):
    page = client.get("/accounts/login/").content.decode()

    stylesheet = re.search(
        r'href="(/static/govuk-frontend/govuk-frontend\.min\.(\w{12})\.css)"', page
    )
    assert stylesheet, "the page does not link the hashed GOV.UK Frontend stylesheet"
    collected = Path(settings.STATIC_ROOT) / stylesheet[1].removeprefix(settings.STATIC_URL)
    assert collected.is_file()
    assert Path(f"{collected}.br").is_file()
    assert Path(f"{collected}.gz").is_file()


@pytest.mark.django_db(transaction=True)
def test_the_live_server_for_browser_tests_serves_the_hashed_files_as_production_does(
    live_server,
):
    page = urlopen(f"{live_server.url}/accounts/login/").read().decode()  # noqa: S310
    assets = re.findall(r'(?:href|src)="(/static/[^"]+\.\w{12}\.(?:css|js))"', page)
    assert len(assets) >= 3
    for asset in assets:
        with urlopen(f"{live_server.url}{asset}") as response:  # noqa: S310
            assert response.status == 200
            assert "immutable" in response.headers["Cache-Control"]
