"""Bulk examples for the lead's bench (``make bench``) and for query-count tests.

``make_examples(n)`` writes ``n`` published examples with ``bulk_create`` (the PostgreSQL trigger
fills ``search`` row by row), spread over the existing partnerships and the current catalogue's
indicators, a third of them public, with varied wording so searches rank and filter for real.
"""

import datetime
import itertools

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from partnerships.models import Partnership
from practice.models import Example
from threads.models import CatalogueVersion

THEMES = [
    ("joint audit", "pooled incident data ward by ward and asked residents what worried them"),
    ("information-sharing protocol", "agreed what data each partner shares and how often"),
    ("three-tier structure", "set up a strategic group, a forum and task groups"),
    ("joint training", "trained frontline staff from five agencies together by area"),
    ("mainstream budgets", "moved projects from challenge funds onto partner budgets"),
    ("balanced scorecard", "measured outcomes against baselines and targets twice a year"),
    ("youth diversion", "ran evening activities where disorder complaints were highest"),
    ("street lighting", "relit lanes and underpasses identified by the safety audit"),
]


@transaction.atomic
def make_examples(n: int, *, batch_size: int = 1000) -> list[int]:
    """Create ``n`` published examples; return their ids."""
    partnerships = list(Partnership.objects.order_by("pk"))
    if not partnerships:
        partnerships = [Partnership.objects.create(name="Bench Partnership", slug="bench")]
    author, _ = get_user_model().objects.get_or_create(username="bench-practice-author")
    version = CatalogueVersion.objects.get(is_current=True)
    indicators = list(version.indicators.order_by("pk"))
    now = timezone.now()
    start = Example.objects.count()
    rows = []
    for k in range(n):
        i = start + k
        theme, done = THEMES[i % len(THEMES)]
        partnership = partnerships[i % len(partnerships)]
        published = now - datetime.timedelta(days=(i * 37) % 1500)
        rows.append(
            Example(
                partnership=partnership,
                title=f"{theme.capitalize()} in {partnership.name} ({i})",
                summary=f"The partnership {done}; example {i} of the library.",
                problem=f"Before the {theme}, each agency worked on its own.",
                what_was_done=f"Partners {done}, then reviewed the results together.",
                by_whom="The council, police, fire and health board.",
                cost="Staff time.",
                impact="Measured against the baseline after a year.",
                lessons=f"Start the {theme} small and agree definitions first.",
                state=Example.State.PUBLISHED,
                is_public=i % 3 == 0,
                created_by=author,
                created_at=published,
                updated_at=published,
                published_at=published,
            )
        )
    created = Example.objects.bulk_create(rows, batch_size=batch_size)
    ids = [e.pk for e in created]
    if ids[0] is None:  # a backend that does not return ids
        ids = list(Example.objects.order_by("-pk").values_list("pk", flat=True)[:n])[::-1]
    through = Example.indicators.through
    links = []
    for pk, offset in zip(ids, itertools.count(start), strict=False):
        for j in (0, 7):
            if indicators:
                links.append(
                    through(
                        example_id=pk, indicator_id=indicators[(offset + j) % len(indicators)].pk
                    )
                )
    through.objects.bulk_create(links, batch_size=batch_size, ignore_conflicts=True)
    return ids
