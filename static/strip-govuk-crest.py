"""Take the GOV.UK crest out of the compiled GOV.UK Frontend, so every file it refers to exists.

GOV.UK Frontend's footer draws the royal crest (``govuk-crest.svg``) beside the Crown copyright
line. This is a council service: it shows no crown or crest, and the build does not ship that
image. Left in, the CSS would point at a missing file, and Django's manifest storage refuses to
collect static files with a broken url(). So the rules that draw the crest
(``.govuk-footer__copyright-logo``) are removed, with any @supports/@media block left empty. The
JS bundle's ``sourceMappingURL`` comment is removed too: the source map is not vendored.

Run by build-govuk-frontend.sh; running it again changes nothing.
Usage: python3 static/strip-govuk-crest.py static/govuk-frontend
"""

import re
import sys
from pathlib import Path

CREST_SELECTOR = "copyright-logo"
SOURCE_MAP_COMMENT = re.compile(r"\s*//# sourceMappingURL=\S*\s*$")


def _blocks(css: str, start: int = 0) -> tuple[list[tuple[str, str | list]], int]:
    """Parse minified CSS into (prelude, body) pairs; an at-rule's body is a nested list."""
    items: list[tuple[str, str | list]] = []
    prelude_start = position = start
    while position < len(css):
        char = css[position]
        if char in "\"'":
            position = css.index(char, position + 1) + 1
            continue
        if char == "}":
            return items, position + 1
        if char == ";" and css[prelude_start:position].lstrip().startswith("@"):
            # A statement at-rule such as @charset or @import.
            items.append((css[prelude_start : position + 1], ""))
            prelude_start = position = position + 1
            continue
        if char == "{":
            prelude = css[prelude_start:position]
            if prelude.lstrip().startswith("@"):
                body, position = _blocks(css, position + 1)
            else:
                end = position + 1
                while css[end] != "}":
                    end = css.index(css[end], end + 1) + 1 if css[end] in "\"'" else end + 1
                body, position = css[position + 1 : end], end + 1
            items.append((prelude, body))
            prelude_start = position
            continue
        position += 1
    return items, position


def _render(items: list[tuple[str, str | list]]) -> str:
    out = []
    for prelude, body in items:
        if isinstance(body, list):
            out.append(f"{prelude}{{{_render(body)}}}")
        elif prelude.rstrip().endswith(";"):
            out.append(prelude)
        else:
            out.append(f"{prelude}{{{body}}}")
    return "".join(out)


def _without_crest(items: list[tuple[str, str | list]]) -> list[tuple[str, str | list]]:
    kept = []
    for prelude, body in items:
        if isinstance(body, list):
            body = _without_crest(body)
            if not body:
                continue
        elif CREST_SELECTOR in prelude:
            continue
        kept.append((prelude, body))
    return kept


def strip_crest(css: str) -> str:
    items, _ = _blocks(css)
    trailing = css[len(css.rstrip()) :]
    return _render(_without_crest(items)) + trailing


def strip_source_map(js: str) -> str:
    return SOURCE_MAP_COMMENT.sub("\n", js)


def main(folder: str) -> None:
    root = Path(folder)
    css = root / "govuk-frontend.min.css"
    js = root / "govuk-frontend.min.js"
    css.write_text(strip_crest(css.read_text(encoding="utf-8")), encoding="utf-8")
    js.write_text(strip_source_map(js.read_text(encoding="utf-8")), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else str(Path(__file__).parent / "govuk-frontend"))
