"""The social work health check: the first staff survey, installed open for answers."""

HEALTH_CHECK_TITLE = "Social work health check"
HEALTH_CHECK_INTRO = (
    "Once a year we ask everyone who works in Children's Services how things really are: your "
    "workload, your supervision, your wellbeing and whether you feel valued. What you say shapes "
    "what managers change next. Answer as many questions as you want to; skip any you would "
    "rather not."
)
# (question, hint, kind)
HEALTH_CHECK_QUESTIONS = [
    ("My caseload is manageable in the hours I am paid to work.", "", "scale"),
    ("I have enough time to spend with the children and families I work with.", "", "scale"),
    (
        "I have regular supervision that helps me reflect on my practice.",
        "Think about the last three months.",
        "scale",
    ),
    ("My manager is there to support me when I need it.", "", "scale"),
    ("I feel valued for the work I do.", "", "scale"),
    ("My wellbeing is looked after at work.", "", "scale"),
    ("I get the training and development I need to do my job well.", "", "scale"),
    ("I have the equipment, systems and space I need to do my job.", "", "scale"),
    ("I can raise a worry about practice and be listened to.", "", "scale"),
    ("I would recommend working here to a social worker I know.", "", "scale"),
    (
        "What one thing would make the biggest difference to your work?",
        "Please do not name yourself, colleagues, children or families.",
        "free_text",
    ),
]


def health_check_install(StaffSurvey, StaffQuestion):  # noqa: N803 (models, as in a migration)
    """Create the health check, open, if there is none; returns it."""
    survey = StaffSurvey.objects.filter(title=HEALTH_CHECK_TITLE).first()
    if survey is not None:
        return survey
    survey = StaffSurvey.objects.create(
        title=HEALTH_CHECK_TITLE, intro=HEALTH_CHECK_INTRO, status="open"
    )
    StaffQuestion.objects.bulk_create(
        StaffQuestion(survey=survey, position=n, text=text, hint=hint, kind=kind)
        for n, (text, hint, kind) in enumerate(HEALTH_CHECK_QUESTIONS, 1)
    )
    return survey
