"""Reading a statutory return's files and writing them: the step the command line, the preview
and the confirmation share."""

from pathlib import Path

from casework.models import ImportRun

from .apply import ImportOutcome
from .cin_census import parse_cin_census
from .records import ImportRefused
from .returns import ParsedReturn, return_apply
from .ssda903 import parse_ssda903


def return_parse(*, paths: list[Path], source: str, year: int) -> ParsedReturn:
    if source == ImportRun.Source.SSDA903:
        return parse_ssda903(paths, year=year)
    if len(paths) != 1:
        raise ImportRefused("The children in need census is one XML file. Give just that file.")
    return parse_cin_census(paths[0], year=year)


def return_outcome(
    *, paths: list[Path], source: str, year: int, dry_run: bool = False
) -> ImportOutcome:
    """Read the return's files and write their events, all or nothing (nothing if ``dry_run``)."""
    return return_apply(parsed=return_parse(paths=paths, source=source, year=year), dry_run=dry_run)
