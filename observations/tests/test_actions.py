"""Recording an observation: the observer's duty of the matching kind (a conference's, a review's,
or else practice, twice a quarter where the table says so), the yearly coverage of each
practitioner by a team leader or above, each IRO observed chairing a LAC review, late records,
and history. Changing one never completes anything again."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from observations.actions import change_observation, record_feedback, record_observation
from observations.models import Setting
from people.tests.factories import RoleAssignmentFactory, RoleFactory
from schedule.models import AppliesTo, Duty, Status
from schedule.planner import plan_duties
from schedule.tests.factories import ResponsibilityFactory

pytestmark = pytest.mark.django_db

MAY = date(2026, 5, 12)
YEAR = date(2026, 4, 1)  # the financial year 2026/27 (duties are planned for the next one too)


def observe(observer, practitioner, *, on=MAY, setting=Setting.HOME_VISIT, **fields):
    return record_observation(
        acting_user=observer.user, practitioner=practitioner, observed_on=on, setting=setting,
        went_well="Clear and warm with the family", **fields,
    )


def done_tasks(done) -> set[tuple]:
    return {(d.owner.user.username, d.responsibility.ref, d.occurrence, getattr(d.subject_staff, "name", None))
            for d in done}


@pytest.fixture
def table(cast, today, clock):
    """The table's observation rows, held by the cast: the head owes R34 (two a quarter) and R39,
    the team leader a conference (R54-like) and a review (R55-like) a quarter and, as the
    practitioners' service leader would, R59; the head owes the IRO coverage (R69) about their reports."""
    ResponsibilityFactory(ref="R34", role=cast.head_role, task="Undertake 2 observation visits with staff",
                          frequency="quarterly", count=2, strand="observation", record="observation:practice")
    ResponsibilityFactory(ref="R39", role=cast.head_role, task="Observe a practitioner from own service",
                          frequency="quarterly", strand="observation", record="observation:practice")
    ResponsibilityFactory(ref="R54", role=cast.team_leader_role, task="Observe a child protection conference",
                          frequency="quarterly", strand="observation", record="observation:cp_conference")
    ResponsibilityFactory(ref="R55", role=cast.team_leader_role, task="Observe a LAC review",
                          frequency="quarterly", strand="observation", record="observation:lac_review")
    ResponsibilityFactory(ref="R59", role=cast.head_role, task="Every practitioner observed each year",
                          frequency="financial_year", applies_to=AppliesTo.PRACTITIONERS, strand="observation",
                          record="observation:practitioner")
    ResponsibilityFactory(ref="R69", role=cast.head_role, task="Every IRO observed chairing a LAC review",
                          frequency="annual", applies_to=AppliesTo.REPORTS, strand="observation",
                          record="observation:iro")
    plan_duties(today)
    clock.move_to(MAY)  # when the observations are recorded, unless a test says otherwise
    return cast


def test_an_observation_of_practice_completes_the_observers_duty_and_the_practitioners_coverage(table):
    observation, done = observe(table.head, table.practitioner)
    assert done_tasks(done) == {("head", "R34", 1, None), ("head", "R59", 1, "Practitioner")}
    for duty in Duty.objects.filter(pk__in=[d.pk for d in done]):
        assert (duty.status, duty.record, duty.completed_on, duty.completed_by) == (
            Status.DONE, observation, MAY, table.head.user)
        assert not duty.done_late


def test_two_observation_visits_a_quarter_then_the_other_practice_duty(table):
    # R34 asks for two a quarter; R39 for one: three observations complete all three, no more.
    first = done_tasks(observe(table.head, table.practitioner)[1])
    second = done_tasks(observe(table.head, table.nqsw, on=date(2026, 5, 20))[1])
    third = done_tasks(observe(table.head, table.team_leader, on=date(2026, 6, 2))[1])
    fourth = done_tasks(observe(table.head, table.practitioner, on=date(2026, 6, 9))[1])
    owed = {t for t in first | second | third | fourth if t[3] is None}
    assert owed == {("head", "R34", 1, None), ("head", "R34", 2, None), ("head", "R39", 1, None)}
    # and the coverage (R59) of each practitioner observed: the team leader is not one
    assert len(first | second | third) == 3 + 2
    assert fourth == set()  # the practitioner was covered already, and no practice duty is left
    r34 = Duty.objects.filter(responsibility__ref="R34", period_start=date(2026, 4, 1)).order_by("occurrence")
    assert [d.status for d in r34] == [Status.DONE, Status.DONE]


def test_a_conference_completes_the_conference_duty_then_counts_as_practice(table):
    _, done = observe(table.team_leader, table.practitioner, setting=Setting.CP_CONFERENCE)
    assert ("team_leader", "R54", 1, None) in done_tasks(done)
    # The head owes no conference duty: their conference observation counts as practice observed.
    _, done = observe(table.head, table.nqsw, setting=Setting.CP_CONFERENCE)
    assert ("head", "R34", 1, None) in done_tasks(done)


def test_a_second_conference_in_the_quarter_counts_as_practice_when_practice_is_owed(table):
    R17 = ResponsibilityFactory(ref="R17", role=table.team_leader_role, task="Practice review observation",
                                frequency="quarterly", strand="observation", record="observation:practice")
    plan_duties(date(2026, 4, 15))
    observe(table.team_leader, table.practitioner, setting=Setting.CP_CONFERENCE)
    _, done = observe(table.team_leader, table.nqsw, setting=Setting.CP_CONFERENCE, on=date(2026, 5, 30))
    assert {t[1] for t in done_tasks(done)} == {R17.ref, "R59"}


def test_a_home_visit_never_completes_a_conference_duty(table):
    _, done = observe(table.team_leader, table.practitioner, setting=Setting.HOME_VISIT)
    assert {t[1] for t in done_tasks(done)} == {"R59"}
    assert Duty.objects.get(responsibility__ref="R54", period_start=date(2026, 4, 1)).status == Status.OPEN


def test_a_lac_review_completes_the_review_duty_and_the_iros_coverage(table):
    # The team leader is one of the head's reports, so the head owes their IRO coverage (R69).
    _, done = observe(table.team_leader, table.nqsw, setting=Setting.LAC_REVIEW)
    assert ("team_leader", "R55", 1, None) in done_tasks(done)
    _, done = observe(table.head, table.team_leader, setting=Setting.LAC_REVIEW)
    assert done_tasks(done) == {("head", "R34", 1, None), ("head", "R69", 1, "Team Leader")}


def test_only_a_lac_review_covers_an_iro(table):
    _, done = observe(table.head, table.team_leader, setting=Setting.CP_CONFERENCE)
    assert "R69" not in {t[1] for t in done_tasks(done)}
    coverage = Duty.objects.get(responsibility__ref="R69", subject_staff=table.team_leader, period_start=YEAR)
    assert coverage.status == Status.OPEN


@pytest.mark.parametrize("observer, counts", [
    ("team_leader", True),  # above the practitioner in the line
    ("head", True),  # holds a role that oversees the service
    ("nqsw", False),  # a colleague
    ("outsider", False),  # nobody's manager here
])
def test_coverage_needs_a_team_leader_or_above(table, observer, counts):
    _, done = observe(getattr(table, observer), table.practitioner)
    assert (("head", "R59", 1, "Practitioner") in done_tasks(done)) is counts
    assert Duty.objects.get(responsibility__ref="R59", subject_staff=table.practitioner, period_start=YEAR).status == (
        Status.DONE if counts else Status.OPEN)


def test_a_role_that_oversees_staff_counts_only_while_it_is_held(table):
    # The outsider holds an overseeing role from 1 June only: not yet on 12 May, so not yet counted.
    RoleAssignmentFactory(staff=table.outsider, role=RoleFactory(name="Principal Social Worker",
                                                                  oversees_scope=True),
                          starts_on=date(2026, 6, 1))
    _, done = observe(table.outsider, table.practitioner, on=MAY)
    assert "R59" not in {t[1] for t in done_tasks(done)}
    _, done = observe(table.outsider, table.practitioner, on=date(2026, 6, 3))
    assert "R59" in {t[1] for t in done_tasks(done)}


def test_an_observation_recorded_late_completes_the_missed_duty_marked_late(table, clock):
    # Nothing recorded in the first quarter: its duties are overdue by July.
    clock.move_to(date(2026, 7, 2))
    plan_duties(date(2026, 7, 2))
    missed = Duty.objects.get(responsibility__ref="R39", period_start=date(2026, 4, 1))
    assert missed.status == Status.OPEN and missed.is_overdue(date(2026, 7, 2))
    # An observation of June, recorded in July once the quarter's duty has gone overdue.
    observation, done = observe(table.head, table.practitioner, on=date(2026, 6, 24))
    first_quarter = Duty.objects.get(responsibility__ref="R34", period_start=date(2026, 4, 1), occurrence=1)
    assert first_quarter.pk in [d.pk for d in done]
    first_quarter.refresh_from_db()
    assert (first_quarter.status, first_quarter.record, first_quarter.completed_on) == (
        Status.DONE, observation, date(2026, 6, 24))
    assert first_quarter.done_late
    # One of July completes this quarter's duty; a missed quarter is not made up by the next one's work.
    _observation, done = observe(table.head, table.practitioner, on=date(2026, 7, 8))
    assert {d.period_start for d in done if d.responsibility.ref == "R34"} == {date(2026, 7, 1)}


def test_an_observation_of_oneself_is_refused(table):
    with pytest.raises(ValidationError):
        observe(table.head, table.head)
    assert not Duty.objects.filter(status=Status.DONE).exists()


def test_history_of_recording_changing_and_feedback(table):
    observation, _ = observe(table.team_leader, table.practitioner, to_develop="Use the genogram")
    change_observation(observation, acting_user=table.team_leader.user, to_develop="Use the genogram more",
                       went_well="Clear and warm with the family")
    record_feedback(observation, acting_user=table.team_leader.user, on=date(2026, 5, 14))
    rows = list(observation.history.order_by("history_id"))
    assert [(r.history_type, r.history_change_reason, r.history_user) for r in rows] == [
        ("+", "recorded", table.team_leader.user),
        ("~", "changed", table.team_leader.user),
        ("~", "feedback given", table.team_leader.user),
    ]
    assert rows[0].to_develop == "Use the genogram" and rows[1].to_develop == "Use the genogram more"
    assert rows[2].feedback_given_on == date(2026, 5, 14)


def test_a_change_that_changes_nothing_writes_no_history(table):
    observation, _ = observe(table.team_leader, table.practitioner)
    change_observation(observation, acting_user=table.team_leader.user, went_well="Clear and warm with the family")
    assert observation.history.count() == 1


def test_changing_an_observation_never_completes_duties_again(table):
    observation, done = observe(table.team_leader, table.practitioner, setting=Setting.HOME_VISIT)
    before = set(Duty.objects.filter(status=Status.DONE).values_list("pk", "record_id"))
    change_observation(observation, acting_user=table.team_leader.user, setting=Setting.CP_CONFERENCE,
                       practitioner=table.nqsw, observed_on=date(2026, 5, 13))
    assert set(Duty.objects.filter(status=Status.DONE).values_list("pk", "record_id")) == before
    assert Duty.objects.get(responsibility__ref="R54", period_start=date(2026, 4, 1)).status == Status.OPEN


def test_feedback_is_given_on_or_after_the_observation(table):
    observation, _ = observe(table.team_leader, table.practitioner)
    with pytest.raises(ValidationError):
        record_feedback(observation, acting_user=table.team_leader.user, on=date(2026, 5, 1))
