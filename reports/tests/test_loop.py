"""Closing the loop: for each learning theme, the grades of the audits tagged with it before and
after its actions were done, each number linking to exactly the audits or actions it counts."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from audits.models import AuditStatus, Grade
from audits.tests.factories import AuditFactory
from learning.models import Status
from learning.tests.factories import ActionFactory, theme
from people.access import moderates
from people.tests.factories import StaffMemberFactory
from reports.loop import closing_the_loop, panel
from reports.scope import scope_for
from reports.tests.helpers import assert_figures_match_rows, rows_behind
from schedule.models import Strand

pytestmark = pytest.mark.django_db

DAY = date(2026, 11, 20)
QUARTER = "quarter-2026-10"
DONE_ON = date(2026, 9, 10)


def scope_of(member, query=None):
    request = RequestFactory().get("/reports/", query or {"period": QUARTER})
    request.user = get_user_model().objects.get(pk=member.user.pk)
    return scope_for(request, day=DAY)


def audit(auditor, holder, grade, on, themes, status=AuditStatus.SUBMITTED, **fields):
    made = AuditFactory(
        auditor=auditor, case_holder=holder, overall_grade=grade, audited_on=on, status=status, **fields
    )
    made.learning_themes.set([theme(name) for name in themes])
    return made


def action(owner, themes, done_on=None, status=Status.OPEN):
    fields = (
        {"status": Status.DONE, "evidence": "Done and checked", "completed_on": done_on}
        if done_on
        else {"status": status}
    )
    made = ActionFactory(owner=owner, raised_by=owner, **fields)
    made.themes.set([theme(name) for name in themes])
    return made


@pytest.fixture
def holder_b(cast):
    return StaffMemberFactory(name="Holder B", team=cast.team_b, line_manager=cast.head, is_case_holder=True)


@pytest.fixture
def made(cast, holder_b):
    leader, practitioner = cast.team_leader, cast.practitioner
    # Chronologies: the team's actions all done, the last on DONE_ON.
    action(leader, ["Chronologies"], done_on=date(2026, 7, 1))
    action(practitioner, ["Chronologies", "Recording"], done_on=DONE_ON)
    for grade, on in [
        (Grade.REQUIRES_IMPROVEMENT, date(2026, 3, 2)),
        (Grade.GOOD, date(2026, 6, 1)),
        (Grade.INADEQUATE, DONE_ON),
        (Grade.NOT_APPLICABLE, date(2026, 8, 1)),
    ]:
        audit(leader, practitioner, grade, on, ["Chronologies"])
    for grade, on, fields in [
        (Grade.GOOD, date(2026, 9, 11), {}),
        (
            Grade.REQUIRES_IMPROVEMENT,
            date(2026, 10, 5),
            {"status": AuditStatus.MODERATED, "moderated_grade": Grade.OUTSTANDING},
        ),
        (Grade.REQUIRES_IMPROVEMENT, date(2026, 11, 2), {}),
    ]:
        audit(leader, practitioner, grade, on, ["Chronologies"], **fields)
    audit(leader, practitioner, Grade.GOOD, date(2027, 1, 4), ["Chronologies"])  # after the period
    audit(leader, practitioner, Grade.GOOD, date(2026, 10, 1), ["Chronologies"], status=AuditStatus.DRAFT)
    # Team B's: not the team leader's to see; its open action holds the theme open for the head.
    audit(cast.head, holder_b, Grade.INADEQUATE, date(2026, 10, 9), ["Chronologies"])
    action(holder_b, ["Chronologies"])
    # Voice of the child: an action still open.
    action(leader, ["Voice of the child"], done_on=date(2026, 5, 1))
    action(practitioner, ["Voice of the child"], status=Status.IN_PROGRESS)
    audit(leader, practitioner, Grade.GOOD, date(2026, 4, 1), ["Voice of the child"])
    audit(leader, practitioner, Grade.INADEQUATE, date(2026, 10, 1), ["Voice of the child"])
    # Planning: audits, no actions. Recording: an action, no audits.
    audit(leader, practitioner, Grade.OUTSTANDING, date(2026, 2, 1), ["Planning"])
    # The outsider's: seen by none of the cast.
    audit(cast.outsider, cast.outsider, Grade.INADEQUATE, date(2026, 10, 1), ["Assessment"])
    action(cast.outsider, ["Assessment", "Chronologies"])


def by_name(found) -> dict:
    return {row.name: row for row in found}


def test_before_and_after_the_actions_were_done(cast, made):
    found = by_name(closing_the_loop(scope_of(cast.team_leader)))
    assert list(found) == ["Chronologies", "Planning", "Recording", "Voice of the child"]
    chronologies = found["Chronologies"]
    assert chronologies.done_on == DONE_ON
    assert (chronologies.actions.value, chronologies.still_open.value) == (2, 0)
    # Before: on or before the day, "not applicable" left out; after: up to the period's end.
    assert chronologies.before.good_or_better.share == "33% (1 of 3)"
    assert chronologies.after.good_or_better.share == "67% (2 of 3)"  # moderation made one outstanding
    assert chronologies.change == 33 and chronologies.change_words == "up 33 points"


def test_a_theme_with_an_action_outstanding_has_only_a_before(cast, made):
    found = by_name(closing_the_loop(scope_of(cast.team_leader)))
    voice = found["Voice of the child"]
    assert voice.done_on is None and voice.after is None and voice.change is None
    assert (voice.actions.value, voice.still_open.value) == (2, 1)
    assert voice.before.good_or_better.share == "50% (1 of 2)"
    planning, recording = found["Planning"], found["Recording"]
    assert planning.actions.value == 0 and planning.after is None and planning.before.graded.value == 1
    assert recording.done_on == DONE_ON and recording.before.graded.value == 0
    assert recording.after.good_or_better.share == "– (none)" and recording.change_words == "–"


def test_each_sees_only_the_audits_and_actions_they_may_see(cast, made):
    head = by_name(closing_the_loop(scope_of(cast.head)))
    chronologies = head["Chronologies"]
    # Team B's open action holds the theme open for the head; its audit is the head's to count.
    assert chronologies.done_on is None and chronologies.still_open.value == 1
    assert chronologies.before.graded.value == 7
    assert "Assessment" not in head
    team_b = by_name(closing_the_loop(scope_of(cast.head, {"period": QUARTER, "team": cast.team_b.id})))
    assert list(team_b) == ["Chronologies"]
    assert (team_b["Chronologies"].actions.value, team_b["Chronologies"].before.graded.value) == (1, 1)


def test_every_figure_counts_exactly_the_rows_it_links_to(cast, made):
    for member, query in [
        (cast.team_leader, None),
        (cast.head, None),
        (cast.head, {"period": QUARTER, "team": cast.team_a.id}),
        (cast.head, {"period": "quarter-2026-07"}),
    ]:
        loop = panel(scope_of(member, query))
        assert assert_figures_match_rows(member.user, loop.data, DAY) >= 8


def test_the_rows_pages_show_as_many_as_the_figures(client, cast, made):
    chronologies = by_name(closing_the_loop(scope_of(cast.team_leader)))["Chronologies"]
    client.force_login(cast.team_leader.user)
    for figure in [chronologies.before.graded, chronologies.after.good_or_better, chronologies.actions]:
        response = client.get(figure.link)
        assert response.status_code == 200
        assert response.context["page"].paginator.count == figure.value
    after = rows_behind(cast.team_leader.user, chronologies.after.graded.link, DAY)
    assert {row.audited_on for row in after} == {date(2026, 9, 11), date(2026, 10, 5), date(2026, 11, 2)}
    text = client.get(chronologies.before.graded.link).content.decode()
    assert "On or before 10 Sep 2026" in text and "Chronologies" in text
    assert client.get("/reports/rows/themed-audits/", {"audited_after": "10/09/2026"}).status_code == 404
    assert client.get("/reports/rows/theme-actions/", {"state": "forgotten"}).status_code == 404


def test_the_dashboard_shows_the_panel(client, cast, made):
    client.force_login(cast.team_leader.user)
    text = client.get("/reports/", {"period": QUARTER}).content.decode()
    assert 'id="closing-the-loop-heading"' in text and "did the learning change practice?" in text
    assert "actions still open (" in text and "up 33 points" in text and "10 Sep 2026" in text


def test_the_table_downloads_as_the_page_shows_it(client, cast, made):
    client.force_login(cast.team_leader.user)
    response = client.get("/reports/", {"period": QUARTER, "table": "closing-the-loop", "download": "csv"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode()
    assert "Chronologies,2,0,2026-09-10,3,1,33,3,2,67,33" in text
    assert "Voice of the child,2,1,,2,1,50,,,," in text


@pytest.mark.parametrize(
    "who, query",
    [
        ("practitioner", {"period": QUARTER}),
        ("head", {"period": QUARTER, "strand": Strand.COMPLAINTS}),
    ],
)
def test_not_shown_to_a_practitioner_or_in_another_strand(cast, who, query):
    assert panel(scope_of(getattr(cast, who), query)) is None


def test_one_query_however_many_themes_audits_and_actions(cast, holder_b):
    names = ["Chronologies", "Planning", "Recording", "Assessment", "Supervision", "Voice of the child"]

    def add(numbers):
        for number in numbers:
            themes = names[number % 6 : number % 6 + 1 + number % 3]
            holder = [cast.practitioner, holder_b][number % 2]
            audit(cast.head, holder, list(Grade.values)[number % 5], date(2026, 1 + number % 11, 3), themes)
            action(holder, themes, done_on=date(2026, 1 + number % 10, 1) if number % 4 else None)

    def queries():
        scope = scope_of(cast.head)
        moderates(scope.user)  # asked by the audits' access rule once a request, then cached
        with CaptureQueriesContext(connection) as captured:
            closing_the_loop(scope)
        return len(captured)

    add(range(3))
    three = queries()
    add(range(3, 30))
    assert queries() == three == 1
