"""Compliments made elsewhere become recognition here (connected in apps.py)."""

import re

from django.db import transaction


def without_child_name(text: str, child) -> str:
    """``text`` with the child's name (in full, or its first word) replaced by "the child":
    thanks from an audit is shown to the whole team, not only to the child's worker."""
    names = {child.display_name.strip(), *child.display_name.split()[:1]} - {""}
    for name in sorted(names, key=len, reverse=True):
        text = re.sub(rf"\b{re.escape(name)}\b", "the child", text, flags=re.IGNORECASE)
    return text


def compliment_from_audit(sender, instance, created, **kwargs) -> None:
    """Practitioner feedback with compliments in it: thanks for the worker and their team."""
    if not created or not instance.compliments.strip() or instance.social_worker_id is None:
        return
    from .models import Recognition
    from .services import recognition_record

    audit = instance.case_audit
    recognition_record(
        person=instance.social_worker,
        team=audit.team,
        source=Recognition.Source.AUDIT,
        received_on=instance.sent_at.date(),
        summary=without_child_name(instance.compliments, audit.child),
        by=instance.written_by,
        source_key=f"moderation:feedback:{instance.pk}",
    )


def compliment_from_register(sender, instance, **kwargs) -> None:
    """A compliment passed on from the register: thanks for each person named, or the team."""
    if instance.kind != instance.Kind.COMPLIMENT or instance.status != instance.Status.PASSED_ON:
        return
    update_fields = kwargs.get("update_fields")
    # Only the save that passes it on; later saves (retention removing the words) are not thanks.
    if (
        update_fields is not None and "status" not in update_fields
    ) or not instance.summary.strip():
        return
    from .models import Recognition
    from .services import recognition_record

    source = (
        Recognition.Source.PROFESSIONAL
        if instance.received_from == instance.From.PROFESSIONAL
        else Recognition.Source.FAMILY
    )
    key = f"feedback:compliment:{instance.pk}"
    people = list(instance.named_staff.all()) or [None]
    with transaction.atomic():
        for person in people:
            if person is None and instance.team is None:
                continue
            recognition_record(
                person=person,
                team=instance.team,
                source=source,
                received_on=instance.received_on,
                summary=instance.summary,
                by=instance.recorded_by,
                source_key=key,
            )
