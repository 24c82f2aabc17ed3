"""The first wording of each public page, loaded by a data migration.

QA officers change the pages in the app from then on; this text is only where they start.
"""

VALUES = {
    "title": "Our values",
    "summary": (
        "Northmoor Children's Services want every child and young person to be safe, to be "
        "heard and to do well. These values say how we will work with you."
    ),
    "body": """\
We wrote these values with children, young people, families and our own staff. They are
the promises we make to you. We check that we keep them, and we tell you what we find.

## Children are at the centre of everything we do

Every child is different. We get to know you as a person, not as a case. We see you,
on your own if you want, and we ask what you think before we make decisions about your life.
What you tell us goes into your records in your own words.

## We work *with* families, not *to* them

We are restorative: we do things **with** you, with high support and high challenge. We are
honest about our worries and we listen to yours. When something goes wrong between us, we
talk about it and try to put it right.

## We build on what is going well

Every family has strengths: people who love them, things they are good at, times they have
coped. We start from those strengths and help you build on them, rather than only looking
at problems.

## We want children to thrive, not just be safe

We think about the whole child: feeling safe, feeling happy, learning, having friends and
having someone to trust. Good mental health and wellbeing matter as much as keeping safe,
and we work with schools, health services and others so that help comes at the right time.

## We do the simple things well

We visit when we say we will. We return your calls. We share your plan with you and make
sure it is written in words you understand. If we cannot do something, we tell you why.

## We are open about how well we are doing

Every month we check our own work, and we ask other managers to check it too. We ask children
and families what it is like to work with us. We count what matters and share what we find.
When we get it wrong, we say so and we learn from it.

## We look after the people who look after you

Social workers do their best work when they are supported. Our staff can speak up, share
ideas and learn together, and we thank them when they do great work.

---

### What you can expect from us

- A social worker who knows you and visits you regularly.
- To be listened to, and to know what happened to what you said.
- A copy of your plan in words you understand.
- To be told the truth, even when it is hard to hear.
- Help to make a complaint, or to have an advocate speak up for you.
""",
}

GUIDE = {
    "title": "How we check our work",
    "summary": (
        "A guide for parents, carers, partners and anyone else who wants to know how "
        "Children's Services make sure they are helping children well."
    ),
    "body": """\
We use a **Quality Assurance Framework** to find out how good our work with children and
families really is, and to make it better. It has three parts, and we need all three to see
the whole picture.

## 1. Voice: we ask you

We ask children, young people, parents and carers what it is like to work with us: whether
it is easy to reach your social worker, whether you have a copy of your plan, whether someone
explained why we are involved, whether you feel listened to, and whether we made a positive
difference.

- Your social worker can give you a **secure link** to a short form. It works on a phone or
  tablet, needs no account, and you can skip any question.
- You can choose to keep your name off your answers.
- If you tell us you do not feel safe, a manager is told straight away so they can help.
- We publish what you told us and what we changed, under "You said, we did".

Children and young people also help us make sense of what we find, in **participation
groups** such as the Children in Care Council.

## 2. Audit: we read our own records

Every month we choose some children's records from every team, at random. Two people read
each one: the team's manager and a manager from a different team. They each give a grade
on their own, without seeing the other's. They may talk to the child, the family and the
social worker as part of it.

We call this a **looped audit**, because the learning goes round in a loop:

1. **Two people grade the same record separately.** This keeps the grading fair.
2. **If they disagree, a senior manager helps them agree.** That conversation is where a lot
   of the learning happens.
3. **The social worker hears what went well and what could be better**, and actions are
   agreed with a named person and a date.
4. **Three months later we look again.** Were the actions done? Is life better for the child?
   If not, it goes to the head of service.

The grades use the same scale as Ofsted: outstanding, good, requires improvement to be good,
and inadequate.

## 3. KPIs: we count what matters

KPIs (key performance indicators) are numbers that show how we are doing across the whole
service, such as:

- how many children were visited on time;
- how many have a copy of their plan;
- how many have had three or more social workers in a year;
- how many audits found good or better practice.

Our director and senior managers look at these every month. They are part of our
Improvement Plan, so we can see whether changes are working.

## How the three parts fit together

A number on its own can hide what life is like for a child. A record can look tidy and still
miss what a child is feeling. And one family's story cannot tell us about the whole service.
Put together, what you tell us, what we find in records, and what the numbers show give us an
honest picture, and show us what to do next.

> If you are worried about a child's safety right now, call **999**. To talk to
> Children's Services, call the Northmoor front door on **01632 960 000**.
""",
}

_PICTURE_TALK = (
    '<svg class="qaf-page-picture" viewBox="0 0 120 100" width="120" height="100" role="img" '
    'aria-label="A child talking and a grown-up listening, with a speech bubble">'
    '<rect x="6" y="6" width="64" height="38" rx="10" fill="#ffdd00"/>'
    '<polygon points="22,44 34,44 24,56" fill="#ffdd00"/>'
    '<line x1="18" y1="20" x2="58" y2="20" stroke="#0b0c0c" '
    'stroke-width="4" stroke-linecap="round"/>'
    '<line x1="18" y1="31" x2="46" y2="31" stroke="#0b0c0c" '
    'stroke-width="4" stroke-linecap="round"/>'
    '<circle cx="30" cy="70" r="10" fill="#1d70b8"/>'
    '<rect x="20" y="81" width="20" height="16" rx="6" fill="#1d70b8"/>'
    '<circle cx="92" cy="62" r="13" fill="#00703c"/>'
    '<rect x="78" y="76" width="28" height="22" rx="8" fill="#00703c"/>'
    "</svg>"
)
_PICTURE_CHECK = (
    '<svg class="qaf-page-picture" viewBox="0 0 120 100" width="120" height="100" role="img" '
    'aria-label="A page of notes with a magnifying glass over it">'
    '<rect x="14" y="8" width="62" height="84" rx="6" fill="#ffffff" '
    'stroke="#0b0c0c" stroke-width="3"/>'
    '<line x1="24" y1="26" x2="66" y2="26" stroke="#505a5f" stroke-width="4"/>'
    '<line x1="24" y1="40" x2="66" y2="40" stroke="#505a5f" stroke-width="4"/>'
    '<line x1="24" y1="54" x2="54" y2="54" stroke="#505a5f" stroke-width="4"/>'
    '<circle cx="78" cy="60" r="20" fill="#d2e2f1" stroke="#1d70b8" stroke-width="6"/>'
    '<line x1="92" y1="74" x2="110" y2="92" stroke="#1d70b8" '
    'stroke-width="8" stroke-linecap="round"/>'
    "</svg>"
)
_PICTURE_COUNT = (
    '<svg class="qaf-page-picture" viewBox="0 0 120 100" width="120" height="100" role="img" '
    'aria-label="A bar chart with bars getting taller">'
    '<line x1="10" y1="90" x2="112" y2="90" stroke="#0b0c0c" stroke-width="3"/>'
    '<rect x="18" y="62" width="18" height="28" fill="#f47738"/>'
    '<rect x="44" y="46" width="18" height="44" fill="#ffdd00"/>'
    '<rect x="70" y="30" width="18" height="60" fill="#00703c"/>'
    '<polyline points="20,52 52,36 80,20 104,10" fill="none" stroke="#1d70b8" '
    'stroke-width="4" stroke-linecap="round" stroke-linejoin="round"/>'
    "</svg>"
)
_PICTURE_HELP = (
    '<svg class="qaf-page-picture" viewBox="0 0 120 100" width="120" height="100" role="img" '
    'aria-label="A heart with a telephone beside it">'
    '<path d="M40 86 C10 62 6 40 18 28 C28 18 40 22 46 32 C52 22 64 18 74 28 '
    'C86 40 82 62 52 86 Z" fill="#d4351c" transform="translate(-6 0)"/>'
    '<rect x="84" y="30" width="26" height="46" rx="5" fill="#0b0c0c"/>'
    '<rect x="88" y="36" width="18" height="30" fill="#d2e2f1"/>'
    '<circle cx="97" cy="71" r="2.5" fill="#ffffff"/>'
    "</svg>"
)


def _row(picture: str, words: str) -> str:
    return (
        '<div class="qaf-picture-row" markdown="1">\n'
        f'<div class="qaf-picture-row__picture">{picture}</div>\n'
        '<div class="qaf-picture-row__words" markdown="1">\n\n'
        f"{words}\n\n"
        "</div>\n</div>"
    )


CHILDREN = {
    "title": "How we check we are helping you",
    "summary": "This page is for children and young people. It tells you how we check our work.",
    "body": "\n\n".join(
        [
            "We are Children's Services. Our job is to help keep you safe and happy.\n\n"
            "We want to know if we are doing a good job. We check in three ways.",
            "## 1. We ask you",
            _row(
                _PICTURE_TALK,
                "Your social worker may give you a link to a short quiz.\n\n"
                "It asks what it is like to have a social worker.\n\n"
                "You can do it on a phone or tablet. You can skip any question. "
                "It can read the questions out loud.\n\n"
                "There are no right or wrong answers. We just want to know what you think.",
            ),
            "## 2. We read our notes",
            _row(
                _PICTURE_CHECK,
                "Every month, two managers read the notes about some children.\n\n"
                "They check that your social worker is listening to you and helping you.\n\n"
                "They might ask to talk to you. You can say no.\n\n"
                "If something could be better, we fix it. Then we check again later.",
            ),
            "## 3. We count things",
            _row(
                _PICTURE_COUNT,
                "We count things that matter to you.\n\n"
                "For example, did your social worker visit when they said they would? "
                "Do you have a copy of your plan?\n\n"
                "Our boss, the director, looks at the numbers every month.",
            ),
            "## If you are worried",
            _row(
                _PICTURE_HELP,
                "If you feel unsafe, tell a grown-up you trust.\n\n"
                "If you say in the quiz that you do not feel safe, a manager will find out "
                "straight away so they can help.\n\n"
                "You can call **Childline** for free on **0800 1111**, any time, "
                "day or night.\n\n"
                "If you are in danger right now, call **999**.",
            ),
            "## What you can expect from us",
            "- We will listen to you.\n"
            "- We will tell you the truth.\n"
            "- We will tell you what we did about what you said.\n"
            "- We will help you if you want to complain.",
        ]
    ),
}

TAKE_PART = {
    "title": "How children and young people can take part",
    "summary": (
        "Your views change how we work. Here are the ways you can tell us what you think, "
        "and help make things better for other children too."
    ),
    "body": """\
## Tell us what it is like, with a secure link

Your social worker can give you a link to a short form, by text, email or a QR code to scan.
It only works for you, it needs no password, and it stops working after a few weeks. You can
skip any question, and you can choose to keep your name off your answers. We also send one
when our work with you ends, so you can tell us how it went.

## Join a participation group

Participation groups are groups of children and young people who meet with our
participation workers. They look at what our checks have found, with no names or stories
of any child, and tell managers what they think needs to change. A named manager answers
every recommendation, and the group is told what happened.

Our groups include:

- **The Children in Care Council**, for children and young people who are looked after.
- **The Care Leavers' Forum**, for young people leaving care.
- **Young Inspectors**, who help us look at our services with fresh eyes.

We know giving your time matters. Groups meet after school, food is provided, and travel is
paid. Ask your social worker or personal adviser, or ask your carer to contact the
participation team.

## Tell us when something is wrong, or right

You can make a **complaint** if you are unhappy with the help you get. You can also send a
**compliment** when someone has done a good job: we pass it on to them and their team.
Your social worker, your carer or an advocate can help you. Making a complaint will never
get you into trouble.

## Have an advocate speak up for you

An **advocate** is someone who is on your side and does not work for Children's Services.
They can help you say what you want at meetings, help you make a complaint, or speak for you
if you would rather not. It is free. Ask your social worker, or contact the advocacy service
directly.

## What we did with what you told us

We publish what children and families told us and what we changed, on our
[You said, we did](/feedback/you-said-we-did/) page.
""",
}

PAGES = {
    "values": VALUES,
    "guide": GUIDE,
    "guide-children": CHILDREN,
    "take-part": TAKE_PART,
}


def install(get_model) -> int:
    """Write the first wording of each page that has none yet; returns how many were written.

    ``get_model`` is a migration's ``apps.get_model`` or Django's own, so that the migration and
    tests (after a flush) share one path.
    """
    Page = get_model("pages", "Page")
    PageVersion = get_model("pages", "PageVersion")
    written = 0
    for slug, wording in PAGES.items():
        page, _ = Page.objects.get_or_create(slug=slug)
        if not PageVersion.objects.filter(page=page).exists():
            PageVersion.objects.create(
                page=page,
                title=wording["title"],
                summary=wording["summary"],
                body_markdown=wording["body"],
                note="First version",
            )
            written += 1
    return written
