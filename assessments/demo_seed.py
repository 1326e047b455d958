"""Demo assessments: a history true to the report, 2000/01 to 2003/04 approved, 2004/05 open.

What the history keeps to (tests in ``tests/assessments/test_demo_seed.py`` encode it):

* Every assessment starts after the study was published (November 2000): each cycle's is started
  in January, submitted in February and approved in March.
* East Ayrshire in 2000/01 is as the report describes it (5.3, 5.5): a dedicated community safety
  officer in post whose remit is still to be redefined for the partnership (LR-1.3 at 2), the
  Community Safety Forum in place but the three tiers not yet complete (LR-1.2 at 1), a strategic
  group agreed by senior staff on 14 August 2000 that has not yet met (LR-1.1 at 1), and a
  strategy that went to the Policy and Resources Committee on 30 November 2000 for the strategic
  group to finalise (LR-4.3 at 1). That places it at S1, "an early stage of the development path"
  (5.2). It then rises steadily.
* The pathfinders start ahead of East Ayrshire, "setting mechanisms in place and ... aspiring to
  better structural organisation" (3.1 (v)): at S2 in 2000/01, none at S3.
* Nothing drops: each agreed level is at least the one of the cycle before.
* Partners disagree as partners do: on each indicator the agencies are within one level of each
  other, except on a few (about one in twelve) where one agency is two levels away.
"""

import datetime
import hashlib

from django.utils import timezone

from assessments import selectors
from assessments.models import AgencyRating, AgreedRating, Assessment, Cycle, Transition
from assessments.results import store_result
from partnerships.models import Agency, Membership, Partnership
from threads.models import CatalogueVersion

CYCLES = ["2000/01", "2001/02", "2002/03", "2003/04", "2004/05"]
#: (average level in 2000/01, rise per cycle) of each partnership.
PROFILES = {
    "angus": (1.5, 0.55),
    "city-of-edinburgh": (1.7, 0.5),
    "east-dunbartonshire": (1.4, 0.5),
    "fife": (1.8, 0.55),
    "south-ayrshire": (1.5, 0.45),
    "east-ayrshire": (0.6, 0.7),
}
#: Platform first (LR-1, LR-2), evaluation and mainstream funding last, as the study describes.
LEAD = {
    "LR-1": 0.7,
    "LR-2": 0.3,
    "LR-4": 0.0,
    "LR-5": 0.0,
    "LR-6": -0.2,
    "LR-7": -0.3,
    "LR-3": -0.4,
    "LR-8": -0.6,
}
#: (level, note) fixed by the report for a partnership's first cycle.
FACTS_2000_01 = {
    "east-ayrshire": {
        "LR-1.1": (
            1,
            "Senior staff agreed on 14 August 2000 to set up a strategic level partnership "
            "group; it has not met yet.",
        ),
        "LR-1.2": (
            1,
            "The three tier structure is agreed: the Community Safety Forum is in place as the "
            "second tier, the strategic group is agreed and the task groups are to follow.",
        ),
        "LR-1.3": (
            2,
            "A dedicated Community Safety Officer is in post and reports to the Principal "
            "Officer – Licensing and Community Safety; the remit is to be redefined for the "
            "partnership structure.",
        ),
        "LR-4.3": (
            1,
            "The community safety strategy goes to the Council's Policy and Resources "
            "Committee on 30 November 2000; the strategic group will finalise it.",
        ),
    },
}
#: Pathfinders had mechanisms in place in 2000/01 (3.1 (v)): a strategic group and a lead officer.
PATHFINDER_FLOOR_2000_01 = {"LR-1.1": 2, "LR-1.3": 2}
MAX_LEVEL = 4


def _hash(*parts: str) -> int:
    return int.from_bytes(hashlib.sha256("|".join(parts).encode()).digest()[:4], "big")


def agreed_history(slug: str, codes: list[str]) -> list[dict[str, int]]:
    """Every indicator's agreed level in each cycle: steady, never below the year before."""
    start, pace = PROFILES[slug]
    facts = {code: level for code, (level, _) in FACTS_2000_01.get(slug, {}).items()}
    history: list[dict[str, int]] = []
    for index in range(len(CYCLES)):
        levels = {}
        for code in codes:
            jitter = (_hash(slug, code) % 5 - 2) * 0.2  # fixed per indicator: no random drops
            value = start + LEAD.get(code.split(".")[0], 0) + jitter + pace * index
            level = max(0, min(MAX_LEVEL, int(value + 0.5)))
            if index == 0:
                if code in facts:
                    level = facts[code]
                elif slug != "east-ayrshire":
                    level = max(level, PATHFINDER_FLOOR_2000_01.get(code, 0))
            else:
                level = max(level, history[-1][code])
            levels[code] = level
        history.append(levels)
    return history


def agency_levels(slug: str, code: str, cycle: str, agreed: int, kinds: list[str]) -> dict:
    """Each agency's own level: within one level of the agreed one, all on the same side, except
    on about one indicator in twelve, where one agency sees it two levels differently."""
    if not kinds:
        return {}
    side = 1 if _hash(slug, code, cycle, "side") % 2 else -1
    if not 0 <= agreed + side <= MAX_LEVEL:
        side = -side
    out = {}
    for kind in kinds:
        step = side if _hash(slug, code, cycle, kind) % 3 == 0 else 0
        out[kind] = max(0, min(MAX_LEVEL, agreed + step))
    if _hash(slug, code, cycle, "disagree") % 12 == 0:
        odd = kinds[_hash(slug, code, cycle, "who") % len(kinds)]
        # two levels from the others: beyond them on their side, or the other way round
        far = agreed + 2 * side if 0 <= agreed + 2 * side <= MAX_LEVEL else agreed - side
        out[odd] = max(0, min(MAX_LEVEL, far))
    return out


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


def _at(year: int, month: int, day: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, 10, 0))


def seed_assessments() -> None:
    version = CatalogueVersion.objects.get(is_current=True)
    indicators = list(version.indicators.all())
    codes = [indicator.code for indicator in indicators]
    cycles = _cycles()
    for partnership in Partnership.objects.filter(slug__in=PROFILES):
        slug = partnership.slug
        members = Membership.objects.filter(partnership=partnership).select_related(
            "agency", "user"
        )
        coordinator = members.filter(role="coordinator").first().user
        approver = members.filter(role="approver").first()
        approver = approver.user if approver else coordinator
        respondents = [m for m in members if m.role == "respondent"]
        health_board = Agency.objects.filter(
            partnership=partnership, name__endswith=" Health Board"
        ).first()
        history = agreed_history(slug, codes)
        facts = FACTS_2000_01.get(slug, {})
        for index, cycle in enumerate(cycles):
            is_open = index == len(cycles) - 1
            if is_open and slug != "east-ayrshire":
                continue
            if Assessment.objects.filter(partnership=partnership, cycle=cycle).exists():
                continue
            year = 2001 + index  # the January to March in which the cycle's assessment ran
            assessment = Assessment.objects.create(
                partnership=partnership,
                cycle=cycle,
                version=version,
                created_at=_at(year, 1, 8),
            )
            agency_rows, agreed_rows = [], []
            for indicator in indicators:
                agreed = history[index][indicator.code]
                answering = [
                    m
                    for m in respondents
                    if not is_open
                    or (
                        m.agency.kind in ("police", "council")
                        and indicator.code.startswith(("LR-1", "LR-2", "LR-4"))
                    )
                ]
                own = agency_levels(
                    slug, indicator.code, cycle.name, agreed, [m.agency.kind for m in answering]
                )
                for m in answering:
                    agency = m.agency
                    if index == 0 and agency.kind == "health" and health_board is not None:
                        agency = health_board  # the NHS board took its name in 2001
                    level = own[m.agency.kind]
                    agency_rows.append(
                        AgencyRating(
                            assessment=assessment,
                            indicator=indicator,
                            agency=agency,
                            level=level,
                            note="Seen in the partnership's papers." if level >= 2 else "",
                            updated_by=m.user,
                        )
                    )
                if not is_open:
                    note = (
                        facts[indicator.code][1] if index == 0 and indicator.code in facts else ""
                    )
                    agreed_rows.append(
                        AgreedRating(
                            assessment=assessment,
                            indicator=indicator,
                            level=agreed,
                            note=note or "Agreed at the moderation meeting.",
                            updated_by=coordinator,
                        )
                    )
            AgencyRating.objects.bulk_create(agency_rows)
            AgreedRating.objects.bulk_create(agreed_rows)
            if is_open:
                continue
            result = selectors.assessment_result(assessment)
            submitted, approved = _at(year, 2, 20), _at(year, 3, 6)
            Transition.objects.bulk_create(
                [
                    Transition(
                        assessment=assessment,
                        from_state="draft",
                        to_state="submitted",
                        by=coordinator,
                        at=submitted,
                    ),
                    Transition(
                        assessment=assessment,
                        from_state="submitted",
                        to_state="approved",
                        by=approver,
                        at=approved,
                        comment="Approved by the strategic group.",
                    ),
                ]
            )
            assessment.state = Assessment.State.APPROVED
            assessment.approved_at = approved
            assessment.moderation_opened_at = submitted
            store_result(assessment, result.to_dict())
