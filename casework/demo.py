"""Demo authority: Northmoor Council's Children's Services, entirely fictional.

Three service areas, eight teams, forty staff (including six of the demo users), a participation
worker who works across the service, and six hundred children with episodes and allocation
histories, drawn from a fixed seed.
"""

import random
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from qaf import demo
from qaf.roles import Role, role_group

from .demo_events import seed_case_events
from .demo_returns import seed_returns
from .models import Allocation, Child, Episode, ServiceArea, Team, TeamMembership

DEMO_CHILD_PREFIX = "NM"
CHILD_COUNT = 600

SERVICE_AREAS = {
    "Front door and assessment": [
        ("Duty and MASH", True, [Episode.Kind.ASSESSMENT, Episode.Kind.CIN]),
        ("Assessment North", False, [Episode.Kind.ASSESSMENT, Episode.Kind.CIN]),
        ("Assessment South", False, [Episode.Kind.ASSESSMENT, Episode.Kind.CIN]),
    ],
    "Children in need and protection": [
        ("Safeguarding 1", False, [Episode.Kind.CIN, Episode.Kind.CP]),
        ("Safeguarding 2", False, [Episode.Kind.CIN, Episode.Kind.CP]),
        ("Early Help", False, [Episode.Kind.EARLY_HELP]),
    ],
    "Children in care and care leavers": [
        ("Children in Care", False, [Episode.Kind.CLA]),
        ("Leaving Care", False, [Episode.Kind.CARE_LEAVER]),
    ],
}

# (username, full name, job title, roles, team or service area, team role)
DEMO_USERS = [
    ("qa", "Priya Sharma", "Quality assurance officer", [Role.QA_OFFICER], None, None),
    ("director", "Helen Okafor", "Director of Children's Services", [Role.DIRECTOR], None, None),
    (
        "senior",
        "Tom Ashworth",
        "Service manager",
        [Role.SENIOR_MANAGER],
        "Children in need and protection",
        None,
    ),
    (
        "manager",
        "Grace Mensah",
        "Team manager",
        [Role.TEAM_MANAGER],
        "Safeguarding 1",
        TeamMembership.Role.MANAGER,
    ),
    (
        "peer",
        "Daniel Reyes",
        "Team manager",
        [Role.TEAM_MANAGER, Role.PEER_AUDITOR],
        "Children in Care",
        TeamMembership.Role.MANAGER,
    ),
    (
        "worker",
        "Sam Whitfield",
        "Social worker",
        [Role.PRACTITIONER],
        "Safeguarding 1",
        TeamMembership.Role.PRACTITIONER,
    ),
]

# The participation worker belongs to no team: they run the children's groups for the whole service.
PARTICIPATION_USER = ("participation", "Jo Adeyemi", "Participation worker")

FIRST_NAMES = [
    "Aisha",
    "Ben",
    "Chloe",
    "David",
    "Emma",
    "Farid",
    "Gemma",
    "Hassan",
    "Isla",
    "Jack",
    "Kerry",
    "Liam",
    "Maya",
    "Nathan",
    "Olivia",
    "Patrick",
    "Rachel",
    "Samir",
    "Tara",
    "Usman",
    "Victoria",
    "Wes",
    "Yasmin",
    "Zoe",
    "Adam",
    "Bethany",
    "Callum",
    "Dionne",
    "Ellie",
    "Femi",
]
LAST_NAMES = [
    "Ahmed",
    "Brown",
    "Clarke",
    "Davies",
    "Evans",
    "Fletcher",
    "Green",
    "Hughes",
    "Iqbal",
    "Jones",
    "Kaur",
    "Lewis",
    "Morgan",
    "Nowak",
    "O'Brien",
    "Patel",
    "Quinn",
    "Roberts",
    "Singh",
    "Taylor",
    "Walsh",
    "Young",
]
CHILD_NAMES = [
    "Alfie",
    "Amelia",
    "Archie",
    "Ava",
    "Charlie",
    "Ella",
    "Freddie",
    "Grace",
    "Harry",
    "Ivy",
    "Jacob",
    "Lily",
    "Leo",
    "Mia",
    "Noah",
    "Poppy",
    "Oscar",
    "Rosie",
    "Theo",
    "Sofia",
    "Kai",
    "Zara",
    "Ruby",
    "Mohammed",
    "Ibrahim",
    "Layla",
    "Jayden",
    "Nia",
    "Tyler",
    "Evie",
]
ETHNICITIES = [
    "WBRI",
    "WOTH",
    "MWBC",
    "MWBA",
    "AIND",
    "APKN",
    "BAFR",
    "BCRB",
    "CHNE",
    "OOTH",
    "REFU",
]


def demo_password() -> str:
    import os

    return os.environ.get("QAF_DEMO_PASSWORD", "demo-password-123")


@demo.register("casework")
def seed(*, today: date, rng: random.Random) -> str:
    """Create the demo authority once; a second run finds it and changes nothing."""
    User = get_user_model()
    if Child.objects.filter(child_id__startswith=DEMO_CHILD_PREFIX).exists():
        # A demo loaded before the participation worker joined, or before case events were
        # kept, gains them; otherwise nothing.
        added = []
        if _participation_worker_ensure():
            added.append("participation worker added")
        events = seed_case_events(today=today, rng=_events_rng(rng), prefix=DEMO_CHILD_PREFIX)
        if events:
            added.append(f"{events} case events added")
        returns = seed_returns(today=today, prefix=DEMO_CHILD_PREFIX)
        if returns:
            added.append(returns)
        return "; ".join(["service, staff and children already there", *added])

    password_hash = make_password(demo_password())
    groups = {role: role_group(role) for role in Role}
    long_ago = today - timedelta(days=3 * 365)

    areas: dict[str, ServiceArea] = {}
    teams: dict[str, Team] = {}
    team_kinds: dict[str, list[str]] = {}
    for area_name, team_specs in SERVICE_AREAS.items():
        areas[area_name] = ServiceArea.objects.create(name=area_name)
        for team_name, is_duty, kinds in team_specs:
            teams[team_name] = Team.objects.create(
                name=team_name, service_area=areas[area_name], is_duty=is_duty
            )
            team_kinds[team_name] = kinds

    def make_user(username, full_name, job_title, roles):
        user = User.objects.create(
            username=username,
            full_name=full_name,
            job_title=job_title,
            email=f"{username}@northmoor.example",
            password=password_hash,
        )
        user.groups.add(*(groups[role] for role in roles))
        return user

    managers: dict[str, object] = {}
    practitioners: dict[str, list] = {name: [] for name in teams}
    for username, full_name, job_title, roles, place, team_role in DEMO_USERS:
        user = make_user(username, full_name, job_title, roles)
        if place in areas:
            areas[place].senior_managers.add(user)
        elif place in teams:
            TeamMembership.objects.create(
                user=user, team=teams[place], role=team_role, start_date=long_ago
            )
            if team_role == TeamMembership.Role.MANAGER:
                managers[place] = user
            else:
                practitioners[place].append(user)

    names = iter(
        rng.sample([f"{first} {last}" for first in FIRST_NAMES for last in LAST_NAMES], 60)
    )

    def staff_username(full_name: str) -> str:
        return full_name.lower().replace(" ", ".").replace("'", "")

    # Senior managers: a head of service and a service manager for each area (senior is one).
    for area in areas.values():
        head = make_user(
            staff_username(name := next(names)), name, "Head of service", [Role.SENIOR_MANAGER]
        )
        area.head_of_service = head
        area.save(update_fields=["head_of_service"])
        area.senior_managers.add(head)

    # A manager for each team; managers are peer auditors for other teams.
    for team_name, team in teams.items():
        if team_name not in managers:
            name = next(names)
            managers[team_name] = make_user(
                staff_username(name), name, "Team manager", [Role.TEAM_MANAGER, Role.PEER_AUDITOR]
            )
            TeamMembership.objects.create(
                user=managers[team_name],
                team=team,
                role=TeamMembership.Role.MANAGER,
                start_date=long_ago,
            )

    # Practitioners until the authority has forty staff.
    team_cycle = list(teams)
    index = 0
    while User.objects.count() < 40:
        team_name = team_cycle[index % len(team_cycle)]
        index += 1
        name = next(names)
        user = make_user(staff_username(name), name, "Social worker", [Role.PRACTITIONER])
        TeamMembership.objects.create(
            user=user,
            team=teams[team_name],
            role=TeamMembership.Role.PRACTITIONER,
            start_date=long_ago + timedelta(days=rng.randint(0, 500)),
        )
        practitioners[team_name].append(user)
    _participation_worker_ensure()

    children, episodes, allocations = _children(
        today=today, rng=rng, teams=teams, team_kinds=team_kinds, practitioners=practitioners
    )
    events = seed_case_events(today=today, rng=_events_rng(rng), prefix=DEMO_CHILD_PREFIX)
    returns = seed_returns(today=today, prefix=DEMO_CHILD_PREFIX)
    return (
        f"{len(areas)} service areas, {len(teams)} teams, {User.objects.count()} staff, "
        f"{children} children, {episodes} episodes, {allocations} allocations, "
        f"{events} case events; {returns}"
    )


def _events_rng(rng: random.Random) -> random.Random:
    """The case history's own random numbers: the same whether the children were seeded just
    now or by an earlier run, and none drawn from the children's."""
    return random.Random(f"{DEMO_CHILD_PREFIX}-case-events")  # noqa: S311 - made-up data


def _participation_worker_ensure() -> bool:
    """Create the demo participation worker if they are missing; True if created now."""
    username, full_name, job_title = PARTICIPATION_USER
    user, created = get_user_model().objects.get_or_create(
        username=username,
        defaults={
            "full_name": full_name,
            "job_title": job_title,
            "email": f"{username}@northmoor.example",
            "password": make_password(demo_password()),
        },
    )
    if created:
        user.groups.add(role_group(Role.PARTICIPATION_WORKER))
    return created


def _children(*, today, rng, teams, team_kinds, practitioners) -> tuple[int, int, int]:
    team_names = list(teams)
    weights = [10, 12, 12, 16, 16, 10, 14, 10]
    worker_demo = next(
        user for user in practitioners["Safeguarding 1"] if user.username == "worker"
    )
    children = []
    for number in range(1, CHILD_COUNT + 1):
        children.append(
            Child(
                child_id=f"{DEMO_CHILD_PREFIX}{number:06d}",
                display_name=rng.choice(CHILD_NAMES),
                date_of_birth=today - timedelta(days=rng.randint(200, 17 * 365)),
                gender=rng.choice(
                    [Child.Gender.MALE, Child.Gender.FEMALE] * 6
                    + [Child.Gender.OTHER, Child.Gender.NOT_RECORDED]
                ),
                ethnicity=rng.choice(ETHNICITIES),
                disability=rng.choice(
                    [Child.Disability.NO] * 6
                    + [Child.Disability.YES, Child.Disability.NOT_RECORDED]
                ),
            )
        )
    Child.objects.bulk_create(children)
    children = list(Child.objects.filter(child_id__startswith=DEMO_CHILD_PREFIX))

    episodes: list[Episode] = []
    allocations: list[Allocation] = []
    for position, child in enumerate(children):
        team_name = rng.choices(team_names, weights=weights)[0]
        team = teams[team_name]
        kind = rng.choice(team_kinds[team_name])
        start = today - timedelta(days=rng.randint(20, 900))
        closed = rng.random() < 0.15
        end = (
            min(today - timedelta(days=1), start + timedelta(days=rng.randint(30, 400)))
            if closed
            else None
        )
        if end is not None and end < start:
            end = start
        # An earlier, closed assessment or contact gives the case some history.
        if rng.random() < 0.6 and kind != Episode.Kind.ASSESSMENT:
            assessment_start = start - timedelta(days=rng.randint(30, 60))
            episodes.append(
                Episode(
                    child=child,
                    kind=Episode.Kind.ASSESSMENT,
                    team=team,
                    start_date=assessment_start,
                    end_date=assessment_start + timedelta(days=rng.randint(10, 60)),
                    assessment_authorised_date=assessment_start
                    + timedelta(days=rng.randint(10, 60)),
                    source_reference="demo",
                )
            )
        episodes.append(_case_episode(child, kind, team, start, end, today, rng))

        # Allocation history: one to four social workers, the latest still allocated if open.
        # The demo worker holds every twentieth case of Safeguarding 1 and then some.
        pool = practitioners[team_name]
        changes = rng.choices([1, 2, 3, 4], weights=[50, 30, 15, 5])[0]
        cursor = start
        span = ((end or today) - start).days
        for turn in range(changes):
            last = turn == changes - 1
            worker = rng.choice(pool)
            if last and team_name == "Safeguarding 1" and position % 4 == 0:
                worker = worker_demo
            finish = end if last else cursor + timedelta(days=max(1, span // changes))
            if finish is not None and finish < cursor:
                finish = cursor
            allocations.append(
                Allocation(
                    child=child, worker=worker, team=team, start_date=cursor, end_date=finish
                )
            )
            if finish is None:
                break
            cursor = finish
    Episode.objects.bulk_create(episodes)
    Allocation.objects.bulk_create(allocations)
    return len(children), len(episodes), len(allocations)


def _case_episode(child, kind, team, start, end, today, rng) -> Episode:
    def recent(max_days: int) -> date:
        return min(end or today, today) - timedelta(days=rng.randint(0, max_days))

    episode = Episode(
        child=child,
        kind=kind,
        team=team,
        start_date=start,
        end_date=end,
        source_reference="demo",
    )
    if kind in (Episode.Kind.CIN, Episode.Kind.CP, Episode.Kind.CLA):
        episode.plan_start_date = start + timedelta(days=rng.randint(0, 20))
        episode.latest_review_date = max(episode.plan_start_date, recent(200))
        episode.last_statutory_visit_date = max(start, recent(60))
        episode.last_seen_alone_date = max(start, recent(120))
    if kind == Episode.Kind.CP:
        episode.strategy_discussion_date = start - timedelta(days=rng.randint(5, 25))
        episode.icpc_date = episode.strategy_discussion_date + timedelta(days=rng.randint(5, 25))
    if kind == Episode.Kind.CLA:
        episode.placements_last_12_months = rng.choices([1, 2, 3, 4], weights=[60, 25, 10, 5])[0]
        episode.last_health_check_date = max(start, recent(400))
        episode.last_dental_check_date = max(start, recent(400))
    if kind in (Episode.Kind.EARLY_HELP, Episode.Kind.CARE_LEAVER):
        episode.last_social_work_visit_date = max(start, recent(90))
    return episode
