"""Pages of a long list: the page asked for, and the filters to keep in the links to others."""

from django.core.paginator import Page, Paginator


def paginate(request, queryset, per_page: int = 50) -> tuple[Page, str]:
    page = Paginator(queryset, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()
