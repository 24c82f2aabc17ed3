"""The pages a child or family opens from their link: no account, one question a page.

Every page is sent with no-store caching and no Referer, shows nothing personal beyond a first
name, and saves each answer as soon as the page is sent, so nothing is lost on a timeout.
"""

from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_variables

from qaf.client_address import client_address

from ..errors import FeedbackError
from ..forms import AnswerForm, SendForm, StartForm
from ..models import Invitation, Question, Survey, YouSaidWeDid
from ..selectors import invitation_by_token
from ..services import answer_save, invitation_submit, survey_start
from ..services.invitations import FREE_TEXT_MAX

GUESS_WINDOW_SECONDS = 600


def public_page(view):
    """No caching anywhere and no indexing. The site-wide Referrer-Policy (same-origin) keeps
    the link's token from travelling to any other site; 'no-referrer' would make browsers send
    'Origin: null' with the form, which Django's CSRF check rightly refuses."""

    @wraps(view)
    @never_cache
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapped


def _guess_key(request) -> str:
    return f"feedback-link-miss:{client_address(request)}"


def _count_miss(request) -> bool:
    """Count a link that found nothing; True once this address has missed too often."""
    key = _guess_key(request)
    if cache.get(key, 0) >= settings.FEEDBACK_LINK_GUESS_LIMIT:
        return True
    if not cache.add(key, 1, GUESS_WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:  # the window ended between the two calls
            cache.add(key, 1, GUESS_WINDOW_SECONDS)
    return False


@sensitive_variables("token")
def _open(request, token: str):
    """The invitation behind ``token``, or the friendly page that says why it does not open.

    A working link always opens: only links that find nothing count towards the limit, so
    someone guessing on a school's or a children's home's shared connection can never stop
    a child there from using their own link.
    """
    invitation = invitation_by_token(token)
    if invitation is None:
        if _count_miss(request):
            return None, render(request, "feedback/public/too_many.html", status=429)
        return None, render(request, "feedback/public/not_found.html", status=404)
    if not invitation.is_usable:
        used = invitation.status == Invitation.Status.SUBMITTED
        return None, render(request, "feedback/public/gone.html", {"used": used}, status=410)
    return invitation, None


# A published form's questions never change (a change is a new version), so each web process
# keeps the questions of the forms children are answering instead of reading them on every page.
_PUBLISHED_QUESTIONS: dict[tuple, tuple[Question, ...]] = {}
_PUBLISHED_QUESTIONS_KEPT = 64


def _questions(invitation: Invitation) -> list[Question]:
    survey = invitation.survey
    if survey.published_at is None or survey.status == Survey.Status.DRAFT:
        return list(survey.questions.order_by("position"))
    key = (survey.pk, survey.version, survey.published_at)
    questions = _PUBLISHED_QUESTIONS.get(key)
    if questions is None:
        questions = tuple(survey.questions.order_by("position"))
        if len(_PUBLISHED_QUESTIONS) >= _PUBLISHED_QUESTIONS_KEPT:
            _PUBLISHED_QUESTIONS.clear()
        _PUBLISHED_QUESTIONS[key] = questions
    return list(questions)


def _drafts(invitation: Invitation) -> dict[int, object]:
    return {draft.question_id: draft for draft in invitation.draft_answers.all()}


def _context(invitation: Invitation, **extra) -> dict:
    return {
        "invitation": invitation,
        "survey": invitation.survey,
        "for_child": invitation.survey.for_child,
        **extra,
    }


@public_page
@sensitive_variables("token")
def survey_start_page(request, token: str):
    invitation, gone = _open(request, token)
    if gone:
        return gone
    questions = _questions(invitation)
    drafts = _drafts(invitation)
    if request.method == "POST":
        form = StartForm(request.POST)
        form.is_valid()
        try:
            survey_start(
                invitation=invitation, completed_with=form.cleaned_data.get("completed_with", "")
            )
        except FeedbackError:
            return redirect("feedback:survey_start", token=token)
        return redirect(_resume_url(token, questions, drafts))
    return render(
        request,
        "feedback/public/start.html",
        _context(
            invitation,
            token=token,
            question_count=len(questions),
            answered=len(drafts),
            resume_url=_resume_url(token, questions, drafts) if drafts else "",
            completed_with_choices=Invitation.CompletedWith.choices,
        ),
    )


def _resume_url(token: str, questions: list[Question], drafts: dict) -> str:
    for number, question in enumerate(questions, 1):
        if question.pk not in drafts:
            return reverse("feedback:survey_question", args=[token, number])
    return reverse("feedback:survey_check", args=[token])


@public_page
@sensitive_variables("token")
def survey_question_page(request, token: str, number: int):
    invitation, gone = _open(request, token)
    if gone:
        return gone
    questions = _questions(invitation)
    if not 1 <= number <= len(questions):
        return redirect("feedback:survey_start", token=token)
    question = questions[number - 1]
    error = ""
    if request.method == "POST":
        form = AnswerForm(request.POST)
        skipped = "skip" in request.POST
        try:
            if not form.is_valid() and not skipped:
                # Too long, or not one of the answers: say so and save nothing.
                raise FeedbackError(next(iter(form.errors.values()))[0])
            data = form.cleaned_data
            answer_save(
                invitation=invitation,
                question=question,
                choice=data.get("choice", ""),
                text=data.get("text", ""),
                skipped=skipped,
            )
        except FeedbackError as error_:
            error = str(error_)
        else:
            if "back" in request.POST and number > 1:
                return redirect("feedback:survey_question", token=token, number=number - 1)
            if number < len(questions):
                return redirect("feedback:survey_question", token=token, number=number + 1)
            return redirect("feedback:survey_check", token=token)
    draft = invitation.draft_answers.filter(question=question).first()
    back_url = (
        reverse("feedback:survey_question", args=[token, number - 1])
        if number > 1
        else reverse("feedback:survey_start", args=[token])
    )
    return render(
        request,
        "feedback/public/question.html",
        _context(
            invitation,
            token=token,
            question=question,
            number=number,
            total=len(questions),
            options=question.answer_options(),
            current_choice=draft.choice if draft else "",
            # After an error the child sees the words they just wrote, not the saved ones.
            current_text=request.POST.get("text", "") if error else (draft.text if draft else ""),
            back_url=back_url,
            error=error,
            text_max=FREE_TEXT_MAX,
            text_max_shown=f"{FREE_TEXT_MAX:,}",
        ),
        status=400 if error else 200,
    )


@public_page
@sensitive_variables("token")
def survey_check_page(request, token: str):
    invitation, gone = _open(request, token)
    if gone:
        return gone
    if request.method == "POST":
        form = SendForm(request.POST)
        form.is_valid()
        # Keeping the name off is the default: a child who does not choose stays anonymous.
        anonymous = form.cleaned_data.get("share_name") != "yes"
        try:
            invitation_submit(invitation=invitation, anonymous=anonymous)
        except FeedbackError:
            return redirect("feedback:survey_start", token=token)
        return redirect("feedback:survey_thanks")
    questions = _questions(invitation)
    drafts = _drafts(invitation)
    rows = []
    for number, question in enumerate(questions, 1):
        draft = drafts.get(question.pk)
        if draft is None or draft.skipped:
            answer = ""
        else:
            answer = draft.text or question.label_for(draft.choice)
        rows.append(
            {
                "question": question,
                "answer": answer,
                "url": reverse("feedback:survey_question", args=[token, number]),
            }
        )
    return render(
        request,
        "feedback/public/check.html",
        _context(
            invitation,
            token=token,
            rows=rows,
            back_url=reverse("feedback:survey_question", args=[token, len(questions)])
            if questions
            else reverse("feedback:survey_start", args=[token]),
        ),
    )


@public_page
def survey_thanks_page(request):
    return render(request, "feedback/public/thanks.html")


def you_said_we_did_public(request):
    """What children and families told us and what changed: for anyone to read."""
    entries = YouSaidWeDid.objects.filter(is_public=True).select_related("team")[:30]
    return render(request, "feedback/public/you_said_we_did.html", {"entries": entries})
