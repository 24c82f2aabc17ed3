"""No template compares a status, state or stage with a string: pages ask the workflow.

A template that wants to know where a record is uses ``{% actions_for %}``, ``{% status_tag %}``
or a named group of its machine's states (``obj|in_state:"finished"``), so that renaming a
state, or adding one, never leaves a page quietly showing the wrong thing.
"""

import re
from pathlib import Path

from django.conf import settings

WORD = r"[\w.]*(?:status|state|stage)\w*"
LITERAL = r"""(?:"[^"]*"|'[^']*')"""
LIST_OF_LITERALS = rf"""[(\[]\s*{LITERAL}"""
# Inside a {% ... %} tag: `x.status == "a"`, `"a" != x.stage`, `x.state in "ab"` or `in ("a",`.
COMPARISON = re.compile(
    rf"{WORD}\s*(?:==|!=|<|>|<=|>=)\s*{LITERAL}"
    rf"|{LITERAL}\s*(?:==|!=|<|>|<=|>=)\s*{WORD}"
    rf"|{WORD}\s+(?:not\s+)?in\s+(?:{LITERAL}|{LIST_OF_LITERALS})",
    re.IGNORECASE,
)
TAG = re.compile(r"{%.*?%}", re.DOTALL)


def _templates() -> list[Path]:
    roots = [Path(d) for d in settings.TEMPLATES[0]["DIRS"]]
    return sorted(p for root in roots for p in root.rglob("*.html"))


def comparisons_in(text: str) -> list[tuple[int, str]]:
    found = []
    for tag in TAG.finditer(text):
        for match in COMPARISON.finditer(tag.group()):
            line = text.count("\n", 0, tag.start() + match.start()) + 1
            found.append((line, match.group()))
    return found


def test_the_check_finds_each_kind_of_comparison():
    text = (
        '{% if a.status == "x" %}\n'
        "{% elif 'y' != b.stage %}\n"
        '{% if task.state in "done" %}{% if c.status not in ("a", "b") %}\n'
        '{% if a|in_state:"finished" %}{% if status_filter == current %}'
    )
    assert [line for line, _ in comparisons_in(text)] == [1, 2, 3, 3]


def test_no_template_compares_a_status_with_a_string():
    templates = _templates()
    assert templates, "no templates found"
    offences = [
        f"{path.relative_to(settings.BASE_DIR)}:{line}: {found}"
        for path in templates
        for line, found in comparisons_in(path.read_text())
    ]
    assert not offences, "Ask the workflow instead of comparing a status:\n" + "\n".join(offences)
