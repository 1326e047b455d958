"""Synthetic benchmark data: the demo (small), then 1,000 more partnerships (large), each with
five cycles whose every indicator is rated by four agencies. Cycles 1–4 are approved with their
results stored as scored; cycle 5 is an open draft in moderation (the load test saves into it)."""

import random

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from pagecache.stamps import replace_everything

from assessments import scoring, selectors
from assessments.models import (
    AgencyRating,
    AgreedRating,
    Assessment,
    Cycle,
    ResultGap,
    ResultScore,
)
from assessments.results import result_rows
from bench.accounts import LOAD_USERS, load_username
from demo.seed import seed_demo
from partnerships.demo_data import PASSWORD
from partnerships.models import Agency, Membership, Partnership
from threads.models import CatalogueVersion

LARGE_PARTNERSHIPS = 1000
AGENCY_KINDS = [Agency.Kind.POLICE, Agency.Kind.COUNCIL, Agency.Kind.FIRE, Agency.Kind.HEALTH]
BATCH = 5000
User = get_user_model()


def small() -> None:
    seed_demo()


@transaction.atomic
def large(count: int = LARGE_PARTNERSHIPS, seed: int = 2000) -> None:
    rng = random.Random(seed)
    version = CatalogueVersion.objects.get(is_current=True)
    catalogue = selectors.scoring_catalogue(version)
    indicators = list(version.indicators.order_by("thread__order", "order"))
    cycles = list(Cycle.objects.order_by("opens_on"))[-5:]
    assert len(cycles) == 5, "the demo's five cycles come first"
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
        Assessment(
            partnership=p,
            cycle=cycle,
            version=version,
            state=Assessment.State.DRAFT,
        )
        for p in partnerships
        for cycle in cycles
    )
    agreed_rows, agency_rows, score_rows, gap_rows, approved = [], [], [], [], []
    for index, assessment in enumerate(assessments):
        cycle_index = index % 5
        base = min(4, cycle_index * rng.random() * 1.4)
        levels = {}
        for indicator in indicators:
            own = [
                max(0, min(4, round(base + rng.uniform(-1.2, 1.2))))
                for _ in agencies_of[assessment.partnership_id]
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
            assessment.result = result
            assessment.stage_code = result["stage"]["code"]
            assessment.stage_order = result["stage"]["order"]
            scores, gaps = result_rows(assessment, result)
            score_rows += scores
            gap_rows += gaps
            approved.append(assessment)
        else:
            assessment.moderation_opened_at = timezone.now()
            approved.append(assessment)
    Assessment.objects.bulk_update(
        approved,
        ["state", "result", "stage_code", "stage_order", "moderation_opened_at"],
        batch_size=1000,
    )
    AgreedRating.objects.bulk_create(agreed_rows, batch_size=BATCH)
    AgencyRating.objects.bulk_create(agency_rows, batch_size=BATCH)
    ResultScore.objects.bulk_create(score_rows, batch_size=BATCH)
    ResultGap.objects.bulk_create(gap_rows, batch_size=BATCH)
    replace_everything()  # bulk inserts send no signals: no page may be served from before
