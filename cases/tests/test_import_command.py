"""python manage.py import_cases FILE.csv: the summary, or every problem and nothing loaded."""

import pytest
from django.core.management import CommandError, call_command

from cases.models import Case

pytestmark = pytest.mark.django_db


def test_the_command_loads_a_file_and_says_what_it_did(cast, tmp_path, capsys):
    path = tmp_path / "cases.csv"
    path.write_text(f"case_reference,case_holder,opened_on\nCR-5001,{cast.practitioner.staff_number},2025-06-01\n")
    call_command("import_cases", str(path))
    assert "cases.csv: 1 new, 0 updated, 0 closed or transferred, 0 duties raised" in capsys.readouterr().out
    assert Case.objects.get().case_holder == cast.practitioner


def test_the_command_lists_every_problem_and_loads_nothing(cast, tmp_path):
    path = tmp_path / "cases.csv"
    path.write_text(
        f"case_reference,case_holder,opened_on\nCR-5101,{cast.practitioner.staff_number},2025-06-01\n"
        "CR-5102,NOBODY,2025-06-01\n"
    )
    with pytest.raises(CommandError) as failed:
        call_command("import_cases", str(path))
    assert "nothing was loaded" in str(failed.value)
    assert "line 3, column case_holder: nobody has staff number NOBODY in the portal" in str(failed.value)
    assert not Case.objects.exists()


def test_a_missing_file_is_a_command_error(db, tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_cases", str(tmp_path / "missing.csv"))
