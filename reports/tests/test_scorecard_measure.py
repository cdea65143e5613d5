"""A measure's page: what it is, the values the user may see with who entered each, the reason
and planned action or the link to give them, and the history of the measure and its values."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from core.history import stamp
from core.periods import LONDON
from reports.scorecard_actions import explain

from .factories import MeasureFactory, make_value

pytestmark = pytest.mark.django_db

ON = datetime(2026, 4, 15, 10, 0, tzinfo=LONDON)


def test_the_page_shows_the_measure_its_values_and_their_history(client, cast):
    measure = MeasureFactory(
        name="Re-referrals within 12 months",
        owner=cast.head,
        higher_is_better=False,
        target=Decimal("20"),
        amber_band=Decimal("3"),
        description="From the CMS report R12.",
    )
    awaited = make_value(measure, date(2026, 3, 1), "25", acting_user=cast.team_leader.user, at=ON)
    explained = make_value(measure, date(2026, 2, 1), "22", team=cast.team_a, acting_user=cast.head.user, at=ON)
    explain(
        explained, reason="A family returned twice", planned_action="Audit step-down plans", acting_user=cast.head.user
    )
    measure.target = Decimal("18")
    stamp(measure, cast.head.user, "target lowered for 2026/27")
    measure.save()
    client.force_login(cast.head.user)
    text = client.get(measure.get_absolute_url()).content.decode()
    assert "Re-referrals within 12 months" in text and "From the CMS report R12." in text
    assert "18% or less" in text and "Up to 3 percentage points short of the target" in text
    assert "25%" in text and ">Red</strong>" in text and "22%" in text and ">Amber</strong>" in text
    assert "20% or less" in text  # each value keeps the target it was rated against
    assert "Imported from a file by team_leader, 15 Apr 2026" in text
    assert "A family returned twice" in text and "Audit step-down plans" in text
    assert f"Awaited from {cast.head.name}, due 29 April 2026" in text and awaited.explain_url() in text
    assert "Target lowered for 2026/27" in text and "Reason and planned action given" in text
    assert "Mar 2026, Department-wide: 25%" in text


def test_someone_who_may_not_explain_gets_no_link(client, cast):
    measure = MeasureFactory(owner=cast.head)
    value = make_value(measure, date(2026, 3, 1), "70", team=cast.team_a, at=ON)
    client.force_login(cast.team_leader.user)
    text = client.get(measure.get_absolute_url()).content.decode()
    assert "70%" in text and value.explain_url() not in text and "Type in a value of this measure" not in text


def test_no_such_measure(client, cast):
    client.force_login(cast.head.user)
    assert client.get("/reports/scorecard/measures/999999/").status_code == 404
