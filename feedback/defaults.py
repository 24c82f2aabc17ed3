"""The surveys, worrying phrases and participation groups the service starts with.

``install`` takes a ``get_model`` so that the data migration (historical models) and the
``survey_defaults_install`` service (today's models) share one definition. It only adds what is
missing, so it never undoes a QA officer's changes.
"""

from collections.abc import Callable

SAFE_HINT_CHILD = "If you say no or not sure, a manager will make sure someone checks you are OK."
SAFE_HINT_YOUNG = "If you say no or not sure, a manager will make sure someone checks on you."
SCALE_POSITIVE, SCALE_NEGATIVE = ["4", "5"], ["1", "2"]


def _scale(theme, words, during, closure=None, *, hint="", measure=""):
    return {
        "theme": theme,
        "kind": "scale",
        "scale_words": words,
        "text": (during, closure or during),
        "hint": hint,
        "measure_code": measure,
        "positive_answers": SCALE_POSITIVE,
        "negative_answers": SCALE_NEGATIVE,
    }


def _yes_no(theme, during, closure=None, *, hint="", measure="", alert=(), inverted=False):
    positive, negative = (["no"], ["yes"]) if inverted else (["yes"], ["no"])
    return {
        "theme": theme,
        "kind": "yes_no",
        "text": (during, closure or during),
        "hint": hint,
        "measure_code": measure,
        "positive_answers": positive,
        "negative_answers": negative,
        "alert_answers": list(alert),
    }


def _choice(theme, during, closure, options, *, hint=""):
    return {
        "theme": theme,
        "kind": "choice",
        "text": (during, closure),
        "hint": hint,
        "options": options,
    }


def _free_text(theme, during, closure=None, *, hint=""):
    return {"theme": theme, "kind": "free_text", "text": (during, closure or during), "hint": hint}


EXPERIENCE_QUESTIONS = {
    "child": [
        _scale(
            "contact",
            "ease",
            "Is it easy to talk to your social worker when you want to?",
            "Was it easy to talk to your social worker when you wanted to?",
            measure="voice_easy_contact",
        ),
        _scale(
            "listened",
            "how_often",
            "Does your social worker listen to you?",
            "Did your social worker listen to you?",
            measure="voice_listened",
        ),
        _yes_no(
            "explained",
            "Has someone told you why a social worker is helping your family?",
            "Did someone tell you why a social worker was helping your family?",
            measure="voice_explained",
        ),
        _yes_no(
            "plan",
            "Have you been given a copy of your plan?",
            "Were you given a copy of your plan?",
            hint="Your plan says how the grown-ups will help you.",
            measure="voice_plan_copy",
        ),
        _yes_no(
            "difference",
            "Has your social worker helped to make things better?",
            "Did your social worker help to make things better?",
            measure="voice_positive_difference",
        ),
        _yes_no(
            "safe",
            "Do you feel safe where you live?",
            "Do you feel safe where you live now?",
            hint=SAFE_HINT_CHILD,
            alert=("no", "not_sure"),
        ),
        _free_text(
            "other",
            "Is there anything else you want to tell us?",
            hint="You can write anything. If something is worrying you, you can tell us here.",
        ),
    ],
    "young_person": [
        _scale(
            "contact",
            "ease",
            "How easy is it to get in touch with your social worker when you need to?",
            "How easy was it to get in touch with your social worker when you needed to?",
            measure="voice_easy_contact",
        ),
        _scale(
            "listened",
            "how_often",
            "Do you feel your social worker listens to you?",
            "Did you feel your social worker listened to you?",
            measure="voice_listened",
        ),
        _yes_no(
            "explained",
            "Has someone explained why children's services are involved with you, "
            "or why you are in care?",
            "Did someone explain why children's services were involved with you, "
            "or why you were in care?",
            measure="voice_explained",
        ),
        _yes_no(
            "plan",
            "Do you have a copy of your plan?",
            "Did you get a copy of your plan?",
            measure="voice_plan_copy",
        ),
        _yes_no(
            "difference",
            "Has your social worker made a positive difference to your life?",
            "Did your social worker make a positive difference to your life?",
            measure="voice_positive_difference",
        ),
        _yes_no(
            "safe",
            "Do you feel safe where you are living?",
            "Do you feel safe where you are living now?",
            hint=SAFE_HINT_YOUNG,
            alert=("no", "not_sure"),
        ),
        _choice(
            "contact",
            "How do you like to keep in touch with your social worker?",
            "How did you like to keep in touch with your social worker?",
            ["Seeing them in person", "Phone call", "Text message", "Video call", "Email"],
        ),
        _free_text(
            "improve",
            "What is one thing we could do better?",
            hint="If something is worrying you, you can tell us here too.",
        ),
    ],
    "parent_carer": [
        _scale(
            "contact",
            "ease",
            "How easy is it to contact your social worker?",
            "How easy was it to contact your social worker?",
            measure="voice_easy_contact",
        ),
        _yes_no(
            "explained",
            "Has your social worker explained clearly why children's services are involved "
            "with your family?",
            "Did your social worker explain clearly why children's services were involved "
            "with your family?",
            measure="voice_explained",
        ),
        _yes_no(
            "plan",
            "Do you have a copy of your family's plan?",
            "Did you get a copy of your family's plan?",
            measure="voice_plan_copy",
        ),
        _scale(
            "listened",
            "how_often",
            "Do you feel listened to?",
            "Did you feel listened to?",
            measure="voice_listened",
        ),
        _yes_no(
            "difference",
            "Has our support made a positive difference for your family?",
            "Did our support make a positive difference for your family?",
            measure="voice_positive_difference",
        ),
        _yes_no(
            "safe",
            "Are you worried about your child's safety right now?",
            hint="If you say yes, a manager will make sure someone contacts you.",
            alert=("yes",),
            inverted=True,
        ),
        _free_text("improve", "What could we do better?"),
    ],
}

CASE_QUESTIONS = {
    "child": [
        _yes_no("plan", "Do you know what your plan says?"),
        _yes_no("listened", "Did the grown-ups at your meeting listen to what you wanted?"),
        _yes_no("plan_helps", "Is your plan helping you?"),
        _yes_no(
            "safe",
            "Do you feel safe where you live?",
            hint=SAFE_HINT_CHILD,
            alert=("no", "not_sure"),
        ),
        _free_text("improve", "What would you like to change about your plan?"),
    ],
    "young_person": [
        _yes_no("plan", "Do you understand what your plan says?"),
        _yes_no("listened", "Were your views included in your plan?"),
        _scale("plan_helps", "feeling", "How well is your plan working for you?"),
        _yes_no(
            "safe",
            "Do you feel safe where you are living?",
            hint=SAFE_HINT_YOUNG,
            alert=("no", "not_sure"),
        ),
        _free_text("improve", "What would make your plan better?"),
    ],
    "parent_carer": [
        _yes_no("plan", "Do you understand what your family's plan says?"),
        _yes_no("listened", "Were your views included in the plan?"),
        _scale("plan_helps", "feeling", "How well is the plan working for your family?"),
        _free_text("improve", "What would make the plan work better?"),
    ],
}

# (key, kind, journey point, audience, title, intro, questions, closure wording)
SURVEYS = [
    (
        "experience-during-child",
        "experience",
        "during",
        "child",
        "Tell us what you think",
        "We want to know what it is like having a social worker, so we can get better at "
        "helping children.",
        EXPERIENCE_QUESTIONS["child"],
        False,
    ),
    (
        "experience-during-young-person",
        "experience",
        "during",
        "young_person",
        "Your say about your social worker",
        "We want to hear what it is like working with your social worker, so we can make "
        "things better for young people.",
        EXPERIENCE_QUESTIONS["young_person"],
        False,
    ),
    (
        "experience-during-parent-carer",
        "experience",
        "during",
        "parent_carer",
        "Your experience of our service",
        "We would like to know what it is like working with us, so we can improve our service "
        "for families.",
        EXPERIENCE_QUESTIONS["parent_carer"],
        False,
    ),
    (
        "experience-closure-child",
        "experience",
        "closure",
        "child",
        "Tell us how it went",
        "We have stopped working with your family. We want to know how it went, so we can get "
        "better at helping children.",
        EXPERIENCE_QUESTIONS["child"],
        True,
    ),
    (
        "experience-closure-young-person",
        "experience",
        "closure",
        "young_person",
        "Your say: looking back",
        "Our work with you has finished. Tell us how it went, so we can make things better for "
        "other young people.",
        EXPERIENCE_QUESTIONS["young_person"],
        True,
    ),
    (
        "experience-closure-parent-carer",
        "experience",
        "closure",
        "parent_carer",
        "Looking back on our work with your family",
        "Our work with your family has finished. We would like to know how it went, so we can "
        "improve our service for other families.",
        EXPERIENCE_QUESTIONS["parent_carer"],
        True,
    ),
    (
        "case-review-child",
        "case",
        "after_review",
        "child",
        "Your plan",
        "You had a meeting about your plan. We want to know what you think about it.",
        CASE_QUESTIONS["child"],
        False,
    ),
    (
        "case-review-young-person",
        "case",
        "after_review",
        "young_person",
        "Your say about your plan",
        "You have had a review of your plan. Tell us what you think of it.",
        CASE_QUESTIONS["young_person"],
        False,
    ),
    (
        "case-review-parent-carer",
        "case",
        "after_review",
        "parent_carer",
        "Your family's plan",
        "Your family's plan has been reviewed. Tell us what you think of it.",
        CASE_QUESTIONS["parent_carer"],
        False,
    ),
]

WORRYING_PHRASES = [
    "not safe",
    "don't feel safe",
    "unsafe",
    "hurt me",
    "hurts me",
    "hurting me",
    "hit me",
    "hits me",
    "hitting me",
    "scared to go home",
    "afraid to go home",
    "help me",
    "kill myself",
    "hurt myself",
    "self harm",
    "want to die",
    "touched me",
    "abuse",
    "abused",
    "no food",
    "locked in",
]

PARTICIPATION_GROUPS = ["Children in Care Council", "Care Leavers' Forum", "Young Inspectors"]


# The Improvement Plan measures the default questions count towards.
MEASURES = {
    "voice_easy_contact": "Children and families find it easy to contact their social worker",
    "voice_listened": "Children and families feel listened to",
    "voice_explained": "Children and families know why we are involved",
    "voice_plan_copy": "Children and families have a copy of their plan",
    "voice_positive_difference": "Our involvement makes a positive difference",
}
MEASURE_OUTCOME = "Children and families' voices shape our work"


def _measure_fields(get_model: Callable, Question, code: str) -> dict:
    """The question's link to its measure: a foreign key today, a code in older migrations."""
    if not code:
        return {}
    if not any(field.name == "measure" for field in Question._meta.get_fields()):
        return {"measure_code": code}
    Measure = get_model("casework", "Measure")
    measure, _ = Measure.objects.get_or_create(
        code=code, defaults={"title": MEASURES.get(code, code), "outcome": MEASURE_OUTCOME}
    )
    return {"measure": measure}


def install(get_model: Callable, *, now) -> dict[str, int]:
    """Add the default surveys (published), phrases and groups that are missing."""
    Survey = get_model("feedback", "Survey")
    Question = get_model("feedback", "Question")
    WorryingPhrase = get_model("feedback", "WorryingPhrase")
    ParticipationGroup = get_model("feedback", "ParticipationGroup")

    added = {"surveys": 0, "phrases": 0, "groups": 0}
    existing = set(Survey.objects.values_list("key", flat=True))
    for key, kind, journey, audience, title, intro, questions, closure in SURVEYS:
        if key in existing:
            continue
        survey = Survey.objects.create(
            key=key,
            version=1,
            title=title,
            intro=intro,
            kind=kind,
            audience=audience,
            journey_point=journey,
            status="published",
            published_at=now,
        )
        Question.objects.bulk_create(
            Question(
                survey=survey,
                position=position,
                text=spec["text"][1 if closure else 0],
                hint=spec.get("hint", ""),
                kind=spec["kind"],
                scale_words=spec.get("scale_words", "feeling"),
                options=spec.get("options", []),
                theme=spec["theme"],
                **_measure_fields(get_model, Question, spec.get("measure_code", "")),
                positive_answers=spec.get("positive_answers", []),
                negative_answers=spec.get("negative_answers", []),
                alert_answers=spec.get("alert_answers", []),
            )
            for position, spec in enumerate(questions, 1)
        )
        added["surveys"] += 1
    if not WorryingPhrase.objects.exists():
        WorryingPhrase.objects.bulk_create(WorryingPhrase(phrase=p) for p in WORRYING_PHRASES)
        added["phrases"] = len(WORRYING_PHRASES)
    if not ParticipationGroup.objects.exists():
        ParticipationGroup.objects.bulk_create(
            ParticipationGroup(name=name) for name in PARTICIPATION_GROUPS
        )
        added["groups"] = len(PARTICIPATION_GROUPS)
    return added
