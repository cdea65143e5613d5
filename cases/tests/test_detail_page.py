"""A case's page: its details, the closure audits it raised, its audits and its history, for those
who may see it; 404 for anyone else."""

from datetime import date

import pytest

from audits.models import AuditStatus
from audits.tests.factories import AuditFactory
from cases.importing import import_cases
from cases.models import Case

from .factories import CaseFactory

pytestmark = pytest.mark.django_db


def test_a_case_i_may_not_see_is_not_found(client, cast):
    case = CaseFactory(case_holder=cast.practitioner)
    client.force_login(cast.outsider.user)
    assert client.get(f"/cases/{case.pk}/").status_code == 404
    client.force_login(cast.nqsw.user)
    assert client.get(f"/cases/{case.pk}/").status_code == 404
    assert client.get("/cases/999999/").status_code == 404


def test_the_page_shows_the_case_its_closure_audit_audits_and_history(client, cast, today, closure_audit):
    number = cast.practitioner.staff_number
    import_cases(f"case_reference,case_holder,opened_on\nCR-6001,{number},2025-06-01\n", today=date(2026, 4, 1),
                 acting_user=cast.head.user)
    import_cases(f"case_reference,case_holder,opened_on,closed_on\nCR-6001,{number},2025-06-01,2026-04-10\n",
                 today=today, acting_user=None)
    AuditFactory(case_reference="CR-6001", auditor=cast.team_leader, case_holder=cast.practitioner,
                 status=AuditStatus.SUBMITTED, audited_on=date(2026, 1, 9))
    case = Case.objects.get()
    client.force_login(cast.head.user)
    response = client.get(f"/cases/{case.pk}/")
    assert response.status_code == 200
    text = response.content.decode()
    assert '<h1 class="govuk-heading-l">CR-6001</h1>' in text
    assert "Audit case files on closure or transfer: case CR-6001" in text  # the service leader's duty
    assert "Case file audit</a>, 9 January 2026" in text
    assert "Closed 10 Apr 2026" in text and "The portal" in text and "Case list upload" in text
    # The team leader sees the case and its audit, not the service leader's duty.
    client.force_login(cast.team_leader.user)
    text = client.get(f"/cases/{case.pk}/").content.decode()
    assert "Case file audit</a>" in text and "Audit case files on closure" not in text
