"""Sortable table headers and pagination links that keep the rest of the query string."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag(takes_context=True)
def page_query(context, page: int) -> str:
    query = context["request"].GET.copy()
    query["page"] = page
    return query.urlencode()


@register.simple_tag(takes_context=True)
def sort_header(context, key: str, label: str, numeric: bool = False, title: str = "") -> str:
    """A column header linking to the table sorted by ``key``; ``aria-sort`` on the current one."""
    query = context["request"].GET.copy()
    current = context.get("sort") == key
    descending = bool(context.get("descending"))
    query["sort"] = key
    query["dir"] = "asc" if current and descending else ("desc" if current else "asc")
    query.pop("page", None)
    classes = "govuk-table__header" + (" govuk-table__header--numeric" if numeric else "")
    sort_state = (
        format_html(' aria-sort="{}"', "descending" if descending else "ascending")
        if current
        else ""
    )
    # A visible arrow on the sorted column (aria-hidden: aria-sort already says it).
    indicator = (
        format_html(
            ' <span class="app-sort-indicator" aria-hidden="true" data-sorted="{}">{}</span>',
            "descending" if descending else "ascending",
            "▼" if descending else "▲",
        )
        if current
        else ""
    )
    return format_html(
        '<th scope="col" class="{}"{}><a class="govuk-link" href="?{}">{}{}</a>{}</th>',
        classes,
        sort_state,
        query.urlencode(),
        label,
        format_html('<span class="govuk-visually-hidden"> {}</span>', title) if title else "",
        indicator,
    )
