"""import_cases: the case list checked row by row, loaded all or nothing, upserted by reference, and
closures and transfers raising their audit duties once, for the holders whose role covers the team."""

from datetime import date

import pytest

from cases.importing import import_cases
from cases.models import Case
from core.csvfile import ImportFailed
from people.tests.factories import RoleAssignmentFactory, RoleFactory, StaffMemberFactory
from schedule.models import Duty, Status
from schedule.tests.factories import ResponsibilityFactory

from .factories import CaseFactory

pytestmark = pytest.mark.django_db

HEADER = "case_reference,case_holder,team,opened_on,closed_on,transferred_on\n"


def csv(*lines: str, header: str = HEADER) -> str:
    return header + "".join(f"{line}\n" for line in lines)


def problems(data, today) -> list[str]:
    with pytest.raises(ImportFailed) as failed:
        import_cases(data, today=today, acting_user=None)
    return failed.value.errors


def test_a_list_loads_with_each_case_in_its_case_holders_team(cast, today):
    number = cast.practitioner.staff_number
    result = import_cases(
        csv(f"CR-1001,{number},,2025-06-01,,", f"CR-1002,{number},Team B,01/03/2026,,", "CR-1003,,Team B,2026-01-05,,"),
        today=today, acting_user=cast.head.user,
    )
    assert (result.created, result.updated, result.ended, result.duties_raised) == (3, 0, 0, 0)
    assert str(result) == "3 new, 0 updated, 0 closed or transferred, 0 duties raised"
    cases = {case.reference: case for case in Case.objects.all()}
    assert cases["CR-1001"].team == cast.team_a and cases["CR-1001"].case_holder == cast.practitioner
    assert cases["CR-1002"].team == cast.team_b and cases["CR-1002"].opened_on == date(2026, 3, 1)
    assert cases["CR-1003"].case_holder is None
    assert {case.last_listed_on for case in cases.values()} == {today}
    entry = cases["CR-1001"].history.get()
    assert entry.history_user == cast.head.user and entry.history_change_reason == "case list upload"


def test_every_problem_is_reported_by_line_and_column_and_nothing_is_loaded(cast, today):
    number = cast.practitioner.staff_number
    data = csv(
        f"CR-2001,{number},,2025-06-01,,",  # fine
        f"Jane Smith,{number},,2025-06-01,,",
        "CR-2003,NOBODY,,2025-06-01,,",
        f"CR-2004,{number},Team Z,2025-06-01,,",
        f"CR-2005,{number},,,,",
        f"CR-2006,{number},,2026-05-01,,",
        f"CR-2007,{number},,2025-06-01,2025-05-01,",
        f"CR-2008,{number},,2025-06-01,,31/02/2026",
        f"CR-2001,{number},,2025-06-01,,",
        ",,,2025-06-01,,",
    )
    assert problems(data, today) == [
        "line 3, column case_reference: is not a case reference as the case management system writes it",
        "line 4, column case_holder: nobody has staff number NOBODY in the portal",
        "line 5, column team: 'Team Z' is not a team in the portal",
        "line 6, column opened_on: is empty",
        "line 7, column opened_on: 01/05/2026 is in the future",
        "line 8, column closed_on: 01/05/2025 is before the case opened (01/06/2025)",
        "line 9, column transferred_on: '31/02/2026' is not a date (use 2026-04-01 or 01/04/2026)",
        "line 10, column case_reference: CR-2001 is also on line 2",
        "line 11, column case_reference: is empty",
        "line 11, column team: is empty: a case with no case-holder needs its team",
    ]
    assert not Case.objects.exists()


def test_a_name_where_the_reference_should_be_is_never_repeated_back(cast, today):
    [problem] = problems(csv(f"Jane Smith,{cast.practitioner.staff_number},,2025-06-01,,"), today)
    assert "Jane" not in problem


@pytest.mark.parametrize("data, expected", [
    ("", ["line 1: the file is empty"]),
    ("case_reference,opened_on\n", ["line 1, column case_holder: is missing"]),
    ("case_reference,case_holder,opened_on,child_name\nCR-1,S1,2025-01-01,x\n",
     ["line 1, column child_name: is not a column of this file"]),
    (b"case_reference,case_holder,opened_on\n\xff\n", ["line 2: is not UTF-8 text (save the file as CSV UTF-8)"]),
])
def test_a_file_that_cannot_be_read_says_why(cast, today, data, expected):
    assert problems(data, today) == expected


def test_reloading_updates_by_reference_and_keeps_what_a_missing_column_does_not_say(cast, today):
    number = cast.practitioner.staff_number
    import_cases(csv(f"CR-3001,{number},,2025-06-01,,", f"CR-3002,{number},,2025-06-01,,"),
                 today=date(2026, 4, 1), acting_user=None)
    case = Case.objects.get(reference="CR-3002")
    case.team = cast.team_b
    case.save()
    header = "case_reference,case_holder,opened_on\n"
    result = import_cases(
        csv(f"CR-3001,{number},2025-06-01", f"CR-3002,{cast.nqsw.staff_number},2025-06-01", header=header),
        today=today, acting_user=None,
    )
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    assert Case.objects.count() == 2
    moved = Case.objects.get(reference="CR-3002")
    assert moved.case_holder == cast.nqsw and moved.team == cast.nqsw.team  # no team column: the holder's
    assert Case.objects.get(reference="CR-3001").history.count() == 1  # listed again, nothing changed
    assert set(Case.objects.values_list("last_listed_on", flat=True)) == {today}


def test_a_blank_in_a_column_the_file_has_clears_the_field(cast, today):
    number = cast.practitioner.staff_number
    import_cases(csv(f"CR-3101,{number},,2025-06-01,2026-04-01,"), today=today, acting_user=None)
    import_cases(csv(f"CR-3101,{number},,2025-06-01,,"), today=today, acting_user=None)
    assert Case.objects.get().closed_on is None


def test_open_cases_the_file_leaves_out_are_counted_and_left_alone(cast, today):
    CaseFactory(reference="CR-OLD", case_holder=cast.practitioner, last_listed_on=date(2026, 3, 1))
    CaseFactory(reference="CR-SHUT", case_holder=cast.practitioner, closed_on=date(2026, 2, 1))
    result = import_cases(csv(f"CR-3201,{cast.practitioner.staff_number},,2025-06-01,,"), today=today,
                          acting_user=None)
    assert result.not_listed == 1
    assert str(result).endswith("; 1 open in the portal but not in this file (left as they are)")
    assert Case.objects.get(reference="CR-OLD").last_listed_on == date(2026, 3, 1)


# Closures and transfers


def test_a_case_newly_closed_raises_the_audit_for_the_service_leader_over_its_team(cast, today, closure_audit):
    number = cast.practitioner.staff_number
    import_cases(csv(f"CR-4001,{number},,2025-06-01,,", f"CR-4002,{number},,2025-06-01,,"), today=date(2026, 4, 1),
                 acting_user=None)
    data = csv(f"CR-4001,{number},,2025-06-01,2026-04-10,", f"CR-4002,{number},,2025-06-01,,")
    result = import_cases(data, today=today, acting_user=cast.head.user)
    assert (result.updated, result.ended, result.duties_raised) == (1, 1, 1)
    duty = Duty.objects.get()
    assert (duty.owner, duty.responsibility, duty.case_reference) == (cast.service_leader, closure_audit, "CR-4001")
    assert (duty.period_start, duty.due_on, duty.status) == (date(2026, 4, 10), date(2026, 5, 8), Status.OPEN)
    assert duty.frequency == "on_event"
    entry = duty.history.get()
    assert entry.history_user == cast.head.user and entry.history_change_reason == "case closed on 10/04/2026"

    again = import_cases(data, today=today, acting_user=None)
    assert (again.updated, again.ended, again.duties_raised) == (0, 0, 0)
    assert Duty.objects.count() == 1


def test_the_same_case_is_never_owed_twice_by_the_same_person(cast, today, closure_audit):
    number = cast.practitioner.staff_number
    import_cases(csv(f"CR-4101,{number},,2025-06-01,,2026-04-02"), today=date(2026, 4, 3), acting_user=None)
    Duty.objects.update(status=Status.DONE)
    import_cases(csv(f"CR-4101,{number},,2025-06-01,,"), today=date(2026, 4, 5), acting_user=None)  # reopened
    result = import_cases(csv(f"CR-4101,{number},,2025-06-01,2026-04-14,"), today=today, acting_user=None)
    assert (result.ended, result.duties_raised) == (1, 0)
    assert Duty.objects.count() == 1


def test_the_setting_says_how_long_the_audit_may_take(cast, today, closure_audit, settings):
    settings.CLOSURE_AUDIT_DAYS = 10
    import_cases(csv(f"CR-4201,{cast.practitioner.staff_number},,2025-06-01,,2026-04-01"), today=today,
                 acting_user=None)
    duty = Duty.objects.get()
    assert (duty.due_on, duty.status) == (date(2026, 4, 11), Status.OPEN)
    assert duty.is_overdue(today)  # already late on arrival


def test_a_new_case_already_closed_raises_the_audit_only_if_that_was_in_the_last_three_months(
    cast, today, closure_audit
):
    number = cast.practitioner.staff_number
    result = import_cases(
        csv(f"CR-4301,{number},,2024-06-01,2026-01-15,", f"CR-4302,{number},,2024-06-01,2026-01-14,",
            f"CR-4303,{number},,2024-06-01,2025-06-01,2026-03-01"),
        today=today, acting_user=None,
    )
    assert (result.created, result.ended, result.duties_raised) == (3, 3, 1)
    assert list(Duty.objects.values_list("case_reference", flat=True)) == ["CR-4301"]


def test_closed_and_transferred_at_once_is_one_event_the_first(cast, today, closure_audit):
    import_cases(csv(f"CR-4401,{cast.practitioner.staff_number},,2025-06-01,2026-04-12,2026-04-08"), today=today,
                 acting_user=None)
    duty = Duty.objects.get()
    assert duty.period_start == date(2026, 4, 8)
    assert duty.history.get().history_change_reason == "case transferred on 08/04/2026"


def test_owners_are_the_current_holders_whose_role_covers_the_cases_team(cast, today, closure_audit):
    role = closure_audit.role
    over_b = StaffMemberFactory(name="Leader of B")
    RoleAssignmentFactory(staff=over_b, role=role, team=cast.team_b)
    over_service = StaffMemberFactory(name="Leader of the service")
    RoleAssignmentFactory(staff=over_service, role=role, service=cast.service)
    RoleAssignmentFactory(staff=over_service, role=role, team=cast.team_a)  # twice over team A: owes it once
    everywhere = StaffMemberFactory(name="Leader everywhere")
    RoleAssignmentFactory(staff=everywhere, role=role)
    former = StaffMemberFactory(name="Former leader")
    RoleAssignmentFactory(staff=former, role=role, team=cast.team_a, ends_on=date(2026, 3, 31))
    leaver = StaffMemberFactory(name="Leaver", left_on=date(2026, 4, 1))
    RoleAssignmentFactory(staff=leaver, role=role, team=cast.team_a)
    ResponsibilityFactory(role=role, frequency="on_event", record="audit:closure_transfer", active=False)
    ResponsibilityFactory(role=role, frequency="monthly", record="audit:closure_transfer")
    ResponsibilityFactory(role=role, frequency="on_event", record="")

    import_cases(csv(f"CR-4501,{cast.practitioner.staff_number},,2025-06-01,2026-04-10,"), today=today,
                 acting_user=None)
    assert set(Duty.objects.values_list("owner__name", "responsibility__ref")) == {
        ("Service Leader", "R60"), ("Leader of the service", "R60"), ("Leader everywhere", "R60"),
    }


def test_no_responsibility_for_closures_means_no_duties(cast, today):
    RoleFactory(name="Service Leader")
    result = import_cases(csv(f"CR-4601,{cast.practitioner.staff_number},,2025-06-01,2026-04-10,"), today=today,
                          acting_user=None)
    assert (result.ended, result.duties_raised) == (1, 0)
    assert not Duty.objects.exists()


def test_an_open_file_object_is_read_too(cast, today, tmp_path):
    path = tmp_path / "cases.csv"
    path.write_text(csv(f"CR-4701,{cast.practitioner.staff_number},,2025-06-01,,"))
    with path.open("rb") as file:
        assert import_cases(file, today=today, acting_user=None).created == 1
