"""A Django e-mail backend that sends through GOV.UK Notify, for councils that use it.

Notify sends e-mails from templates kept in the council's Notify account. Make one template
whose subject is `((subject))` and whose message is `((body))`; set `NOTIFY_API_KEY` and
`NOTIFY_TEMPLATE_ID`, and the portal's plain-text e-mails go through it (Notify lays them out
itself, so the HTML part is not sent). Each recipient is one request to Notify's API, signed with
a JSON Web Token made from the API key, as Notify's documentation describes.
"""

import base64
import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend

DEFAULT_BASE_URL = "https://api.notifications.service.gov.uk"


class NotifyError(Exception):
    pass


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def token(api_key: str, now: float | None = None) -> str:
    """The bearer token for one request: a JWT (HS256) with the service id as issuer, signed
    with the secret, both taken from the end of the API key ("name-<service id>-<secret>")."""
    if len(api_key) < 74:
        raise NotifyError("NOTIFY_API_KEY is not a Notify API key")
    service_id, secret = api_key[-73:-37], api_key[-36:]
    header = _b64(json.dumps({"typ": "JWT", "alg": "HS256"}, separators=(",", ":")).encode())
    claims = _b64(json.dumps({"iss": service_id, "iat": int(now or time.time())}, separators=(",", ":")).encode())
    signature = hmac.new(secret.encode(), f"{header}.{claims}".encode(), hashlib.sha256).digest()
    return f"{header}.{claims}.{_b64(signature)}"


class NotifyEmailBackend(BaseEmailBackend):
    def __init__(self, fail_silently=False, **kwargs):
        super().__init__(fail_silently=fail_silently, **kwargs)
        self.api_key = settings.NOTIFY_API_KEY
        self.template_id = settings.NOTIFY_TEMPLATE_ID
        self.base_url = getattr(settings, "NOTIFY_BASE_URL", DEFAULT_BASE_URL).rstrip("/")

    def send_messages(self, email_messages) -> int:
        sent = 0
        for message in email_messages:
            try:
                for address in message.recipients():
                    self._send(address, message.subject, message.body)
                sent += 1
            except NotifyError:
                if not self.fail_silently:
                    raise
        return sent

    def _send(self, address: str, subject: str, body: str) -> dict:
        payload = json.dumps({
            "email_address": address,
            "template_id": self.template_id,
            "personalisation": {"subject": subject, "body": body},
        }).encode()
        request = urllib.request.Request(
            f"{self.base_url}/v2/notifications/email",
            data=payload,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {token(self.api_key)}",
                "User-Agent": "qa-portal",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=20) as response:
                return json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            detail = error.read().decode(errors="replace")[:500]
            raise NotifyError(f"Notify refused the e-mail to {address}: {error.code} {detail}") from error
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise NotifyError(f"Notify could not be reached: {error}") from error
