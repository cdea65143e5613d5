"""A second factor (TOTP, django-otp) for the local accounts that see most: those with the admin
flag, and those holding a role that oversees a service or more; partner agencies' people too
when TWO_FACTOR_FOR_PARTNERS is set. A sign-in through the council's account (single sign-on)
is not asked: the identity provider asks its own.

Such a person, signed in with their password, reaches no page but these until they give a code:
the first time, they set up an authenticator app (a QR code, or the key typed in) and get ten
recovery codes, each good once; afterwards, the app's code or a recovery code. A lost device goes
through an administrator, who deletes the person's devices in the admin (OTP_TOTP → TOTP devices,
and OTP_Static → Static devices), so that the next sign-in sets up a new one."""

import base64

import segno
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout
from django import forms
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from django_otp import devices_for_user, match_token
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .access import is_partner, oversees_a_service_or_more

RECOVERY_CODES = 10
TOO_MANY = "Too many wrong codes in a row: wait a minute, then enter the code your app shows"
# Pages open to a person who still owes their code.
OPEN = {"people:two_factor_set_up", "people:two_factor_code", "logout", "login", "health",
        "people:session_left", "people:stay_signed_in"}
SINGLE_SIGN_ON_BACKEND = "people.oidc.StaffOIDCBackend"


def needs_two_factor(request) -> bool:
    user = request.user
    if not (settings.TWO_FACTOR_REQUIRED and user.is_authenticated):
        return False
    if request.session.get(BACKEND_SESSION_KEY) == SINGLE_SIGN_ON_BACKEND:
        return False
    if is_partner(user):
        return settings.TWO_FACTOR_FOR_PARTNERS
    return user.is_staff or user.is_superuser or oversees_a_service_or_more(user)


def has_app(user) -> bool:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


class TwoFactorMiddleware:
    """After django-otp's OTPMiddleware: a person who owes a code reaches only OPEN pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        # Verified first: it is read from the session, where whether one is asked may take a query.
        if match is None or match.view_name in OPEN or request.user.is_verified() or not needs_two_factor(request):
            return None
        where = "people:two_factor_code" if has_app(request.user) else "people:two_factor_set_up"
        return redirect(f"{reverse(where)}?next={request.get_full_path()}")


def _next(request) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return wanted
    return reverse("schedule:my_duties")


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code", max_length=20, strip=True,
        error_messages={"required": "Enter the code", "max_length": "Enter the code as your app shows it"},
    )

    def __init__(self, *args, hint: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = hint
        self.fields["code"].widget.attrs.update(autocomplete="one-time-code", spellcheck="false",
                                                autocapitalize="none", inputmode="text")
        self.helper = FormHelper()
        self.helper.form_tag = False  # the page's own form carries where to go next
        self.helper.layout = Layout(Field.text("code", field_width=10))

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split()).lower()


@require_http_methods(["GET", "POST"])
def set_up(request):
    """Set up an authenticator app: a QR code and the key, then a code from the app to confirm it;
    then the recovery codes, shown once."""
    user = request.user
    if not needs_two_factor(request) or has_app(user):
        return redirect(_next(request))
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first() or TOTPDevice.objects.create(
        user=user, name="Authenticator app", confirmed=False)
    form = CodeForm(request.POST or None, hint="The 6 digits your app shows for the QA Portal")
    if request.method == "POST" and form.is_valid():
        waiting = not device.verify_is_allowed()[0]  # django-otp makes each wrong code wait longer
        if device.verify_token(form.cleaned_data["code"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            codes = _new_recovery_codes(user)
            otp_login(request, device)
            return render(request, "people/two_factor_codes.html", {"codes": codes, "next": _next(request)})
        form.add_error("code", TOO_MANY if waiting else
                       "That code is not the one your app shows now: check the app and enter the new code")
    key = base64.b32encode(device.bin_key).decode()
    return render(request, "people/two_factor_set_up.html", {
        "form": form, "next": _next(request),
        "qr": segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2),
        "key": " ".join(key[i:i + 4] for i in range(0, len(key), 4)),
    })


def _new_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@require_http_methods(["GET", "POST"])
def enter_code(request):
    """The app's code, or a recovery code, after the password."""
    if not needs_two_factor(request) or request.user.is_verified():
        return redirect(_next(request))
    if not has_app(request.user):
        return redirect(f"{reverse('people:two_factor_set_up')}?next={_next(request)}")
    form = CodeForm(request.POST or None,
                    hint="The 6 digits your authenticator app shows, or one of your recovery codes")
    if request.method == "POST" and form.is_valid():
        # django-otp makes each wrong code wait longer before the next is tried.
        waiting = any(not found.verify_is_allowed()[0] for found in devices_for_user(request.user))
        device = match_token(request.user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next(request))
        form.add_error("code", TOO_MANY if waiting else
                       "That code is not right: enter the code your app shows now, or a recovery code")
    return render(request, "people/two_factor_code.html", {"form": form, "next": _next(request)})
