"""Small-number suppression for figures anyone can read (the public summary, the BI API).

A count under ``THRESHOLD`` could point to a handful of children or families, so it is hidden.
Hiding one cell of a row whose other cells (or total) are shown is not enough: the hidden
figure could be worked out by subtraction. So wherever a row or a column holds exactly one
hidden cell, the next-smallest shown cell of that row or column is hidden too, and this repeats
until no row or column has a lone hidden cell.

Pure functions over plain lists: no Django, no database. A hidden cell is ``None``.
"""

from collections.abc import Sequence

THRESHOLD = 10

Table = list[list[int | None]]


def is_small(value: int | None, threshold: int = THRESHOLD) -> bool:
    """Whether a count must be hidden on its own (a missing count is already hidden)."""
    return value is None or value < threshold


def suppress(table: Sequence[Sequence[int | None]], *, threshold: int = THRESHOLD) -> Table:
    """``table`` (rows of counts, totals included as ordinary cells) with small counts and their
    complementary cells replaced by ``None``. The input is not changed.

    Rows may be of different lengths; a column is the cells at one position. A line (row or
    column) with a single cell has nothing to be subtracted from, so it needs no partner.
    """
    rows = [list(row) for row in table]
    hidden = [[is_small(value, threshold) for value in row] for row in rows]
    width = max((len(row) for row in rows), default=0)

    def lines() -> list[list[tuple[int, int]]]:
        by_row = [[(r, c) for c in range(len(row))] for r, row in enumerate(rows)]
        by_column = [[(r, c) for r, row in enumerate(rows) if c < len(row)] for c in range(width)]
        return by_row + by_column

    changed = True
    while changed:
        changed = False
        for line in lines():
            if len(line) < 2 or sum(hidden[r][c] for r, c in line) != 1:
                continue
            shown = [(rows[r][c], r, c) for r, c in line if not hidden[r][c]]
            _value, r, c = min(shown)  # smallest first; ties go to the first in the table
            hidden[r][c] = True
            changed = True
    return [
        [None if hidden[r][c] else value for c, value in enumerate(row)]
        for r, row in enumerate(rows)
    ]


def suppress_row(values: Sequence[int | None], *, threshold: int = THRESHOLD) -> list[int | None]:
    """One line of counts (e.g. a breakdown with its total as the last cell)."""
    return suppress([values], threshold=threshold)[0]


def percent_or_none(
    part: int | None, whole: int | None, *, threshold: int = THRESHOLD
) -> int | None:
    """A whole-number percentage, or ``None`` when it would give a small count away: either
    count is hidden, or the part, or the rest of the whole, is under ``threshold`` (5 of 100 is
    as telling as 5%, and so is 95 of 100)."""
    if part is None or whole is None:
        return None
    if is_small(part, threshold) or is_small(whole - part, threshold):
        return None
    return round(100 * part / whole)
