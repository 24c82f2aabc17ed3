"""A multi-agency audit for the shared world: police (the world's partner auditor) and health
take part, the world's child is its case, the business manager chairs it; an action for police
has its follow-up due."""

import datetime as dt

from django.utils import timezone

from partnership.models import (
    AgencySection,
    AuditCase,
    CaseAnswer,
    MultiAgencyAudit,
    PartnerAgency,
    PartnerAuditor,
    PartnershipAction,
    PartnershipFollowUp,
)
from partnership.services import template_ensure_default
from qaf.roles import Role
from tests import factories


def partnership_scene(world, *, status=MultiAgencyAudit.Status.ANSWERING):
    users = world.users
    police = PartnerAgency.objects.create(name="Police", kind=PartnerAgency.Kind.POLICE)
    health = PartnerAgency.objects.create(name="Health trust", kind=PartnerAgency.Kind.HEALTH)
    PartnerAuditor.objects.create(user=users.partner, agency=police)
    nurse = factories.UserFactory(username="partner_health", roles=[Role.PARTNER_AUDITOR])
    health_auditor = PartnerAuditor.objects.create(user=nurse, agency=health)
    audit = MultiAgencyAudit.objects.create(
        title="Neglect",
        theme=MultiAgencyAudit.Theme.NEGLECT,
        template=template_ensure_default(),
        chair=users.business_manager,
        created_by=users.business_manager,
        status=status,
        sections_due=timezone.localdate() + dt.timedelta(days=14),
    )
    case = AuditCase.objects.create(audit=audit, child=world.child)
    section = AgencySection.objects.create(
        audit=audit, agency=police, auditor=users.partner, due_date=audit.sections_due
    )
    health_section = AgencySection.objects.create(
        audit=audit, agency=health, auditor=nurse, due_date=audit.sections_due
    )
    CaseAnswer.objects.create(section=section, case=case)
    CaseAnswer.objects.create(section=health_section, case=case)
    action = PartnershipAction.objects.create(
        audit=audit,
        agency=police,
        description="Check the inbox addresses.",
        owner=users.partner,
        due_date=timezone.localdate(),
        agreed_on=timezone.localdate() - dt.timedelta(days=100),
        created_by=users.business_manager,
    )
    follow_up = PartnershipFollowUp.objects.create(action=action, due_date=timezone.localdate())
    world.ma_police, world.ma_health = police, health
    world.ma_health_auditor = health_auditor
    world.ma_nurse = nurse
    world.ma_audit, world.ma_case = audit, case
    world.ma_section, world.ma_health_section = section, health_section
    world.ma_action, world.ma_follow_up = action, follow_up
    return world


def machine_record(label: str, world):
    """A fresh record of one of the partnership's machines, for walking every state × action:
    the world's partner auditor writes its section and owns its action; the business manager
    chairs its audit."""
    import uuid

    users = world.users
    agency = PartnerAgency.objects.create(
        name=f"Agency {uuid.uuid4().hex[:8]}", kind=PartnerAgency.Kind.VOLUNTARY
    )
    audit = MultiAgencyAudit.objects.create(
        title="Walk",
        theme=MultiAgencyAudit.Theme.NEGLECT,
        template=template_ensure_default(),
        chair=users.business_manager,
        sections_due=timezone.localdate(),
    )
    if label == "partnership.MultiAgencyAudit":
        return audit
    if label == "partnership.AgencySection":
        return AgencySection.objects.create(
            audit=audit, agency=agency, auditor=users.partner, due_date=audit.sections_due
        )
    action = PartnershipAction.objects.create(
        audit=audit,
        agency=agency,
        description="Walk",
        owner=users.partner,
        due_date=audit.sections_due,
        agreed_on=audit.sections_due,
    )
    if label == "partnership.PartnershipAction":
        return action
    return PartnershipFollowUp.objects.create(action=action, due_date=audit.sections_due)
