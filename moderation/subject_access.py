"""What the loop holds about a child's audits: final grades, actions and feedback."""

from qaf import subject_access

from .models import Action, FinalGrade, FollowUpReview, PractitionerFeedback


def loop_sections(child):
    for title, model in (
        ("Final grades", FinalGrade),
        ("Actions", Action),
        ("Feedback to the social worker", PractitionerFeedback),
        ("Follow-up reviews", FollowUpReview),
    ):
        yield title, subject_access.records(model.objects.filter(case_audit__child=child))
