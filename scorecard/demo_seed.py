"""Demo scorecards: eight measures per demo partnership, with figures from 2000/01 to the latest
period that has ended, entered by the owner agency's respondent.

Each measure moves from its baseline towards its target at its own pace: a pace of 1 or more
keeps it on the straight line (on track), below 1 falls behind (not on track). East Ayrshire, which
came to evaluation late (LR-8 is its weakest thread), has five of its eight on track.
"""

import datetime
import hashlib
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from partnerships.demo_data import PARTNERSHIPS
from partnerships.models import Membership, Partnership
from scorecard.figures import Period
from scorecard.models import Actual, Frequency, Measure, MeasureDefinition, Perspective

START_YEAR = 2000
TARGET_YEAR = 2027
# code -> (owner agency kind, frequency, baseline, target, strategy priority)
ADOPTED = {
    "CRIME-RATE": ("police", "year", 92.0, 70.0, "Reduce crime"),
    "FEAR-OF-CRIME": ("council", "year", 41.0, 25.0, "Help people feel safe"),
    "ASB-CALLS": ("police", "quarter", 820, 520, "Youth disorder and antisocial behaviour"),
    "DELIBERATE-FIRES": ("fire", "year", 640, 300, "Home safety and accident prevention"),
    "REPEAT-VICTIMS": ("police", "year", 28.0, 18.0, "Reduce crime"),
    "PROJECTS-EVALUATED": ("council", "year", 10.0, 90.0, "Evaluate what works"),
    "BUDGET-LINE": ("council", "year", 17.0, 100.0, "Mainstream community safety"),
    "STAFF-TRAINED": ("council", "year", 20, 150, "Skills for partnership working"),
}
OWN = {
    "code": "MEDIATION",
    "name": "Neighbour disputes resolved by mediation",
    "definition": "Share of the neighbour disputes referred to the community mediation service "
    "in the period that were resolved without police or legal action.",
    "unit": "percent",
    "direction": "up",
    "perspective": "partnership",
    "owner": "voluntary",
    "baseline": 35.0,
    "target": 70.0,
}
# Per partnership: the measures it adopted (seven of the library) and each one's pace.
PLANS = {
    "east-ayrshire": {
        "CRIME-RATE": 1.1,
        "FEAR-OF-CRIME": 1.05,
        "ASB-CALLS": 0.8,
        "DELIBERATE-FIRES": 1.2,
        "PROJECTS-EVALUATED": 1.1,
        "BUDGET-LINE": 1.05,
        "STAFF-TRAINED": 0.6,
        "MEDIATION": 0.8,
    },
}
DEFAULT_CODES = [
    "CRIME-RATE",
    "FEAR-OF-CRIME",
    "ASB-CALLS",
    "DELIBERATE-FIRES",
    "REPEAT-VICTIMS",
    "PROJECTS-EVALUATED",
    "BUDGET-LINE",
    "MEDIATION",
]


def _unit_hash(*parts: str) -> float:
    """A repeatable number in [0, 1) from ``parts``."""
    return hashlib.sha256("|".join(parts).encode()).digest()[0] / 256


def _pace(slug: str, code: str) -> float:
    plan = PLANS.get(slug)
    if plan is not None:
        return plan[code]
    return 0.7 + 0.6 * _unit_hash(slug, code)  # 0.7 to 1.3: about half on track


def _periods(frequency: str, today: datetime.date) -> list[Period]:
    out = []
    for year in range(START_YEAR, today.year + 1):
        for quarter in (1, 2, 3, 4) if frequency == Frequency.QUARTER else (0,):
            period = Period(year, quarter)
            if period.has_ended(today):
                out.append(period)
    return out


def _round(value: float, unit: str) -> Decimal:
    places = Decimal("1") if unit == "count" else Decimal("0.1")
    return Decimal(str(value)).quantize(places, rounding=ROUND_HALF_UP)


def _series(measure, periods: list[Period], pace: float, slug: str) -> list[Decimal]:
    """From the baseline at the first period to ``pace`` times the straight-line progress at the
    last, with a little repeatable noise on the way (none on the last figure)."""
    base, target = float(measure.baseline_value), float(measure.target_value)
    start, end = measure.baseline_period.end_index, measure.target_period.end_index
    last = periods[-1].end_index
    final_share = min(0.97, (last - start) / (end - start) * pace)
    values = []
    for period in periods:
        elapsed = (period.end_index - start) / max(1, last - start)
        share = final_share * max(0.0, elapsed)
        noise = 0 if period == periods[-1] else (_unit_hash(slug, measure.code, period.label) - 0.5)
        value = base + (target - base) * share + noise * abs(target - base) * 0.08
        if period.quarter and period != periods[-1]:
            value *= 1 + 0.06 * ((period.quarter in (2, 3)) - 0.5)  # lighter nights, more calls
        values.append(_round(max(0.0, value), measure.unit))
    values[0] = _round(base, measure.unit) if not periods[0].quarter else values[0]
    return values


def seed_scorecards(today: datetime.date | None = None) -> None:
    """Give each demo partnership its scorecard; a partnership that has measures is left alone."""
    today = today or timezone.localdate()
    library = {d.code: d for d in MeasureDefinition.objects.all()}
    perspectives = {p.code: p for p in Perspective.objects.all()}
    for partnership in Partnership.objects.filter(slug__in=_demo_slugs()):
        if partnership.measures.exists():
            continue
        agencies = {a.kind: a for a in partnership.agencies.all()}
        people = {
            m.agency.kind: m.user
            for m in Membership.objects.filter(partnership=partnership, role="respondent")
            .select_related("agency", "user")
            .order_by("pk")
        }
        codes = list(PLANS.get(partnership.slug, {})) or DEFAULT_CODES
        for order, code in enumerate(codes, start=1):
            measure = _measure(partnership, code, order, library, perspectives, agencies)
            periods = _periods(measure.frequency, today)
            if not periods:
                continue
            values = _series(measure, periods, _pace(partnership.slug, code), partnership.slug)
            who = people.get(measure.owner.kind if measure.owner else "")
            Actual.objects.bulk_create(
                Actual(
                    measure=measure,
                    year=p.year,
                    quarter=p.quarter,
                    value=v,
                    note="Figure from the annual survey." if code == "FEAR-OF-CRIME" else "",
                    entered_by=who,
                    entered_at=timezone.make_aware(
                        datetime.datetime.combine(p.ends_on, datetime.time(12))
                    )
                    + datetime.timedelta(days=45),
                )
                for p, v in zip(periods, values, strict=True)
            )


def _demo_slugs() -> list[str]:
    return [spec["slug"] for spec in PARTNERSHIPS]


def _measure(partnership, code, order, library, perspectives, agencies) -> Measure:
    baseline_year, target_year = START_YEAR, TARGET_YEAR
    if code == "MEDIATION":
        spec = OWN
        return Measure.objects.create(
            partnership=partnership,
            code=spec["code"],
            name=spec["name"],
            definition=spec["definition"],
            unit=spec["unit"],
            direction=spec["direction"],
            perspective=perspectives[spec["perspective"]],
            frequency=Frequency.YEAR,
            owner=agencies.get(spec["owner"]),
            data_source="Community mediation service",
            priority="Help people feel safe",
            evidences="LR-6",
            baseline_value=Decimal(str(spec["baseline"])),
            baseline_year=baseline_year,
            baseline_quarter=0,
            target_value=Decimal(str(spec["target"])),
            target_year=target_year,
            target_quarter=0,
            order=order,
        )
    definition = library[code]
    owner_kind, frequency, baseline, target, priority = ADOPTED[code]
    # Partnerships differ: counts and rates scaled by 0.8-1.2, shares moved by up to 5 points.
    spread = _unit_hash(partnership.slug, code, "size")
    if partnership.slug == "east-ayrshire":
        pass
    elif definition.unit == "percent":
        baseline, target = (
            min(100.0, max(0.0, v + round(10 * spread - 5))) for v in (baseline, target)
        )
    else:
        scale = 0.8 + 0.4 * spread
        places = 0 if definition.unit == "count" else 1
        baseline, target = (round(v * scale, places) for v in (baseline, target))
    quarter = 1 if frequency == Frequency.QUARTER else 0
    return Measure.objects.create(
        partnership=partnership,
        adopted_from=definition,
        code=definition.code,
        name=definition.name,
        definition=definition.definition,
        unit=definition.unit,
        direction=definition.direction,
        perspective=definition.perspective,
        frequency=frequency,
        owner=agencies.get(owner_kind),
        data_source=definition.data_source,
        priority=priority,
        evidences=definition.evidences,
        baseline_value=Decimal(str(baseline)),
        baseline_year=baseline_year,
        baseline_quarter=quarter,
        target_value=Decimal(str(target)),
        target_year=target_year,
        target_quarter=4 if quarter else 0,
        order=order,
    )
