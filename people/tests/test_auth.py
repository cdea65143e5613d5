"""Signing in: a member of staff who has left cannot, and their open session ends."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.utils import timezone

from core.periods import local_date
from people.tests.factories import PASSWORD, signs_in

pytestmark = pytest.mark.django_db


def test_staff_sign_in_with_their_password(client, cast):
    assert signs_in(client, "practitioner", PASSWORD)


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
    assert not signs_in(client, "practitioner", PASSWORD)


def test_someone_leaving_later_still_signs_in(client, cast):
    cast.practitioner.left_on = local_date(timezone.now()) + timedelta(days=30)
    cast.practitioner.save()
    assert signs_in(client, "practitioner", PASSWORD)


def wrong(client, username: str):
    return client.post("/sign-in/", {"username": username, "password": "not it"})


def test_five_failures_lock_the_account_even_against_the_right_password(client, cast, caplog):
    for _ in range(4):
        assert wrong(client, "practitioner").status_code == 200
    locked = wrong(client, "practitioner")
    assert locked.status_code == 429
    assert b"too many failed attempts to sign in with this username. Wait 15 minutes" in locked.content
    assert b'value="practitioner"' in locked.content
    assert not signs_in(client, "practitioner", PASSWORD)
    assert "locked out 'practitioner' from 127.0.0.1 after 5 failed sign-ins" in caplog.text
    assert signs_in(client, "team_leader", PASSWORD)  # another account is not locked


def test_an_account_that_does_not_exist_is_locked_in_the_same_words(client, cast):
    for _ in range(5):
        response = wrong(client, "nobody.at.all")
    assert response.status_code == 429
    assert b"too many failed attempts to sign in with this username" in response.content


def test_the_admin_sign_in_is_locked_too(client, cast):
    for _ in range(5):
        wrong(client, "practitioner")
    response = client.post("/admin/login/", {"username": "practitioner", "password": PASSWORD})
    assert response.status_code == 429


def test_the_lock_ends_after_fifteen_minutes(client, cast):
    for _ in range(5):
        wrong(client, "practitioner")
    assert not signs_in(client, "practitioner", PASSWORD)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert signs_in(client, "practitioner", PASSWORD)


def test_an_administrator_unlocks_an_account_by_deleting_its_attempts(client, cast, admin_user):
    for _ in range(5):
        wrong(client, "practitioner")
    attempt = AccessAttempt.objects.get(username="practitioner")
    client.force_login(admin_user)
    response = client.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    client.logout()
    assert signs_in(client, "practitioner", PASSWORD)


def test_a_username_longer_than_any_account_can_have_is_refused_like_any_other(client, cast):
    response = client.post("/sign-in/", {"username": "x" * 1000, "password": "not it"})
    assert response.status_code == 200
    assert b"Please enter a correct username and password" in response.content


def test_the_limit_is_a_setting(client, cast, settings):
    settings.AXES_FAILURE_LIMIT = settings.SIGN_IN_FAILURE_LIMIT = 2
    assert wrong(client, "practitioner").status_code == 200
    assert wrong(client, "practitioner").status_code == 429
