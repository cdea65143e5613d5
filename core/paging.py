"""Pages of a long list: the page asked for, and the filters to keep in the links to others."""

from django.core.paginator import Page, Paginator


def paginate(request, queryset, per_page: int = 50, *, count: int | None = None) -> tuple[Page, str]:
    """The page asked for (`?page=`), and the query string of the filters. `count`, when the
    caller has counted the rows already (with its totals), saves counting them again."""
    paginator = Paginator(queryset, per_page)
    if count is not None:
        paginator.count = count  # Paginator.count is a cached property: this is its value
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()
