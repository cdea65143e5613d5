"""Two-factor sign-in: who is asked for a code (the admin flag, a role over a service or more,
partners when the setting says), setting up an authenticator app with its recovery codes, a code
at each sign-in after the password, and every other page kept back until it is given."""

import re

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from people.access import oversees_a_service_or_more
from people.models import Agency
from people.tests.factories import RoleAssignmentFactory, RoleFactory, StaffMemberFactory, UserFactory

from .factories import PASSWORD, signs_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def two_factor_on(settings):
    settings.TWO_FACTOR_REQUIRED = True


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def set_up_app(client) -> tuple[TOTPDevice, list[str]]:
    """Set up the app on the set-up page as a person would; the device and the recovery codes."""
    client.get("/people/two-factor/set-up/")
    device = TOTPDevice.objects.get(confirmed=False)
    page = client.post("/people/two-factor/set-up/", {"code": code_for(device), "next": "/audits/"}).content.decode()
    return device, re.findall(r"<li><code>([0-9a-z]+)</code></li>", page)


def test_those_who_see_most_are_asked_and_the_front_line_is_not(cast, admin_user, client, settings):
    assert oversees_a_service_or_more(cast.head.user)  # the head of service's role covers the service
    assert not oversees_a_service_or_more(cast.team_leader.user)
    assert signs_in(client, "practitioner", PASSWORD)
    assert client.get("/").status_code == 200
    client.logout()
    assert signs_in(client, "head", PASSWORD)
    response = client.get("/audits/")
    assert response.status_code == 302 and response["Location"] == "/people/two-factor/set-up/?next=/audits/"


def test_setting_up_shows_a_qr_code_and_the_key_and_gives_ten_recovery_codes(cast, client):
    assert signs_in(client, "head", PASSWORD)
    page = client.get("/people/two-factor/set-up/").content.decode()
    assert 'src="data:image/svg+xml' in page and "Key: <code" in page
    device, codes = set_up_app(client)
    device.refresh_from_db()
    assert device.confirmed and len(codes) == 10 and len(set(codes)) == 10
    assert client.get("/audits/").status_code == 200  # verified for this session


def test_a_wrong_code_is_refused_beside_the_field_and_nothing_is_set_up(cast, client):
    assert signs_in(client, "head", PASSWORD)
    client.get("/people/two-factor/set-up/")
    response = client.post("/people/two-factor/set-up/", {"code": "000000"})
    text = response.content.decode()
    assert response.status_code == 200 and "That code is not the one your app shows now" in text
    assert not TOTPDevice.objects.filter(confirmed=True).exists()
    assert client.get("/audits/").status_code == 302


def test_each_sign_in_after_asks_for_the_apps_code_or_a_recovery_code_once(cast, client, settings):
    # Each wrong code makes the next wait longer (below); here the next is tried at once.
    settings.OTP_TOTP_THROTTLE_FACTOR = settings.OTP_STATIC_THROTTLE_FACTOR = 0
    assert signs_in(client, "head", PASSWORD)
    device, codes = set_up_app(client)
    client.logout()
    assert signs_in(client, "head", PASSWORD)
    assert client.get("/audits/")["Location"] == "/people/two-factor/code/?next=/audits/"
    wrong = client.post("/people/two-factor/code/", {"code": "123456"})
    assert "That code is not right" in wrong.content.decode()
    done = client.post("/people/two-factor/code/", {"code": codes[0], "next": "/audits/"})
    assert done.status_code == 302 and done["Location"] == "/audits/"
    client.logout()
    assert signs_in(client, "head", PASSWORD)
    again = client.post("/people/two-factor/code/", {"code": codes[0]})
    assert "That code is not right" in again.content.decode()  # a recovery code is good once


def test_the_admin_site_is_kept_back_until_the_code_is_given(client, admin_user):
    assert signs_in(client, "admin", "password")
    assert client.get("/admin/")["Location"] == "/people/two-factor/set-up/?next=/admin/"


def test_partners_are_asked_only_when_the_setting_says(cast, client, settings):
    agency = Agency.objects.create(name="Northshire Police", kind="police")
    StaffMemberFactory(user=UserFactory(username="officer"), agency=agency, team=None)
    assert signs_in(client, "officer", PASSWORD)
    assert client.get("/").status_code == 200
    settings.TWO_FACTOR_FOR_PARTNERS = True
    assert client.get("/")["Location"] == "/people/two-factor/set-up/?next=/"
    assert client.get("/people/two-factor/set-up/").status_code == 200


def test_a_single_sign_on_session_is_not_asked(cast, client):
    client.force_login(cast.head.user)
    session = client.session
    session[BACKEND_SESSION_KEY] = "people.oidc.StaffOIDCBackend"
    session.save()
    assert client.get("/").status_code == 200


def test_a_role_over_the_whole_organisation_counts_too(cast):
    director = StaffMemberFactory(user=UserFactory(username="director"), team=cast.team_a)
    RoleAssignmentFactory(staff=director, role=RoleFactory(name="Director", oversees_scope=True), service=None,
                          team=None)
    assert oversees_a_service_or_more(director.user)


def test_wrong_codes_in_a_row_make_the_next_wait(cast, client):
    assert signs_in(client, "head", PASSWORD)
    device, codes = set_up_app(client)
    client.logout()
    assert signs_in(client, "head", PASSWORD)
    client.post("/people/two-factor/code/", {"code": "123456"})
    response = client.post("/people/two-factor/code/", {"code": code_for(device)})
    assert "Too many wrong codes in a row: wait a minute" in response.content.decode()
    assert client.get("/audits/").status_code == 302
