"""Which surveys fit a child: the one rule for the picker, the services, closure and the demo."""

from datetime import date

from casework.models import Child

from .models import Survey

Audience = Survey.Audience
# The ages each audience's form is written for. Care leavers (18 and over) answer the young
# person's form; parents and carers answer for children under 18.
CHILD_AGES = range(5, 11)
YOUNG_PERSON_FROM = 11
ADULT_FROM = 18


def age_on(child: Child, on: date) -> int | None:
    dob = child.date_of_birth
    if dob is None:
        return None
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


def audiences_for_age(age: int | None) -> list[str]:
    """The audiences whose form fits a child of ``age``. With no date of birth recorded the
    worker, who knows the child, may choose any form."""
    if age is None:
        return list(Audience.values)
    if age >= ADULT_FROM:
        return [Audience.YOUNG_PERSON]
    if age >= YOUNG_PERSON_FROM:
        return [Audience.YOUNG_PERSON, Audience.PARENT_CARER]
    if age in CHILD_AGES:
        return [Audience.CHILD, Audience.PARENT_CARER]
    return [Audience.PARENT_CARER]


def survey_fits(survey: Survey, child: Child, on: date) -> bool:
    return survey.audience in audiences_for_age(age_on(child, on))


def mismatch_message(survey: Survey, child: Child, on: date) -> str:
    """Why ``survey`` is not for this child, in words a busy worker can act on."""
    age = age_on(child, on)
    who = "The young person" if age is not None and age >= ADULT_FROM else "The child"
    if survey.audience == Audience.PARENT_CARER:
        fits = "for parents and carers of children under 18"
    else:
        fits = f"for a {survey.get_audience_display().lower()}"
    return f"This form is {fits}. {who} is {age}: choose a form for their age" + (
        "." if age is not None and age >= ADULT_FROM else ", or the parent and carer form."
    )
