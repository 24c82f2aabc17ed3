"""Factories for the whole suite; apps add theirs in their own test folders."""

import datetime as dt

import factory
from django.utils import timezone

from audits.models import (
    AuditRound,
    CaseAudit,
    Conversation,
    ConversationAnswer,
    ConversationQuestion,
)
from casework.models import (
    Allocation,
    Child,
    Episode,
    Measure,
    ServiceArea,
    Team,
    TeamMembership,
)
from qaf.models import User
from qaf.roles import Role, role_group

TEST_PASSWORD = "a-long-test-password-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Faker("name", locale="en_GB")
    email = factory.LazyAttribute(lambda user: f"{user.username}@northmoor.example")
    password = factory.django.Password(TEST_PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*(role_group(role) for role in extracted))


class ServiceAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceArea
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Service area {n}")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Team {n}")
    service_area = factory.SubFactory(ServiceAreaFactory)


class TeamMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMembership

    user = factory.SubFactory(UserFactory)
    team = factory.SubFactory(TeamFactory)
    role = TeamMembership.Role.PRACTITIONER
    start_date = dt.date(2024, 1, 1)


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Child

    # Clear of the hand-picked IDs tests use (C0000001, C7777777...).
    child_id = factory.Sequence(lambda n: f"C{2_000_000 + n:07d}")
    display_name = factory.Faker("first_name", locale="en_GB")
    # Eight, whatever the date (or the date a test travels to): the child's own survey fits.
    date_of_birth = factory.LazyFunction(
        lambda: timezone.localdate() - dt.timedelta(days=8 * 365 + 100)
    )


class EpisodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Episode

    child = factory.SubFactory(ChildFactory)
    kind = Episode.Kind.CIN
    team = factory.SubFactory(TeamFactory)
    start_date = dt.date(2026, 1, 5)


class AllocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Allocation

    child = factory.SubFactory(ChildFactory)
    worker = factory.SubFactory(UserFactory, roles=[Role.PRACTITIONER])
    team = factory.SubFactory(TeamFactory)
    start_date = dt.date(2026, 1, 5)


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"measure_{n}")
    title = factory.Sequence(lambda n: f"Improvement Plan measure {n}")
    outcome = "Children and families' voices shape our work"


class ConversationQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConversationQuestion

    measure = factory.SubFactory(MeasureFactory)
    asked_of = ConversationQuestion.AskedOf.CHILD
    text = factory.Sequence(lambda n: f"Do you know why your social worker visits? ({n})")
    position = factory.Sequence(lambda n: n + 1)


class AuditRoundFactory(factory.django.DjangoModelFactory):
    """A round made straight in the table, for tests that read audits rather than sample."""

    class Meta:
        model = AuditRound
        django_get_or_create = ("period",)

    period = dt.date(2026, 10, 1)
    seed = 1
    due_date = factory.LazyAttribute(lambda r: r.period.replace(day=28))


class CaseAuditFactory(factory.django.DjangoModelFactory):
    """A case audit with both gradings in (agreed), so that its conversations count."""

    class Meta:
        model = CaseAudit

    round = factory.SubFactory(AuditRoundFactory)
    child = factory.SubFactory(ChildFactory)
    team = factory.SubFactory(TeamFactory)
    case_kind = Episode.Kind.CIN
    status = CaseAudit.Status.AGREED
    due_date = factory.LazyAttribute(lambda a: a.round.due_date)


class ConversationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conversation

    case_audit = factory.SubFactory(CaseAuditFactory)
    recorded_by = factory.SubFactory(UserFactory, roles=[Role.PEER_AUDITOR])
    person = Conversation.Person.CHILD
    held_on = dt.date(2026, 10, 5)
    method = Conversation.Method.IN_PERSON_HOME
    seen_alone = True
    in_their_words = factory.Faker("sentence", locale="en_GB")


class ConversationAnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConversationAnswer

    conversation = factory.SubFactory(ConversationFactory)
    question = factory.SubFactory(ConversationQuestionFactory)
    answer = ConversationAnswer.Answer.YES
