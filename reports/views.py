"""The report pages: the dashboard, and the rows behind any of its numbers (also as downloads)."""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from core import exports
from core.paging import paginate
from people.access import is_partner

from . import dashboard as panels
from . import rows as row_lists
from . import snapshots
from .figures import Figure
from .scope import scope_for


def _scope(request):
    if is_partner(request.user):
        raise PermissionDenied("Reports are for the council's own staff.")
    return scope_for(request)


def dashboard(request):
    scope = _scope(request)
    fmt = exports.requested(request)
    if fmt:
        return _table_download(fmt, scope, panels.table(panels.panels(scope), request.GET.get("table", "")))
    context = {"scope": scope, "form": scope.form}
    snapshot = None if scope.form.errors else snapshots.shown(scope, fresh="fresh" in request.GET)
    if snapshot is None:
        context["panels"] = panels.panels(scope)
    else:
        context |= {"snapshot": snapshot, "refresh_minutes": max(1, snapshots.refresh_seconds() // 60)}
    return render(request, "reports/dashboard.html", context)


def _table_download(fmt, scope, table):
    """One table of the dashboard as it shows it: a figure as its number."""
    if table is None:
        raise Http404("No such table.")

    def cell(index):
        return lambda row: row[index].value if isinstance(row[index], Figure) else row[index]

    columns = [exports.Column(heading, cell(index)) for index, heading in enumerate(table.headings)]
    return exports.download(fmt, f"{table.key}-{scope.period.code}", columns, table.rows)


def _cell(value) -> str:
    if isinstance(value, datetime):
        return f"{timezone.localtime(value):%-d %b %Y %H:%M}"
    if isinstance(value, date):
        return f"{value:%-d %b %Y}"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return "" if value is None else str(value)


def rows(request, name):
    """The rows one figure counts: the list named, in the figure's scope, narrowed by its filters."""
    row_list = row_lists.find(name)
    scope = _scope(request)
    queryset, described = row_list.narrowed(scope, request.GET)
    columns = row_list.columns(scope)
    fmt = exports.requested(request)
    if fmt:
        # The download reads the rows in chunks as it streams them.
        return exports.download(fmt, f"{row_list.name}-{scope.period.code}", columns, queryset)
    page, query = paginate(request, queryset)
    table = [(row_list.url_of(row), [_cell(column.value(row)) for column in columns]) for row in page.object_list]
    return render(request, "reports/rows.html", {
        "scope": scope,
        "row_list": row_list,
        "described": described,
        "headings": [column.heading for column in columns],
        "table": table,
        "page": page,
        "query": query,
        "downloads": exports.download_links(request),
        "noun": row_list.noun[0] if page.paginator.count == 1 else row_list.noun[1],
    })
