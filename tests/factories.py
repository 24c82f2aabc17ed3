"""Factories for the whole suite; apps add theirs in their own test folders."""

import datetime as dt

import factory
from django.utils import timezone

from casework.models import Allocation, Child, Episode, ServiceArea, Team, TeamMembership
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
