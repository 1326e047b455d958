"""``{% load practice %}``: links from a gap to the library, for pages of lower apps.

``assessments`` and ``reports`` must not import ``practice``; their templates load this library::

    {% load practice %}
    {% practice_counts suggestions as counts %}        {# one query for the whole page #}
    {% gap_link counts s.indicator %}                  {# "3 examples" → /practice/?indicator=… #}

Counts stop above ``practice.selectors.COUNT_BOUND``: beyond it the link says "20+ examples".

``practice_counts`` takes indicator codes, Indicator objects, or dicts with an ``indicator`` key
(a dashboard's ``result.next_stage.gaps`` or the action plan's suggestions).
"""

from urllib.parse import quote

from django import template
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils.html import format_html

from practice import selectors

register = template.Library()


def _code(item) -> str:
    if isinstance(item, dict):
        item = item.get("indicator")
    return getattr(item, "code", item) or ""


@register.simple_tag
def practice_counts(items) -> dict[str, int]:
    return selectors.published_counts(_code(item) for item in items or [])


@register.simple_tag
def gap_link(counts, indicator) -> str:
    """A gap's link to the published examples for its indicator ("3 examples", or "20+ examples"
    past the bound); nothing when there is none. Built here rather than in a template: a page
    shows one per gap."""
    code = _code(indicator)
    count = (counts or {}).get(code, 0)
    if not count:
        return ""
    bound = selectors.COUNT_BOUND
    words = f"{bound}+ examples" if count > bound else f"{count} example{pluralize(count)}"
    return format_html(
        '<a class="govuk-link app-gap-practice" href="{}?indicator={}">{}'
        '<span class="govuk-visually-hidden"> of credible practice for {}</span></a>',
        reverse("practice:library"),
        quote(code),
        words,
        code,
    )
