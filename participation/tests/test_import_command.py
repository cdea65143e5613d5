"""python manage.py import_survey: loads a file, or lists every problem and loads nothing."""

import pytest
from django.core.management import CommandError, call_command

from participation.models import Survey
from schedule.models import Duty, Status
from schedule.planner import plan_duties

pytestmark = pytest.mark.django_db


def test_the_command_loads_a_survey_as_someones(cast, participation_duties, tmp_path, capsys):
    from django.utils import timezone

    from core.periods import local_date

    plan_duties(local_date(timezone.now()))
    path = tmp_path / "cin.csv"
    path.write_text("question,answer,count\nDo you know your worker?,Yes,12\n")
    call_command("import_survey", str(path), kind="children_in_need", year=2025, name="CIN survey",
                 by=cast.head.staff_number)
    survey = Survey.objects.get()
    assert (survey.kind, survey.year, survey.imported_by) == ("children_in_need", 2025, cast.head)
    assert "1 answer" in capsys.readouterr().out
    assert Duty.objects.filter(owner=cast.head, responsibility=participation_duties["survey"],
                               status=Status.DONE).exists()


def test_the_command_lists_problems_and_loads_nothing(db, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("question,answer,count\nQ,A,lots\n")
    with pytest.raises(CommandError) as error:
        call_command("import_survey", str(path), kind="looked_after", year=2025, name="LAC")
    assert "nothing was loaded" in str(error.value)
    assert "line 2, column count: 'lots' is not a whole number" in str(error.value)
    assert not Survey.objects.exists()


def test_the_command_refuses_an_unknown_person_or_year(db, tmp_path):
    path = tmp_path / "ok.csv"
    path.write_text("question,answer,count\nQ,A,1\n")
    with pytest.raises(CommandError, match="nobody has staff number X1"):
        call_command("import_survey", str(path), kind="looked_after", year=2025, name="LAC", by="X1")
    with pytest.raises(CommandError, match="--year 1800"):
        call_command("import_survey", str(path), kind="looked_after", year=1800, name="LAC")
