"""Run axe-core in the page and fail with a readable list of what it found."""

from axe_playwright_python.sync_playwright import Axe

_axe = Axe()

# WCAG 2.2 AA and best practice, as the public-sector accessibility regulations expect.
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}


def assert_accessible(page) -> None:
    results = _axe.run(page, options=AXE_OPTIONS)
    violations = results.response["violations"]
    if violations:
        lines = [
            f"{v['id']} ({v['impact']}): {v['help']} -> "
            + "; ".join(node["target"][0] if node["target"] else "?" for node in v["nodes"][:5])
            for v in violations
        ]
        raise AssertionError(f"axe found problems on {page.url}:\n" + "\n".join(lines))


def assert_fits_320(page) -> None:
    """At 320 px wide nothing makes the page scroll sideways (WCAG 1.4.10 reflow)."""
    size = page.viewport_size
    page.set_viewport_size({"width": 320, "height": 800})
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    page.set_viewport_size(size)
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px at 320px wide"
