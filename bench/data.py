"""Synthetic benchmark data.

- small: the demo (six partnerships, five cycles).
- large: 1,000 more partnerships, each with four agencies and five cycles whose every indicator is
  rated by the four agencies; cycles 1–4 approved, with their snapshots stored as at approval;
  cycle 5 an open draft in moderation (the load test saves into it).
  Each also adopts the library's fear-of-crime measure with four years of figures, and the
  practice library gets 10,000 published examples.
- national: 4,000 more partnerships with approved results only (all the national pages read),
  for 5,000 in all.
"""

import random

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from assessments import scoring, selectors
from assessments.models import (
    AgencyRating,
    AgreedRating,
    Assessment,
    Cycle,
    ResultGap,
    ResultSnapshot,
)
from assessments.results import (
    catalogue_labels,
    cycle_summary_refresh,
    gap_rows,
    snapshot_data,
    snapshot_row,
    stage_list,
)
from bench.accounts import LOAD_USERS, load_username
from demo.seed import seed_demo
from partnerships.demo_data import PASSWORD
from partnerships.models import Agency, Membership, Partnership
from practice.bench_data import make_examples
from scorecard.models import Actual, Measure, MeasureDefinition
from threads.models import CatalogueVersion

LARGE_PARTNERSHIPS = 1000
PRACTICE_EXAMPLES = 10_000
NATIONAL_PARTNERSHIPS = 4000
AGENCY_KINDS = [Agency.Kind.POLICE, Agency.Kind.COUNCIL, Agency.Kind.FIRE, Agency.Kind.HEALTH]
BATCH = 5000
User = get_user_model()


def small() -> None:
    seed_demo()


def _cycles() -> list[Cycle]:
    cycles = list(Cycle.objects.order_by("opens_on"))[-5:]
    assert len(cycles) == 5, "the demo's five cycles come first"
    return cycles


def _levels(rng: random.Random, cycle_index: int, codes: list[str]) -> dict[str, int]:
    base = min(4, cycle_index * rng.random() * 1.4)
    return {code: max(0, min(4, round(base + rng.uniform(-1.2, 1.2)))) for code in codes}


@transaction.atomic
def large(count: int = LARGE_PARTNERSHIPS, seed: int = 2000) -> None:
    rng = random.Random(seed)
    version = CatalogueVersion.objects.get(is_current=True)
    catalogue = selectors.scoring_catalogue(version)
    indicators = list(version.indicators.order_by("thread__order", "order"))
    cycles = _cycles()
    password = make_password(PASSWORD)  # one hash for every synthetic user: fast to create

    partnerships = Partnership.objects.bulk_create(
        Partnership(name=f"Bench Partnership {n:04d}", slug=f"bench-{n:04d}", local_authority="")
        for n in range(count)
    )
    agencies = Agency.objects.bulk_create(
        Agency(partnership=p, name=f"{kind.label} {p.slug}", kind=kind)
        for p in partnerships
        for kind in AGENCY_KINDS
    )
    agencies_of: dict[int, list[Agency]] = {}
    for agency in agencies:
        agencies_of.setdefault(agency.partnership_id, []).append(agency)
    coordinator = User.objects.create(username="bench-coordinator", password=password)
    users = User.objects.bulk_create(
        User(username=load_username(n), password=password, email=f"{load_username(n)}@x.org")
        for n in range(min(LOAD_USERS, count))
    )
    Membership.objects.bulk_create(
        Membership(
            user=user,
            partnership=partnerships[n],
            role=Membership.Role.RESPONDENT,
            agency=agencies_of[partnerships[n].pk][0],
        )
        for n, user in enumerate(users)
    )
    assessments = Assessment.objects.bulk_create(
        Assessment(partnership=p, cycle=cycle, version=version, state=Assessment.State.DRAFT)
        for p in partnerships
        for cycle in cycles
    )
    agreed_rows, agency_rows, results = [], [], {}
    for index, assessment in enumerate(assessments):
        cycle_index = index % 5
        levels = {}
        for indicator in indicators:
            own = [
                max(0, min(4, round(min(4, cycle_index * 0.8) + rng.uniform(-1.2, 1.2))))
                for _ in AGENCY_KINDS
            ]
            for agency, level in zip(agencies_of[assessment.partnership_id], own, strict=True):
                agency_rows.append(
                    AgencyRating(
                        assessment=assessment,
                        indicator=indicator,
                        agency=agency,
                        level=level,
                        updated_by=coordinator,
                    )
                )
            levels[indicator.code] = sorted(own)[1]
            agreed_rows.append(
                AgreedRating(
                    assessment=assessment,
                    indicator=indicator,
                    level=levels[indicator.code],
                    updated_by=coordinator,
                )
            )
        if cycle_index < 4:
            result = scoring.score(catalogue, levels).to_dict()
            assessment.state = Assessment.State.APPROVED
            assessment.approved_at = timezone.now()
            assessment.result = result
            assessment.stage_code = result["stage"]["code"]
            assessment.stage_order = result["stage"]["order"]
            results[assessment.pk] = result
        else:
            assessment.moderation_opened_at = timezone.now()
    Assessment.objects.bulk_update(
        assessments,
        ["state", "result", "stage_code", "stage_order", "approved_at", "moderation_opened_at"],
        batch_size=1000,
    )
    AgreedRating.objects.bulk_create(agreed_rows, batch_size=BATCH)
    AgencyRating.objects.bulk_create(agency_rows, batch_size=BATCH)
    # The snapshots exactly as approval writes them (partner agreement read back per assessment).
    snapshots, gaps = [], []
    for index, assessment in enumerate(assessments):
        if assessment.pk in results:
            assessment.cycle = cycles[index % 5]
            result = results[assessment.pk]
            snapshots.append(snapshot_row(assessment, result, snapshot_data(assessment)))
            gaps += gap_rows(assessment, result)
    ResultSnapshot.objects.bulk_create(snapshots, batch_size=500)
    ResultGap.objects.bulk_create(gaps, batch_size=BATCH)
    for cycle in cycles:
        cycle_summary_refresh(cycle.pk)
    adopted_measures(partnerships)
    make_examples(PRACTICE_EXAMPLES)


def adopted_measures(partnerships, code: str = "FEAR-OF-CRIME") -> None:
    """Each partnership adopts one library measure, with a baseline, a target and four yearly
    figures: what the national comparison and the API's measures read."""
    definition = MeasureDefinition.objects.get(code=code)
    measures = Measure.objects.bulk_create(
        Measure(
            partnership=p,
            adopted_from=definition,
            perspective_id=definition.perspective_id,
            code=definition.code,
            name=definition.name,
            definition=definition.definition,
            unit=definition.unit,
            direction=definition.direction,
            frequency="year",
            baseline_value=40,
            baseline_year=2000,
            baseline_quarter=0,
            target_value=30,
            target_year=2005,
            target_quarter=0,
        )
        for p in partnerships
    )
    Actual.objects.bulk_create(
        Actual(measure=m, year=year, quarter=0, value=40 - (year - 2000) * (m.pk % 3))
        for m in measures
        for year in range(2001, 2005)
    )


@transaction.atomic
def national(count: int = NATIONAL_PARTNERSHIPS, seed: int = 5000) -> None:
    """Partnerships with approved results only: the rows the national pages read."""
    rng = random.Random(seed)
    version = CatalogueVersion.objects.get(is_current=True)
    catalogue = selectors.scoring_catalogue(version)
    codes = [indicator.code for indicator in catalogue.indicators]
    cycles = _cycles()[:4]
    start = Partnership.objects.count()
    partnerships = Partnership.objects.bulk_create(
        Partnership(name=f"Bench Partnership {n:04d}", slug=f"bench-{n:04d}", local_authority="")
        for n in range(start, start + count)
    )
    assessments = Assessment.objects.bulk_create(
        Assessment(partnership=p, cycle=cycle, version=version, state=Assessment.State.DRAFT)
        for p in partnerships
        for cycle in cycles
    )
    data = {
        "labels": catalogue_labels(version),
        "stages": stage_list(version),
        "agreement": {"agencies": [], "rows": [], "flagged_count": 0},
    }
    snapshots, gaps = [], []
    for index, assessment in enumerate(assessments):
        assessment.cycle = cycles[index % 4]
        result = scoring.score(catalogue, _levels(rng, index % 4, codes)).to_dict()
        assessment.state = Assessment.State.APPROVED
        assessment.approved_at = timezone.now()
        assessment.result = result
        assessment.stage_code = result["stage"]["code"]
        assessment.stage_order = result["stage"]["order"]
        snapshots.append(snapshot_row(assessment, result, {**data, "cycle": assessment.cycle.name}))
        gaps += gap_rows(assessment, result)
    Assessment.objects.bulk_update(
        assessments,
        ["state", "result", "stage_code", "stage_order", "approved_at"],
        batch_size=1000,
    )
    ResultSnapshot.objects.bulk_create(snapshots, batch_size=1000)
    ResultGap.objects.bulk_create(gaps, batch_size=BATCH)
    for cycle in cycles:
        cycle_summary_refresh(cycle.pk)
