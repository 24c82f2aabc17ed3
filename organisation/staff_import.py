"""The staff list from HR: a CSV read, checked row by row, previewed, then applied in one go.

Columns: staff id, name, email, job title, team, line manager (their staff id), start date and
end date. A file with any row in error is refused whole: nothing is written. Importing the same
file again changes nothing. A person is found by staff id; someone the service already knows by
name but without a staff id is only linked when a QA officer confirms it (the workers page).

A person whom someone in the same team has as line manager, or whose job title says "team
manager", is that team's manager.
"""

import csv
import datetime as dt
import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from casework.imports.codes import parse_date_text
from casework.models import Team, TeamAlias, TeamMembership
from qaf.models import normalise_name
from qaf.roles import Role, role_group

from .models import StaffImportRun, StaffRecord

MAX_BYTES = 2 * 1024 * 1024

COLUMNS = {
    "staff_id": ("staff id", "staff number", "employee id", "employee number", "id"),
    "name": ("name", "full name", "staff name"),
    "email": ("email", "email address", "e-mail"),
    "job_title": ("job title", "title", "role", "post"),
    "team": ("team", "team name"),
    "line_manager": ("line manager", "line manager staff id", "manager", "line manager id"),
    "start_date": ("start date", "start", "started"),
    "end_date": ("end date", "end", "left", "leaving date"),
}
REQUIRED = ("staff_id", "name", "team")


class StaffListRefused(Exception):
    """The file as a whole cannot be read (not a CSV, no header, a required column missing)."""


@dataclass
class Problem:
    row: int
    column: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class StaffRow:
    row: int
    staff_id: str
    name: str
    email: str
    job_title: str
    team_name: str
    line_manager_id: str
    start_date: dt.date | None
    end_date: dt.date | None
    team: Team | None = None


@dataclass
class StaffPlan:
    rows: list[StaffRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    counts: dict = field(default_factory=dict)

    @property
    def refused(self) -> bool:
        return bool(self.problems)


def _header_key(text: str) -> str:
    return " ".join(re.sub(r"[_\-]+", " ", text.replace("\ufeff", "")).split()).casefold()


def decode(data: bytes) -> str:
    """UTF-8 (with or without a byte order mark), or Windows' own encoding, as Excel saves."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError as error:
            raise StaffListRefused("The file is not a CSV file saved as text.") from error


def read_staff_csv(data: bytes) -> StaffPlan:
    """Read and check every row; nothing is written."""
    if len(data) > MAX_BYTES:
        raise StaffListRefused("The staff list must be smaller than 2 MB.")
    text = decode(data)
    if not text.strip():
        raise StaffListRefused("The file is empty.")
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as error:
        raise StaffListRefused("The file is not a CSV file with a header row.") from error
    positions: dict[str, int] = {}
    for index, title in enumerate(header):
        key = _header_key(title)
        for column, names in COLUMNS.items():
            if key in names and column not in positions:
                positions[column] = index
    missing = [column for column in REQUIRED if column not in positions]
    if missing:
        labels = ", ".join(COLUMNS[column][0] for column in missing)
        raise StaffListRefused(
            f"The staff list has no {labels} column. The first row must name the columns: "
            "staff id, name, email, job title, team, line manager, start date, end date."
        )
    plan = StaffPlan()
    try:
        for number, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            plan.rows.append(_read_row(number, cells, positions, plan.problems))
    except csv.Error as error:
        raise StaffListRefused(f"The file could not be read as CSV: {error}.") from error
    if not plan.rows:
        raise StaffListRefused("The staff list has a header row but no people.")
    _check(plan)
    if not plan.refused:
        _work_out_changes(plan)
    return plan


def _read_row(number: int, cells: list[str], positions: dict[str, int], problems) -> StaffRow:
    def cell(column: str) -> str:
        index = positions.get(column)
        if index is None or index >= len(cells):
            return ""
        return " ".join(cells[index].replace("\u00a0", " ").split())

    def date(column: str, label: str) -> dt.date | None:
        text = cell(column)
        if not text:
            return None
        found = parse_date_text(text)
        if found is None:
            problems.append(
                Problem(number, label, f"'{text}' is not a date; write it as 2026-03-31")
            )
        return found

    row = StaffRow(
        row=number,
        staff_id=cell("staff_id"),
        name=cell("name"),
        email=cell("email").lower(),
        job_title=cell("job_title"),
        team_name=cell("team"),
        line_manager_id=cell("line_manager"),
        start_date=date("start_date", "start date"),
        end_date=date("end_date", "end date"),
    )
    if not row.staff_id:
        problems.append(Problem(number, "staff id", "Every person needs a staff ID"))
    if not row.name:
        problems.append(Problem(number, "name", "Every person needs a name"))
    if not row.team_name:
        problems.append(Problem(number, "team", "Every person needs a team"))
    if row.email:
        try:
            validate_email(row.email)
        except ValidationError:
            problems.append(Problem(number, "email", f"'{row.email}' is not an email address"))
    if row.start_date and row.end_date and row.end_date < row.start_date:
        problems.append(
            Problem(
                number,
                "end date",
                f"The end date ({row.end_date:%d %B %Y}) is before the start date "
                f"({row.start_date:%d %B %Y})",
            )
        )
    return row


def _check(plan: StaffPlan) -> None:
    """Duplicates, unknown teams and line managers, and line management that goes in a circle."""
    seen: dict[str, int] = {}
    emails: dict[str, int] = {}
    for row in plan.rows:
        if row.staff_id:
            if row.staff_id in seen:
                plan.problems.append(
                    Problem(
                        row.row,
                        "staff id",
                        f"Staff ID {row.staff_id} is also on row {seen[row.staff_id]}",
                    )
                )
            else:
                seen[row.staff_id] = row.row
        if row.email:
            if row.email in emails:
                plan.problems.append(
                    Problem(row.row, "email", f"{row.email} is also on row {emails[row.email]}")
                )
            else:
                emails[row.email] = row.row
    teams = {normalise_name(team.name): team for team in Team.objects.filter(awaiting_review=False)}
    for alias in TeamAlias.objects.select_related("team"):
        teams.setdefault(alias.normalised_name, alias.team)
    for row in plan.rows:
        if row.team_name:
            row.team = teams.get(normalise_name(row.team_name))
            if row.team is None:
                plan.problems.append(
                    Problem(
                        row.row,
                        "team",
                        f"There is no team called '{row.team_name}'. Add it on the "
                        "organisation pages first, or correct the name",
                    )
                )
    known = dict(
        StaffRecord.objects.values_list("staff_id", "line_manager__staff_record__staff_id")
    )
    for row in plan.rows:
        if row.line_manager_id:
            if row.line_manager_id == row.staff_id:
                plan.problems.append(
                    Problem(row.row, "line manager", "A person cannot be their own line manager")
                )
            elif row.line_manager_id not in seen and row.line_manager_id not in known:
                plan.problems.append(
                    Problem(
                        row.row,
                        "line manager",
                        f"No one has staff ID {row.line_manager_id}, in this file or already "
                        "in the service",
                    )
                )
    # Line management as it will be: this file's rows over what the service already has.
    manager_of = {staff_id: manager for staff_id, manager in known.items() if manager}
    for row in plan.rows:
        if row.staff_id:
            manager_of[row.staff_id] = row.line_manager_id or None
    reported: set[str] = set()
    for row in plan.rows:
        if not row.staff_id or row.staff_id in reported:
            continue
        chain = [row.staff_id]
        current = manager_of.get(row.staff_id)
        while current and current not in chain:
            chain.append(current)
            current = manager_of.get(current)
        if current == row.staff_id and len(chain) > 1:
            reported.update(chain)
            loop = " → ".join([*chain, row.staff_id])
            plan.problems.append(
                Problem(
                    row.row,
                    "line manager",
                    f"Line management goes round in a circle: {loop}",
                )
            )
    plan.problems.sort(key=lambda problem: problem.row)


def _managers_by_team(plan: StaffPlan) -> set[tuple[str, int]]:
    """(staff id, team) for each person someone in the same team has as line manager."""
    team_of = {row.staff_id: row.team.pk for row in plan.rows if row.team}
    managers = {
        (row.line_manager_id, row.team.pk)
        for row in plan.rows
        if row.team and row.line_manager_id and team_of.get(row.line_manager_id) == row.team.pk
    }
    managers.update(
        (row.staff_id, row.team.pk)
        for row in plan.rows
        if row.team and "team manager" in row.job_title.casefold()
    )
    return managers


def _work_out_changes(plan: StaffPlan) -> None:
    records = {
        record.staff_id: record
        for record in StaffRecord.objects.select_related("user", "line_manager__staff_record")
    }
    open_memberships = {}
    for membership in TeamMembership.objects.filter(end_date__isnull=True).select_related("team"):
        open_memberships.setdefault(membership.user_id, []).append(membership)
    managers = _managers_by_team(plan)
    counts = {"people": len(plan.rows), "new": 0, "changed": 0, "unchanged": 0}
    for row in plan.rows:
        record = records.get(row.staff_id)
        role = (
            TeamMembership.Role.MANAGER
            if (row.staff_id, row.team.pk) in managers
            else TeamMembership.Role.PRACTITIONER
        )
        if record is None:
            counts["new"] += 1
            plan.changes.append(
                f"Add {row.name} ({row.staff_id}), {role.label.lower()} in {row.team.name}"
            )
            continue
        what = []
        user = record.user
        if user.full_name != row.name:
            what.append(f"name to {row.name}")
        if row.email and user.email != row.email:
            what.append(f"email to {row.email}")
        if row.job_title and user.job_title != row.job_title:
            what.append(f"job title to {row.job_title}")
        current_manager = (
            record.line_manager.staff_record.staff_id
            if record.line_manager_id and hasattr(record.line_manager, "staff_record")
            else ""
        )
        if current_manager != row.line_manager_id:
            what.append(f"line manager to {row.line_manager_id or 'nobody'}")
        if record.start_date != row.start_date and row.start_date:
            what.append(f"start date to {row.start_date:%d %B %Y}")
        if record.end_date != row.end_date:
            what.append(f"end date to {row.end_date:%d %B %Y}" if row.end_date else "no end date")
        held = [
            m
            for m in open_memberships.get(user.pk, [])
            if m.team_id == row.team.pk and m.role == role
        ]
        if (not row.end_date or row.end_date >= timezone.localdate()) and not held:
            what.append(f"{role.label.lower()} in {row.team.name}")
        if what:
            counts["changed"] += 1
            plan.changes.append(f"Change {row.name} ({row.staff_id}): " + ", ".join(what))
        else:
            counts["unchanged"] += 1
    plan.counts = counts


def file_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


_NOT_USERNAME = re.compile(r"[^a-z0-9.]+")


def _username(row: StaffRow, taken: set[str]) -> str:
    source = row.email.split("@")[0] if row.email else row.name
    ascii_name = unicodedata.normalize("NFKD", source).encode("ascii", "ignore").decode()
    base = _NOT_USERNAME.sub(".", ascii_name.casefold()).strip(".")[:140] or "staff"
    username, number = base, 1
    while username in taken:
        number += 1
        username = f"{base}.{number}"
    taken.add(username)
    return username


@transaction.atomic
def staff_plan_apply(plan: StaffPlan, *, by=None) -> dict:
    """Write the plan: people, staff records, team memberships and roles, then line managers."""
    from .services import stamp

    User = get_user_model()
    today = timezone.localdate()
    records = {record.staff_id: record for record in StaffRecord.objects.select_related("user")}
    taken = set(User.objects.values_list("username", flat=True))
    managers = _managers_by_team(plan)
    manager_group = role_group(Role.TEAM_MANAGER)
    practitioner_group = role_group(Role.PRACTITIONER)
    users: dict[str, object] = {}
    for row in plan.rows:
        record = records.get(row.staff_id)
        if record is None:
            user = User(
                username=_username(row, taken),
                full_name=row.name,
                email=row.email,
                job_title=row.job_title,
                password=make_password(None),
                is_active=True,
            )
            user.save()
            record = StaffRecord(user=user, staff_id=row.staff_id)
        user = record.user
        changed = False
        for attribute, value in (
            ("full_name", row.name),
            ("email", row.email or user.email),
            ("job_title", row.job_title or user.job_title),
        ):
            if getattr(user, attribute) != value:
                setattr(user, attribute, value)
                changed = True
        if changed:
            user.save()
        if (
            record.pk is None
            or record.start_date != (row.start_date or record.start_date)
            or record.end_date != row.end_date
        ):
            record.start_date = row.start_date or record.start_date
            record.end_date = row.end_date
            stamp(record, by=by, reason="Staff list imported")
            record.save()
        records[row.staff_id] = record
        users[row.staff_id] = user
        role = (
            TeamMembership.Role.MANAGER
            if (row.staff_id, row.team.pk) in managers
            else TeamMembership.Role.PRACTITIONER
        )
        _place(user, row, role, today=today, by=by)
        user.groups.add(
            manager_group if role == TeamMembership.Role.MANAGER else practitioner_group
        )
    for row in plan.rows:
        record = records[row.staff_id]
        manager = None
        if row.line_manager_id:
            manager = users.get(row.line_manager_id) or records[row.line_manager_id].user
        if record.line_manager_id != (manager.pk if manager else None):
            record.line_manager = manager
            stamp(record, by=by, reason="Line manager from the staff list")
            record.save()
    return plan.counts


def _place(user, row: StaffRow, role, *, today: dt.date, by) -> None:
    """Open the person's membership of their team (ending any other), or end it if they left."""
    from .services import stamp

    open_memberships = list(TeamMembership.objects.filter(user=user, end_date__isnull=True))
    if row.end_date and row.end_date < today:
        for membership in open_memberships:
            membership.end_date = max(row.end_date, membership.start_date)
            stamp(membership, by=by, reason="Left, by the staff list")
            membership.save()
        return
    keep = [m for m in open_memberships if m.team_id == row.team.pk and m.role == role]
    for membership in open_memberships:
        if membership not in keep:
            membership.end_date = max(today, membership.start_date)
            stamp(membership, by=by, reason="Moved, by the staff list")
            membership.save()
    if not keep:
        membership = TeamMembership(
            user=user, team=row.team, role=role, start_date=row.start_date or today
        )
        stamp(membership, by=by, reason="Joined, by the staff list")
        membership.save()
    elif row.end_date:
        for membership in keep:
            if membership.end_date != row.end_date:
                membership.end_date = row.end_date
                membership.save()


def staff_import_preview(*, data: bytes, file_name: str, by, origin=StaffImportRun.Origin.UPLOAD):
    """Check the file and keep it, waiting for confirmation; a refusal is kept in the history."""
    sha = file_sha256(data)
    try:
        plan = read_staff_csv(data)
    except StaffListRefused as refusal:
        StaffImportRun.objects.create(
            origin=origin,
            status=StaffImportRun.Status.REFUSED,
            file_name=file_name[:255],
            sha256=sha,
            message=str(refusal),
            created_by=by,
        )
        raise
    status = StaffImportRun.Status.REFUSED if plan.refused else StaffImportRun.Status.PREVIEWED
    return StaffImportRun.objects.create(
        origin=origin,
        status=status,
        file_name=file_name[:255],
        sha256=sha,
        content="" if plan.refused else decode(data),
        counts=plan.counts,
        problems=[problem.as_dict() for problem in plan.problems],
        changes=plan.changes[:2000],
        message=(
            f"{len(plan.problems)} row problem{'s' if len(plan.problems) != 1 else ''}: "
            "nothing was imported. Correct the file and upload it again."
            if plan.refused
            else ""
        ),
        created_by=by,
    )


def staff_import_confirm(*, run: StaffImportRun, by) -> StaffImportRun:
    """Apply a previewed staff list, checked again against the service as it is now.

    A list that no longer passes the checks is refused, and the refusal kept in the history."""
    from .errors import OrganisationError

    refusal = ""
    with transaction.atomic():
        run = StaffImportRun.objects.select_for_update().get(pk=run.pk)
        if run.status != StaffImportRun.Status.PREVIEWED:
            raise OrganisationError(
                f"This staff list is {run.get_status_display().lower()} already."
            )
        try:
            plan = read_staff_csv(run.content.encode())
        except StaffListRefused as error:
            refusal = f"{error} Nothing was imported."
        else:
            if plan.refused:
                run.problems = [problem.as_dict() for problem in plan.problems]
                refusal = (
                    "The service changed since the preview and the list now has problems. "
                    "Nothing was imported."
                )
        if refusal:
            run.status = StaffImportRun.Status.REFUSED
            run.message = refusal
            run.content = ""
            run.save()
        else:
            run.counts = staff_plan_apply(plan, by=by)
            run.changes = plan.changes[:2000]
            run.status = StaffImportRun.Status.APPLIED
            run.applied_by = by
            run.applied_at = timezone.now()
            run.content = ""
            run.save()
    if refusal:
        raise OrganisationError(refusal)
    return run


def staff_import_discard(*, run: StaffImportRun, by) -> None:
    from .errors import OrganisationError

    if run.status != StaffImportRun.Status.PREVIEWED:
        raise OrganisationError(f"This staff list is {run.get_status_display().lower()} already.")
    run.status = StaffImportRun.Status.DISCARDED
    run.content = ""
    run.save(update_fields=["status", "content"])
