"""Loading a responsibilities table (schedule.importing and the import_responsibilities command)."""

import pytest
from django.core.management import CommandError, call_command

from core.csvfile import ImportFailed
from people.models import Role
from people.tests.factories import RoleFactory
from schedule.importing import DEFAULT_TABLE, import_responsibilities
from schedule.models import AppliesTo, Frequency, Responsibility, Strand

pytestmark = pytest.mark.django_db

HEADER = "ref,role,task,frequency,count,applies_to,strand,purpose"
GOOD = [
    "X1,Team Leader,Audit two case files,monthly,2,holder,audit,Check the quality of practice",
    "X2,Team Leader,Supervise each social worker,monthly,1,reports,supervision,Support and challenge",
    "X3,Head of Service,Observe a team meeting,quarterly,1,teams,observation,See practice first hand",
]


def table(*rows: str, header: str = HEADER) -> bytes:
    return "\n".join([header, *rows]).encode()


def errors_of(data) -> list[str]:
    with pytest.raises(ImportFailed) as failure:
        import_responsibilities(data)
    return failure.value.errors


def with_row(line: str) -> bytes:
    """The good table with one more row, on line 5."""
    return table(*GOOD, line)


# The shipped table


def test_the_shipped_table_loads():
    result = import_responsibilities(DEFAULT_TABLE.read_bytes())

    assert (result.created, result.updated, result.not_in_file) == (79, 0, [])
    assert list(Responsibility.objects.values_list("ref", flat=True)) == [f"R{n:02d}" for n in range(1, 80)]
    assert len(result.roles_created) == Role.objects.count() == 18
    assert Role.objects.filter(name="Team Leader").exists()
    assert len({role.slug for role in Role.objects.all()}) == 18

    supervision = Responsibility.objects.get(ref="R68")
    assert supervision.role.name == "Team Leader"
    assert supervision.frequency == Frequency.FORTNIGHTLY
    assert supervision.applies_to == AppliesTo.NQSW_REPORTS
    assert supervision.strand == Strand.SUPERVISION
    assert Responsibility.objects.get(ref="R34").count == 2
    first = Responsibility.objects.get(ref="R01")
    assert first.page == "p. 11" and first.active and first.frequency_as_printed == "Quarterly"
    assert "more frequent" in Responsibility.objects.get(ref="R02").notes


def test_the_shipped_table_loads_a_second_time_without_change():
    import_responsibilities(DEFAULT_TABLE.read_bytes())
    result = import_responsibilities(DEFAULT_TABLE.read_bytes())

    assert (result.created, result.updated, result.roles_created) == (0, 0, [])
    assert Responsibility.objects.count() == 79
    assert str(result) == "0 responsibilities added, 0 updated"


def test_the_command_loads_the_shipped_table_by_default(capsys):
    call_command("import_responsibilities")
    assert Responsibility.objects.count() == 79
    assert "79 responsibilities added, 0 updated" in capsys.readouterr().out


# Loading and reloading


def test_a_table_loads_with_its_fields():
    result = import_responsibilities(table(*GOOD))

    assert (result.created, result.updated) == (3, 0)
    assert sorted(result.roles_created) == ["Head of Service", "Team Leader"]
    audit = Responsibility.objects.get(ref="X1")
    assert (audit.role.name, audit.task, audit.frequency, audit.count, audit.applies_to, audit.strand) == (
        "Team Leader",
        "Audit two case files",
        "monthly",
        2,
        "holder",
        "audit",
    )
    assert audit.purpose == "Check the quality of practice"
    assert audit.active and audit.page == "" and audit.notes == ""


def test_reimport_updates_by_ref_without_duplicates():
    import_responsibilities(table(*GOOD))
    before = {r.ref: r.pk for r in Responsibility.objects.all()}

    changed = GOOD[0].replace("monthly,2", "quarterly,3")
    result = import_responsibilities(table(changed, *GOOD[1:]))

    assert (result.created, result.updated) == (0, 1)
    assert {r.ref: r.pk for r in Responsibility.objects.all()} == before
    audit = Responsibility.objects.get(ref="X1")
    assert (audit.frequency, audit.count) == ("quarterly", 3)
    assert audit.history.count() == 2


def test_reimport_reports_refs_no_longer_in_the_file_and_leaves_them():
    import_responsibilities(table(*GOOD))
    result = import_responsibilities(table(GOOD[0], GOOD[2]))
    assert result.not_in_file == ["X2"]
    assert Responsibility.objects.get(ref="X2").active
    assert "not in this file (left as they are): X2" in str(result)


def test_an_unknown_role_is_created_and_a_known_one_reused_whatever_its_case():
    leader = RoleFactory(name="Team Leader")
    result = import_responsibilities(
        table(
            "X1,team leader,Audit,monthly,1,holder,audit,Why",
            "X2,Practice Educator,Observe a student,quarterly,1,holder,observation,Why",
        )
    )
    assert result.roles_created == ["Practice Educator"]
    assert Responsibility.objects.get(ref="X1").role == leader
    educator = Role.objects.get(name="Practice Educator")
    assert educator.slug == "practice-educator"
    assert not educator.oversees_scope
    assert "new roles: Practice Educator" in str(result)


def test_a_new_role_whose_slug_is_taken_gets_a_free_one():
    RoleFactory(name="Team-Leader")  # slug team-leader
    import_responsibilities(table("X1,Team Leader,Audit,monthly,1,holder,audit,Why"))
    assert Role.objects.get(name="Team Leader").slug == "team-leader-2"


def test_optional_columns():
    data = table(
        "X1,Team Leader,Audit,Monthly,1,Holder,Audit,Why,Every month,12,read as monthly,no",
        header=HEADER + ",frequency_as_printed,page,reading_note,active",
    )
    import_responsibilities(data)
    audit = Responsibility.objects.get(ref="X1")
    assert (audit.frequency, audit.applies_to, audit.strand) == ("monthly", "holder", "audit")
    assert (audit.frequency_as_printed, audit.page, audit.notes, audit.active) == (
        "Every month",
        "p. 12",
        "read as monthly",
        False,
    )


def test_a_byte_order_mark_and_windows_line_ends_are_fine():
    data = ("\ufeff" + "\r\n".join([HEADER, *GOOD]) + "\r\n").encode()
    assert import_responsibilities(data).created == 3


def test_blank_lines_are_skipped_and_do_not_shift_line_numbers():
    data = table(GOOD[0], "", ",,,,,,,", "X2,Team Leader,Audit,daily,1,holder,audit,Why")
    assert errors_of(data) == ["line 5, column frequency: 'daily' is not one of: " + ", ".join(Frequency.values)]


# Errors: every one says where


@pytest.mark.parametrize(
    "row, error",
    [
        (
            "X9,Team Leader,Audit,fortnighly,1,holder,audit,Why",
            "line 5, column frequency: 'fortnighly' is not one of: " + ", ".join(Frequency.values),
        ),
        (
            "X9,Team Leader,Audit,monthly,1,everyone,audit,Why",
            "line 5, column applies_to: 'everyone' is not one of: " + ", ".join(AppliesTo.values),
        ),
        (
            "X9,Team Leader,Audit,monthly,1,holder,auditing,Why",
            "line 5, column strand: 'auditing' is not one of: " + ", ".join(Strand.values),
        ),
        (
            "X9,Team Leader,Audit,monthly,two,holder,audit,Why",
            "line 5, column count: 'two' is not a whole number",
        ),
        ("X9,Team Leader,Audit,monthly,-1,holder,audit,Why", "line 5, column count: -1 is not between 0 and 50"),
        ("X9,Team Leader,Audit,monthly,,holder,audit,Why", "line 5, column count: is empty"),
        ("X9,Team Leader,,monthly,1,holder,audit,Why", "line 5, column task: is empty"),
        ("X9,Team Leader,   ,monthly,1,holder,audit,Why", "line 5, column task: is empty"),
        ("X9,,Audit,monthly,1,holder,audit,Why", "line 5, column role: is empty"),
        ("X9,Team Leader,Audit,monthly,1,holder,audit,", "line 5, column purpose: is empty"),
        (",Team Leader,Audit,monthly,1,holder,audit,Why", "line 5, column ref: is empty"),
        ("X9,Team Leader,Audit,,1,holder,audit,Why", "line 5, column frequency: is empty"),
        ("X2,Team Leader,Audit,monthly,1,holder,audit,Why", "line 5, column ref: X2 is also on line 3"),
        (
            "X" * 21 + ",Team Leader,Audit,monthly,1,holder,audit,Why",
            "line 5, column ref: is longer than 20 characters",
        ),
        (
            "X9," + "R" * 121 + ",Audit,monthly,1,holder,audit,Why",
            "line 5, column role: is longer than 120 characters",
        ),
    ],
)
def test_a_bad_value_says_its_line_and_column(row, error):
    assert errors_of(with_row(row)) == [error]
    assert not Responsibility.objects.exists()
    assert not Role.objects.exists()


def test_a_bad_active_or_cases_from_value_or_an_overlong_place_says_where():
    data = table(
        f"X1,Team Leader,Audit,monthly,1,holder,audit,Why,{'s' * 201},perhaps,elsewhere",
        header=HEADER + ",page,active,cases_from",
    )
    assert errors_of(data) == [
        "line 2, column cases_from: 'elsewhere' is not one of: anywhere, own_team, another_team, another_service",
        "line 2, column active: 'perhaps' is not yes or no",
        "line 2, column page: is longer than 200 characters",
    ]


def test_the_place_in_the_strategy_is_kept_as_the_table_gives_it():
    """Another council's table names sections, not pages: kept as text; a bare number is a page."""
    data = table(
        'X1,Team Leader,Audit,monthly,1,holder,audit,Why,"s.2 Role of Team Managers  in  QA"',
        "X2,Team Leader,Audit,monthly,1,holder,audit,Why,Appendix B",
        "X3,Team Leader,Audit,monthly,1,holder,audit,Why,14",
        "X4,Team Leader,Audit,monthly,1,holder,audit,Why,",
        header=HEADER + ",page",
    )
    import_responsibilities(data)
    assert list(Responsibility.objects.order_by("ref").values_list("page", flat=True)) == [
        "s.2 Role of Team Managers in QA", "Appendix B", "p. 14", "",
    ]


def test_a_row_says_where_its_cases_come_from():
    data = table(
        "X1,Service Leader,Audit 1 case file from another part of the service,monthly,1,holder,audit,Why,another_team",
        "X2,Team Leader,Audit 1 case file,monthly,1,holder,audit,Why,",
        header=HEADER + ",cases_from",
    )
    import_responsibilities(data)
    assert dict(Responsibility.objects.values_list("ref", "cases_from")) == {"X1": "another_team", "X2": "anywhere"}


def test_the_shipped_r61_takes_its_cases_from_another_team():
    import_responsibilities(DEFAULT_TABLE.read_bytes())
    assert Responsibility.objects.get(ref="R61").cases_from == "another_team"
    assert set(Responsibility.objects.exclude(ref="R61").values_list("cases_from", flat=True)) == {"anywhere"}


def test_every_problem_in_a_row_and_in_the_file_is_reported_at_once():
    data = table(
        "X1,Team Leader,,weekly,1,holder,nonsense,Why",
        GOOD[1],
        "X3,Team Leader,Audit,often,x,holder,audit,",
    )
    assert errors_of(data) == [
        "line 2, column task: is empty",
        "line 2, column strand: 'nonsense' is not one of: " + ", ".join(Strand.values),
        "line 4, column frequency: 'often' is not one of: " + ", ".join(Frequency.values),
        "line 4, column count: 'x' is not a whole number",
        "line 4, column purpose: is empty",
    ]


def test_a_missing_column_is_reported_on_line_1():
    header = HEADER.replace(",strand", "")
    rows = [",".join(r.split(",")[:6] + r.split(",")[7:]) for r in GOOD]
    assert errors_of(table(*rows, header=header)) == ["line 1, column strand: is missing"]


def test_an_unknown_column_is_reported_on_line_1():
    data = table(*(row + ",x" for row in GOOD), header=HEADER + ",Colour")
    assert errors_of(data) == ["line 1, column colour: is not a column of this file"]


def test_a_column_named_twice_is_reported_on_line_1():
    data = table(*(row + ",x" for row in GOOD), header=HEADER + ",task")
    assert errors_of(data) == ["line 1: a column is named twice"]


def test_a_file_that_is_not_utf8_says_which_line():
    # Saved from Excel as plain "CSV": Windows-1252, where é is the single byte E9.
    data = table(*GOOD[:2]) + b"\nX3,Team Leader,Caf\xe9 visit,monthly,1,holder,meeting,Why"
    assert errors_of(data) == ["line 4: is not UTF-8 text (save the file as CSV UTF-8)"]
    assert not Role.objects.exists()


def test_an_empty_file_and_a_file_of_column_names_only():
    assert errors_of(b"") == ["line 1: the file is empty"]
    assert errors_of(table()) == ["line 2: the file has no rows after its column names"]


def test_a_row_with_too_few_values_says_so_and_which_are_missing():
    errors = errors_of(with_row("X9,Team Leader,Audit,monthly,1,holder"))
    assert errors[0] == "line 5: has 6 values where the first line names 8 columns"
    assert errors[1:] == ["line 5, column strand: is empty", "line 5, column purpose: is empty"]


def test_a_row_with_too_many_values_says_so():
    assert errors_of(with_row("X9,Team Leader,Audit,monthly,1,holder,audit,Why,extra")) == [
        "line 5: has 9 values where the first line names 8 columns"
    ]


def test_a_quoted_value_over_several_lines_keeps_later_line_numbers_right():
    data = table(
        'X1,Team Leader,"Audit two case files,\nthen discuss them\nwith the worker",monthly,1,holder,audit,W',
        GOOD[1],
        "X3,Team Leader,Audit,monthly,1,holder,audit,Why,extra",
        'X4,Team Leader,Audit,sometimes,1,holder,audit,"Two\nlines"',
        "X5,Team Leader,Audit,monthly,1,holder,typo,Why",
    )
    # Lines: 1 header, 2-4 X1, 5 X2, 6 X3, 7-8 X4, 9 X5.
    assert errors_of(data) == [
        "line 6: has 9 values where the first line names 8 columns",
        "line 7, column frequency: 'sometimes' is not one of: " + ", ".join(Frequency.values),
        "line 9, column strand: 'typo' is not one of: " + ", ".join(Strand.values),
    ]


def test_a_quoted_value_left_open_is_reported_on_the_line_it_opened():
    errors = errors_of(with_row('X9,Team Leader,"Audit,monthly,1,holder,audit,Why'))
    assert errors and all(error.startswith("line 5: ") or error.startswith("line 5, ") for error in errors)


def test_nothing_is_loaded_when_any_row_is_bad():
    import_responsibilities(table(GOOD[0]))
    roles = set(Role.objects.values_list("name", flat=True))

    bad = table(
        GOOD[0].replace("monthly,2", "weekly,5"),
        "X7,Brand New Role,Audit,monthly,1,holder,audit,Why",
        "X8,Team Leader,Audit,monthly,1,holder,audit,",
    )
    errors_of(bad)

    assert list(Responsibility.objects.values_list("ref", flat=True)) == ["X1"]
    audit = Responsibility.objects.get(ref="X1")
    assert (audit.frequency, audit.count) == ("monthly", 2)
    assert set(Role.objects.values_list("name", flat=True)) == roles


def test_text_as_well_as_bytes_is_accepted():
    assert import_responsibilities("\n".join([HEADER, *GOOD])).created == 3


# The command


def test_the_command_loads_a_file_and_says_what_it_did(tmp_path, capsys):
    path = tmp_path / "ours.csv"
    path.write_bytes(table(*GOOD))
    call_command("import_responsibilities", str(path))
    assert Responsibility.objects.count() == 3
    out = capsys.readouterr().out
    assert "ours.csv: 3 responsibilities added, 0 updated" in out


def test_the_command_fails_with_every_message_and_loads_nothing(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(
        table(*GOOD, "X9,Team Leader,Audit,daily,1,holder,audit,Why", "X1,Team Leader,A,monthly,1,holder,audit,")
    )
    with pytest.raises(CommandError) as failure:
        call_command("import_responsibilities", str(path))

    message = str(failure.value)
    assert "nothing was loaded" in message
    assert "line 5, column frequency: 'daily' is not one of:" in message
    assert "line 6, column ref: X1 is also on line 2" in message
    assert "line 6, column purpose: is empty" in message
    assert not Responsibility.objects.exists()


def test_the_command_says_when_it_cannot_read_the_file(tmp_path):
    with pytest.raises(CommandError, match="Cannot read .*missing.csv"):
        call_command("import_responsibilities", str(tmp_path / "missing.csv"))


def test_a_quote_left_open_in_the_last_column_does_not_swallow_the_rows_after_it():
    # Otherwise X2 and X3 silently become part of X1's purpose and are never loaded.
    data = table('X1,Team Leader,Audit,monthly,1,holder,audit,"Check quality', *GOOD[1:])
    errors = errors_of(data)
    assert errors and errors[0].startswith("line 2")
    assert not Responsibility.objects.exists()


def test_a_row_switched_off_stays_off_when_a_table_without_the_active_column_is_imported_again():
    import_responsibilities(table(*GOOD))
    Responsibility.objects.filter(ref="X2").update(active=False)
    result = import_responsibilities(table(*GOOD))
    assert result.updated == 0
    assert not Responsibility.objects.get(ref="X2").active
    import_responsibilities(table("X2,Team Leader,Supervise,monthly,1,reports,supervision,Why,yes",
                                  header=HEADER + ",active"))
    assert Responsibility.objects.get(ref="X2").active


def test_a_count_too_large_to_plan_says_where():
    assert errors_of(with_row("X9,Team Leader,Audit,monthly,40000,holder,audit,Why")) == [
        "line 5, column count: 40000 is not between 0 and 50"
    ]


def test_the_record_column_names_a_kind_of_record_the_portal_keeps(monkeypatch):
    from schedule import records

    monkeypatch.setitem(records.KINDS, "audit:case_file", records.RecordKind("audit:case_file", "a case file audit"))
    header = HEADER + ",record"
    import_responsibilities(table("X1,Team Leader,Audit,monthly,1,holder,audit,Why,audit:case_file", header=header))
    assert Responsibility.objects.get(ref="X1").record == "audit:case_file"
    assert errors_of(table("X2,Team Leader,Audit,monthly,1,holder,audit,Why,audit:nonsense", header=header)) == [
        "line 2, column record: 'audit:nonsense' is not a kind of record the portal keeps: " + ", ".join(
            sorted(records.KINDS))
    ]


def test_a_table_may_set_reminder_lead_days_per_row(db):
    from schedule.importing import import_responsibilities
    from schedule.models import Responsibility

    header = "ref,role,task,frequency,count,applies_to,strand,purpose,reminder_lead_days\n"
    import_responsibilities((header + "X1,Team Leader,Audit,monthly,1,holder,audit,Why,3\n"
                             "X2,Team Leader,Audit,monthly,1,holder,audit,Why,\n").encode())
    assert dict(Responsibility.objects.values_list("ref", "reminder_lead_days")) == {"X1": 3, "X2": None}
    with pytest.raises(Exception) as refused:
        import_responsibilities((header + "X1,Team Leader,Audit,monthly,1,holder,audit,Why,soon\n").encode())
    assert "line 2, column reminder_lead_days" in str(refused.value)
