"""Who may take each action of the voice machines (django-rules; loaded by
AutodiscoverRulesConfig). ``feedback/workflow.py`` says when; these say who."""

import rules

from qaf.permissions import is_qa_officer

from .selectors.access import can_acknowledge_alert, can_manage_invitation


@rules.predicate
def manages_invitation(user, invitation) -> bool:
    """The child's allocated social worker, or whoever the link was given to when nobody
    holds the child."""
    return invitation is not None and can_manage_invitation(user, invitation)


@rules.predicate
def acts_on_alert(user, alert) -> bool:
    """A manager of the child's team (or the duty team, when nobody holds the child)."""
    return alert is not None and can_acknowledge_alert(user, alert)


@rules.predicate
def is_complaint(user, item) -> bool:
    return item is not None and item.is_complaint


@rules.predicate
def is_compliment(user, item) -> bool:
    return item is not None and not item.is_complaint


rules.add_perm("feedback.manage_invitation", manages_invitation)
rules.add_perm("feedback.acknowledge_alert", acts_on_alert)
rules.add_perm("feedback.manage_surveys", is_qa_officer)
rules.add_perm("feedback.handle_complaint", is_qa_officer & is_complaint)
rules.add_perm("feedback.pass_on_compliment", is_qa_officer & is_compliment)


@rules.predicate
def is_named_manager_of(user, recommendation) -> bool:
    return recommendation is not None and recommendation.manager_id == user.pk


rules.add_perm("feedback.answer_recommendation", is_named_manager_of)
