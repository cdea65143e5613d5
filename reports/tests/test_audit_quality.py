"""Audit quality: the finished audits of the period by final grade, overall, by team, by quarter
and by domain, against the council's targets; what moderation changed; each number linking to
exactly the audits (or answers, or duties) it counts, for only what the user may see."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audits.models import AnswerKind, AuditStatus, Grade
from audits.tests.factories import AuditFactory, answer_every_question
from core.periods import local_date
from learning.tests.factories import theme
from people.access import moderates
from people.tests.factories import StaffMemberFactory
from reports.audit_quality import audit_quality, panel
from reports.figures import figures_in
from reports.scope import scope_for
from reports.tests.helpers import assert_figures_match_rows, rows_behind
from schedule.models import Status, Strand
from schedule.tests.factories import DutyFactory, ResponsibilityFactory

pytestmark = pytest.mark.django_db

DAY = date(2026, 11, 20)  # in Q3 2026/27
QUARTER = "quarter-2026-10"
IN_QUARTER = date(2026, 10, 14)


def scope_of(member, query=None, day=DAY):
    request = RequestFactory().get("/reports/", query or {"period": QUARTER})
    # A fresh user each time: what access caches on a user must not carry from one count to the next.
    request.user = get_user_model().objects.get(pk=member.user.pk)
    return scope_for(request, day=day)


def audit(auditor, holder, grade, status=AuditStatus.SUBMITTED, on=IN_QUARTER, themes=(), **fields):
    made = AuditFactory(
        auditor=auditor, case_holder=holder, overall_grade=grade, status=status, audited_on=on, **fields
    )
    if themes:
        made.learning_themes.set([theme(name) for name in themes])
    return made


@pytest.fixture
def holder_b(cast):
    """A case-holder in team B, under the head of service: not the team leader's to see."""
    return StaffMemberFactory(name="Holder B", team=cast.team_b, line_manager=cast.head, is_case_holder=True)


@pytest.fixture
def made(cast, holder_b):
    leader, practitioner = cast.team_leader, cast.practitioner
    found = {
        "good": audit(leader, practitioner, Grade.GOOD, themes=["Chronologies"]),
        "outstanding": audit(leader, practitioner, Grade.OUTSTANDING, AuditStatus.SHARED),
        "inadequate": audit(
            leader, practitioner, Grade.INADEQUATE, safeguarding_concern=True, themes=["Chronologies", "Planning"]
        ),
        "changed": audit(
            leader,
            practitioner,
            Grade.REQUIRES_IMPROVEMENT,
            AuditStatus.MODERATED,
            moderated_grade=Grade.GOOD,
            themes=["Chronologies"],
        ),
        "agreed": audit(leader, practitioner, Grade.GOOD, AuditStatus.ACKNOWLEDGED, moderated_grade=Grade.GOOD),
        "draft": audit(leader, practitioner, Grade.INADEQUATE, AuditStatus.DRAFT),
        "last_quarter": audit(leader, practitioner, Grade.INADEQUATE, on=date(2026, 8, 3)),
        "team_b_1": audit(cast.head, holder_b, Grade.INADEQUATE, safeguarding_concern=True, themes=["Planning"]),
        "team_b_2": audit(
            cast.head, holder_b, Grade.REQUIRES_IMPROVEMENT, AuditStatus.MODERATED, moderated_grade=Grade.INADEQUATE
        ),
        "no_team": audit(cast.head, None, Grade.NOT_APPLICABLE, audit_type="foster_carer_file", team=None),
        "elsewhere": audit(cast.outsider, cast.outsider, Grade.INADEQUATE),
    }
    for name, grade in [("good", Grade.GOOD), ("changed", Grade.REQUIRES_IMPROVEMENT), ("team_b_1", Grade.INADEQUATE)]:
        answer_every_question(found[name], grade)
    # The moderator raised the answers of the audit whose overall grade they changed.
    found["changed"].answers.filter(question__kind=AnswerKind.GRADE).update(moderated_grade=Grade.GOOD)

    audit_record = ResponsibilityFactory(role=cast.team_leader_role, record="audit:case_file", strand=Strand.AUDIT)
    due = date(2026, 10, 31)
    DutyFactory(
        responsibility=audit_record,
        owner=leader,
        status=Status.DONE,
        completed_on=date(2026, 10, 14),
        day=due,
        due_on=due,
    )
    DutyFactory(
        responsibility=audit_record, owner=leader, status=Status.OPEN, day=date(2026, 11, 30), due_on=date(2026, 11, 30)
    )
    DutyFactory(
        responsibility=ResponsibilityFactory(record="audit:supervision_file"),
        owner=cast.head,
        status=Status.OPEN,
        day=due,
        due_on=due,
    )  # the head's: not the team leader's
    DutyFactory(
        responsibility=ResponsibilityFactory(strand=Strand.AUDIT, record=""),
        owner=leader,
        status=Status.OPEN,
        day=due,
        due_on=due,
    )  # in the audit strand, but no audit does it
    return found


def grades_of(row) -> dict:
    return {grade: figure.value for grade, figure in zip(Grade.values, row.grades, strict=True)}


def test_the_team_leader_sees_the_grades_of_the_audits_finished_in_the_quarter(cast, made):
    found = audit_quality(scope_of(cast.team_leader))
    assert found.completed.value == 5  # not the draft, last quarter's, team B's or the outsider's
    assert grades_of(found.period) == {
        "outstanding": 1,
        "good": 3,
        "requires_improvement": 0,
        "inadequate": 1,
        "not_applicable": 0,
    }
    assert found.period.good_or_better.share == "80% (4 of 5)"
    assert found.period.inadequate.share == "20% (1 of 5)"
    assert found.concerns.value == 1
    assert [(theme.name, theme.audits.share) for theme in found.themes] == [
        ("Chronologies", "60% (3 of 5)"),
        ("Planning", "20% (1 of 5)"),
    ]


def test_the_grade_counted_is_the_moderators_where_moderation_changed_it(cast, made):
    found = audit_quality(scope_of(cast.team_leader))
    moderation = found.moderation
    assert (moderation.moderated.value, moderation.agreed.share, moderation.changed.value) == (2, "50% (1 of 2)", 1)
    assert [(change.auditor, change.moderator, change.audits.value) for change in moderation.changes] == [
        ("Requires improvement", "Good", 1)
    ]
    changed = rows_behind(cast.team_leader.user, moderation.changes[0].audits.link, DAY)
    assert list(changed) == [made["changed"]]
    good = rows_behind(cast.team_leader.user, found.period.grades[1].link, DAY)
    assert made["changed"] in good and made["changed"].overall_grade == Grade.REQUIRES_IMPROVEMENT
    # Its answers too count as the moderator graded them: no answer is below good.
    case_file = [table for table in found.grade_tables if table.key == "domain"][0]
    assert sum(grades_of(row)["requires_improvement"] for row in case_file.rows) == 0
    assert sum(grades_of(row)["good"] for row in case_file.rows) == sum(row.total.value for row in case_file.rows)


def test_each_share_is_set_against_the_councils_target(cast, made, settings):
    found = audit_quality(scope_of(cast.team_leader))
    assert found.good_or_better.verdict == "Meets the target of at least 40% good or better"
    assert found.inadequate.verdict == "Above the target of at most 10% inadequate"
    settings.AUDIT_TARGET_GOOD_OR_BETTER, settings.AUDIT_TARGET_INADEQUATE_AT_MOST = 81, 20
    found = audit_quality(scope_of(cast.team_leader))
    assert found.good_or_better.verdict == "Below the target of at least 81% good or better"
    assert found.inadequate.verdict == "Within the target of at most 20% inadequate"
    empty = audit_quality(scope_of(cast.team_leader, {"period": "quarter-2026-04"}))
    assert empty.good_or_better.met is None and empty.good_or_better.verdict.startswith("No graded audits")


def test_not_applicable_is_in_no_share(cast, made):
    found = audit_quality(scope_of(cast.head))
    assert found.completed.value == 8  # team A's five, team B's two, the foster carer file with no team
    teams = {row.label: row for row in found.grade_tables[0].rows}
    assert list(teams) == ["All teams", "Team A", "Team B", "No team"]
    assert teams["No team"].total.value == 1 and teams["No team"].good_or_better.share == "– (none)"
    assert teams["All teams"].good_or_better.share == "57% (4 of 7)"
    assert teams["Team B"].inadequate.share == "100% (2 of 2)"  # moderation made the second inadequate


def test_a_team_leader_never_sees_another_teams_audits(client, cast, made, holder_b):
    found = audit_quality(scope_of(cast.team_leader))
    assert [row.label for row in found.grade_tables[0].rows] == ["All teams", "Team A"]
    counted = set()
    for figure in figures_in(found):
        if "/rows/audits/" in figure.link or "/rows/answers/" in figure.link:
            counted |= {
                getattr(row, "audit", row).case_holder_id
                for row in rows_behind(cast.team_leader.user, figure.link, DAY)
            }
    assert counted == {cast.practitioner.id}
    client.force_login(cast.team_leader.user)
    assert client.get("/reports/", {"period": QUARTER, "team": cast.team_b.id}).status_code == 404
    other_team = client.get("/reports/rows/audits/", {"period": QUARTER, "audit_team": cast.team_b.id})
    assert other_team.status_code == 200 and other_team.context["page"].paginator.count == 0


def test_the_head_narrows_to_a_team(cast, made):
    found = audit_quality(scope_of(cast.head, {"period": QUARTER, "team": cast.team_b.id}))
    assert found.completed.value == 2
    assert [row.label for row in found.grade_tables[0].rows] == ["Team B"]
    assert found.concerns.value == 1


def test_planned_are_the_audit_duties_that_fell_due(cast, made):
    planned = audit_quality(scope_of(cast.team_leader)).planned
    assert planned.total.value == 2  # not the head's, nor the audit strand's duty that no audit does
    assert [figure.value for figure in planned.outcomes] == [1, 0, 0, 0, 1]
    assert "done_by=audit" in planned.total.link


def test_every_figure_counts_exactly_the_rows_it_links_to(cast, made):
    for member, query in [
        (cast.team_leader, None),
        (cast.head, None),
        (cast.head, {"period": QUARTER, "team": cast.team_a.id}),
        (cast.head, {"period": "month-2026-10"}),
        (cast.head, {"period": "year-2026-04", "strand": Strand.AUDIT}),
    ]:
        checked = assert_figures_match_rows(member.user, audit_quality(scope_of(member, query)), DAY)
        assert checked > 50


def test_the_trend_is_the_last_eight_quarters(cast, made):
    found = audit_quality(scope_of(cast.team_leader))
    trend = [table for table in found.grade_tables if table.key == "quarter"][0].rows
    assert len(trend) == 8
    assert [row.total.value for row in trend[-2:]] == [1, 5]
    assert "period=quarter-2026-07" in trend[-2].total.link and grades_of(trend[-2])["inadequate"] == 1
    month = audit_quality(scope_of(cast.team_leader, {"period": "month-2026-11"}))
    assert len([table for table in month.grade_tables if table.key == "quarter"][0].rows) == 8


def test_grades_by_domain_count_the_graded_answers(cast, made):
    found = audit_quality(scope_of(cast.head))
    domains = [table for table in found.grade_tables if table.key == "domain"]
    assert [table.caption for table in domains] == ["Case file audit: final grades of the answers, by domain"]
    rows = domains[0].rows
    assert rows[0].label == "Case records and chronology"
    graded = sum(row.total.value for row in rows)
    assert graded == 3 * len(
        [q for q in made["good"].tool.domains.all() for q in q.questions.all() if q.kind == AnswerKind.GRADE]
    )
    assert sum(grades_of(row)["inadequate"] for row in rows) == graded // 3  # team B's audit


def test_the_rows_pages_show_as_many_as_the_figures(client, cast, made):
    found = audit_quality(scope_of(cast.team_leader))
    client.force_login(cast.team_leader.user)
    for figure in [
        found.completed,
        found.period.good_or_better,
        found.concerns,
        found.moderation.changed,
        found.themes[0].audits,
        found.grade_tables[-1].rows[0].grades[1],
    ]:
        response = client.get(figure.link)
        assert response.status_code == 200
        assert response.context["page"].paginator.count == figure.value
    text = client.get(found.concerns.link).content.decode()
    assert made["inadequate"].case_reference in text and "Immediate safeguarding concern" in text
    download = client.get(found.grade_tables[-1].rows[0].total.link + "&download=csv")
    assert download.status_code == 200 and download["Content-Type"].startswith("text/csv")
    assert b"Domain" in b"".join(download.streaming_content)
    assert client.get("/reports/rows/audits/", {"period": QUARTER, "final_grade": "splendid"}).status_code == 404
    assert client.get("/reports/rows/audits/", {"period": QUARTER, "moderation": "maybe"}).status_code == 404


def test_the_dashboard_shows_the_panel(client, cast, made):
    client.force_login(cast.head.user)
    response = client.get("/reports/", {"period": QUARTER})
    assert response.status_code == 200
    text = response.content.decode()
    assert '<h2 id="audit-quality-heading" class="govuk-heading-l">Audit quality</h2>' in text
    assert "Meets the target of at least 40% good or better" in text
    assert "57% (4 of 7)" in text and 'class="app-chart"' in text
    assert (
        client.get("/reports/", {"period": QUARTER, "strand": Strand.AUDIT})
        .content.decode()
        .count('id="audit-quality-heading"')
        == 1
    )


def test_each_table_downloads_as_the_page_shows_it(client, cast, made):
    client.force_login(cast.head.user)
    for key, expected in [
        ("audit-quality-team", b"All teams,1,3,0,3,1,8,4,7,57,43"),
        ("audit-quality-quarter", b"Q3 2026/27"),
        ("audit-quality-domain-1", b"Case records and chronology"),
        ("audit-quality-moderation", b"Requires improvement,Inadequate,1"),
        ("audit-quality-themes", b"Chronologies,3,8,38"),
        ("audit-quality-planned", b"Audit duties"),
    ]:
        response = client.get("/reports/", {"period": QUARTER, "table": key, "download": "csv"})
        assert response.status_code == 200, key
        assert expected in b"".join(response.streaming_content), key


@pytest.mark.parametrize(
    "who, query",
    [
        ("practitioner", {"period": QUARTER}),
        ("head", {"period": QUARTER, "strand": Strand.SUPERVISION}),
    ],
)
def test_not_shown_to_a_practitioner_or_in_another_strand(cast, who, query):
    assert panel(scope_of(getattr(cast, who), query)) is None


def test_the_same_number_of_queries_however_many_audits(client, cast, holder_b):
    teams = [(cast.practitioner, cast.team_a), (holder_b, cast.team_b), (None, None)]
    grades = list(Grade.values)
    themes = ["Chronologies", "Planning", "Recording", "Assessment"]

    def add(numbers):
        for number in numbers:
            holder, team = teams[number % 3]
            made = audit(
                cast.head,
                holder,
                grades[number % 5],
                themes=themes[: number % 4],
                status=[AuditStatus.SUBMITTED, AuditStatus.MODERATED][number % 2],
                moderated_grade=grades[(number + 1) % 4] if number % 2 else "",
                team=team,
                safeguarding_concern=number % 4 == 0,
                on=date(2026, 10 - number % 9 // 3 * 3, 5),
            )
            if number % 3 == 0:
                answer_every_question(made, grades[number % 4])

    def queries():
        scope = scope_of(cast.head)
        moderates(scope.user)  # asked by the audits' access rule once a request, then cached
        with CaptureQueriesContext(connection) as captured:
            audit_quality(scope)
        panel_queries = len(captured)
        client.force_login(cast.head.user)
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/reports/", {"period": QUARTER}).status_code == 200
        return panel_queries, len(captured)

    add(range(3))
    three = queries()
    add(range(3, 30))
    assert queries() == three
    assert three[0] == 7


def test_the_month_at_a_glance_counts_as_the_panel_does(client, cast, holder_b):
    """Where they overlap (one month's audits the user sees), the two pages give the same numbers."""
    today = local_date(timezone.now())
    on = today.replace(day=1)
    for grade, status, moderated in [
        (Grade.GOOD, AuditStatus.SUBMITTED, ""),
        (Grade.REQUIRES_IMPROVEMENT, AuditStatus.MODERATED, Grade.GOOD),
        (Grade.GOOD, AuditStatus.MODERATED, Grade.INADEQUATE),
        (Grade.OUTSTANDING, AuditStatus.SHARED, ""),
    ]:
        audit(cast.team_leader, cast.practitioner, grade, status, on=on, moderated_grade=moderated)
    audit(cast.head, holder_b, Grade.GOOD, on=on)
    client.force_login(cast.head.user)
    glance = client.get("/audits/month/").context
    found = audit_quality(scope_of(cast.head, {"period": f"month-{on:%Y-%m}"}, day=today))
    assert glance["totals"]["count"] == found.completed.value == 5
    assert (
        [count for _, count in glance["grades"]] == [figure.value for figure in found.period.grades[:4]] == [1, 3, 0, 1]
    )
    assert glance["agreement"]["moderated"] == found.moderation.moderated.value == 2
    assert glance["agreement"]["agreed"] == found.moderation.agreed.value == 0
