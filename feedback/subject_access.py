"""What the voice records hold about a child: links (never their secret), named answers and
safeguarding alerts. Anonymous answers hold no child, so they are not here."""

from qaf import subject_access

from .models import Answer, Invitation, SafeguardingAlert


def voice_sections(child):
    yield (
        "Feedback links",
        subject_access.records(
            Invitation.objects.filter(child=child).select_related("survey", "team"),
            leave_out={"token_hash", "child"},
        ),
    )
    answers = (
        Answer.objects.filter(response__child=child, response__is_anonymous=False)
        .select_related("response__survey", "question")
        .order_by("response__month", "question__position")
    )
    yield (
        "Feedback answers",
        [
            {
                "survey": str(answer.response.survey),
                "month": answer.response.month,
                "question": answer.question.text,
                "answer": answer.display,
            }
            for answer in answers
        ],
    )
    yield (
        "Safeguarding alerts",
        subject_access.records(
            SafeguardingAlert.objects.filter(child=child).select_related("team", "question"),
            leave_out={"child"},
        ),
    )
