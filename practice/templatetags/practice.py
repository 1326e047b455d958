"""``{% load practice %}``: links from a gap to the library, for pages of lower apps.

``assessments`` and ``reports`` must not import ``practice``; their templates load this library::

    {% load practice %}
    {% practice_counts suggestions as counts %}        {# one query for the whole page #}
    {% gap_link counts s.indicator %}                  {# "3 examples" → /practice/?indicator=… #}

Counts stop above ``practice.selectors.COUNT_BOUND``: beyond it the link says "20+ examples".

``practice_counts`` takes indicator codes, Indicator objects, or dicts with an ``indicator`` key
(a dashboard's ``result.next_stage.gaps`` or the action plan's suggestions).
"""

from django import template

from practice import selectors

register = template.Library()


def _code(item) -> str:
    if isinstance(item, dict):
        item = item.get("indicator")
    return getattr(item, "code", item) or ""


@register.simple_tag
def practice_counts(items) -> dict[str, int]:
    return selectors.published_counts(_code(item) for item in items or [])


@register.inclusion_tag("practice/_gap_link.html")
def gap_link(counts, indicator) -> dict:
    code = _code(indicator)
    count = (counts or {}).get(code, 0)
    bound = selectors.COUNT_BOUND
    return {"code": code, "count": min(count, bound), "more": count > bound}
