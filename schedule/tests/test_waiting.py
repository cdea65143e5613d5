"""The registry of what others wait on a person for (schedule.waiting), without a database: the
order items are listed in, everyone's items by owner, and a deadline that is also waiting listed once."""

from datetime import date

import pytest

from schedule import waiting
from schedule.deadlines import Deadline
from schedule.waiting import Waiting, everyones_waiting, not_waiting, waiting_for

TODAY = date(2026, 4, 15)


def item(title, *, since=date(2026, 4, 1), due_on=None, owner_id=1, url=None):
    return Waiting(kind="Something to do", title=title, since=since, url=url or f"/{title}/", due_on=due_on,
                   owner_id=owner_id)


class Staff:
    id = 1


@pytest.fixture
def providers(monkeypatch):
    """Two providers of our own in place of the apps': each records whom it was asked about."""
    asked = []
    registered = {}
    monkeypatch.setattr(waiting, "PROVIDERS", registered)

    def first(staff, *, today):
        asked.append(("first", staff, today))
        mine = [item("no date", since=date(2026, 3, 1)), item("later", due_on=date(2026, 5, 1))]
        return mine if staff else [*mine, item("theirs", due_on=date(2026, 4, 20), owner_id=2)]

    def second(staff, *, today):
        asked.append(("second", staff, today))
        return [item("overdue", due_on=date(2026, 4, 10)), item("no date, newer", since=date(2026, 4, 10))]

    waiting.register("first", first)
    waiting.register("second", second)
    return asked


def test_overdue_first_then_soonest_due_then_what_has_no_date_longest_waiting_first(providers):
    staff = Staff()
    found = waiting_for(staff, today=TODAY)
    assert [w.title for w in found] == ["overdue", "later", "no date", "no date, newer"]
    assert providers == [("first", staff, TODAY), ("second", staff, TODAY)]  # each asked once
    assert [w.is_overdue(TODAY) for w in found] == [True, False, False, False]


def test_everyone_s_items_by_owner_each_provider_asked_once(providers):
    found = everyones_waiting(today=TODAY)
    assert {owner: [w.title for w in items] for owner, items in found.items()} == {
        1: ["overdue", "later", "no date", "no date, newer"], 2: ["theirs"]}
    assert providers == [("first", None, TODAY), ("second", None, TODAY)]


def test_nobody_has_nothing_waiting(providers):
    assert waiting_for(None, today=TODAY) == []
    assert providers == []


def test_a_deadline_met_on_the_page_of_something_waiting_is_listed_once():
    complaint = Deadline(kind="Complaint stage 1 response", title="Complaint C-2026-001", due_on=TODAY,
                         url="/complaints/1/")
    review = Deadline(kind="Review", title="Chronologies standard", due_on=TODAY, url="/standards/3/review/")
    assert not_waiting([complaint, review], [item("complaint", url="/complaints/1/")]) == [review]
    assert not_waiting([complaint, review], []) == [complaint, review]


def test_the_apps_register_their_providers(db):
    assert {"audits:acknowledge", "audits:moderate", "audits:contribute", "complaints",
            "participation"} <= set(waiting.PROVIDERS)
