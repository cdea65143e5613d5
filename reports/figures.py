"""A number on a report, with the rows behind it.

Every figure is counted from one of the row lists in `rows` and links to that list filtered to
exactly what it counts, so following a number always shows as many rows as it says."""

from dataclasses import dataclass


def percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


@dataclass(frozen=True)
class Figure:
    value: int
    link: str
    whole: int | None = None  # for a share: what it is a share of
    # The figure adds up this field of its rows ("children_count") rather than counting them.
    adds: str = ""

    @property
    def percent(self) -> int | None:
        return None if self.whole is None else percent(self.value, self.whole)

    @property
    def share(self) -> str:
        """A share with its n, as small samples mislead: "38% (12 of 32)", or "none due"."""
        if not self.whole:
            return "– (none)"
        return f"{self.percent}% ({self.value} of {self.whole})"

    def __str__(self) -> str:
        return str(self.value)


@dataclass(frozen=True)
class Panel:
    """One part of a dashboard: its heading, the template that draws it and its figures."""

    key: str
    title: str
    template: str
    data: object


def figures_in(value, seen=None):
    """Every Figure reachable from a panel's data: for the test that follows each one."""
    seen = set() if seen is None else seen
    if id(value) in seen:
        return
    seen.add(id(value))
    if isinstance(value, Figure):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from figures_in(item, seen)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from figures_in(item, seen)
    elif hasattr(value, "__dataclass_fields__"):
        for name in value.__dataclass_fields__:
            yield from figures_in(getattr(value, name), seen)


@dataclass(frozen=True)
class Table:
    """A table of a panel as a download: its caption, headings and rows, a cell a Figure (its
    number; a share adds its percentage) or plain text."""

    key: str
    caption: str
    headings: list[str]
    rows: list[list]


def tally_table(key: str, caption: str, first: str, labels: list[str], tallies) -> Table:
    """A table of how duties went (compliance's Tally), as the page shows it."""
    return Table(
        key, caption, [first, *labels, "All", "Done on time, of those due", "Share done on time (%)"],
        [[tally.label, *tally.outcomes, tally.total, tally.on_time, tally.on_time.percent] for tally in tallies],
    )
