"""The line-management chain, walked up or down: the one place it is walked.

Pure functions of a map from each member of staff to their line manager (`Lines`), so one read
of the reporting lines answers any number of questions about them (a reminder run, a model's
validation of an unsaved change). For one person on a page, `people.access` asks the database the
same walks with a recursive query instead of reading every line; a test holds the two equal.
"""

from collections.abc import Iterator, Mapping

Lines = Mapping[int, int | None]  # staff id -> line manager's staff id


def above(staff_id: int, lines: Lines) -> Iterator[int]:
    """The managers up this person's line, nearest first. A loop in the line ends the walk."""
    seen = {staff_id}
    manager_id = lines.get(staff_id)
    while manager_id is not None and manager_id not in seen:
        yield manager_id
        seen.add(manager_id)
        manager_id = lines.get(manager_id)


def loops(staff_id: int, lines: Lines) -> bool:
    """Whether the line from this person leads back to them (they would manage themselves)."""
    manager_id, seen = lines.get(staff_id), set()
    while manager_id is not None and manager_id not in seen:
        if manager_id == staff_id:
            return True
        seen.add(manager_id)
        manager_id = lines.get(manager_id)
    return False


def below(manager_id: int, lines: Lines) -> set[int]:
    """Everyone under this manager in the line, however deep."""
    reports: dict[int, list[int]] = {}
    for staff_id, line_manager_id in lines.items():
        if line_manager_id is not None:
            reports.setdefault(line_manager_id, []).append(staff_id)
    found: set[int] = set()
    waiting = list(reports.get(manager_id, ()))
    while waiting:
        staff_id = waiting.pop()
        if staff_id not in found:
            found.add(staff_id)
            waiting.extend(reports.get(staff_id, ()))
    return found


def first_above(staff_id: int, lines: Lines, qualifies) -> int | None:
    """The nearest manager up the line for whom `qualifies(manager_id)` holds, or None."""
    return next((manager_id for manager_id in above(staff_id, lines) if qualifies(manager_id)), None)

