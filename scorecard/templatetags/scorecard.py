from django import template

from scorecard.figures import plain_number

register = template.Library()


@register.filter
def plain(value) -> str:
    """A figure as a plain number: 41, 76.1, 1,234.5 (the unit is named in the caption)."""
    return "–" if value is None else plain_number(value)
