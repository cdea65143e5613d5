"""A real OpenID Connect provider for the tests (oidc-provider-mock: Authlib's provider in Flask),
served from a thread on 127.0.0.1, and the settings that point the portal at it."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

import oidc_provider_mock
import requests
import werkzeug.serving

CLIENT_ID, CLIENT_SECRET = "qa-portal", "a-secret-for-tests"


@dataclass
class Provider:
    url: str  # its issuer, too

    def add_person(self, sub: str, **claims) -> str:
        """Someone the provider will sign in, with the claims their ID token carries."""
        requests.put(f"{self.url}/users/{sub}", json=claims, timeout=5).raise_for_status()
        return sub

    def sign_in(self, authorize_url: str, sub: str) -> str:
        """What a person does at the provider: says who they are. The address it sends them back to."""
        response = requests.post(authorize_url, data={"sub": sub}, allow_redirects=False, timeout=5)
        assert response.status_code == 302, response.text
        return response.headers["Location"]


@contextmanager
def running_provider(token_lifetime: timedelta = timedelta(minutes=5)) -> Iterator[Provider]:
    app = oidc_provider_mock.app(require_nonce=True, access_token_max_age=token_lifetime)
    server = werkzeug.serving.make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield Provider(f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def use_provider(settings, provider: Provider) -> None:
    """Single sign-on on, through this provider (found by its discovery document)."""
    settings.OIDC_ISSUER = ""
    settings.OIDC_DISCOVERY_URL = f"{provider.url}/.well-known/openid-configuration"
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
