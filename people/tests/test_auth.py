"""Signing in: a member of staff who has left cannot, and their open session ends."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.periods import local_date
from people.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_staff_sign_in_with_their_password(client, cast):
    assert client.login(username="practitioner", password=PASSWORD)


def test_a_wrong_password_gets_a_clear_error_and_keeps_the_username(client, cast):
    response = client.post("/sign-in/", {"username": "practitioner", "password": "not it"})
    assert response.status_code == 200
    assert b"Please enter a correct username and password" in response.content
    assert b'value="practitioner"' in response.content


def test_a_leaver_cannot_sign_in_and_their_session_ends(client, cast):
    client.force_login(cast.practitioner.user)
    assert client.get("/").status_code == 200
    cast.practitioner.left_on = local_date(timezone.now()) - timedelta(days=1)
    cast.practitioner.save()
    assert client.get("/").status_code == 302  # signed out: back to the sign-in page
    assert not client.login(username="practitioner", password=PASSWORD)


def test_someone_leaving_later_still_signs_in(client, cast):
    cast.practitioner.left_on = local_date(timezone.now()) + timedelta(days=30)
    cast.practitioner.save()
    assert client.login(username="practitioner", password=PASSWORD)
