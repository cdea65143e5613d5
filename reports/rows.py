"""The lists behind the figures. A row list is every record of one kind in a report's scope and
period; its filters narrow it to what one figure counts. A figure is counted from the same list
with the same filters, so the number and the rows it links to cannot disagree."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.http import Http404

from core.exports import Column
from core.fields import as_key
from people.models import Role, StaffMember, Team
from schedule.models import Responsibility

from .scope import Scope

# A filter narrows the rows by one value from the query string; it raises Http404 for a value it
# cannot read, as for any address that names nothing.
Narrow = Callable[[QuerySet, str, Scope], QuerySet]


@dataclass(frozen=True)
class Filter:
    label: str  # what the filter means, for the heading of the rows: "Outcome"
    narrow: Narrow
    describe: Callable[[str], str] = str  # the value as a person reads it
    # ... or, for an id, the name it stands for, looked up among what the scope may see.
    name_of: Callable[[str, Scope], str] | None = None


@dataclass(frozen=True)
class RowList:
    name: str  # in the address: /reports/rows/<name>/
    title: str  # "Duties"
    rows: Callable[[Scope], QuerySet]  # every row in scope for the period, ready to show
    columns: Callable[[Scope], list[Column]]  # what a download holds, as of the scope's day
    filters: dict[str, Filter] = field(default_factory=dict)
    url_of: Callable[[object], str | None] = lambda row: None  # the page of one row, if any
    noun: tuple[str, str] = ("row", "rows")

    def narrowed(self, scope: Scope, params) -> tuple[QuerySet, list[tuple[str, str]]]:
        """The rows that the figure with these parameters counts, and the filters as read."""
        queryset = self.rows(scope)
        described = []
        for name, chosen in self.filters.items():
            value = params.get(name, "")
            if value:
                queryset = chosen.narrow(queryset, value, scope)
                shown = chosen.name_of(value, scope) if chosen.name_of else chosen.describe(value)
                described.append((chosen.label, shown))
        return queryset, described


LISTS: dict[str, RowList] = {}


def register(row_list: RowList) -> RowList:
    LISTS[row_list.name] = row_list
    return row_list


def find(name: str) -> RowList:
    try:
        return LISTS[name]
    except KeyError:
        raise Http404("No such list of rows.") from None


def choice(field_name: str, allowed) -> Narrow:
    """A filter on one field, to one of the allowed values."""
    allowed = {str(value) for value in allowed}

    def narrow(queryset, value, scope):
        if value not in allowed:
            raise Http404("No such value.")
        return queryset.filter(**{field_name: value})

    return narrow


def _named(queryset, value: str, field: str = "name") -> str:
    if value == "none":
        return "None"
    return queryset.filter(id=int(value)).values_list(field, flat=True).first() or value


def team_named(value: str, scope: Scope) -> str:
    return _named(Team.objects.all(), value) if value != "none" else "No team"


def person_named(value: str, scope: Scope) -> str:
    return _named(StaffMember.objects.filter(scope.staff()), value)


def role_named(value: str, scope: Scope) -> str:
    return _named(Role.objects.all(), value)


def responsibility_named(value: str, scope: Scope) -> str:
    found = Responsibility.objects.filter(id=int(value)).values_list("ref", "task").first()
    return f"{found[0]} {found[1]}" if found else value


def whole_number(field_name: str) -> Narrow:
    """A filter on an id; "none" means the field is empty."""

    def narrow(queryset, value, scope):
        if value == "none":
            return queryset.filter(**{f"{field_name}__isnull": True})
        key = as_key(value)
        if key is None:
            raise Http404("No such id.")
        return queryset.filter(**{field_name: key})

    return narrow
