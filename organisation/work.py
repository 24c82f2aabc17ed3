"""The first-run checklist on a QA officer's My work, each step ticked from the data.

It shows until every step is done: areas and teams, staff imported, case data imported, peer
auditors chosen, an audit template published and a first sample previewed."""

from django.contrib.auth import get_user_model
from django.db.models import Exists
from django.urls import reverse

from audits.models import AuditRound, AuditTemplate
from casework.models import ImportRun, Team
from qaf.roles import Role
from qaf.work import WorkItem, WorkSection

from .models import SamplePreview, StaffRecord

DONE = "Done"
TO_DO = "To do"


def checklist_steps(user) -> list[tuple[str, str, bool]]:
    """(what, where, done) for each step, in order, read in one query (on the person's own row,
    which is always there)."""
    User = get_user_model()
    done = (
        User.objects.filter(pk=user.pk)
        .annotate(
            teams=Exists(Team.objects.filter(awaiting_review=False)),
            staff=Exists(StaffRecord.objects.all()),
            cases=Exists(ImportRun.objects.filter(status=ImportRun.Status.APPLIED)),
            peers=Exists(User.objects.filter(is_active=True, groups__name=Role.PEER_AUDITOR.value)),
            template=Exists(AuditTemplate.objects.filter(status=AuditTemplate.Status.PUBLISHED)),
            previewed=Exists(SamplePreview.objects.all()) | Exists(AuditRound.objects.all()),
        )
        .values("teams", "staff", "cases", "peers", "template", "previewed")
        .get()
    )
    return [
        ("Add service areas and teams", reverse("organisation:overview"), done["teams"]),
        ("Import the staff list", reverse("organisation:staff_import_upload"), done["staff"]),
        ("Import case data", reverse("casework:import_upload"), done["cases"]),
        ("Choose peer auditors", reverse("organisation:people"), done["peers"]),
        ("Publish an audit template", reverse("audits:templates"), done["template"]),
        ("Preview the first sample", reverse("audits:round_sample"), done["previewed"]),
    ]


def first_run_checklist(user):
    if not user.has_role(Role.QA_OFFICER):
        return []
    steps = checklist_steps(user)
    if all(done for _, _, done in steps):
        return []
    return [
        WorkSection(
            role=Role.QA_OFFICER,
            title="Set up the service",
            items=[
                WorkItem(title=title, url=url, status=DONE if done else TO_DO)
                for title, url, done in steps
            ],
        )
    ]
