"""The audits of a case, shown on the case's page (a section of cases.pages.CASE_PAGE)."""

from core.sections import Section

from .models import Audit


def audits_of_case(user, case) -> dict:
    audits = Audit.objects.visible_to(user).filter(case_reference=case.reference).select_related("auditor")
    return {"audits": audits}


SECTION = Section("audits/includes/case_audits.html", audits_of_case)
