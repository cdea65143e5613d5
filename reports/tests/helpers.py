"""Following a figure to its rows, for the tests that prove every number equals what it links to."""

from urllib.parse import urlsplit

from django.db.models import Sum
from django.http import QueryDict
from django.test import RequestFactory
from django.urls import resolve

from reports import rows
from reports.figures import figures_in
from reports.scope import scope_for


def rows_behind(user, link: str, day):
    """The rows a figure's link names, as the rows page reads them for this user on this day."""
    parts = urlsplit(link)
    match = resolve(parts.path)
    assert match.url_name == "rows", link
    request = RequestFactory().get(parts.path, QueryDict(parts.query))
    request.user = user
    scope = scope_for(request, day=day)
    return rows.find(match.kwargs["name"]).narrowed(scope, request.GET)[0]


def assert_figures_match_rows(user, panel_data, day) -> int:
    """Every figure in the panel's data equals the count (or the sum it adds) of its rows; how many were checked."""
    checked = 0
    for figure in figures_in(panel_data):
        behind = rows_behind(user, figure.link, day)
        found = behind.aggregate(total=Sum(figure.adds))["total"] or 0 if figure.adds else behind.count()
        assert found == figure.value, f"{figure.link}: the figure says {figure.value}, its rows are {found}"
        checked += 1
    assert checked, "the panel has no figures"
    return checked
