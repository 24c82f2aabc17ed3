"""Learning themes (a QA officer keeps the list) and learning activities held on them."""

from datetime import date

from django.db import IntegrityError, transaction

from audits.services.history import history_stamp

from ..errors import ModerationError
from ..models import LearningActivity, LearningTheme
from .moderating import clean_text

MAX_ATTENDANCE = 10_000


def _unique_name(name: str, *, exclude: int | None = None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ModerationError("Enter the theme's name.")
    if len(name) > 120:
        raise ModerationError("The theme's name must be 120 characters or fewer.")
    clash = LearningTheme.objects.filter(name__iexact=name).exclude(pk=exclude or 0)
    if clash.exists():
        raise ModerationError(f"There is already a theme called '{clash.first().name}'.")
    return name


@transaction.atomic
def learning_theme_create(*, by, name: str, description: str = "") -> LearningTheme:
    theme = LearningTheme(
        name=_unique_name(name),
        description=clean_text(description, "the description", required=False),
    )
    history_stamp(theme, by=by, reason="Theme added")
    try:
        with transaction.atomic():
            theme.save()
    except IntegrityError as error:
        raise ModerationError(f"There is already a theme called '{theme.name}'.") from error
    return theme


@transaction.atomic
def learning_theme_update(
    *, theme: LearningTheme, by, name: str, description: str, is_active: bool
) -> LearningTheme:
    theme = LearningTheme.objects.select_for_update(of=("self",)).get(pk=theme.pk)
    theme.name = _unique_name(name, exclude=theme.pk)
    theme.description = clean_text(description, "the description", required=False)
    theme.is_active = is_active
    history_stamp(theme, by=by, reason="Theme changed" if is_active else "Theme retired")
    theme.save(update_fields=["name", "description", "is_active"])
    return theme


@transaction.atomic
def learning_activity_record(
    *,
    by,
    theme: LearningTheme,
    kind: str,
    title: str,
    held_on: date,
    attendance: int,
    notes: str = "",
) -> LearningActivity:
    """Record a workshop, one-to-one or briefing held on a theme, with how many took part."""
    if kind not in LearningActivity.Kind.values:
        raise ModerationError("Choose what kind of learning activity it was.")
    if held_on is None:
        raise ModerationError("Enter the date it was held.")
    if attendance is None or not 1 <= attendance <= MAX_ATTENDANCE:
        raise ModerationError(f"Attendance must be between 1 and {MAX_ATTENDANCE:,}.")
    title = clean_text(title, "a title")
    if len(title) > 200:
        raise ModerationError("The title must be 200 characters or fewer.")
    activity = LearningActivity(
        theme=theme,
        kind=kind,
        title=title,
        held_on=held_on,
        attendance=attendance,
        notes=clean_text(notes, "the notes", required=False),
        recorded_by=by,
    )
    history_stamp(activity, by=by, reason="Learning activity recorded")
    activity.save()
    return activity
