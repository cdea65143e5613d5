"""Single sign-on (people/oidc.py) against a real OpenID Connect provider on 127.0.0.1: who is let
in, matched by which claim, and every refusal a clear page rather than an error."""

from datetime import timedelta
from urllib.parse import parse_qsl, urlencode, urlsplit

import jwt
import pytest
import requests
from axes.models import AccessAttempt
from django.utils import timezone

from core.periods import local_date
from people.oidc import StaffOIDCBackend

from .oidc_provider import running_provider, use_provider

pytestmark = pytest.mark.django_db
REFUSED = "We could not sign you in with your council account"


@pytest.fixture(scope="module")
def provider():
    with running_provider() as provider:
        yield provider


@pytest.fixture(scope="module")
def stale_provider():
    """A provider whose tokens expired five minutes before they were issued."""
    with running_provider(token_lifetime=timedelta(minutes=-5)) as provider:
        yield provider


@pytest.fixture
def sso(settings, provider):
    use_provider(settings, provider)
    return provider


def with_params(url: str, **changes) -> str:
    parts = urlsplit(url)
    return parts._replace(query=urlencode({**dict(parse_qsl(parts.query)), **changes})).geturl()


def council_sign_in(client, provider, sub: str, *, authorize=lambda url: url, back=lambda url: url):
    """The whole round trip, as a browser makes it; the portal's answer to the way back."""
    start = client.get("/sign-in/council/")
    assert start.status_code == 302
    returned = urlsplit(back(provider.sign_in(authorize(start["Location"]), sub)))
    assert returned.path == "/sign-in/council/callback/"
    return client.get(f"{returned.path}?{returned.query}")


def signed_in_as(client):
    response = client.get("/")
    return response.wsgi_request.user.username if response.status_code == 200 else None


def test_a_member_of_staff_signs_in_by_their_staff_number(client, cast, sso):
    sub = sso.add_person("p-1", employeeid=cast.practitioner.staff_number, email="someone.else@example.gov.uk")
    response = council_sign_in(client, sso, sub)
    assert response.status_code == 302 and response["Location"] == "/"
    assert signed_in_as(client) == "practitioner"


def test_without_a_staff_number_claim_the_work_email_is_used(client, cast, sso):
    sub = sso.add_person("p-2", email=cast.team_leader.email.upper(), name="Practitioner")
    council_sign_in(client, sso, sub)
    assert signed_in_as(client) == "team_leader"


def test_the_entra_username_serves_as_the_email(client, cast, sso):
    sub = sso.add_person("p-3", preferred_username=cast.head.email)
    council_sign_in(client, sso, sub)
    assert signed_in_as(client) == "head"


def test_a_display_name_matches_nobody(client, cast, sso):
    sub = sso.add_person("p-4", name=cast.practitioner.name, given_name="Practitioner")
    response = council_sign_in(client, sso, sub)
    assert response.status_code == 403
    assert signed_in_as(client) is None


def test_someone_with_no_staff_record_is_told_who_to_ask(client, cast, sso, settings):
    settings.SUPPORT_CONTACT = "Jo Bloggs in the QA team"
    sub = sso.add_person("p-5", employeeid="X99999", email=cast.practitioner.email)
    response = council_sign_in(client, sso, sub)
    assert response.status_code == 403
    page = response.content.decode()
    assert REFUSED in page
    assert "not linked to anyone in the QA Portal" in page and "Ask Jo Bloggs in the QA team" in page
    assert signed_in_as(client) is None  # a staff number that matches nobody is not tried as an e-mail


def test_a_leaver_is_refused_though_the_provider_lets_them_in(client, cast, sso):
    cast.practitioner.left_on = local_date(timezone.now()) - timedelta(days=1)
    cast.practitioner.save()
    sub = sso.add_person("p-6", employeeid=cast.practitioner.staff_number)
    response = council_sign_in(client, sso, sub)
    assert response.status_code == 403
    assert "says you have left" in response.content.decode()
    assert signed_in_as(client) is None


def test_a_leavers_council_session_ends_when_they_leave(client, cast, sso):
    council_sign_in(client, sso, sso.add_person("p-7", employeeid=cast.nqsw.staff_number))
    assert signed_in_as(client) == "nqsw"
    cast.nqsw.left_on = local_date(timezone.now()) - timedelta(days=1)
    cast.nqsw.save()
    assert signed_in_as(client) is None


def test_an_id_token_from_another_issuer_is_refused(client, cast, sso, settings):
    settings.OIDC_ISSUER = "https://login.microsoftonline.com/another-tenant/v2.0"
    response = council_sign_in(client, sso, sso.add_person("p-8", employeeid=cast.practitioner.staff_number))
    assert response.status_code == 403 and REFUSED in response.content.decode()
    assert "Something went wrong" in response.content.decode()
    assert signed_in_as(client) is None


def test_an_id_token_for_another_application_is_refused(cast, sso):
    """The provider's own token, issued to another client: the portal is not its audience."""
    sub = sso.add_person("p-9", employeeid=cast.practitioner.staff_number)
    configuration = requests.get(f"{sso.url}/.well-known/openid-configuration", timeout=5).json()
    authorize = configuration["authorization_endpoint"] + "?" + urlencode({
        "client_id": "another-app", "redirect_uri": "https://another.example/back", "response_type": "code",
        "scope": "openid", "state": "s", "nonce": "n"})
    code = dict(parse_qsl(urlsplit(sso.sign_in(authorize, sub)).query))["code"]
    token = requests.post(configuration["token_endpoint"], timeout=5, data={
        "grant_type": "authorization_code", "code": code, "redirect_uri": "https://another.example/back",
        "client_id": "another-app", "client_secret": "theirs"}).json()["id_token"]
    with pytest.raises(jwt.InvalidAudienceError):
        StaffOIDCBackend().verify_token(token, nonce="n")


def test_a_code_issued_to_another_application_is_refused(client, cast, sso, settings):
    response = council_sign_in(
        client, sso, sso.add_person("p-10", employeeid=cast.practitioner.staff_number),
        authorize=lambda url: with_params(url, client_id="another-app"))
    assert response.status_code == 403 and REFUSED in response.content.decode()
    assert signed_in_as(client) is None


def test_an_expired_id_token_is_refused(client, cast, settings, stale_provider):
    use_provider(settings, stale_provider)
    response = council_sign_in(client, stale_provider,
                               stale_provider.add_person("p-11", employeeid=cast.practitioner.staff_number))
    assert response.status_code == 403 and REFUSED in response.content.decode()
    assert signed_in_as(client) is None


def test_a_state_this_browser_never_asked_for_is_refused(client, cast, sso):
    response = council_sign_in(client, sso, sso.add_person("p-12", employeeid=cast.practitioner.staff_number),
                               back=lambda url: with_params(url, state="forged"))
    assert response.status_code == 403 and REFUSED in response.content.decode()
    assert signed_in_as(client) is None


def test_a_way_back_in_another_browser_is_refused(client, cast, sso):
    start = client.get("/sign-in/council/")
    returned = urlsplit(sso.sign_in(start["Location"], sso.add_person("p-13", employeeid=cast.head.staff_number)))
    client.cookies.clear()  # another browser: it never started this sign-in
    response = client.get(f"{returned.path}?{returned.query}")
    assert response.status_code == 403 and REFUSED in response.content.decode()


def test_a_nonce_other_than_the_one_asked_for_is_refused(client, cast, sso):
    response = council_sign_in(client, sso, sso.add_person("p-14", employeeid=cast.practitioner.staff_number),
                               authorize=lambda url: with_params(url, nonce="replayed"))
    assert response.status_code == 403 and REFUSED in response.content.decode()
    assert signed_in_as(client) is None


def test_a_sign_in_stopped_at_the_provider_gets_the_refusal_page(client, cast, sso):
    client.get("/sign-in/council/")
    response = client.get("/sign-in/council/callback/?error=access_denied&state=x")
    assert response.status_code == 403 and "Try signing in with your council account again" in response.content.decode()


def test_refusals_lock_nobody_out(client, cast, sso, settings):
    # django-axes counts passwords typed on the sign-in page, not council sign-ins.
    stranger = sso.add_person("p-15", employeeid="X00000")
    for _ in range(settings.SIGN_IN_FAILURE_LIMIT + 1):
        council_sign_in(client, sso, stranger)
    assert not AccessAttempt.objects.filter(failures_since_start__gte=settings.SIGN_IN_FAILURE_LIMIT).exists()
    council_sign_in(client, sso, sso.add_person("p-16", employeeid=cast.practitioner.staff_number))
    assert signed_in_as(client) == "practitioner"


def test_the_sign_in_page_offers_the_council_account_when_it_is_on(client, sso):
    page = client.get("/sign-in/?next=/audits/").content.decode()
    assert "Sign in with your council account" in page
    assert 'href="/sign-in/council/?next=/audits/"' in page
    assert "Sign in with a password" in page and 'name="password"' in page


def test_the_page_asked_for_is_where_a_council_sign_in_lands(client, cast, sso):
    start = client.get("/sign-in/council/?next=/audits/")
    returned = urlsplit(sso.sign_in(start["Location"], sso.add_person("p-17", employeeid=cast.head.staff_number)))
    assert client.get(f"{returned.path}?{returned.query}")["Location"] == "/audits/"


def test_without_single_sign_on_nothing_of_it_shows(client, cast, settings):
    settings.OIDC_RP_CLIENT_ID = ""
    page = client.get("/sign-in/").content.decode()
    assert "council account" not in page and 'name="password"' in page
    assert client.get("/sign-in/council/").status_code == 404
    assert client.get("/sign-in/council/callback/?code=x&state=y").status_code == 404


def test_an_unreachable_provider_gets_a_page_not_an_error(client, settings):
    settings.OIDC_DISCOVERY_URL = "http://127.0.0.1:9/.well-known/openid-configuration"
    settings.OIDC_RP_CLIENT_ID = "qa-portal"
    response = client.get("/sign-in/council/")
    assert response.status_code == 503 and REFUSED in response.content.decode()
