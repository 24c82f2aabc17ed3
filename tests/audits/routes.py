"""The audits' URLs in the role × URL matrix.

Who gets what: a role with no part in audits (practitioner, participation worker, staff with no
role) gets 403 from every audit page. A role that has a part but may not open *this* audit gets
404, so that the audit's existence is not given away (tested in test_access.py, since every
audit role in the shared world can open the world's audit). Someone who can open the audit but
may not do the thing asked (a QA officer on a grading page) gets 403.
"""

import datetime as dt

from tests.matrix import Route, allow

AUDIT_ROLES = ("team_manager", "peer_auditor", "senior_manager", "director", "qa_officer")
AUDITORS = ("team_manager", "peer_auditor")


def extend(world):
    """A round sampled for October 2026 with the world's child in it, and a draft template."""
    if hasattr(world, "case_audit"):
        return
    from audits.models import CaseAudit
    from audits.selectors import domains_for
    from audits.services import (
        audit_template_draft_create,
        audit_template_ensure_default,
        safeguarding_concern_raise,
        sample_month,
    )

    world.template = audit_template_ensure_default()
    world.audit_round = sample_month(period=dt.date(2026, 10, 1)).round
    world.case_audit = CaseAudit.objects.get(round=world.audit_round, child=world.child)
    world.domain = domains_for(world.case_audit)[0]
    world.draft = audit_template_draft_create(by=world.users.qa_officer)
    world.draft_domain = world.draft.domains.first()
    world.concern = safeguarding_concern_raise(
        case_audit=world.case_audit,
        by=world.users.peer_auditor,
        concern="A bruise on the child's arm is not followed up in the record.",
    )


def _audit(world):
    return {"pk": world.case_audit.pk}


ROUTES = [
    Route("audits:list", expect=allow(*AUDIT_ROLES)),
    Route("audits:list_download", expect=allow(*AUDIT_ROLES)),
    Route("audits:detail", kwargs=_audit, expect=allow(*AUDIT_ROLES)),
    Route("audits:history", kwargs=_audit, expect=allow(*AUDIT_ROLES)),
    Route("audits:grading", kwargs=_audit, expect=allow(*AUDITORS)),
    Route(
        "audits:grading_domain",
        kwargs=lambda world: {"pk": world.case_audit.pk, "domain_pk": world.domain.pk},
        expect=allow(*AUDITORS),
    ),
    Route("audits:grading_overall", kwargs=_audit, expect=allow(*AUDITORS)),
    Route("audits:grading_submit", kwargs=_audit, expect=allow(*AUDITORS)),
    Route("audits:conversation_add", kwargs=_audit, expect=allow("peer_auditor")),
    # Directors read audits but do not act in them.
    Route(
        "audits:concern_raise",
        kwargs=_audit,
        expect=allow("team_manager", "peer_auditor", "senior_manager", "qa_officer"),
    ),
    # Everyone who can open the audit reads its concerns; the managers acknowledge them.
    Route(
        "audits:concern",
        kwargs=lambda world: {"pk": world.case_audit.pk, "concern_pk": world.concern.pk},
        expect=allow(*AUDIT_ROLES),
    ),
    Route("audits:assign", kwargs=_audit, expect=allow("qa_officer")),
    Route("audits:rounds", expect=allow("qa_officer", "director")),
    Route(
        "audits:rounds_download",
        data=lambda world: {"format": "xlsx"},
        expect=allow("qa_officer", "director"),
    ),
    Route(
        "audits:round",
        kwargs=lambda world: {"pk": world.audit_round.pk},
        expect=allow("qa_officer", "director"),
    ),
    # A preview of a month not yet sampled.
    Route(
        "audits:round_sample",
        data=lambda world: {"period": "2027-01"},
        expect=allow("qa_officer"),
    ),
    Route("audits:sampling_settings", expect=allow("qa_officer")),
    Route("audits:templates", expect=allow("qa_officer")),
    Route(
        "audits:template",
        kwargs=lambda world: {"pk": world.template.pk},
        expect=allow("qa_officer"),
    ),
    # A draft already exists, so the QA officer is sent back with a message.
    Route("audits:template_draft_create", method="post", expect=allow("qa_officer", status=302)),
    Route(
        "audits:template_publish",
        method="post",
        kwargs=lambda world: {"pk": world.draft.pk},
        expect=allow("qa_officer", status=302),
    ),
    Route(
        "audits:template_domain_add",
        kwargs=lambda world: {"pk": world.draft.pk},
        expect=allow("qa_officer"),
    ),
    Route(
        "audits:template_domain_edit",
        kwargs=lambda world: {"domain_pk": world.draft_domain.pk},
        expect=allow("qa_officer"),
    ),
    Route(
        "audits:template_domain_remove",
        method="post",
        kwargs=lambda world: {"domain_pk": world.draft_domain.pk},
        expect=allow("qa_officer", status=302),
    ),
]
