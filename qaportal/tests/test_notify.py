"""The GOV.UK Notify e-mail backend, against a local HTTP server standing in for Notify's API:
the request Notify documents (path, JSON body, a JWT signed with the key's secret), and its
errors reported, not swallowed."""

import base64
import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core.mail import EmailMultiAlternatives, get_connection

from qaportal.notify import NotifyError, token

SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
API_KEY = f"qa_portal-{SERVICE_ID}-{SECRET}"
TEMPLATE_ID = "f33517ff-2a88-4f6e-b855-c550268ce08a"


class FakeNotify(BaseHTTPRequestHandler):
    received: list = []
    status = 201

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        FakeNotify.received.append((self.path, dict(self.headers), json.loads(body)))
        self.send_response(FakeNotify.status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        refusal = {"error": "BadRequestError", "message": "Can't send to this recipient using a team-only API key"}
        reply = {"id": "740e5834-3a29-46b4-9a6f-16142fde533a"} if FakeNotify.status == 201 else {"errors": [refusal]}
        self.wfile.write(json.dumps(reply).encode())

    def log_message(self, *args):
        pass


@pytest.fixture
def notify(settings):
    server = HTTPServer(("127.0.0.1", 0), FakeNotify)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeNotify.received, FakeNotify.status = [], 201
    settings.EMAIL_BACKEND = "qaportal.notify.NotifyEmailBackend"
    settings.NOTIFY_API_KEY, settings.NOTIFY_TEMPLATE_ID = API_KEY, TEMPLATE_ID
    settings.NOTIFY_BASE_URL = f"http://127.0.0.1:{server.server_address[1]}"
    yield FakeNotify
    server.shutdown()
    server.server_close()


def decode(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def test_the_token_is_a_jwt_signed_with_the_keys_secret():
    header, claims, signature = token(API_KEY, now=1_700_000_000).split(".")
    assert json.loads(decode(header)) == {"typ": "JWT", "alg": "HS256"}
    assert json.loads(decode(claims)) == {"iss": SERVICE_ID, "iat": 1_700_000_000}
    expected = hmac.new(SECRET.encode(), f"{header}.{claims}".encode(), hashlib.sha256).digest()
    assert decode(signature) == expected


def test_a_key_that_is_not_a_notify_key_is_refused():
    with pytest.raises(NotifyError):
        token("not-a-key")


def test_each_recipient_is_one_request_with_the_subject_and_body_as_personalisation(notify):
    message = EmailMultiAlternatives("Your QA duties", "Dear Ann,\n\nTwo duties due.", to=["a@example.gov.uk",
                                                                                        "b@example.gov.uk"])
    message.attach_alternative("<p>ignored</p>", "text/html")
    assert get_connection().send_messages([message]) == 1
    assert [path for path, _, _ in notify.received] == ["/v2/notifications/email"] * 2
    _, headers, body = notify.received[0]
    assert body == {"email_address": "a@example.gov.uk", "template_id": TEMPLATE_ID,
                    "personalisation": {"subject": "Your QA duties", "body": "Dear Ann,\n\nTwo duties due."}}
    assert headers["Authorization"].startswith("Bearer ") and headers["Content-Type"] == "application/json"


def test_notifys_refusal_is_an_error_with_its_reason(notify):
    notify.status = 400
    message = EmailMultiAlternatives("Subject", "Body", to=["a@example.gov.uk"])
    with pytest.raises(NotifyError, match="400.*team-only API key"):
        get_connection().send_messages([message])


def test_notify_out_of_reach_is_an_error(settings, notify):
    settings.NOTIFY_BASE_URL = "http://127.0.0.1:9"  # nothing listens on the discard port
    with pytest.raises(NotifyError, match="could not be reached"):
        get_connection().send_messages([EmailMultiAlternatives("S", "B", to=["a@example.gov.uk"])])
