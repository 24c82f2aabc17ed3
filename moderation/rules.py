"""Object-level rules of the loop (django-rules; loaded by AutodiscoverRulesConfig).

Which records a person may open at all is decided by ``selectors.*_visible_to``; these rules
decide what they may do with one they can open.
"""

import rules

from qaf.permissions import is_director, is_qa_officer, is_senior_manager, is_team_manager

from . import selectors


@rules.predicate
def is_moderator_of(user, moderation) -> bool:
    return (
        moderation is not None
        and moderation.moderator_id == user.pk
        and selectors.moderation_problem(moderation.case_audit, user) is None
    )


@rules.predicate
def manages_loop_of(user, case_audit) -> bool:
    return case_audit is not None and selectors.manages_loop(user, case_audit)


@rules.predicate
def manages_loop_of_action(user, action) -> bool:
    return action is not None and selectors.manages_loop(user, action.case_audit)


@rules.predicate
def owns_or_manages_action(user, action) -> bool:
    return action is not None and (
        action.owner_id == user.pk or selectors.manages_loop(user, action.case_audit)
    )


@rules.predicate
def feedback_is_for(user, feedback) -> bool:
    return feedback is not None and feedback.social_worker_id == user.pk


@rules.predicate
def reviews_follow_up(user, review) -> bool:
    """The reviewer, or a senior manager (or head of service) of the case's service area."""
    return review is not None and (
        review.reviewer_id == user.pk or selectors.leads_area_of(user, review.case_audit)
    )


@rules.predicate
def resolves_escalation(user, escalation) -> bool:
    """The person it was escalated to, or a senior manager of the case's service area."""
    return escalation is not None and (
        escalation.escalated_to_id == user.pk
        or selectors.leads_area_of(user, escalation.case_audit)
    )


# Who may take each action of the loop's machines (``moderation/workflow.py`` says when).
rules.add_perm("moderation.moderate", is_moderator_of)
rules.add_perm("moderation.assign_moderator", is_qa_officer)
rules.add_perm("moderation.manage_loop", manages_loop_of)
rules.add_perm("moderation.update_action", owns_or_manages_action)
rules.add_perm("moderation.manage_action", manages_loop_of_action)
rules.add_perm("moderation.acknowledge_feedback", feedback_is_for)
rules.add_perm("moderation.review_follow_up", reviews_follow_up)
rules.add_perm("moderation.resolve_escalation", resolves_escalation)
rules.add_perm("moderation.keep_themes", is_qa_officer)
rules.add_perm("moderation.record_activity", is_qa_officer | is_senior_manager | is_team_manager)
rules.add_perm("moderation.see_everything", is_qa_officer | is_director)
