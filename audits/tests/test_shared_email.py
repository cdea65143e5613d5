"""The e-mail that tells a case-holder an audit of their work has been shared with them: sent once
the share is committed, naming the child by case reference only, with a link to the audit."""

import logging

import pytest
from django.core.exceptions import ValidationError

from audits.actions import share_audit, submit_audit
from audits.alerts import tell_case_holder
from audits.models import AnswerKind, AuditStatus
from qaportal.celery import app

from .factories import AnswerFactory, AuditFactory, questions

pytestmark = pytest.mark.django_db

CHILDS_WORDS = "I want to stay with my nan Doreen"


@pytest.fixture
def eager_tasks():
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


@pytest.fixture
def audit(cast, settings):
    settings.PORTAL_URL = "https://qa.example.gov.uk/"
    audit = AuditFactory(auditor=cast.team_leader, case_holder=cast.practitioner, case_reference="CR-777",
                         overall_grade="requires_improvement", strengths=f"The child says: {CHILDS_WORDS}",
                         improvements="Update the plan for Doreen's contact")
    AnswerFactory(audit=audit, question=questions(audit, AnswerKind.TEXT)[0], text=CHILDS_WORDS)
    submit_audit(audit, acting_user=cast.team_leader.user)
    audit.refresh_from_db()
    return audit


def test_sharing_emails_the_case_holder_once_committed(
        cast, audit, mailoutbox, django_capture_on_commit_callbacks, eager_tasks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        share_audit(audit, acting_user=cast.team_leader.user)
        assert mailoutbox == []  # nothing goes before the share is saved
    assert len(callbacks) == 1 and len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["practitioner@example.gov.uk"]
    assert mail.subject == "An audit of your work on case CR-777 is ready to read"
    link = f"https://qa.example.gov.uk/audits/{audit.pk}/"
    assert link in mail.body and "Dear Practitioner" in mail.body and "Team Leader" in mail.body
    html, mimetype = mail.alternatives[0]
    assert mimetype == "text/html" and f'href="{link}"' in html and "CR-777" in html
    for text in [mail.subject, mail.body, html]:
        assert "Doreen" not in text and "nan" not in text  # nothing the audit says about the child
        assert "requires" not in text.lower()  # nor its grade


def test_sharing_on_the_page_sends_the_email(
        client, cast, audit, mailoutbox, django_capture_on_commit_callbacks, eager_tasks):
    client.force_login(cast.head.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/audits/{audit.pk}/share/")
    assert response.status_code == 302
    assert [mail.to for mail in mailoutbox] == [["practitioner@example.gov.uk"]]
    assert "CR-777" in mailoutbox[0].subject


def test_a_share_refused_sends_nothing(cast, mailoutbox, django_capture_on_commit_callbacks, eager_tasks):
    draft = AuditFactory(auditor=cast.team_leader, case_holder=cast.practitioner)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(ValidationError, match="submitted"):
            share_audit(draft, acting_user=cast.team_leader.user)
    assert callbacks == [] and mailoutbox == []
    draft.refresh_from_db()
    assert draft.status == AuditStatus.DRAFT


def test_no_email_address_no_email_and_it_is_logged(
        cast, audit, mailoutbox, django_capture_on_commit_callbacks, eager_tasks, caplog):
    cast.practitioner.email = ""
    cast.practitioner.save()
    with caplog.at_level(logging.WARNING, logger="audits.alerts"):
        with django_capture_on_commit_callbacks(execute=True):
            share_audit(audit, acting_user=cast.team_leader.user)
    assert mailoutbox == []
    assert [(r.name, r.levelno, r.getMessage()) for r in caplog.records if r.name == "audits.alerts"] == [
        ("audits.alerts", logging.WARNING, f"Audit {audit.pk} shared: the case-holder has no e-mail address")]
    audit.refresh_from_db()
    assert audit.status == AuditStatus.SHARED  # the share stands


@pytest.mark.parametrize("email, expected", [
    ("practitioner@example.gov.uk", "told practitioner@example.gov.uk"),
    ("", "no case-holder e-mail"),
])
def test_what_the_task_reports(cast, audit, mailoutbox, email, expected):
    cast.practitioner.email = email
    cast.practitioner.save()
    assert tell_case_holder(audit.pk) == expected
    assert len(mailoutbox) == (1 if email else 0)
