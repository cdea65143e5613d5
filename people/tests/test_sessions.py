"""An idle session ends: after SESSION_IDLE_MINUTES without a page asked for, the next page is the
sign-in page saying why; a page's own polling is not activity; the warning asks how long is left."""

import pytest

from people import sessions

pytestmark = pytest.mark.django_db

START = 1_800_000_000.0


@pytest.fixture
def at(monkeypatch):
    """`at(seconds)`: the moment, that many seconds after START, for the session's clock."""

    def move(seconds: float) -> None:
        monkeypatch.setattr(sessions.time, "time", lambda: START + seconds)

    move(0)
    return move


def test_thirty_idle_minutes_end_the_session_and_the_sign_in_page_says_why(client, cast, at):
    client.force_login(cast.practitioner.user)
    assert client.get("/").status_code == 200
    at(30 * 60 + 1)
    response = client.get("/audits/")
    assert response.status_code == 302 and response["Location"] == "/sign-in/?next=/audits/"
    page = client.get(response["Location"]).content.decode()
    assert "You were signed out after 30 minutes without activity" in page
    assert client.get("/").status_code == 302  # signed out for good, not just turned away once


def test_each_page_asked_for_starts_the_idle_time_again(client, cast, at):
    client.force_login(cast.practitioner.user)
    client.get("/")
    at(20 * 60)
    assert client.get("/audits/").status_code == 200
    at(45 * 60)
    assert client.get("/").status_code == 200


def test_a_pages_own_polling_keeps_nobody_signed_in(client, cast, at):
    client.force_login(cast.practitioner.user)
    client.get("/")
    at(29 * 60)
    assert client.get("/people/session/left/").json() == {"seconds": 60}
    at(31 * 60)
    assert client.get("/").status_code == 302


def test_stay_signed_in_counts_as_activity(client, cast, at):
    client.force_login(cast.practitioner.user)
    client.get("/")
    at(29 * 60)
    assert client.get("/people/session/stay/").status_code == 204
    at(50 * 60)
    assert client.get("/").status_code == 200


def test_the_idle_time_is_a_setting(client, cast, at, settings):
    settings.SESSION_IDLE_MINUTES = 5
    client.force_login(cast.practitioner.user)
    client.get("/")
    at(5 * 60 + 1)
    assert client.get("/").status_code == 302
