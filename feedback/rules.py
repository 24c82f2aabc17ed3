"""Object-level rules of the voice work (django-rules; loaded by AutodiscoverRulesConfig)."""

import rules


@rules.predicate
def is_named_manager_of(user, recommendation) -> bool:
    return recommendation is not None and recommendation.manager_id == user.pk


rules.add_perm("feedback.answer_recommendation", is_named_manager_of)
