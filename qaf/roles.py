"""The roles of the framework. Each is a Django group; a person may hold several."""

from django.db import models


class Role(models.TextChoices):
    PRACTITIONER = "Practitioner", "Practitioner"
    TEAM_MANAGER = "Team manager", "Team manager"
    PEER_AUDITOR = "Peer auditor", "Peer auditor"
    SENIOR_MANAGER = "Senior manager", "Senior manager"
    DIRECTOR = "Director", "Director"
    QA_OFFICER = "QA officer", "QA officer"
    PARTICIPATION_WORKER = "Participation worker", "Participation worker"
    # The Safeguarding Partnership's multi-agency audits (the partnership app).
    BUSINESS_MANAGER = "Partnership business manager", "Partnership business manager"
    PARTNER_AUDITOR = "Partner auditor", "Partner auditor"

    @property
    def in_a_sentence(self) -> str:
        """'team manager', but 'QA officer': lower case except for an initialism."""
        label = str(self.label)
        return label if label[:2].isupper() else label[0].lower() + label[1:]


def role_group(role: Role):
    """The group for ``role``; created by a migration, and again here if a test flushed it."""
    from django.contrib.auth.models import Group

    group, _ = Group.objects.get_or_create(name=Role(role).value)
    return group
