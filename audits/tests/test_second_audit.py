"""Before an audit of a case starts, the auditor is told of a draft of the same case, a finished
audit of it in the last 12 months, and a case from outside where the duty asks (R61); they may
start anyway. A draft can be deleted by its auditor, and its history keeps it. The audit list's
"Audited in" offers the quarters an audit can be in, newest first."""

from datetime import timedelta

import pytest

from audits.models import Answer, Audit, AuditStatus
from audits.tests.factories import AuditFactory
from cases.tests.factories import CaseFactory
from schedule.models import CasesFrom
from schedule.tests.factories import DutyFactory, ResponsibilityFactory

from .test_new import details, today

pytestmark = pytest.mark.django_db


def start(client, cast, **fields):
    """The team leader starts a case file audit of CR-10042, of the practitioner's work."""
    client.force_login(cast.team_leader.user)
    return client.post("/audits/new/?type=case_file", details(cast, **fields))


def test_a_case_with_a_draft_and_a_recent_audit_warns_first_and_links_to_them(client, cast):
    mine = AuditFactory(auditor=cast.team_leader, case_reference="CR-10042", case_holder=cast.practitioner)
    finished = AuditFactory(auditor=cast.head, case_reference="CR-10042", case_holder=cast.practitioner,
                            status=AuditStatus.SUBMITTED, audited_on=today() - timedelta(days=90))
    response = start(client, cast)
    page = response.content.decode()
    assert response.status_code == 200 and Audit.objects.count() == 2  # nothing started yet
    assert "Check before you start this audit" in page
    assert "You have a draft case file audit by Team Leader" in page and f'href="{mine.get_absolute_url()}"' in page
    assert "within the last 12 months" in page and f'href="{finished.get_absolute_url()}"' in page
    assert 'value="CR-10042"' in page and "Start the audit anyway" in page  # what was typed is kept

    anyway = start(client, cast, start_anyway="True")
    assert anyway.status_code == 302 and Audit.objects.count() == 3


def test_a_case_with_no_other_audit_starts_at_once(client, cast):
    AuditFactory(auditor=cast.head, case_reference="CR-10042", status=AuditStatus.SUBMITTED,
                 audited_on=today() - timedelta(days=400))  # over a year ago
    assert start(client, cast).status_code == 302


def test_someone_elses_draft_is_named_without_a_link(client, cast):
    theirs = AuditFactory(auditor=cast.head, case_reference="CR-10042")
    page = start(client, cast).content.decode()
    assert "There is a draft case file audit by Head" in page and theirs.get_absolute_url() not in page


def test_a_case_from_outside_where_the_duty_asks_warns(client, cast):
    r61 = ResponsibilityFactory(ref="R61", record="audit:case_file", cases_from=CasesFrom.ANOTHER_TEAM)
    DutyFactory(responsibility=r61, owner=cast.team_leader, day=today())
    CaseFactory(reference="CR-10042", case_holder=cast.practitioner, team=cast.team_a)
    page = start(client, cast).content.decode()
    assert "This audit should be of a case from a team other than the auditor&#x27;s" in page


def test_the_auditor_deletes_a_draft_and_its_history_keeps_it(client, cast):
    draft = AuditFactory(auditor=cast.team_leader, case_reference="CR-10042")
    answer = Answer.objects.create(audit=draft, question=draft.tool.domains.first().questions.first(), text="So far")
    client.force_login(cast.team_leader.user)
    assert "Delete this draft" in client.get(f"/audits/{draft.pk}/edit/").content.decode()
    assert "Delete this draft audit?" in client.get(f"/audits/{draft.pk}/delete/").content.decode()
    response = client.post(f"/audits/{draft.pk}/delete/")
    assert response.status_code == 302 and response.url == "/audits/"
    assert not Audit.objects.filter(pk=draft.pk).exists() and not Answer.objects.filter(pk=answer.pk).exists()
    gone = Audit.history.filter(id=draft.pk).latest("history_date")
    assert (gone.history_type, gone.history_user, gone.history_change_reason) == (
        "-", cast.team_leader.user, "draft deleted")
    assert Answer.history.filter(id=answer.pk, history_type="-").exists()


def test_only_the_auditor_deletes_and_only_a_draft(client, cast):
    draft = AuditFactory(auditor=cast.team_leader, case_reference="CR-10042", case_holder=cast.practitioner)
    client.force_login(cast.head.user)
    assert client.post(f"/audits/{draft.pk}/delete/").status_code in (403, 404)
    submitted = AuditFactory(auditor=cast.team_leader, status=AuditStatus.SUBMITTED)
    client.force_login(cast.team_leader.user)
    assert client.post(f"/audits/{submitted.pk}/delete/").status_code == 302
    assert Audit.objects.filter(pk=submitted.pk).exists()


def test_audited_in_lists_quarters_newest_first_and_none_to_come(client, cast):
    client.force_login(cast.team_leader.user)
    choices = client.get("/audits/").context["form"].fields["quarter"].choices
    starts = [key for key, _ in choices if key]
    assert starts == sorted(starts, reverse=True) and all(key <= today().isoformat() for key in starts)
    assert "(now)" in choices[1][1]

