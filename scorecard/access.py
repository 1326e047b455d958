"""Guards: a partnership's measure only through what the person may see."""

from django.http import Http404

from partnerships.access import partnership_for, require
from scorecard.models import Measure

__all__ = ["measure_of", "partnership_for", "require"]


def measure_of(partnership, code: str) -> Measure:
    """The measure ``code`` of ``partnership`` (404 for any other partnership's)."""
    measure = (
        Measure.objects.filter(partnership=partnership, code=code)
        .select_related("owner", "perspective", "adopted_from")
        .first()
    )
    if measure is None:
        raise Http404("No such measure.")
    measure.partnership = partnership
    return measure
