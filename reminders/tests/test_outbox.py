"""The outbox every e-mail goes through: a safeguarding concern and an audit shared are each
recorded once, like a digest; a failure is recorded with its error; a task run twice sends once;
the QA lead's log shows every kind."""

from datetime import date, datetime

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.utils import timezone

from audits.actions import share_audit, submit_audit
from audits.alerts import NotSent, tell_case_holder
from audits.models import Audit, AuditTool
from audits.tasks import audit_shared, safeguarding_concern
from core.periods import LONDON, local_date
from people.models import StaffMember
from qaportal.celery import app
from reminders import outbox
from reminders.models import Notice
from reminders.sending import run
from schedule.planner import plan_duties
from schedule.tests.factories import ResponsibilityFactory

pytestmark = pytest.mark.django_db

REFUSING = "reminders.tests.test_sending.RefusingBackend"
MONDAY = date(2026, 11, 23)


@pytest.fixture
def eager_tasks():
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


def submitted(cast, **fields) -> Audit:
    audit = Audit.objects.create(**{
        "audit_type": "case_file", "tool": AuditTool.objects.current("case_file"), "case_reference": "CR-10042",
        "case_holder": cast.practitioner, "team": cast.team_a, "auditor": cast.team_leader,
        "audited_on": date(2026, 5, 12), **fields,
    })
    submit_audit(audit, acting_user=cast.team_leader.user)
    audit.refresh_from_db()
    return audit


def rows():
    return list(Notice.objects.values_list("kind", "about", "recipient__user__username", "state", "attempts"))


def test_a_safeguarding_concern_is_recorded_once_as_sent(cast, django_capture_on_commit_callbacks, eager_tasks):
    with django_capture_on_commit_callbacks(execute=True):
        audit = submitted(cast, safeguarding_concern=True)
    assert [m.to for m in mail.outbox] == [["head@example.gov.uk"]]
    assert rows() == [("safeguarding_concern", f"audit:{audit.pk}", "head", "sent", 1)]
    notice = Notice.objects.get()
    assert notice.subject == "Immediate safeguarding concern: case CR-10042" == mail.outbox[0].subject
    assert notice.address == "head@example.gov.uk" and notice.sent_at and notice.error == ""
    assert notice.day == audit.submitted_at.astimezone(LONDON).date()
    assert mail.outbox[0].alternatives[0][1] == "text/html"


def test_an_audit_shared_is_recorded_once_as_sent(cast, django_capture_on_commit_callbacks, eager_tasks):
    audit = submitted(cast)
    with django_capture_on_commit_callbacks(execute=True):
        share_audit(audit, acting_user=cast.team_leader.user)
    assert [m.to for m in mail.outbox] == [["practitioner@example.gov.uk"]]
    assert rows() == [("audit_shared", f"audit:{audit.pk}", "practitioner", "sent", 1)]
    assert Notice.objects.get().subject == "An audit of your work on case CR-10042 is ready to read"


def test_the_task_run_twice_sends_one_email(cast):
    audit = submitted(cast, safeguarding_concern=True)
    Audit.objects.filter(pk=audit.pk).update(status="shared", shared_at=audit.submitted_at)
    for _ in range(2):
        assert safeguarding_concern.apply(args=[audit.pk]).get() == "told head@example.gov.uk"
        assert audit_shared.apply(args=[audit.pk]).get() == "told practitioner@example.gov.uk"
    assert sorted(m.to[0] for m in mail.outbox) == ["head@example.gov.uk", "practitioner@example.gov.uk"]
    assert sorted(rows()) == [("audit_shared", f"audit:{audit.pk}", "practitioner", "sent", 1),
                              ("safeguarding_concern", f"audit:{audit.pk}", "head", "sent", 1)]


def test_a_failing_mail_server_is_recorded_with_its_error_and_the_next_try_sends(cast, settings):
    audit = submitted(cast)
    settings.EMAIL_BACKEND = REFUSING
    with pytest.raises(NotSent, match="mail server said no"):  # for the task to try again
        tell_case_holder(audit.pk)
    notice = Notice.objects.get()
    assert (notice.state, notice.attempts, notice.sent_at) == (Notice.State.FAILED, 1, None)
    assert "mail server said no" in notice.error and mail.outbox == []

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert tell_case_holder(audit.pk) == "told practitioner@example.gov.uk"
    notice.refresh_from_db()
    assert (notice.state, notice.attempts, notice.error) == (Notice.State.SENT, 2, "")
    assert len(mail.outbox) == 1


def test_the_task_tries_a_failed_email_again_and_then_gives_up(cast, settings):
    audit = submitted(cast, safeguarding_concern=True)
    settings.EMAIL_BACKEND = REFUSING
    result = safeguarding_concern.apply(args=[audit.pk])
    assert isinstance(result.result, NotSent)
    notice = Notice.objects.get()
    assert notice.state == Notice.State.FAILED and notice.attempts == 1 + safeguarding_concern.max_retries


def test_a_row_another_worker_is_sending_is_left_alone(cast):
    audit = submitted(cast)
    Notice.objects.create(recipient=cast.practitioner, kind=Notice.Kind.AUDIT_SHARED, about=f"audit:{audit.pk}",
                          day=local_date(timezone.now()), state=Notice.State.SENDING, claimed_at=timezone.now())
    assert tell_case_holder(audit.pk) == "being sent to practitioner@example.gov.uk by another worker"
    assert mail.outbox == [] and Notice.objects.get().attempts == 0


def test_each_record_and_each_kind_has_its_own_row_beside_the_digest(cast):
    ResponsibilityFactory(role=cast.team_leader_role, task="Monthly supervision")
    plan_duties(date(2026, 11, 2))
    for about in ("audit:1", "audit:2"):
        for kind in (Notice.Kind.SAFEGUARDING_CONCERN, Notice.Kind.AUDIT_SHARED):
            outbox.send(recipient=cast.team_leader, kind=kind, about=about, day=MONDAY,
                        subject=f"{kind} {about}", text="Plain", html="<p>Rich</p>")
    assert run(datetime(2026, 11, 23, 8, tzinfo=LONDON)).sent == 1  # the day's digest still goes
    assert len(mail.outbox) == 5
    assert Notice.objects.filter(recipient=cast.team_leader, day=MONDAY, state=Notice.State.SENT).count() == 5
    assert Notice.objects.get(kind=Notice.Kind.DIGEST).about == ""


def test_someone_without_an_address_is_not_sent_to(cast):
    StaffMember.objects.filter(pk=cast.practitioner.pk).update(email="")
    with pytest.raises(ValueError, match="no e-mail address"):
        outbox.send(recipient=StaffMember.objects.get(pk=cast.practitioner.pk), kind=Notice.Kind.AUDIT_SHARED,
                    about="audit:1", subject="S", text="T", html="H")
    assert not Notice.objects.exists()


def test_the_log_shows_every_kind(client, cast, settings):
    audit = submitted(cast, safeguarding_concern=True)
    Notice.objects.create(recipient=cast.team_leader, day=MONDAY, state=Notice.State.SENT, subject="Your duties")
    safeguarding_concern.apply(args=[audit.pk])
    settings.EMAIL_BACKEND = REFUSING
    with pytest.raises(NotSent):
        tell_case_holder(audit.pk)
    cast.head.user.user_permissions.add(Permission.objects.get(codename="view_notice"))
    client.force_login(cast.head.user)
    page = client.get("/reminders/").content.decode()
    for text in ["Daily digest", "Your duties",
                 "Immediate safeguarding concern", "Immediate safeguarding concern: case CR-10042",
                 "Audit shared", f"audit:{audit.pk}", "mail server said no", "1 e-mail failed"]:
        assert text in page, text
