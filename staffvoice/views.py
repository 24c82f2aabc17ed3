"""Staff voice pages: thin views over the forms, services and selectors."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_POST

from qaf import workflow
from qaf.form_tokens import FormAlreadySent, already_sent, form_submission_once
from qaf.permissions import role_required
from qaf.roles import Role

from .errors import StaffVoiceError
from .forms import (
    CircleMeetingForm,
    CircleMemberForm,
    CommentCheckForm,
    QualityCircleForm,
    RecognitionForm,
    StaffAnswerForm,
    StaffQuestionForm,
    StaffSurveyForm,
    SuggestionAnswerForm,
)
from .models import AnonymousComment, CircleSuggestion, QualityCircle, StaffSurvey
from .selectors import (
    ANSWER_ROLES,
    MONITORING_ROLES,
    RECOGNITION_WRITERS,
    RESULT_ROLES,
    circle_meetings,
    circles_visible_to,
    comments_checked,
    comments_to_check,
    recognition_for_person,
    recognition_for_team,
    recognition_people_for,
    recognition_teams_for,
    staff_voice_monitoring,
    survey_results,
    surveys_for_qa,
    surveys_open_to,
    teams_whose_recognition_user_sees,
)
from .services import (
    circle_meeting_record,
    circle_suggestion_answer,
    minimum_group,
    quality_circle_create,
    quality_circle_member_add,
    recognition_record,
    staff_comment_check,
    staff_question_add,
    staff_survey_answer,
    staff_survey_create,
    staff_survey_move,
)

QA = Role.QA_OFFICER


@login_required
def home(request):
    user = request.user
    return render(
        request,
        "staffvoice/home.html",
        {
            "surveys": surveys_open_to(user),
            "circles": circles_visible_to(user).filter(members=user),
            "recognition_count": recognition_for_person(user).count(),
            "is_qa": user.has_role(QA),
            "sees_results": any(user.has_role(r) for r in RESULT_ROLES),
            "sees_monitoring": any(user.has_role(r) for r in MONITORING_ROLES),
        },
    )


# Answering: no user, address or time reaches the answers, the logs or an error report.


@sensitive_post_parameters()
@sensitive_variables()
@never_cache
@login_required
def survey_answer(request, pk: int):
    survey = get_object_or_404(surveys_open_to(request.user), pk=pk)
    if survey.answered:
        return render(request, "staffvoice/already_answered.html", {"survey": survey})
    questions = survey.questions.all()
    form = StaffAnswerForm(request.POST or None, questions=questions)
    if request.method == "POST" and form.is_valid():
        scores, comments = form.answers()
        try:
            staff_survey_answer(
                survey=survey,
                user=request.user,
                scores=scores,
                comments=comments,
                today=timezone.localdate(),
            )
        except StaffVoiceError as error:
            form.add_error(None, str(error))
        else:
            return redirect("staffvoice:survey_thanks")
    return render(
        request,
        "staffvoice/survey_answer.html",
        {"survey": survey, "form": form, "minimum": minimum_group()},
    )


@login_required
def survey_thanks(request):
    return render(request, "staffvoice/survey_thanks.html", {"minimum": minimum_group()})


# Building surveys (QA officers) ------------------------------------------------------------


@role_required(QA)
def survey_list(request):
    return render(request, "staffvoice/survey_list.html", {"surveys": surveys_for_qa()})


@role_required(QA)
def survey_create(request):
    form = StaffSurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with form_submission_once(request, form) as once:
                survey = staff_survey_create(by=request.user, **form.cleaned_data)
                once.went_to(survey.get_absolute_url())
        except FormAlreadySent as sent:
            return already_sent(request, sent)
        except StaffVoiceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Survey made. Now add its questions.")
            return redirect(survey)
    return render(
        request,
        "includes/form_page.html",
        {"form": form, "heading": "New staff survey", "button": "Make the survey"},
    )


@role_required(QA)
def survey_detail(request, pk: int):
    survey = get_object_or_404(StaffSurvey, pk=pk)
    form = StaffQuestionForm(request.POST or None, initial={"kind": "scale"})
    if request.method == "POST" and form.is_valid():
        try:
            staff_question_add(survey=survey, by=request.user, **form.cleaned_data)
        except StaffVoiceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Question added.")
            return redirect(survey)
    return render(
        request,
        "staffvoice/survey_detail.html",
        {"survey": survey, "questions": survey.questions.all(), "form": form},
    )


@require_POST
@role_required(QA)
def survey_move(request, pk: int, action: str):
    survey = get_object_or_404(StaffSurvey, pk=pk)
    if action not in ("open", "close"):
        raise Http404
    try:
        staff_survey_move(survey=survey, action=action, by=request.user)
    except (StaffVoiceError, workflow.WorkflowError) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"'{survey.title}' is now {survey.get_status_display().lower()}.")
    return redirect(survey)


@role_required(*RESULT_ROLES)
def survey_results_page(request, pk: int):
    survey = get_object_or_404(StaffSurvey.objects.prefetch_related("questions"), pk=pk)
    return render(request, "staffvoice/survey_results.html", {"results": survey_results(survey)})


@role_required(QA)
def comment_list(request):
    page = Paginator(comments_checked(), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "staffvoice/comment_list.html",
        {"to_check": comments_to_check()[:50], "page_obj": page, "form": CommentCheckForm()},
    )


@require_POST
@role_required(QA)
def comment_check(request, pk):
    comment = get_object_or_404(AnonymousComment, pk=pk)
    form = CommentCheckForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose whether to show or withhold the comment.")
    else:
        try:
            staff_comment_check(
                comment=comment, action=form.cleaned_data["action"], by=request.user
            )
        except (StaffVoiceError, workflow.WorkflowError) as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"Comment {comment.get_status_display().lower()}.")
    return redirect("staffvoice:comment_list")


# Quality circles ---------------------------------------------------------------------------


@login_required
def circle_list(request):
    circles = circles_visible_to(request.user)
    return render(
        request,
        "staffvoice/circle_list.html",
        {"circles": circles, "can_create": request.user.has_role(QA)},
    )


@role_required(QA)
def circle_create(request):
    form = QualityCircleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with form_submission_once(request, form) as once:
                circle = quality_circle_create(by=request.user, **form.cleaned_data)
                once.went_to(circle.get_absolute_url())
        except FormAlreadySent as sent:
            return already_sent(request, sent)
        except StaffVoiceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Circle set up. Now add its members.")
            return redirect(circle)
    return render(
        request,
        "includes/form_page.html",
        {
            "form": form,
            "heading": "Set up a quality circle",
            "lead": "A circle is a group of peers of one grade or level. Nobody who manages "
            "another member, and nobody with a manager's role, can be in it.",
            "button": "Set up the circle",
        },
    )


def _circle_for(request, pk: int) -> QualityCircle:
    return get_object_or_404(circles_visible_to(request.user), pk=pk)


@login_required
def circle_detail(request, pk: int):
    circle = _circle_for(request, pk)
    user = request.user
    is_member = circle.members.filter(pk=user.pk).exists()
    return render(
        request,
        "staffvoice/circle_detail.html",
        {
            "circle": circle,
            "members": circle.members.order_by("full_name", "username"),
            "meetings": circle_meetings(circle),
            "is_facilitator": circle.facilitator_id == user.pk,
            "is_qa": user.has_role(QA),
            # Managers read what a circle said, not who is in it.
            "shows_members": is_member or user.has_role(QA),
        },
    )


@role_required(QA)
def circle_member_add(request, pk: int):
    circle = _circle_for(request, pk)
    people = get_user_model().objects.filter(is_active=True).exclude(pk__in=circle.members.all())
    form = CircleMemberForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        try:
            quality_circle_member_add(circle=circle, by=request.user, **form.cleaned_data)
        except StaffVoiceError as error:
            form.add_error("person", str(error))
        else:
            messages.success(request, f"{form.cleaned_data['person'].display_name} added.")
            return redirect(circle)
    return render(
        request,
        "includes/form_page.html",
        {"form": form, "heading": f"Add a member to {circle.name}", "button": "Add"},
    )


@login_required
def circle_meeting_create(request, pk: int):
    circle = _circle_for(request, pk)
    if circle.facilitator_id != request.user.pk:
        raise PermissionDenied
    form = CircleMeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with form_submission_once(request, form) as once:
                circle_meeting_record(circle=circle, by=request.user, **form.cleaned_data)
                once.went_to(circle.get_absolute_url())
        except FormAlreadySent as sent:
            return already_sent(request, sent)
        except StaffVoiceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Meeting recorded. Managers will answer each suggestion.")
            return redirect(circle)
    return render(
        request,
        "includes/form_page.html",
        {
            "form": form,
            "heading": f"Record a meeting of {circle.name}",
            "lead": "Write what the group said as a group. Do not name who said what.",
            "button": "Save",
        },
    )


@role_required(*ANSWER_ROLES)
def suggestion_answer(request, pk: int):
    suggestion = get_object_or_404(
        CircleSuggestion.objects.select_related("meeting__circle"), pk=pk
    )
    form = SuggestionAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            circle_suggestion_answer(
                suggestion=suggestion,
                answer=form.cleaned_data["answer"],
                today=timezone.localdate(),
                by=request.user,
            )
        except (StaffVoiceError, workflow.WorkflowError) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Answer sent to the circle.")
            return redirect(suggestion.meeting.circle)
    return render(
        request,
        "includes/form_page.html",
        {
            "form": form,
            "heading": "Answer a circle's suggestion",
            "lead": f"They said: {suggestion.text}",
            "button": "Send the answer",
        },
    )


# Recognition -------------------------------------------------------------------------------


@login_required
def recognition(request):
    page = Paginator(recognition_for_person(request.user), 25).get_page(request.GET.get("page"))
    return render(
        request,
        "staffvoice/recognition.html",
        {
            "page_obj": page,
            "teams": teams_whose_recognition_user_sees(request.user),
            "can_record": any(request.user.has_role(r) for r in RECOGNITION_WRITERS),
        },
    )


@login_required
def team_recognition(request, pk: int):
    team = get_object_or_404(teams_whose_recognition_user_sees(request.user), pk=pk)
    today = timezone.localdate()
    from .selectors import counts_by_quarter, last_quarters, quarter_label

    items = recognition_for_team(team)
    keys = last_quarters(today, 4)
    counts = counts_by_quarter(items.values_list("received_on", flat=True), keys)
    page = Paginator(items, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "staffvoice/team_recognition.html",
        {
            "team": team,
            "page_obj": page,
            "quarters": list(zip([quarter_label(k) for k in keys], counts, strict=True)),
        },
    )


@role_required(*RECOGNITION_WRITERS)
def recognition_create(request):
    teams = recognition_teams_for(request.user)
    form = RecognitionForm(
        request.POST or None, people=recognition_people_for(request.user), teams=teams
    )
    if request.method == "POST" and form.is_valid():
        try:
            with form_submission_once(request, form) as once:
                recognition_record(by=request.user, **form.cleaned_data)
                once.went_to(reverse("staffvoice:recognition"))
        except FormAlreadySent as sent:
            return already_sent(request, sent)
        except StaffVoiceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Thanks recorded and passed on.")
            return redirect("staffvoice:recognition")
    return render(
        request,
        "includes/form_page.html",
        {"form": form, "heading": "Record thanks", "button": "Record and pass on"},
    )


# Monitoring ---------------------------------------------------------------------------------


@role_required(*MONITORING_ROLES)
def monitoring(request):
    context = staff_voice_monitoring(today=timezone.localdate())
    return render(request, "staffvoice/monitoring.html", context)
