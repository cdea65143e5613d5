"""Single sign-on with the council's identity provider (OpenID Connect, by mozilla-django-oidc).

A signed-in identity is matched to one member of staff by a stable claim: the staff number claim
(OIDC_STAFF_NUMBER_CLAIM) when the token carries it, else the e-mail (or the Entra username, which
is the work e-mail), never by display name. Nobody is created here: a person with no staff record
is refused, as is a leaver, on a page that says who to ask, whatever the identity provider thinks.

The claims trusted are the ID token's, once its signature, issuer, audience and expiry are checked
here (the library checks the signature, expiry and nonce but neither issuer nor audience). The
provider's endpoints come from its discovery document, fetched at the first sign-in and kept, so
that starting the portal never needs the identity provider.
"""

import logging
from functools import lru_cache

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import SuspiciousOperation
from django.shortcuts import render
from django.utils.decorators import method_decorator
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from .auth import StaffBackend

log = logging.getLogger("qaportal.sign_in")

# The library's endpoint settings, and where the discovery document names each.
ENDPOINTS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}
# Why a council sign-in was refused, as the refusal page words it.
UNKNOWN, LEFT, SWITCHED_OFF, FAILED = "unknown", "left", "switched-off", "failed"


def enabled() -> bool:
    return bool(settings.OIDC_DISCOVERY_URL and settings.OIDC_RP_CLIENT_ID)


@lru_cache(maxsize=4)
def discovery(url: str) -> dict:
    """The provider's discovery document (.well-known/openid-configuration), fetched once."""
    response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
    response.raise_for_status()
    document = response.json()
    missing = [name for name in ENDPOINTS.values() if name not in document and name != "userinfo_endpoint"]
    if missing:
        raise SuspiciousOperation(f"the discovery document at {url} names no {', '.join(missing)}")
    return document


def expected_issuer() -> str:
    return settings.OIDC_ISSUER or discovery(settings.OIDC_DISCOVERY_URL)["issuer"]


def oidc_setting(attr: str, *default):
    """The library's settings, with the provider's endpoints read from its discovery document."""
    if attr in ENDPOINTS:
        return discovery(settings.OIDC_DISCOVERY_URL).get(ENDPOINTS[attr], "")
    return import_from_settings(attr, *default)


def refuse(request, reason: str, detail: str) -> None:
    """Note on the request why its council sign-in failed, for the page the callback answers."""
    log.warning("council sign-in refused (%s): %s", reason, detail)
    request.council_sign_in_refused = reason


class StaffOIDCBackend(OIDCAuthenticationBackend, StaffBackend):
    """Signs in the member of staff the ID token names, if they are still with the council."""

    get_settings = staticmethod(oidc_setting)

    def __init__(self, *args, **kwargs):
        # The library reads the provider's endpoints here; every password sign-in builds this
        # backend too, so they are read when a council sign-in asks for them, not before.
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None
        self.UserModel = get_user_model()

    OIDC_OP_TOKEN_ENDPOINT = property(lambda self: oidc_setting("OIDC_OP_TOKEN_ENDPOINT"))
    OIDC_OP_JWKS_ENDPOINT = property(lambda self: oidc_setting("OIDC_OP_JWKS_ENDPOINT"))

    def authenticate(self, request, **kwargs):
        # Only the callback asks with a nonce; a password sign-in is StaffBackend's.
        if request is None or "nonce" not in kwargs or "password" in kwargs or not enabled():
            return None
        try:
            return super().authenticate(request, **kwargs)
        except (SuspiciousOperation, jwt.PyJWTError, requests.RequestException, ValueError) as error:
            refuse(request, FAILED, f"{type(error).__name__}: {error}")
            return None

    def retrieve_matching_jwk(self, token):
        """The provider's signing key for this token: the one its key id names (Entra rotates
        several), or, for a token naming none, the provider's only signing key."""
        response = requests.get(self.OIDC_OP_JWKS_ENDPOINT, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        header = jwt.get_unverified_header(token)
        keys = [key for key in response.json().get("keys", [])
                if key.get("use", "sig") == "sig" and key.get("alg", header.get("alg")) == header.get("alg")]
        if "kid" in header:
            keys = [key for key in keys if key.get("kid") == header["kid"]]
        if len(keys) != 1:
            raise SuspiciousOperation(f"{len(keys)} of the provider's keys could have signed the ID token")
        return jwt.PyJWK(keys[0])

    def get_payload_data(self, token, key):
        """The ID token's claims, once signed by the provider's key for this portal, by this
        issuer, and not expired. (The library's own check turns audience off and ignores the
        issuer; the nonce it checks afterwards.)"""
        claims = jwt.decode(
            token, key, algorithms=[self.OIDC_RP_SIGN_ALGO], audience=self.OIDC_RP_CLIENT_ID,
            issuer=expected_issuer(), leeway=settings.OIDC_CLOCK_LEEWAY_SECONDS,
            options={"require": ["iss", "aud", "exp", "iat", "sub"]},
        )
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if len(audiences) > 1 and claims.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise SuspiciousOperation("the ID token was issued to another party (azp)")
        return claims

    def get_userinfo(self, access_token, id_token, payload):
        # The verified ID token's claims: Entra's userinfo endpoint carries no staff number.
        return payload

    def verify_claims(self, claims) -> bool:
        return True  # filter_users_by_claims says what a claim must match

    def filter_users_by_claims(self, claims):
        number = str(claims.get(settings.OIDC_STAFF_NUMBER_CLAIM) or "").strip()
        if number:
            return self.UserModel.objects.filter(staff_member__staff_number__iexact=number)
        email = str(claims.get("email") or claims.get("preferred_username") or "").strip()
        if "@" in email:
            return self.UserModel.objects.filter(staff_member__email__iexact=email)
        return self.UserModel.objects.none()

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        users = list(self.filter_users_by_claims(claims).select_related("staff_member")[:2])
        if len(users) != 1:
            refuse(self.request, UNKNOWN, f"{len(users)} members of staff match {self.describe_user_by_claims(claims)}")
            return None
        user = users[0]
        if not self.user_can_authenticate(user):
            refuse(self.request, SWITCHED_OFF if not user.is_active else LEFT, f"{user.username} may not sign in")
            return None
        return user

    def describe_user_by_claims(self, claims) -> str:
        name = settings.OIDC_STAFF_NUMBER_CLAIM
        if claims.get(name):
            return f"{name} {claims[name]!r}"
        return f"e-mail {claims.get('email') or claims.get('preferred_username')!r}"

    def get_user(self, user_id):
        # Asked on every request of a session: a leaver's session ends (StaffBackend's rule).
        return ModelBackend.get_user(self, user_id)


def refused(request, reason: str = FAILED, status: int = 403):
    """The page saying that the council sign-in failed, why, and who to ask."""
    return render(request, "registration/council_sign_in_refused.html",
                  {"reason": reason, "support_contact": settings.SUPPORT_CONTACT}, status=status)


@method_decorator(login_not_required, name="dispatch")
class CouncilSignIn(OIDCAuthenticationRequestView):
    """Sends the browser to the identity provider (a link, not a form: the Content-Security-Policy
    lets a form post only to the portal itself)."""

    get_settings = staticmethod(oidc_setting)

    def __init__(self, *args, **kwargs):
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID

    def get(self, request):
        if not enabled():
            return refused(request, FAILED, status=404)
        try:
            self.OIDC_OP_AUTH_ENDPOINT = oidc_setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except (SuspiciousOperation, requests.RequestException, ValueError) as error:
            discovery.cache_clear()
            log.warning("council sign-in unavailable: %s: %s", type(error).__name__, error)
            return refused(request, FAILED, status=503)
        return super().get(request)


@method_decorator(login_not_required, name="dispatch")
class CouncilSignInCallback(OIDCAuthenticationCallbackView):
    """Where the identity provider sends the browser back: signed in, or the refusal page."""

    get_settings = staticmethod(oidc_setting)

    def get(self, request):
        if not enabled():
            return refused(request, FAILED, status=404)
        try:
            return super().get(request)
        except SuspiciousOperation as error:  # a state this browser never asked for
            refuse(request, FAILED, str(error))
            return self.login_failure()

    def login_failure(self):
        if self.request.GET.get("error"):
            refuse(self.request, FAILED, f"the provider answered {self.request.GET['error']!r}")
        return refused(self.request, getattr(self.request, "council_sign_in_refused", FAILED))
