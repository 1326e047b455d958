"""The default perspectives and the national library of measure definitions, loaded after
``migrate`` (and after a test flush) into a database that lacks them; admins edit them after.

The perspectives are the catalogue's own reading of Audit Scotland's *Safe and Sound* (2000)
balanced scorecard for a community safety partnership. Codes are stable: a partnership that adopts
a definition keeps its code, and the national comparison lines partnerships up on it.
"""

from scorecard.models import MeasureDefinition, Perspective

PERSPECTIVES = [
    (
        "outcomes",
        "Safer communities (outcomes)",
        "Is the area safer, and do people feel safer? The change in communities that the "
        "partnership exists to make, measured against where it started.",
    ),
    (
        "partnership",
        "Partnership working",
        "Are the partners doing together what the strategy says: meeting, auditing, planning, "
        "delivering and evaluating jointly?",
    ),
    (
        "resources",
        "Resources",
        "Are the partners putting their own money, staff and information into community safety, "
        "in mainstream budgets rather than short-term grants?",
    ),
    (
        "learning",
        "Learning and development",
        "Is the partnership learning: training its people, sharing credible practice and "
        "improving its work after review?",
    ),
]

# code, perspective, name, definition, unit, direction, data source, evidence for
DEFINITIONS = [
    (
        "CRIME-RATE",
        "outcomes",
        "Recorded crime",
        "Crimes recorded by the police in the area during the period, per 1,000 residents "
        "(mid-year population estimate).",
        "per_1000",
        "down",
        "Police recorded crime",
        "KLI-5 LR-8.1",
    ),
    (
        "FEAR-OF-CRIME",
        "outcomes",
        "Fear of crime",
        "Share of residents surveyed who say they feel unsafe walking alone in their area after "
        "dark.",
        "percent",
        "down",
        "Community safety survey",
        "KLI-5 LR-8.1",
    ),
    (
        "REPEAT-VICTIMS",
        "outcomes",
        "Repeat victimisation",
        "Share of the victims of crime in the period who had also been a victim in the previous "
        "12 months.",
        "percent",
        "down",
        "Police crime records",
        "LR-8.1",
    ),
    (
        "DELIBERATE-FIRES",
        "outcomes",
        "Deliberate fires",
        "Deliberate primary and secondary fires attended by the fire brigade in the area during "
        "the period.",
        "count",
        "down",
        "Fire brigade incident records",
        "LR-8.1",
    ),
    (
        "ASB-CALLS",
        "outcomes",
        "Antisocial behaviour calls",
        "Calls to the police about antisocial behaviour (disorder, noise, vandalism, youths "
        "causing annoyance) during the period.",
        "count",
        "down",
        "Police command and control system",
        "LR-8.1",
    ),
    (
        "ROAD-CASUALTIES",
        "outcomes",
        "Road casualties killed or seriously injured",
        "People killed or seriously injured in road accidents in the area during the period.",
        "count",
        "down",
        "Police road accident records",
        "LR-8.1",
    ),
    (
        "PROJECTS-EVALUATED",
        "partnership",
        "Projects evaluated",
        "Share of the community safety projects ending or reaching their review point in the "
        "period that were evaluated against outcomes set at their start.",
        "percent",
        "up",
        "Partnership project register",
        "LR-8.3",
    ),
    (
        "STRATEGIC-ATTENDANCE",
        "partnership",
        "Strategic group attendance",
        "Share of the partner agencies represented at a decision-making level at every meeting "
        "of the strategic group in the period.",
        "percent",
        "up",
        "Strategic group minutes",
        "LR-1.1",
    ),
    (
        "BUDGET-LINE",
        "resources",
        "Partner budgets with a community safety line",
        "Share of the partner agencies whose budget for the year has a line for community safety.",
        "percent",
        "up",
        "Partner agencies' budgets",
        "LR-3 LR-7",
    ),
    (
        "MAINSTREAM-SHARE",
        "resources",
        "Mainstream funding share",
        "Share of the partnership's community safety spending met from partners' mainstream "
        "budgets rather than short-term or challenge funding.",
        "percent",
        "up",
        "Partnership accounts",
        "LR-2 LR-3",
    ),
    (
        "STAFF-TRAINED",
        "learning",
        "Staff trained in community safety",
        "Partner staff who completed community safety or partnership training during the period.",
        "count",
        "up",
        "Partner training records",
        "LR-6",
    ),
    (
        "PRACTICE-SHARED",
        "learning",
        "Practice examples shared",
        "Examples of the partnership's practice written up and shared with other partnerships "
        "during the period.",
        "count",
        "up",
        "Partnership records",
        "LR-5",
    ),
]


def load_defaults(sender=None, using="default", **kwargs) -> None:
    """Create each default perspective and definition whose code is missing; change nothing else."""
    perspectives = {p.code: p for p in Perspective.objects.using(using).all()}
    for order, (code, name, description) in enumerate(PERSPECTIVES, start=1):
        if code not in perspectives:
            perspectives[code] = Perspective.objects.using(using).create(
                code=code, name=name, description=description, order=order
            )
    existing = set(MeasureDefinition.objects.using(using).values_list("code", flat=True))
    MeasureDefinition.objects.using(using).bulk_create(
        MeasureDefinition(
            code=code,
            perspective=perspectives[perspective],
            name=name,
            definition=definition,
            unit=unit,
            direction=direction,
            data_source=source,
            evidences=evidences,
            order=order,
        )
        for order, (code, perspective, name, definition, unit, direction, source, evidences) in (
            enumerate(DEFINITIONS, start=1)
        )
        if code not in existing and perspective in perspectives
    )
