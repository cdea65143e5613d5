"""A standard's page: its details, the current audit questions that test it, its reviews and history."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audits.models import AuditTheme, AuditTool
from audits.tools import as_text, save_version
from standards.models import Standard

from .conftest import login
from .factories import StandardFactory, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def standard(cast):
    return StandardFactory(title="Chronologies practice standard", code="chronologies", owner=cast.team_leader)


def tag(text: str, start: str, code: str) -> str:
    return "\n".join(f"{line} [standard: {code}]" if line.split(": ", 1)[-1].startswith(start) else line
                     for line in text.splitlines()) + "\n"


def test_the_page_shows_the_document_and_who_owns_it(client, cast, standard):
    text = login(client, cast.practitioner).get(f"/standards/{standard.pk}/").content.decode()
    assert "Chronologies practice standard" in text and "Team Leader" in text
    assert standard.link in text
    assert "Record a review" not in text  # not theirs


def test_the_owner_may_record_a_review_and_change_it(client, cast, standard):
    text = login(client, cast.team_leader).get(f"/standards/{standard.pk}/").content.decode()
    assert f"/standards/{standard.pk}/review/" in text and f"/standards/{standard.pk}/edit/" in text


def test_it_lists_the_questions_of_current_tools_that_test_it(client, cast, standard):
    shipped = as_text(AuditTool.objects.current("case_file"))
    save_version("case_file", tag(shipped, "The chronology is up to date", "chronologies"))  # version 2
    theme = AuditTheme.objects.create(audit_type="themed", title="Chronologies in CIN plans", set_by="SMT")
    themed = "title: Chronologies\n## Records\nyes_no: A chronology is on file [standard: chronologies]\n"
    save_version("themed", themed, theme=theme)
    save_version("case_file", tag(shipped, "The case summary has been updated", "chronologies"))
    questions = list(login(client, cast.practitioner).get(f"/standards/{standard.pk}/").context["questions"])
    assert [q.text for q in questions] == [
        "The case summary has been updated in the last three months",  # the current case file tool only
        "A chronology is on file",
    ]


def test_it_shows_reviews_and_history(client, cast, standard):
    standard.record_review(acting_user=cast.team_leader.user, reviewed_on=today(), note="Updated for new guidance",
                           version="2.0", next_review_on=today() + timedelta(days=365))
    text = login(client, cast.practitioner).get(f"/standards/{standard.pk}/").content.decode()
    assert "Updated for new guidance" in text and "1.0 to 2.0" in text
    assert "Reviewed" in text and "Team Leader" in text


def test_partners_and_unknown_standards_are_404(client, cast, partner, standard):
    assert login(client, partner).get(f"/standards/{standard.pk}/").status_code == 404
    assert login(client, cast.head).get("/standards/999999/").status_code == 404


def test_queries_do_not_grow_with_reviews_history_or_questions(client, cast, standard):
    login(client, cast.practitioner)

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/standards/{standard.pk}/").status_code == 200
        return len(captured)

    save_version("case_file", "title: T\n## D\nyes_no: Q [standard: chronologies]\n")
    before = count()
    for n in range(5):
        Standard.objects.get(pk=standard.pk).record_review(
            acting_user=cast.team_leader.user, reviewed_on=today(), note=f"Review {n}",
            next_review_on=today() + timedelta(days=30 + n))
    save_version("case_file", "title: T\n## D\n" + "".join(f"yes_no: Q{n} [standard: chronologies]\n"
                                                              for n in range(6)))
    assert count() == before
