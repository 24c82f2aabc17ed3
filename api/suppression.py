"""Small-number suppression for figures the API gives out.

Any count under 10 is withheld, and so is the next-smallest count in the same row or column, so
that a withheld count cannot be worked out by subtracting the others from a total. Applied until
no row or column has exactly one withheld count.
"""

from collections.abc import Sequence

THRESHOLD = 10


def suppress(table: Sequence[Sequence[int | None]]) -> list[list[int | None]]:
    """``table`` with withheld counts as None. A None already in the table is not a count (a
    figure that does not apply) and is left alone."""
    cells = [list(row) for row in table]
    hidden = {
        (r, c)
        for r, row in enumerate(cells)
        for c, value in enumerate(row)
        if value is not None and value < THRESHOLD
    }
    changed = True
    while changed:
        changed = False
        lines = [[(r, c) for c in range(len(row))] for r, row in enumerate(cells)]
        width = max((len(row) for row in cells), default=0)
        lines += [[(r, c) for r in range(len(cells)) if c < len(cells[r])] for c in range(width)]
        for line in lines:
            counts = [cell for cell in line if cells[cell[0]][cell[1]] is not None]
            withheld = [cell for cell in counts if cell in hidden]
            shown = [cell for cell in counts if cell not in hidden]
            if len(withheld) == 1 and shown:
                hidden.add(min(shown, key=lambda cell: (cells[cell[0]][cell[1]], cell)))
                changed = True
    return [
        [None if (r, c) in hidden else value for c, value in enumerate(row)]
        for r, row in enumerate(cells)
    ]


def suppress_row(values: Sequence[int | None]) -> list[int | None]:
    return suppress([values])[0]
