"""The audit template the service starts with: DESIGN.md's six domains and their questions.

The data migration and ``audit_template_ensure_default`` both build it from here, taking the model
classes as arguments so that the migration can pass its historical models.
"""

from django.utils import timezone

DEFAULT_TITLE = "Case file audit"

# (domain title, description, case kinds (empty: every case), [(question, guidance), ...])
DEFAULT_DOMAINS: list[tuple[str, str, list[str], list[tuple[str, str]]]] = [
    (
        "The child's lived experience and voice",
        "Whether the record shows who this child is, what their days are like and what they "
        "want, in their own words.",
        [],
        [
            (
                "What is daily life like for this child?",
                "Look for a clear picture of home, school or nursery, friends and health. "
                "Would you recognise the child from the record?",
            ),
            (
                "Is the child seen, and seen alone when that is right for them?",
                "Check that visits are within timescale and that each record says whether the "
                "child was seen alone, where, and for how long.",
            ),
            (
                "Are the child's wishes and feelings recorded in their own words?",
                "Look for direct quotes, drawings or tools that suit the child's age and way of "
                "communicating. For a baby or a child who does not speak, look for observation.",
            ),
            (
                "Has the child's identity been thought about?",
                "Culture, religion, language, disability, gender and sexuality, and how they "
                "shape the work and the plan.",
            ),
        ],
    ),
    (
        "Assessment",
        "Whether the latest assessment is current, analyses what is happening and why, and "
        "leads somewhere.",
        [],
        [
            (
                "Is the assessment up to date and does it reflect the child's situation now?",
                "A new assessment after a significant change is a sign of good practice.",
            ),
            (
                "Does the assessment analyse, not only describe?",
                "Look for what the information means for the child: risks, strengths, what "
                "needs to change and why things are happening.",
            ),
            (
                "Does it use the family's history and the views of the family and partners?",
                "Chronology, previous involvement, and what parents, carers, school and health "
                "said.",
            ),
        ],
    ),
    (
        "Planning",
        "Whether there is a clear plan that follows from the assessment, is reviewed on time and "
        "changes when things change.",
        [],
        [
            (
                "Is there an up-to-date plan that is specific and measurable?",
                "Who will do what, by when, and how everyone will know it has worked. It should "
                "be written so that the child and family can understand it.",
            ),
            (
                "Does the plan follow from the assessment?",
                "The needs and risks the assessment found should each be met by something in "
                "the plan.",
            ),
            (
                "Is the plan reviewed on time, and does it change when things change?",
                "Check review dates against the timescales for this kind of plan.",
            ),
            (
                "Does the family have a copy of the plan?",
                "Look for a record that the plan was shared, in a form the family can use.",
            ),
        ],
    ),
    (
        "Management oversight and supervision",
        "Whether managers see the case, make decisions with reasons and help the worker think.",
        [],
        [
            (
                "Is there regular, recorded management oversight?",
                "Look for decisions with reasons at key points: strategy discussions, "
                "conferences, changes of plan, step up or step down.",
            ),
            (
                "Does supervision reflect, challenge and set clear actions?",
                "Good supervision records show thinking, not only a list of tasks.",
            ),
            (
                "Are actions from supervision followed up?",
                "Check whether the actions set last time were done, and what happened if not.",
            ),
        ],
    ),
    (
        "Multi-agency working",
        "Whether the professionals around the child share information and work to one plan.",
        [],
        [
            (
                "Are the right agencies involved and sharing information?",
                "School or nursery, health, police, housing, adult services: whoever the "
                "child's needs call for.",
            ),
            (
                "Do partners take part in meetings and do their part of the plan?",
                "Look at attendance and contributions to conferences, core groups and reviews.",
            ),
            (
                "Is there challenge and escalation when a partner does not do their part?",
                "Look for professional challenge recorded and followed through.",
            ),
        ],
    ),
    (
        "Impact and outcomes",
        "Whether our involvement is making a difference for the child, without drift or delay.",
        [],
        [
            (
                "What difference has our involvement made for the child?",
                "Look for evidence that the child is safer, healthier or happier, not only that "
                "tasks were done.",
            ),
            (
                "Is there drift or delay?",
                "Plans that repeat without progress, actions that roll over, decisions waiting "
                "on meetings.",
            ),
            (
                "Would this be good enough for your own child?",
                "Your overall judgement, in one or two sentences.",
            ),
        ],
    ),
]


DEFAULT_NOTES = (
    "The template the service started with: six domains, from the child's lived experience "
    "and voice to impact and outcomes."
)


def create_default_template(AuditTemplate, AuditDomain, AuditQuestion, *, version: int = 1):
    """Create and publish the default template as ``version`` with the given model classes."""
    template = AuditTemplate.objects.create(
        version=version,
        title=DEFAULT_TITLE,
        status="published",
        published_at=timezone.now(),
        notes=DEFAULT_NOTES,
    )
    for position, (title, description, kinds, questions) in enumerate(DEFAULT_DOMAINS, start=1):
        domain = AuditDomain.objects.create(
            template=template,
            position=position,
            title=title,
            description=description,
            case_kinds=list(kinds),
        )
        AuditQuestion.objects.bulk_create(
            AuditQuestion(domain=domain, position=number, text=text, guidance=guidance)
            for number, (text, guidance) in enumerate(questions, start=1)
        )
    return template
