"""The default perspectives and the national library of measure definitions.

The perspectives are the catalogue's own reading of Audit Scotland's *Safe and Sound* (2000)
balanced scorecard for a community safety partnership; admins may reword them. Codes are stable:
partnerships that adopt a definition keep its code, and the national comparison uses it.
"""

from django.db import migrations

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


def load(apps, schema_editor):
    Perspective = apps.get_model("scorecard", "Perspective")
    MeasureDefinition = apps.get_model("scorecard", "MeasureDefinition")
    perspectives = {}
    for order, (code, name, description) in enumerate(PERSPECTIVES, start=1):
        perspectives[code], _ = Perspective.objects.get_or_create(
            code=code, defaults={"name": name, "description": description, "order": order}
        )
    for order, row in enumerate(DEFINITIONS, start=1):
        code, perspective, name, definition, unit, direction, source, evidences = row
        MeasureDefinition.objects.get_or_create(
            code=code,
            defaults={
                "perspective": perspectives[perspective],
                "name": name,
                "definition": definition,
                "unit": unit,
                "direction": direction,
                "data_source": source,
                "evidences": evidences,
                "order": order,
            },
        )


def unload(apps, schema_editor):
    apps.get_model("scorecard", "MeasureDefinition").objects.filter(
        code__in=[row[0] for row in DEFINITIONS], adoptions__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("scorecard", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
