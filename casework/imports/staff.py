"""Teams and allocated workers named by a file: matched by staff ID (when the file gives one
instead of a name), then by normalised name; created when new.

A worker the service does not know becomes a staff record, not a sign-in account: a user that
is switched off (``is_active=False``) with no usable password. It holds allocations and team
membership; it cannot sign in, is never picked as an auditor and gets no notifications until an
administrator invites the person (gives an email address, sets a password, switches it on).
"""

import functools
import re
import unicodedata
from collections import Counter, defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from casework.models import ServiceArea, Team, TeamAlias, TeamMembership
from qaf.models import normalise_name
from qaf.roles import Role, role_group

from .bulk import batches

# Team and worker names recur on thousands of rows; each is normalised once.
name_key = functools.lru_cache(maxsize=65536)(normalise_name)


class StaffMixin:
    """The teams and workers step of a snapshot (see apply._Snapshot)."""

    def _teams(self) -> dict[str, Team]:
        """Teams by normalised name (or a name a QA officer mapped to one); the rest are created.

        A team the service does not know goes on the review list (``awaiting_review``), in the
        service area for new teams, so that it is not sampled or summarised until a QA officer
        has mapped it to a team or added it to a service area.
        """
        named: dict[str, str] = {}
        for record in self.parsed.episodes:
            if record.team_name:
                named.setdefault(name_key(record.team_name), record.team_name)
        teams = {name_key(team.name): team for team in Team.objects.all()}
        for alias in TeamAlias.objects.select_related("team"):
            teams.setdefault(alias.normalised_name, alias.team)
        new = [
            Team(name=named[key][:120], awaiting_review=True) for key in named if key not in teams
        ]
        if new:
            area, _ = ServiceArea.objects.get_or_create(
                name=settings.CASEWORK_IMPORT_UNASSIGNED_AREA
            )
            for team in new:
                team.service_area = area
            Team.objects.bulk_create(new)
            teams.update({name_key(team.name): team for team in new})
            if len(new) == 1:
                self.notes.append(
                    "1 team in the file is not known to the service. It was added to the list "
                    "of teams to review: map it to a team or add it to a service area. Until "
                    "then its cases are not sampled."
                )
            else:
                self.notes.append(
                    f"{len(new)} teams in the file are not known to the service. They were added "
                    "to the list of teams to review: map each to a team or add it to a service "
                    "area. Until then their cases are not sampled."
                )
        self.counts["teams"] = len(named)
        self.counts["teams_created"] = len(new)
        return teams

    def _workers(self, teams: dict[str, Team]) -> dict[str, object]:
        """Staff by normalised name; a worker the service does not know yet gets a staff record.

        An existing account (active or not) with the same name is matched, never duplicated.
        """
        User = get_user_model()
        named: dict[str, str] = {}
        team_of: dict[str, Counter] = defaultdict(Counter)
        for record in self.parsed.episodes:
            if record.worker_name:
                key = name_key(record.worker_name)
                named.setdefault(key, record.worker_name)
                if record.team_name:
                    team_of[key][name_key(record.team_name)] += 1
        workers: dict[str, object] = {}
        names = list(named)
        # A worker may be named by their staff ID (from the staff list) rather than by name.
        for batch in batches(names):
            for user in User.objects.filter(
                staff_record__staff_id__in=[named[key] for key in batch]
            ).select_related("staff_record"):
                workers[name_key(user.staff_record.staff_id)] = user
        for batch in batches([key for key in names if key not in workers]):
            for user in User.objects.filter(normalised_name__in=batch).order_by("-is_active", "pk"):
                if user.normalised_name in workers:
                    if user.is_active:
                        self.notes.append(
                            f"More than one account is named '{named[user.normalised_name]}'; "
                            f"cases were allocated to {workers[user.normalised_name].username}."
                        )
                    continue
                workers[user.normalised_name] = user
        missing = [key for key in names if key not in workers]
        if missing:
            taken = set(User.objects.values_list("username", flat=True))
            unusable = make_password(None)
            new_users = []
            for key in missing:
                full_name = named[key][:150]
                user = User(
                    username=_username(full_name, taken),
                    full_name=full_name,
                    normalised_name=key,
                    job_title="Social worker",
                    password=unusable,
                    is_active=False,
                )
                new_users.append(user)
            User.objects.bulk_create(new_users)
            practitioner = role_group(Role.PRACTITIONER)
            role_link = User.groups.through
            role_link.objects.bulk_create(
                [role_link(user_id=user.pk, group_id=practitioner.pk) for user in new_users]
            )
            memberships = []
            for user in new_users:
                usual_team = team_of[user.normalised_name].most_common(1)
                if usual_team and usual_team[0][0] in teams:
                    memberships.append(
                        TeamMembership(
                            user=user,
                            team=teams[usual_team[0][0]],
                            role=TeamMembership.Role.PRACTITIONER,
                            start_date=self.as_at,
                        )
                    )
            TeamMembership.objects.bulk_create(memberships)
            workers.update({user.normalised_name: user for user in new_users})
        self.counts["workers"] = len(named)
        self.counts["workers_created"] = len(missing)
        return workers


_NOT_USERNAME = re.compile(r"[^a-z0-9.]+")


def _username(full_name: str, taken: set[str]) -> str:
    """A readable, unique username such as 'dustin.hazlett' (or 'dustin.hazlett.2')."""
    ascii_name = unicodedata.normalize("NFKD", full_name).encode("ascii", "ignore").decode()
    base = _NOT_USERNAME.sub(".", ascii_name.casefold()).strip(".")[:140] or "worker"
    username, number = base, 1
    while username in taken:
        number += 1
        username = f"{base}.{number}"
    taken.add(username)
    return username
