"""factory-boy factories for the organisation: users, services, teams, roles, staff, role-holders."""

from datetime import date
from functools import cache

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from people.models import Role, RoleAssignment, Service, StaffMember, Team

PASSWORD = "pw-for-tests-1"


@cache
def _password_hash() -> str:
    # Hashing is deliberately slow; one hash shared by every test user keeps the suite fast.
    return make_password(PASSWORD)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.gov.uk")
    password = factory.LazyFunction(_password_hash)


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service

    name = factory.Sequence(lambda n: f"Service {n}")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    service = factory.SubFactory(ServiceFactory)
    name = factory.Sequence(lambda n: f"Team {n}")


class RoleFactory(factory.django.DjangoModelFactory):
    """Roles are looked up by name, so `RoleFactory(name="Team Leader")` twice is one role."""

    class Meta:
        model = Role
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Role {n}")


class StaffMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffMember

    user = factory.SubFactory(UserFactory)
    staff_number = factory.Sequence(lambda n: f"S{n:05d}")
    name = factory.Sequence(lambda n: f"Staff Member {n}")
    email = factory.LazyAttribute(lambda o: o.user.email if o.user else "")
    job_title = "Social Worker"
    started_on = date(2020, 1, 1)


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    """Held over the whole organisation unless given a service or a team."""

    class Meta:
        model = RoleAssignment

    staff = factory.SubFactory(StaffMemberFactory)
    role = factory.SubFactory(RoleFactory)
    starts_on = date(2020, 1, 1)


def signs_in(client, username: str, password: str) -> bool:
    """Sign in through the sign-in page, as a person does (django-axes counts a failure only
    there, where it sees the request); whether it let them in."""
    return client.post("/sign-in/", {"username": username, "password": password}).status_code == 302
