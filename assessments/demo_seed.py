"""Demo assessments: four approved cycles per partnership showing believable progress, and an
open 2004/05 assessment for East Ayrshire with some partner ratings in."""

import datetime
import hashlib
from statistics import median_low

from django.utils import timezone

from assessments import selectors
from assessments.models import AgencyRating, AgreedRating, Assessment, Cycle, Transition
from assessments.results import store_result
from partnerships.models import Membership, Partnership
from threads.models import CatalogueVersion

CYCLES = ["2000/01", "2001/02", "2002/03", "2003/04", "2004/05"]
#: where each partnership starts (average level in 2000/01) and how fast it climbs per cycle.
PROFILES = {
    "angus": (1.4, 0.6),
    "city-of-edinburgh": (1.8, 0.5),
    "east-dunbartonshire": (1.0, 0.5),
    "fife": (2.0, 0.55),
    "south-ayrshire": (1.2, 0.45),
    "east-ayrshire": (0.5, 0.5),
}


def _wobble(*parts: str) -> int:
    """A deterministic -1, 0 or +1 so ratings differ by indicator and agency, repeatably."""
    return hashlib.sha256("|".join(parts).encode()).digest()[0] % 3 - 1


def _level(slug: str, code: str, cycle_index: int, extra: str = "") -> int:
    start, pace = PROFILES[slug]
    # Platform (LR-1/LR-2) comes first, evaluation (LR-8) last: as the study describes.
    lead = {"LR-1": 0.8, "LR-2": 0.4, "LR-4": 0.2, "LR-8": -0.5, "LR-3": -0.3}.get(
        code.split(".")[0], 0
    )
    value = start + lead + pace * cycle_index + 0.6 * _wobble(slug, code, extra)
    return max(0, min(4, round(value)))


def _cycles() -> list[Cycle]:
    out = []
    for index, name in enumerate(CYCLES):
        year = 2000 + index
        cycle, _ = Cycle.objects.get_or_create(
            name=name,
            defaults={
                "opens_on": datetime.date(year, 4, 1),
                "closes_on": datetime.date(year + 1, 3, 31),
                "deadline": datetime.date(year, 9, 30),
            },
        )
        out.append(cycle)
    return out


def seed_assessments() -> None:
    version = CatalogueVersion.objects.get(is_current=True)
    indicators = list(version.indicators.all())
    cycles = _cycles()
    for partnership in Partnership.objects.filter(slug__in=PROFILES):
        members = Membership.objects.filter(partnership=partnership).select_related(
            "agency", "user"
        )
        coordinator = members.filter(role="coordinator").first().user
        approver = members.filter(role="approver").first()
        approver = approver.user if approver else coordinator
        respondents = [m for m in members if m.role == "respondent"]
        for index, cycle in enumerate(cycles):
            is_open = index == len(cycles) - 1
            if is_open and partnership.slug != "east-ayrshire":
                continue
            if Assessment.objects.filter(partnership=partnership, cycle=cycle).exists():
                continue
            assessment = Assessment.objects.create(
                partnership=partnership,
                cycle=cycle,
                version=version,
                # Started when its cycle opened, so the history reads in order.
                created_at=timezone.make_aware(
                    datetime.datetime.combine(cycle.opens_on, datetime.time(9, 0))
                ),
            )
            agency_rows, agreed_rows = [], []
            for indicator in indicators:
                levels = []
                for m in respondents:
                    if is_open and (
                        m.agency.kind not in ("police", "council")
                        or not indicator.code.startswith(("LR-1", "LR-2", "LR-4"))
                    ):
                        continue
                    level = max(
                        0,
                        min(
                            4,
                            _level(partnership.slug, indicator.code, index)
                            + _wobble(m.agency.kind, indicator.code, cycle.name),
                        ),
                    )
                    levels.append(level)
                    agency_rows.append(
                        AgencyRating(
                            assessment=assessment,
                            indicator=indicator,
                            agency=m.agency,
                            level=level,
                            note="Seen in the partnership's papers." if level >= 2 else "",
                            updated_by=m.user,
                        )
                    )
                if not is_open:
                    agreed_rows.append(
                        AgreedRating(
                            assessment=assessment,
                            indicator=indicator,
                            level=median_low(levels) if levels else 0,
                            note="Agreed at the moderation meeting.",
                            updated_by=coordinator,
                        )
                    )
            AgencyRating.objects.bulk_create(agency_rows)
            AgreedRating.objects.bulk_create(agreed_rows)
            if is_open:
                continue
            result = selectors.assessment_result(assessment)
            when = timezone.make_aware(datetime.datetime(2001 + index, 3, 1, 10, 0))
            Transition.objects.bulk_create(
                [
                    Transition(
                        assessment=assessment,
                        from_state="draft",
                        to_state="submitted",
                        by=coordinator,
                        at=when,
                    ),
                    Transition(
                        assessment=assessment,
                        from_state="submitted",
                        to_state="approved",
                        by=approver,
                        at=when + datetime.timedelta(days=14),
                        comment="Approved by the strategic group.",
                    ),
                ]
            )
            assessment.state = Assessment.State.APPROVED
            assessment.approved_at = when + datetime.timedelta(days=14)
            assessment.moderation_opened_at = when
            store_result(assessment, result.to_dict())
