"""Loading staff from an HR export (people.importing and the import_staff command)."""

from datetime import date

import pytest
from django.core.management import CommandError, call_command

from core.csvfile import ImportFailed
from people.importing import import_staff
from people.models import Service, StaffMember, Team
from people.tests.factories import ServiceFactory, StaffMemberFactory, TeamFactory, signs_in

pytestmark = pytest.mark.django_db

HEADER = (
    "staff_number,name,job_title,team,service,started_on,email,line_manager,case_holder,practitioner,newly_qualified,"
    "left_on"
)
GOOD = [
    "H1,Hana Head,Head of Service,Leadership,Directorate,2015-04-01,hana.head@example.gov.uk,,no,no,no,",
    "T1,Tomasz Lead,Team Leader,Team A,Children's Social Care,01/09/2018,tomasz@example.gov.uk,H1,no,no,no,",
    "P1,Priti Worker,Social Worker,Team A,,2021-01-04,priti@example.gov.uk,T1,yes,yes,no,",
    "N1,Niall New,Social Worker (ASYE),Team A,,2026-09-01,,T1,yes,yes,yes,",
]


def staff_file(*rows: str, header: str = HEADER) -> bytes:
    return "\n".join([header, *rows]).encode()


def errors_of(data) -> list[str]:
    with pytest.raises(ImportFailed) as failure:
        import_staff(data)
    return failure.value.errors


@pytest.fixture
def team_a():
    return TeamFactory(name="Team A", service=ServiceFactory(name="Children's Social Care"))


# A good file


def test_a_good_file_loads_everyone_with_their_fields(team_a):
    result = import_staff(staff_file(*GOOD))

    assert (result.created, result.updated, result.teams_created, result.services_created) == (
        4,
        0,
        ["Leadership"],
        ["Directorate"],
    )
    assert str(result) == "4 staff added, 0 updated, 4 sign-ins made (with no password yet), 1 new team, 1 new service"
    head, lead, worker, nqsw = (StaffMember.objects.get(staff_number=n) for n in ("H1", "T1", "P1", "N1"))
    assert head.team.service.name == "Directorate" and head.line_manager is None
    assert lead.started_on == date(2018, 9, 1) and lead.team == team_a and lead.line_manager == head
    assert worker.line_manager == lead and worker.email == "priti@example.gov.uk"
    assert worker.is_case_holder and worker.is_practitioner and not worker.is_newly_qualified
    assert nqsw.is_newly_qualified and nqsw.left_on is None and nqsw.email == ""
    assert head.history.count() == 1


def test_a_manager_may_come_later_in_the_file(team_a):
    import_staff(
        staff_file(
            "P1,Priti Worker,Social Worker,Team A,,2021-01-04,,T1,yes,yes,no,",
            "T1,Tomasz Lead,Team Leader,Team A,,2018-09-01,,,no,no,no,",
        )
    )

    worker = StaffMember.objects.get(staff_number="P1")
    assert worker.line_manager.staff_number == "T1"
    assert worker.history.count() == 1  # saved once, with the manager already in place


def test_a_manager_may_be_someone_already_in_the_portal(team_a):
    boss = StaffMemberFactory(staff_number="OLD1", team=team_a)
    import_staff(staff_file("P1,Priti Worker,Social Worker,Team A,,2021-01-04,,OLD1,yes,yes,no,"))
    assert StaffMember.objects.get(staff_number="P1").line_manager == boss


def test_a_new_team_may_join_an_existing_service(team_a):
    result = import_staff(staff_file("P1,Priti Worker,Social Worker,Team Z,children's social care,2021-01-04,,,,,,"))

    assert result.teams_created == ["Team Z"] and result.services_created == []
    assert Team.objects.get(name="Team Z").service == team_a.service


def test_team_and_service_names_match_whatever_their_case(team_a):
    import_staff(staff_file("P1,Priti Worker,Social Worker,TEAM A,Children's social care,2021-01-04,,,,,,"))
    assert StaffMember.objects.get().team == team_a
    assert Team.objects.count() == 1


def test_only_the_required_columns_are_needed(team_a):
    result = import_staff(
        staff_file(
            "P1,Priti Worker,Social Worker,Team A,2021-01-04", header="staff_number,name,job_title,team,started_on"
        )
    )
    assert result.created == 1
    person = StaffMember.objects.get()
    assert not person.is_case_holder and person.line_manager is None and person.left_on is None


def test_the_command_loads_a_file(tmp_path, capsys, team_a):
    path = tmp_path / "hr-export.csv"
    path.write_bytes(staff_file(*GOOD))

    call_command("import_staff", str(path))

    assert StaffMember.objects.count() == 4
    expected = ("hr-export.csv: 4 staff added, 0 updated, 4 sign-ins made (with no password yet), "
                "1 new team, 1 new service")
    assert expected in capsys.readouterr().out


# Re-importing


def test_reimporting_updates_people_by_staff_number(team_a):
    import_staff(staff_file(*GOOD))
    first_ids = dict(StaffMember.objects.values_list("staff_number", "id"))

    result = import_staff(
        staff_file(
            "H1,Hana Head,Head of Service,Leadership,Directorate,2015-04-01,hana.head@example.gov.uk,,no,no,no,",
            "T1,Tomasz Lead,Senior Team Leader,Team A,,2018-09-01,tomasz@example.gov.uk,H1,no,no,no,",
            "P1,Priti Worker,Social Worker,Team A,,2021-01-04,priti@example.gov.uk,H1,yes,yes,no,2026-12-31",
            "N1,Niall New,Social Worker (ASYE),Team A,,2026-09-01,,T1,yes,yes,yes,",
            "P2,Pat Second,Social Worker,Team A,,2024-02-05,,T1,yes,yes,no,",
        )
    )

    assert (result.created, result.updated, result.unchanged, result.teams_created) == (1, 2, 2, [])
    assert str(result) == "1 staff added, 2 updated, 1 sign-in made (with no password yet) (2 unchanged)"
    assert StaffMember.objects.count() == 5
    assert {n: i for n, i in StaffMember.objects.values_list("staff_number", "id") if n != "P2"} == first_ids
    lead, worker = StaffMember.objects.get(staff_number="T1"), StaffMember.objects.get(staff_number="P1")
    assert lead.job_title == "Senior Team Leader"
    assert worker.line_manager.staff_number == "H1" and worker.left_on == date(2026, 12, 31)
    # Each change is kept in the history; people who did not change get no new record.
    assert lead.history.count() == 2 and lead.history.first().history_change_reason == "staff import"
    assert StaffMember.objects.get(staff_number="H1").history.count() == 1


def test_a_column_the_file_lacks_leaves_that_field_as_it_is(team_a):
    import_staff(staff_file(*GOOD))
    import_staff(
        staff_file(
            "P1,Priti Worker,Senior Practitioner,Team A,2021-01-04",
            header="staff_number,name,job_title,team,started_on",
        )
    )

    worker = StaffMember.objects.get(staff_number="P1")
    assert worker.job_title == "Senior Practitioner"
    assert worker.line_manager.staff_number == "T1" and worker.is_case_holder
    assert worker.email == "priti@example.gov.uk"


# Bad values: each reported where it is


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (",Priti Worker,Social Worker,Team A,,2021-01-04,,,,,,", "line 2, column staff_number: is empty"),
        ("P1,,Social Worker,Team A,,2021-01-04,,,,,,", "line 2, column name: is empty"),
        ("P1,Priti Worker,,Team A,,2021-01-04,,,,,,", "line 2, column job_title: is empty"),
        ("P1,Priti Worker,Social Worker,,,2021-01-04,,,,,,", "line 2, column team: is empty"),
        ("P1,Priti Worker,Social Worker,Team A,,,,,,,,", "line 2, column started_on: is empty"),
        (
            "P1,Priti Worker,Social Worker,Team A,,31/02/2021,,,,,,",
            "line 2, column started_on: '31/02/2021' is not a date",
        ),
        (
            "P1,Priti Worker,Social Worker,Team A,,2021-01-04,,,,,,someday",
            "line 2, column left_on: 'someday' is not a date",
        ),
        (
            "P1,Priti Worker,Social Worker,Team A,,2021-01-04,,,,,,2020-12-31",
            "line 2, column left_on: 2020-12-31 is before started_on (2021-01-04)",
        ),
        (
            "P1,Priti Worker,Social Worker,Team A,,2021-01-04,priti.example.gov.uk,,,,,",
            "line 2, column email: 'priti.example.gov.uk' is not an e-mail address",
        ),
        (
            "P1,Priti Worker,Social Worker,Team A,,2021-01-04,,,maybe,,,",
            "line 2, column case_holder: 'maybe' is not yes or no",
        ),
        (
            "P1,Priti Worker,Social Worker,Team A,,2021-01-04,,,,sometimes,,",
            "line 2, column practitioner: 'sometimes' is not yes or no",
        ),
        (
            "P1,Priti Worker,Social Worker,Team A,,2021-01-04,,,,,2,",
            "line 2, column newly_qualified: '2' is not yes or no",
        ),
        (
            "P1,Priti Worker,Social Worker,Team Q,,2021-01-04,,,,,,",
            "line 2, column team: 'Team Q' is not a team in the portal; name its service in column service to add it",
        ),
        (
            "P1,Priti Worker,Social Worker,Team A,Adult Social Care,2021-01-04,,,,,,",
            "line 2, column team: 'Team A' is a team of Children's Social Care, not of Adult Social Care",
        ),
        (
            "P1,Priti Worker,Social Worker,Team A,,2021-01-04,,X9,,,,",
            "line 2, column line_manager: nobody has staff number X9 in this file or in the portal",
        ),
        (
            "P1,Priti Worker,Social Worker,Team A,,2021-01-04,,P1,,,,",
            "line 2, column line_manager: a person cannot be their own line manager",
        ),
        (
            "P" + "1" * 30 + ",Priti Worker,Social Worker,Team A,,2021-01-04,,,,,,",
            "line 2, column staff_number: is longer than 30 characters",
        ),
    ],
)
def test_a_bad_value_is_reported_at_its_line_and_column(team_a, row, expected):
    errors = errors_of(staff_file(row))
    assert len(errors) == 1
    assert errors[0].startswith(expected)
    assert StaffMember.objects.count() == 0


def test_a_staff_number_twice_in_the_file_is_reported_on_the_second_line(team_a):
    errors = errors_of(
        staff_file(
            "P1,Priti Worker,Social Worker,Team A,,2021-01-04,,,,,,",
            "P1,Pat Other,Social Worker,Team A,,2022-01-04,,,,,,",
        )
    )
    assert errors == ["line 3, column staff_number: P1 is also on line 2"]


def test_a_new_team_given_two_services_is_reported(team_a):
    errors = errors_of(
        staff_file(
            "P1,Priti Worker,Social Worker,Team Z,Early Help,2021-01-04,,,,,,",
            "P2,Pat Other,Social Worker,Team Z,Youth Justice,2022-01-04,,,,,,",
        )
    )
    assert errors == ["line 3, column service: 'Team Z' is a team of Early Help on line 2"]


def test_a_missing_required_column_is_reported_on_line_1():
    errors = errors_of(staff_file("P1,Priti Worker,Team A,2021-01-04", header="staff_number,name,team,started_on"))
    assert errors == ["line 1, column job_title: is missing"]


def test_every_problem_is_reported_not_just_the_first(team_a):
    errors = errors_of(
        staff_file(
            *GOOD,
            "P2,,Social Worker,Team A,,2021-01-04,,,,,,",
            "P3,Pat Third,Social Worker,Team A,,2021-01-04,bad,Z1,,,,",
        )
    )
    assert errors == [
        "line 6, column name: is empty",
        "line 7, column email: 'bad' is not an e-mail address",
        "line 7, column line_manager: nobody has staff number Z1 in this file or in the portal",
    ]


# Nothing half-loaded


def test_one_bad_row_loads_nothing_at_all(team_a):
    errors_of(staff_file(*GOOD, "P9,Pat Ninth,Social Worker,Team A,,not a date,,,,,,"))

    assert StaffMember.objects.count() == 0
    assert not Team.objects.filter(name="Leadership").exists()
    assert not Service.objects.filter(name="Directorate").exists()


def test_a_failed_reimport_changes_nobody(team_a):
    import_staff(staff_file(*GOOD))
    errors_of(
        staff_file(
            "T1,Tomasz Renamed,Team Leader,Team A,,2018-09-01,,H1,no,no,no,",
            "P1,Priti Worker,Social Worker,Team A,,2021-01-04,,NOPE,yes,yes,no,",
        )
    )
    assert StaffMember.objects.get(staff_number="T1").name == "Tomasz Lead"
    assert StaffMember.objects.get(staff_number="P1").line_manager.staff_number == "T1"


def test_the_command_prints_every_problem_and_fails(tmp_path, team_a):
    path = tmp_path / "hr-export.csv"
    path.write_bytes(staff_file("P1,,Social Worker,Team A,,2021-01-04,,,,,,"))

    with pytest.raises(CommandError) as failure:
        call_command("import_staff", str(path))

    assert "nothing was loaded" in str(failure.value)
    assert "line 2, column name: is empty" in str(failure.value)
    assert StaffMember.objects.count() == 0


def test_the_command_says_when_it_cannot_read_the_file(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_staff", str(tmp_path / "missing.csv"))


# Circles in the line management


def test_a_circle_in_the_file_is_reported_once_on_its_first_line(team_a):
    errors = errors_of(
        staff_file(
            "A1,Ann,Team Leader,Team A,,2020-01-01,,C1,,,,",
            "B1,Ben,Team Leader,Team A,,2020-01-01,,A1,,,,",
            "X1,Xia,Social Worker,Team A,,2020-01-01,,B1,,,,",
            "C1,Cat,Team Leader,Team A,,2020-01-01,,B1,,,,",
        )
    )
    assert errors == [
        "line 2, column line_manager: the line-management chain goes round in a circle: A1 -> C1 -> B1 -> A1"
    ]


def test_two_people_managing_each_other_is_a_circle(team_a):
    errors = errors_of(
        staff_file(
            "A1,Ann,Team Leader,Team A,,2020-01-01,,B1,,,,",
            "B1,Ben,Team Leader,Team A,,2020-01-01,,A1,,,,",
        )
    )
    assert errors == ["line 2, column line_manager: the line-management chain goes round in a circle: A1 -> B1 -> A1"]


def test_a_circle_through_someone_already_in_the_portal_is_reported(team_a):
    # In the portal: OLD2 reports to OLD1. The file makes OLD1 report to OLD2's report, P1.
    old1 = StaffMemberFactory(staff_number="OLD1", team=team_a)
    StaffMemberFactory(staff_number="OLD2", team=team_a, line_manager=old1)

    errors = errors_of(
        staff_file(
            "P1,Priti Worker,Social Worker,Team A,,2021-01-04,,OLD2,,,,",
            "OLD1,Olu Old,Team Leader,Team A,,2010-01-04,,P1,,,,",
        )
    )
    assert errors == [
        "line 2, column line_manager: the line-management chain goes round in a circle: P1 -> OLD2 -> OLD1 -> P1"
    ]


def test_reversing_a_reporting_line_in_one_file_is_not_a_circle(team_a):
    import_staff(staff_file(*GOOD))
    # The worker is promoted over their old team leader: both rows change in the same file.
    import_staff(
        staff_file(
            "P1,Priti Worker,Team Leader,Team A,,2021-01-04,,H1,no,no,no,",
            "T1,Tomasz Lead,Social Worker,Team A,,2018-09-01,,P1,yes,yes,no,",
        )
    )
    assert StaffMember.objects.get(staff_number="T1").line_manager.staff_number == "P1"
    assert StaffMember.objects.get(staff_number="P1").line_manager.staff_number == "H1"


# Sign-ins


def test_everyone_imported_gets_a_sign_in_with_no_password_named_by_their_email(team_a, client):
    assert import_staff(staff_file(*GOOD)).sign_ins_created == 4
    worker, nqsw = (StaffMember.objects.select_related("user").get(staff_number=n) for n in ("P1", "N1"))
    assert (worker.user.username, worker.user.email, worker.user.first_name) == (
        "priti@example.gov.uk", "priti@example.gov.uk", "Priti")
    assert nqsw.user.username == "n1"  # no e-mail in the file: the staff number
    assert not worker.user.has_usable_password()
    assert not signs_in(client, "priti@example.gov.uk", "")
    worker.user.set_password("chosen by the administrator")
    worker.user.save()
    assert signs_in(client, "priti@example.gov.uk", "chosen by the administrator")


def test_importing_again_makes_no_second_sign_in_and_keeps_its_email_in_step(team_a):
    import_staff(staff_file(*GOOD))
    again = import_staff(staff_file(GOOD[2].replace("priti@example.gov.uk", "priti.worker@example.gov.uk")))
    worker = StaffMember.objects.select_related("user").get(staff_number="P1")
    assert (again.sign_ins_created, again.updated) == (0, 1)
    assert (worker.user.username, worker.user.email) == ("priti@example.gov.uk", "priti.worker@example.gov.uk")


def test_someone_already_in_the_portal_without_a_sign_in_gets_one(team_a):
    StaffMemberFactory(staff_number="P1", name="Priti Worker", user=None, team=team_a)
    result = import_staff(staff_file(*GOOD))
    assert result.sign_ins_created == 4 and StaffMember.objects.get(staff_number="P1").user is not None


def test_an_account_someone_else_holds_is_never_taken_over(team_a, django_user_model):
    django_user_model.objects.create_user("priti@example.gov.uk", password="the administrator's")
    assert errors_of(staff_file(*GOOD)) == [
        "line 4, column email: an account named 'priti@example.gov.uk' already exists for someone else, "
        "so no sign-in can be made under that name",
    ]


def test_two_people_with_one_email_are_reported_on_the_second_line(team_a):
    twin = "P2,Priya Worker,Social Worker,Team A,,2021-01-04,priti@example.gov.uk,T1,yes,yes,no,"
    assert errors_of(staff_file(*GOOD, twin)) == [
        "line 6, column email: line 4 gives the same e-mail, and each person's sign-in needs its own",
    ]
