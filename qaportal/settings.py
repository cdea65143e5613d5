"""Settings for the QA Portal: one module, configured by environment variables.

With nothing set it runs embedded: SQLite, a file-system Celery broker and e-mail written to
files, all under var/. DATABASE_URL, CELERY_BROKER_URL and EMAIL_HOST switch to real servers.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from core.env import envbool, envint, envlist, envpattern

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("QAPORTAL_VAR_DIR", BASE_DIR / "var")).resolve()
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    # A deployment sets SECRET_KEY; the embedded default keeps one under var/ so sessions
    # survive a restart without a key ever being committed.
    if key := os.environ.get("SECRET_KEY"):
        return key
    # Web, worker and beat start together: the key is written whole under a temporary name and
    # linked into place, so that the first process wins and every process reads that one key.
    path = VAR_DIR / "secret_key"
    if not path.exists():
        draft = VAR_DIR / f"secret_key.{os.getpid()}"
        draft.write_text(secrets.token_urlsafe(50))
        draft.chmod(0o600)
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = envbool("DEBUG", False)
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

COUNCIL_NAME = os.environ.get("COUNCIL_NAME", "Example City Council")
# The portal's address as people reach it, for links in e-mails.
# The portal's address for links in e-mails and PDFs: as set, or where `make run` serves it.
PORTAL_URL = os.environ.get("PORTAL_URL") or f"http://127.0.0.1:{os.environ.get('QAPORTAL_PORT') or '8000'}"
# A case reference: the number in the council's case management system, never a name. The
# default asks for a digit somewhere, so that a name typed with a hyphen ("Jayden-Smith") is refused.
CASE_REFERENCE_PATTERN = envpattern("CASE_REFERENCE_PATTERN", r"^(?=.*[0-9])[A-Za-z0-9][A-Za-z0-9/-]{2,29}$")
# A case that closes or transfers is audited within this many calendar days of the event (R60).
CLOSURE_AUDIT_DAYS = envint("CLOSURE_AUDIT_DAYS", 28, low=1, high=365)
# Reminders: one digest a person a working day, from this hour (Europe/London).
REMINDER_HOUR = envint("REMINDER_HOUR", 7, low=0, high=23)
# Days before a duty falls due that it enters the digest, by the length of its period.
REMINDER_LEAD_DAYS = {
    "weekly": envint("REMINDER_LEAD_WEEKLY", 2, low=0, high=30),
    "monthly": envint("REMINDER_LEAD_MONTHLY", 7, low=0, high=60),
    "quarterly": envint("REMINDER_LEAD_QUARTERLY", 14, low=0, high=120),
}
# Working days overdue before a duty goes to the owner's line manager, then to their head of service.
ESCALATE_TO_MANAGER_DAYS = envint("ESCALATE_TO_MANAGER_DAYS", 5, low=1, high=100)
ESCALATE_TO_HEAD_DAYS = envint("ESCALATE_TO_HEAD_DAYS", 20, low=1, high=200)
# Digests go out on working days only (not weekends or England's bank holidays).
REMINDER_WORKING_DAYS_ONLY = envbool("REMINDER_WORKING_DAYS_ONLY", True)
# How often beat asks for a reminder run: every quarter of an hour unless set (in seconds).
REMINDER_EVERY_SECONDS = envint("REMINDER_EVERY_SECONDS", 0, low=0, high=3600)
# A digest claimed by a worker that died is taken over after this many seconds.
REMINDER_CLAIM_SECONDS = envint("REMINDER_CLAIM_SECONDS", 600, low=5, high=86400)
# Audits moderated: this share of submitted audits, drawn at random, plus any an auditor asks for.
MODERATION_SHARE = envint("MODERATION_PERCENT", 10, low=0, high=100) / 100
# The council's local targets for audit grades, in per cent of the audits graded: the dashboard
# says whether each quarter meets them.
AUDIT_TARGET_GOOD_OR_BETTER = envint("AUDIT_TARGET_GOOD_OR_BETTER", 40, low=0, high=100)
AUDIT_TARGET_INADEQUATE_AT_MOST = envint("AUDIT_TARGET_INADEQUATE_AT_MOST", 10, low=0, high=100)
# How often the dashboard's figures are worked out again for those reading them (reports.snapshots);
# 0: on every look.
REPORTS_REFRESH_SECONDS = envint("REPORTS_REFRESH_SECONDS", 600, low=0, high=86400)
# The people who moderate audits: holders of this role and the staff under them.
MODERATOR_ROLE = os.environ.get("MODERATOR_ROLE", "Head of Safeguarding Monitoring")
# The council's financial year starts on the first of this month (April in UK councils).
FINANCIAL_YEAR_START_MONTH = envint("FINANCIAL_YEAR_START_MONTH", 4, low=1, high=12)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_forms_gds",
    "simple_history",
    "axes",  # failed sign-ins throttled and locked (people/lockout.py)
    # A second factor for the accounts that see most (people/two_factor.py).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "core",  # its template filters (dates with their year, a record's state today) and import runs
    "people",
    "schedule",
    "audits",
    "learning",
    "cases",
    "observations",
    "supervision",
    "participation",
    "complaints",
    "standards",
    "reminders",
    "reports",
    "qaportal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    # A 403 or 404 is one line in the log: who, what and why (core/middleware.py).
    "core.middleware.RefusalLogMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Permissions-Policy on every page, and no signed-in page kept in the browser's cache.
    "core.middleware.PrivacyHeadersMiddleware",
    # Every page needs a signed-in user unless its view says otherwise (the sign-in page).
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # A partner agency's person reaches their multi-agency audits and their own page, nothing else.
    "qaportal.partners.PartnerAllowListMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A session left idle for SESSION_IDLE_MINUTES ends (people/sessions.py).
    "people.sessions.IdleTimeoutMiddleware",
    # Who owes a second factor reaches only the pages that ask for it (people/two_factor.py).
    "people.two_factor.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: a sign-in refused for a locked account gets the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "qaportal.urls"
WSGI_APPLICATION = "qaportal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "qaportal.context.portal",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'qaportal.sqlite3'}",
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 60, low=0, high=3600),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server, the worker and beat share one file: wait for locks, take them up front.
    # Tests use a file, not memory, so a real Celery worker can share the test database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes first: it refuses a locked account before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "people.auth.StaffBackend",
    "people.oidc.StaffOIDCBackend",  # the council's single sign-on, when OIDC_CLIENT_ID is set
]
# Failed sign-ins, per account (people/lockout.py): this many within the minutes below lock the
# account for that long.
SIGN_IN_FAILURE_LIMIT = envint("SIGN_IN_FAILURE_LIMIT", 5, low=1, high=100)
SIGN_IN_LOCKOUT_MINUTES = envint("SIGN_IN_LOCKOUT_MINUTES", 15, low=1, high=24 * 60)
AXES_FAILURE_LIMIT = SIGN_IN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=SIGN_IN_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = ["username"]  # the account, from wherever it is tried
# Axes would also lock an address: a council's offices reach the portal from one address, so five
# mistakes anywhere would lock everyone out. Rotating a browser's user agent or cookies does not
# escape a lock on the account, which is what its warning is about.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
# Single sign-on with the council's identity provider (people/oidc.py, mozilla-django-oidc): on when
# OIDC_CLIENT_ID and OIDC_ISSUER (or OIDC_DISCOVERY_URL) are set. The provider's endpoints are read
# from its discovery document at the first council sign-in, not at start. Passwords stay for
# administrators and partner agencies' people.
OIDC_ISSUER = os.environ.get("OIDC_ISSUER", "").rstrip("/")
OIDC_DISCOVERY_URL = os.environ.get("OIDC_DISCOVERY_URL") or (
    f"{OIDC_ISSUER}/.well-known/openid-configuration" if OIDC_ISSUER else "")
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_CLIENT_SECRET", "")
OIDC_RP_SCOPES = os.environ.get("OIDC_SCOPES", "openid email profile")
# The claim carrying the staff number (Entra: the name given to employeeId in the app's claims).
OIDC_STAFF_NUMBER_CLAIM = os.environ.get("OIDC_STAFF_NUMBER_CLAIM", "employeeid")
if OIDC_RP_CLIENT_ID and not (OIDC_DISCOVERY_URL and OIDC_RP_CLIENT_SECRET):
    raise ImproperlyConfigured("OIDC_CLIENT_ID needs OIDC_ISSUER (or OIDC_DISCOVERY_URL) and OIDC_CLIENT_SECRET")
if "openid" not in OIDC_RP_SCOPES.split():
    raise ImproperlyConfigured(f"OIDC_SCOPES must include openid, not {OIDC_RP_SCOPES!r}")
OIDC_RP_SIGN_ALGO = "RS256"
OIDC_USE_PKCE = True
OIDC_CREATE_USER = False  # a person with no staff record is refused, never made
OIDC_TIMEOUT = envint("OIDC_TIMEOUT_SECONDS", 10, low=1, high=120)
OIDC_CLOCK_LEEWAY_SECONDS = 60
OIDC_AUTHENTICATION_CALLBACK_URL = "council_sign_in_callback"
# Who a person refused by the council sign-in (or locked out) should ask, in their words.
SUPPORT_CONTACT = os.environ.get("SUPPORT_CONTACT", "the QA Portal's administrator in the Quality Assurance team")
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "people.lockout.locked_out"
AXES_USERNAME_CALLABLE = "people.lockout.username_of"
AXES_VERBOSE = False  # people.lockout logs each lockout in one line
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "schedule:my_duties"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_HTTPONLY = True
if envbool("BEHIND_HTTPS_PROXY", False):
    # The reverse proxy terminates HTTPS and says so; it must strip this header from clients.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_FAILURE_VIEW = "core.middleware.csrf_failure"  # Django's page, telling the refusal log why
# HTTPS, for a deployment behind it (`make run` serves plain http on 127.0.0.1, so all are off by
# default). Behind a reverse proxy, SECURE_SSL_REDIRECT needs BEHIND_HTTPS_PROXY too, or every
# request is redirected for ever. HSTS: browsers then refuse plain http for this many seconds.
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", False)
SECURE_REDIRECT_EXEMPT = [r"^health/$"]  # the load balancer may ask over plain http on the inside
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0, low=0, high=2 * 365 * 86400)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)
# Scripts and styles come from the portal's own static files only: no inline script or style, no
# eval, nothing from elsewhere (the board report's PDF keeps its <style>: WeasyPrint reads it, not
# a browser). The icon is an empty data: URL; the person search and the board report's progress
# fetch from the portal.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 8 * 3600, low=300, high=30 * 86400)
# Two-factor sign-in (TOTP) for local accounts with the admin flag or a role that oversees a
# service or more; partner agencies' people too when asked for. The code's issuer in the app.
TWO_FACTOR_REQUIRED = envbool("TWO_FACTOR_REQUIRED", True)
TWO_FACTOR_FOR_PARTNERS = envbool("TWO_FACTOR_FOR_PARTNERS", False)
OTP_TOTP_ISSUER = f"QA Portal ({COUNCIL_NAME})"
# A session also ends after this many minutes without activity; pages warn this many before.
SESSION_IDLE_MINUTES = envint("SESSION_IDLE_MINUTES", 30, low=2, high=24 * 60)
SESSION_WARNING_MINUTES = envint("SESSION_WARNING_MINUTES", 2, low=1, high=60)
if SESSION_WARNING_MINUTES >= SESSION_IDLE_MINUTES:
    raise ImproperlyConfigured("SESSION_WARNING_MINUTES must be fewer than SESSION_IDLE_MINUTES")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("govuk", BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# E-mail: GOV.UK Notify when NOTIFY_API_KEY is set, SMTP when EMAIL_HOST is set, otherwise one
# file per message under var/mail/.
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "qa-portal@example.gov.uk")
if os.environ.get("NOTIFY_API_KEY"):
    EMAIL_BACKEND = "qaportal.notify.NotifyEmailBackend"
    NOTIFY_API_KEY = os.environ["NOTIFY_API_KEY"]
    NOTIFY_TEMPLATE_ID = os.environ.get("NOTIFY_TEMPLATE_ID", "")
    NOTIFY_BASE_URL = os.environ.get("NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk")
    if not NOTIFY_TEMPLATE_ID:
        raise ImproperlyConfigured("NOTIFY_TEMPLATE_ID: set it to the Notify template with ((subject)) and ((body))")
elif os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = envint("EMAIL_PORT", 587, low=1, high=65535)
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"

# Celery: Redis when CELERY_BROKER_URL is set, otherwise a broker in files under var/celery/.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
if CELERY_BROKER_URL == "filesystem://":
    _queue = VAR_DIR / "celery" / "queue"
    _control = VAR_DIR / "celery" / "control"
    for _folder in (_queue, _control):
        _folder.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue),
        "data_folder_out": str(_queue),
        "control_folder": str(_control),
        "polling_interval": 0.1,
    }
CELERY_TASK_ALWAYS_EAGER = envbool("CELERY_TASK_ALWAYS_EAGER", False)
# How far a long import has gone (core.imports), written by the worker while the import's own
# transaction is open and read by its progress page: Redis when the broker is Redis (any machine
# sees it), else files under var/ (the embedded default, one machine). Nothing in it matters.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},  # Django's own default
    "progress": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CELERY_BROKER_URL}
        if CELERY_BROKER_URL.startswith(("redis://", "rediss://"))
        else {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(VAR_DIR / "progress")}
    ),
}
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_IGNORE_RESULT = True
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# Beat wakes at least once a minute and says so in the database (qaportal/beat.py), for /health/.
CELERY_BEAT_SCHEDULER = "qaportal.beat:HeartbeatScheduler"
CELERY_BEAT_MAX_LOOP_INTERVAL = 60
# /health/ says "not ok" when the disk under var/ has less than this free (in MB).
HEALTH_DISK_MIN_FREE_MB = envint("HEALTH_DISK_MIN_FREE_MB", 500, low=0, high=10**8)
# Every periodic job, in one place. A lost or repeated run costs nothing: each job reads the
# state from the database and is idempotent.
CELERY_BEAT_SCHEDULE = {
    # 02:15 every night: plan the current and next period's duties. (Nothing is marked overdue:
    # overdue is read from the due date, on the day anyone looks.)
    "plan-duties": {"task": "schedule.tasks.plan_duties", "schedule": crontab(hour=2, minute=15)},
    # Every quarter of an hour: send the day's digests not yet sent (from REMINDER_HOUR on
    # working days; a run before then, or at a weekend, does nothing).
    "send-reminders": {
        "task": "reminders.tasks.send_reminders",
        "schedule": REMINDER_EVERY_SECONDS or crontab(minute="*/15"),
    },
    # Every REPORTS_REFRESH_SECONDS: the dashboard's figures, for the views read in the last hours.
    **({"refresh-dashboards": {"task": "reports.tasks.refresh_dashboards", "schedule": REPORTS_REFRESH_SECONDS}}
       if REPORTS_REFRESH_SECONDS else {}),
}

# Every line is redacted on its way out (a calendar feed's secret address never reaches a log), and
# a refused request is one line of qaportal.refused rather than Django's warning with a traceback.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"redacted": {"()": "core.logs.RedactingFormatter", "format": "%(levelname)s %(name)s: %(message)s"}},
    "filters": {"not_refusals": {"()": "core.logs.NotRefusals"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "redacted"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # WeasyPrint tells every page it lays out at INFO: only its warnings are news.
        "weasyprint.progress": {"level": "WARNING"},
        # django-axes tells every sign-in and sign-out at INFO; people.lockout tells each lockout.
        "axes": {"level": "WARNING"},
        # Django's own handlers (a console while DEBUG, e-mail to ADMINS) would not redact: its
        # lines go to the root's handler instead.
        "django": {"handlers": [], "level": "INFO"},
        "django.request": {"filters": ["not_refusals"]},
        "django.security.csrf": {"filters": ["not_refusals"]},
        # runserver's request lines, through the same redacting handler.
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
