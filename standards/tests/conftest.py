import pytest
from django.core.files.storage import FileSystemStorage

from people.models import Agency
from people.tests.factories import StaffMemberFactory, UserFactory
from standards.models import Standard


@pytest.fixture(autouse=True)
def documents_in_tmp(tmp_path, monkeypatch):
    """Uploaded files go to a folder of the test's own, not var/media/."""
    storage = FileSystemStorage(location=tmp_path / "media", base_url=None)
    monkeypatch.setattr(Standard._meta.get_field("document"), "storage", storage)
    return storage


@pytest.fixture
def partner(db):
    agency = Agency.objects.create(name="Northshire Police", kind=Agency.Kind.POLICE)
    return StaffMemberFactory(user=UserFactory(username="police_officer"), agency=agency, name="Police Officer")


def login(client, who):
    client.force_login(who.user if hasattr(who, "user") else who)
    return client


def give(staff, *codenames):
    from django.contrib.auth.models import Permission

    staff.user.user_permissions.add(*Permission.objects.filter(content_type__app_label="standards",
                                                               codename__in=codenames))


def fresh(staff):
    """Their user read afresh: Django caches a user's permissions on the object."""
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(pk=staff.user.pk)
