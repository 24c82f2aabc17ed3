"""The SSDA903 return (children looked after): its CSV tables, with their DfE column names.

Any subset of the tables may come, as several CSV files or one zip. A table is known by its
file name (``episodes.csv``) or, failing that, by its columns. What each table gives:

- ``header``: the children (sex, date of birth, ethnicity), matched by ``CHILD``.
- ``episodes``: one row per episode. The period of care (from an episode with RNE ``S`` to one
  that ceased with a reason other than ``X1``) is a looked-after plan event; each change of
  placement (every RNE but ``L``) a placement event, ended when the next one starts, with the
  placement type and the reason it changed; each change of legal status a legal status event.
- ``reviews``, ``missing`` and ``sw_episodes``: a review, missing episode or social worker
  episode event per row.
- ``uasc``, ``oc2``, ``oc3``, ``ad1``, ``placed_for_adoption`` and ``previous_permanence``: read
  and checked (child and dates); the framework keeps no events from them.
"""

import csv
import io
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

from django.conf import settings

from casework.models import CaseEvent, Child

from . import dfe_codes as dfe
from .codes import clean_text
from .records import ChildRecord, ImportRefused, Problem, RowProblems
from .returns import ParsedReturn, ReturnEvent

Kind = CaseEvent.Kind
PlanType = CaseEvent.PlanType

# table -> (columns it must have, columns that tell it apart from the others)
TABLES = {
    "header": (("CHILD", "SEX", "DOB", "ETHNIC"), ("SEX", "ETHNIC")),
    "episodes": (("CHILD", "DECOM", "RNE", "LS", "PLACE"), ("DECOM", "RNE")),
    "reviews": (("CHILD", "REVIEW"), ("REVIEW", "REVIEW_CODE")),
    "uasc": (("CHILD", "DUC"), ("DUC",)),
    "missing": (("CHILD", "MIS_START"), ("MIS_START",)),
    "oc2": (("CHILD",), ("SDQ_SCORE",)),
    "oc3": (("CHILD",), ("IN_TOUCH",)),
    "ad1": (("CHILD",), ("DATE_INT",)),
    "placed_for_adoption": (("CHILD", "DATE_PLACED"), ("DATE_PLACED",)),
    "previous_permanence": (("CHILD", "PREV_PERM"), ("PREV_PERM",)),
    "sw_episodes": (("CHILD", "SW_ID", "SW_DECOM"), ("SW_ID", "SW_DECOM")),
}
# Other names the tables' files are given.
FILE_NAMES = {
    "swepisodes": "sw_episodes",
    "social_worker_episodes": "sw_episodes",
    "placedforadoption": "placed_for_adoption",
    "prevperm": "previous_permanence",
    "previouspermanence": "previous_permanence",
}
# Dates these tables hold, checked though the framework keeps no events from them.
CHECKED_DATES = {
    "uasc": ("DOB", "DUC"),
    "oc2": ("DOB",),
    "oc3": ("DOB",),
    "ad1": ("DOB", "DATE_INT", "DATE_MATCH"),
    "placed_for_adoption": ("DOB", "DATE_PLACED", "DATE_PLACED_CEASED"),
    "previous_permanence": ("DOB",),
}


class Table:
    """One CSV table: its rows as dicts of column -> clean text, with their row numbers."""

    def __init__(self, name: str, file_name: str, columns: list[str], rows: list):
        self.name = name
        self.file_name = file_name
        self.columns = columns
        self.rows = rows  # [(row number, {column: text})]


def parse_ssda903(paths: list[Path], *, year: int) -> ParsedReturn:
    """Read the return's tables from ``paths`` (CSV files, or one zip of them)."""
    notes: list[str] = []
    tables: dict[str, Table] = {}
    for file_name, raw in _files(paths):
        table = _read_table(file_name, raw, notes)
        if table is None:
            continue
        if table.name in tables:
            raise ImportRefused(
                f"'{file_name}' and '{tables[table.name].file_name}' are both the "
                f"{table.name} table. Upload each table once."
            )
        tables[table.name] = table
    if not tables:
        raise ImportRefused(
            "No table of the SSDA903 return was found. Upload the return's CSV files (header, "
            "episodes, reviews, ...), or one zip of them."
        )
    return _Reader(tables, year, notes).read()


def _files(paths: list[Path]):
    for path in paths:
        with path.open("rb") as stream:
            head = stream.read(4)
        if head.startswith(b"PK\x03\x04"):
            yield from _zip_members(path)
        else:
            yield path.name, path.read_bytes()


def _zip_members(path: Path):
    too_big = ImportRefused(
        "This zip is far bigger once unpacked than an SSDA903 return can be, so it was not read."
    )
    try:
        with zipfile.ZipFile(path) as archive:
            members = [member for member in archive.infolist() if not member.is_dir()]
            if len(members) > 50:
                raise too_big
            if sum(member.file_size for member in members) > (
                settings.CASEWORK_IMPORT_MAX_UNPACKED_BYTES
            ):
                raise too_big
            for member in members:
                name = Path(member.filename).name
                if name.startswith(".") or "__MACOSX" in member.filename:
                    continue
                if not name.casefold().endswith((".csv", ".txt")):
                    raise ImportRefused(
                        f"The zip holds '{name}', which is not a CSV file. Put only the "
                        "return's CSV tables in the zip."
                    )
                yield name, archive.read(member)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError) as error:
        raise ImportRefused(
            "This zip cannot be opened. Make it again from the return's CSV files."
        ) from error


def _read_table(file_name: str, raw: bytes, notes: list[str]) -> Table | None:
    if b"\x00" in raw[:4096]:
        raise ImportRefused(f"'{file_name}' is not a CSV file (it holds binary data).")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
        notes.append(f"'{file_name}' is not UTF-8; it was read as Windows text (cp1252).")
    reader = csv.reader(io.StringIO(text, newline=""))
    columns: list[str] | None = None
    rows = []
    for number, cells in enumerate(reader, start=1):
        if not any(cell.strip() for cell in cells):
            continue  # a blank line
        if columns is None:
            columns = [clean_text(cell).upper().replace(" ", "_") for cell in cells]
            continue
        rows.append(
            (number, {column: cell.strip() for column, cell in zip(columns, cells, strict=False)})
        )
    if columns is None:
        notes.append(f"'{file_name}' is empty; it was left out.")
        return None
    name = _table_name(file_name, columns)
    required = TABLES[name][0]
    missing = [column for column in required if column not in columns]
    if missing:
        raise ImportRefused(
            f"'{file_name}' is the {name} table but has no {', '.join(missing)} column. "
            "Use the DfE column names in the first row."
        )
    return Table(name, file_name, columns, rows)


def _table_name(file_name: str, columns: list[str]) -> str:
    stem = Path(file_name).stem.casefold().strip().replace("-", "_").replace(" ", "_")
    stem = FILE_NAMES.get(stem, stem)
    if stem in TABLES:
        return stem
    present = set(columns)
    for name, (_, telling) in TABLES.items():
        if all(column in present for column in telling):
            return name
    raise ImportRefused(
        f"'{file_name}' is not a table of the SSDA903 return: its name and columns match none "
        f"of {', '.join(TABLES)}."
    )


class _Reader:
    def __init__(self, tables: dict[str, Table], year: int, notes: list[str]):
        self.tables = tables
        self.year = year
        self.year_end = dfe.collection_year_dates(year)[1]
        self.problems: list[Problem] = []
        self.notes = notes
        self.children: dict[str, ChildRecord] = {}
        self.events: list[ReturnEvent] = []
        self.counts: Counter = Counter()

    def read(self) -> ParsedReturn:
        rows = sum(len(table.rows) for table in self.tables.values())
        if rows > settings.CASEWORK_IMPORT_MAX_ROWS:
            raise ImportRefused("This return has more rows than the import reads.")
        self.counts["tables"] = len(self.tables)
        self.counts["rows"] = rows
        if "header" in self.tables:
            self._header(self.tables["header"])
        else:
            self.notes.append(
                "There is no header table, so only children the service already holds were matched."
            )
        for name, reader in (
            ("episodes", self._episodes),
            ("reviews", self._reviews),
            ("missing", self._missing),
            ("sw_episodes", self._sw_episodes),
        ):
            self.counts[name] = 0
            if name in self.tables:
                reader(self.tables[name])
        for name, columns in CHECKED_DATES.items():
            if name in self.tables:
                self._checked(self.tables[name], columns)
        return ParsedReturn(
            source=CaseEvent.Source.SSDA903,
            year=self.year,
            child_table="header",
            children=self.children,
            events=self.events,
            problems=self.problems,
            notes=self.notes,
            counts=self.counts,
        )

    # --- helpers ---------------------------------------------------------------------------

    def _row(self, table: Table, number: int, values: dict) -> tuple[RowProblems, str | None]:
        found = RowProblems(self.problems, table.name, number)
        child_id = values.get("CHILD", "")
        if not child_id:
            found.reject("CHILD", "is blank; the row was not imported")
            return found, None
        if len(child_id) > 64:
            found.reject("CHILD", "is longer than a child identifier can be (64 characters)")
            return found, None
        return found, child_id

    def _date(self, found: RowProblems, values: dict, column: str, *, required: bool = False):
        value, reason = dfe.read_return_date(values.get(column))
        if reason:
            if required:
                found.reject(column, f"{reason}; the row was not imported")
            else:
                found.doubtful(column, f"{reason}; it was left out")
        elif value is None and required:
            found.reject(column, "is blank; the row was not imported")
        elif value is not None and value > self.year_end:
            if required:
                found.reject(
                    column,
                    f"{value:%d/%m/%Y} is after the end of the collection year "
                    f"({self.year_end:%d/%m/%Y}); the row was not imported",
                )
                return None
            found.doubtful(
                column, f"{value:%d/%m/%Y} is after the end of the collection year; left out"
            )
            return None
        return value

    def _code(self, found: RowProblems, values: dict, column: str, allowed, what: str) -> str:
        value, reason = dfe.read_code(values.get(column), allowed, what=what)
        if reason:
            found.doubtful(column, f"{reason}; it was left out")
        return value

    def _event(self, child_id, kind, plan_type, started_on, ended_on, detail, table, row):
        if ended_on is not None and ended_on < started_on:
            self.problems.append(
                Problem(
                    Problem.DOUBTFUL,
                    table,
                    row,
                    "",
                    f"ends ({ended_on:%d/%m/%Y}) before it starts ({started_on:%d/%m/%Y}); "
                    "the end date was left out",
                )
            )
            ended_on = None
        self.events.append(
            ReturnEvent(child_id, kind, plan_type, started_on, ended_on, detail[:40], table, row)
        )

    def _once(self, seen: dict, key, found: RowProblems, column: str) -> bool:
        if key in seen:
            found.reject(column, f"repeats row {seen[key]}; the repeat was not imported")
            return False
        seen[key] = found.row
        return True

    # --- tables ----------------------------------------------------------------------------

    def _header(self, table: Table) -> None:
        seen: dict = {}
        for number, values in table.rows:
            found, child_id = self._row(table, number, values)
            if child_id is None or not self._once(seen, child_id, found, "CHILD"):
                continue
            record = ChildRecord(child_id=child_id)
            sex, reason = dfe.read_code(values.get("SEX"), dfe.SEX_CODES, what="sex")
            if reason:
                found.doubtful("SEX", f"{reason}; kept as not recorded")
            record.gender = dfe.SEX.get(sex, Child.Gender.NOT_RECORDED)
            record.date_of_birth = self._date(found, values, "DOB")
            record.ethnicity = self._code(found, values, "ETHNIC", dfe.ETHNIC, "ethnicity")
            self.children[child_id] = record

    def _episodes(self, table: Table) -> None:
        by_child: dict[str, list] = defaultdict(list)
        seen: dict = {}
        for number, values in table.rows:
            found, child_id = self._row(table, number, values)
            if child_id is None:
                continue
            start = self._date(found, values, "DECOM", required=True)
            if found.rejected:
                continue
            rne, reason = dfe.read_code(
                values.get("RNE"), dfe.REASON_NEW_EPISODE, what="reason for new episode"
            )
            if reason or not rne:
                found.reject(
                    "RNE",
                    f"{reason or 'is blank'}; the reason for a new episode says whether the "
                    "placement changed, so the row was not imported",
                )
                continue
            if not self._once(seen, (child_id, start), found, "DECOM"):
                continue
            end = self._date(found, values, "DEC")
            if end is not None and end < start:
                found.doubtful(
                    "DEC",
                    f"{end:%d/%m/%Y} is before DECOM {start:%d/%m/%Y}; the end date was left out",
                )
                end = None
            episode = {
                "row": number,
                "start": start,
                "end": end,
                "rne": rne,
                "ls": self._code(found, values, "LS", dfe.LEGAL_STATUS, "legal status"),
                "place": self._code(found, values, "PLACE", dfe.PLACEMENT_TYPE, "placement type"),
                "rec": self._code(
                    found, values, "REC", dfe.REASON_EPISODE_CEASED, "reason episode ceased"
                ),
                "change": self._code(
                    found,
                    values,
                    "REASON_PLACE_CHANGE",
                    dfe.REASON_PLACE_CHANGE,
                    "reason for placement change",
                ),
            }
            if "CIN" in values:
                self._code(found, values, "CIN", dfe.CATEGORY_OF_NEED, "category of need")
            if end is not None and not episode["rec"] and not values.get("REC"):
                found.doubtful("REC", "is blank although the episode ceased (DEC is given)")
            by_child[child_id].append(episode)
            self.counts["episodes"] += 1
        for child_id, episodes in by_child.items():
            self._episode_events(child_id, sorted(episodes, key=lambda episode: episode["start"]))

    def _episode_events(self, child_id: str, episodes: list[dict]) -> None:
        """Periods of care, placements and legal statuses from one child's episodes, in order."""
        opened: list[dict] = []

        def open_event(kind: str, plan_type: str, episode: dict, detail: str) -> dict:
            event = {"kind": kind, "plan_type": plan_type, "start": episode["start"]}
            event.update(end=episode["end"], detail=detail, row=episode["row"])
            opened.append(event)
            return event

        care = placement = legal = None
        for episode in episodes:
            starts_care = care is None or episode["rne"] == "S"
            if starts_care:
                care = open_event(Kind.PLAN, PlanType.CLA, episode, "")
                self.counts["periods_of_care"] += 1
            if starts_care or episode["rne"] in dfe.NEW_PLACEMENT:
                if placement is not None and episode["change"]:
                    placement["detail"] = f"{placement['detail']} changed: {episode['change']}"
                placement = open_event(Kind.PLACEMENT, "", episode, episode["place"])
                self.counts["placements"] += 1
            if starts_care or episode["ls"] != legal["detail"]:
                legal = open_event(Kind.LEGAL_STATUS, "", episode, episode["ls"])
                self.counts["legal_statuses"] += 1
            for held in (care, placement, legal):
                held["end"] = episode["end"]
            if episode["end"] is not None and episode["rec"] not in ("", "X1"):
                care["detail"] = episode["rec"]
                care = None
        for event in opened:
            self._event(
                child_id,
                event["kind"],
                event["plan_type"],
                event["start"],
                event["end"],
                event["detail"],
                "episodes",
                event["row"],
            )

    def _reviews(self, table: Table) -> None:
        seen: dict = {}
        for number, values in table.rows:
            found, child_id = self._row(table, number, values)
            if child_id is None:
                continue
            held_on = self._date(found, values, "REVIEW", required=True)
            if found.rejected or not self._once(seen, (child_id, held_on), found, "REVIEW"):
                continue
            code = self._code(found, values, "REVIEW_CODE", dfe.REVIEW_CODE, "review participation")
            self._event(child_id, Kind.REVIEW, PlanType.CLA, held_on, None, code, "reviews", number)
            self.counts["reviews"] += 1

    def _missing(self, table: Table) -> None:
        seen: dict = {}
        for number, values in table.rows:
            found, child_id = self._row(table, number, values)
            if child_id is None:
                continue
            start = self._date(found, values, "MIS_START", required=True)
            if found.rejected or not self._once(seen, (child_id, start), found, "MIS_START"):
                continue
            end = self._date(found, values, "MIS_END")
            code = self._code(found, values, "MISSING", dfe.MISSING, "missing or away")
            self._event(child_id, Kind.MISSING, "", start, end, code, "missing", number)
            self.counts["missing"] += 1

    def _sw_episodes(self, table: Table) -> None:
        seen: dict = {}
        for number, values in table.rows:
            found, child_id = self._row(table, number, values)
            if child_id is None:
                continue
            start = self._date(found, values, "SW_DECOM", required=True)
            worker = clean_text(values.get("SW_ID")).upper()
            if not worker and not found.rejected:
                found.reject("SW_ID", "is blank; a social worker episode needs its worker")
            if found.rejected or not self._once(seen, (child_id, start), found, "SW_DECOM"):
                continue
            end = self._date(found, values, "SW_DEC")
            if "SW_REASON" in values:
                self._code(found, values, "SW_REASON", dfe.SW_REASON, "reason for change")
            self._event(child_id, Kind.SOCIAL_WORKER, "", start, end, worker, "sw_episodes", number)
            self.counts["sw_episodes"] += 1

    def _checked(self, table: Table, columns: tuple[str, ...]) -> None:
        for number, values in table.rows:
            found, child_id = self._row(table, number, values)
            if child_id is None:
                continue
            for column in columns:
                if column in values:
                    self._date(found, values, column)
            self.counts[table.name] += 1
