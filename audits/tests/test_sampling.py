"""propose_sample: the month's case file audit sample, from plain data and without a database."""

from dataclasses import dataclass

import pytest

from audits.sampling import ALREADY_AUDITED, ANOTHER_CASE, NOT_YET_AUDITED, propose_sample


@dataclass(frozen=True)
class Listed:
    reference: str
    case_holder_id: int | None


def caseload(**holders: int) -> list[Listed]:
    """caseload(h1=3, h2=1): holder 1 with three cases (CR-1-1, CR-1-2, CR-1-3), holder 2 with one."""
    return [
        Listed(f"CR-{holder[1:]}-{n}", int(holder[1:]))
        for holder, count in holders.items()
        for n in range(1, count + 1)
    ]


def propose(cases, size, audited_recently=(), holders_audited=(), seed="2026-05/7"):
    return propose_sample(
        cases, audited_recently=set(audited_recently), holders_audited_this_year=set(holders_audited), size=size,
        seed=seed,
    )


def test_one_case_per_case_holder_when_there_are_enough():
    picks = propose(caseload(h1=4, h2=4, h3=4, h4=4), size=3)
    assert len({pick.case.case_holder_id for pick in picks}) == 3


def test_case_holders_not_yet_audited_this_year_come_first():
    picks = propose(caseload(h1=2, h2=2, h3=2, h4=2), size=3, holders_audited={1, 3})
    holders = [pick.case.case_holder_id for pick in picks]
    assert set(holders[:2]) == {2, 4} and holders[2] in {1, 3}
    assert [pick.reason for pick in picks] == [NOT_YET_AUDITED, NOT_YET_AUDITED, ALREADY_AUDITED]


def test_cases_audited_in_the_last_year_are_skipped():
    cases = caseload(h1=2, h2=1)
    picks = propose(cases, size=5, audited_recently={"CR-1-1", "CR-2-1"})
    assert [pick.case.reference for pick in picks] == ["CR-1-2"]


def test_a_second_case_of_a_holder_only_when_there_are_too_few_holders():
    picks = propose(caseload(h1=3, h2=1), size=3, holders_audited={2})
    holders = [pick.case.case_holder_id for pick in picks]
    assert holders == [1, 2, 1]
    assert picks[2].reason == f"{NOT_YET_AUDITED}; {ANOTHER_CASE}"
    assert len({pick.case.reference for pick in picks}) == 3


def test_cases_without_a_case_holder_are_not_proposed():
    assert propose([Listed("CR-9", None), *caseload(h1=1)], size=5) == propose(caseload(h1=1), size=5)
    assert [pick.case.reference for pick in propose([Listed("CR-9", None)], size=5)] == []


def test_never_more_than_asked_or_than_there_are():
    assert len(propose(caseload(h1=2, h2=2), size=10)) == 4
    assert len(propose(caseload(h1=2, h2=2), size=1)) == 1
    assert propose([], size=3) == []


def test_the_same_seed_gives_the_same_sample_whatever_the_order_of_the_list():
    cases = caseload(h1=5, h2=5, h3=5, h4=5, h5=5)
    first = propose(cases, size=3)
    assert propose(list(reversed(cases)), size=3) == first
    # Another month or another auditor draws differently (at least one of several seeds does).
    others = [propose(cases, size=3, seed=f"2026-{m:02d}/7") for m in range(6, 12)]
    assert any(other != first for other in others)


def test_a_case_added_to_the_list_leaves_the_others_where_they_were():
    cases = caseload(h1=5, h2=5, h3=5)
    before = propose(cases, size=2)
    after = propose([*cases, Listed("CR-NEW", 9)], size=3)  # a new case-holder's: one more to pick
    assert all(pick in after for pick in before)


@pytest.mark.parametrize("seed", ["2026-04/1", "2026-05/1", "2026-05/2"])
def test_every_case_holder_not_yet_audited_is_offered_before_any_already_audited(seed):
    cases = caseload(h1=3, h2=3, h3=3, h4=3, h5=3, h6=3)
    picks = propose(cases, size=6, holders_audited={1, 2, 3}, seed=seed)
    assert {pick.case.case_holder_id for pick in picks[:3]} == {4, 5, 6}
    assert {pick.case.case_holder_id for pick in picks[3:]} == {1, 2, 3}

