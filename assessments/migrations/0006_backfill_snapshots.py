"""Snapshots and cycle summaries for assessments approved before snapshots existed.

Written against the historical models (as a migration must be), so it repeats in small what
``assessments.results.store_result`` does at approval.
"""

from collections import Counter

from django.db import migrations
from django.db.models import Count


def _agreement(apps, assessment):
    AgencyRating = apps.get_model("assessments", "AgencyRating")
    AgreedRating = apps.get_model("assessments", "AgreedRating")
    Indicator = apps.get_model("threads", "Indicator")
    by_indicator = {}
    agencies = set()
    for r in AgencyRating.objects.filter(assessment=assessment).select_related("agency"):
        by_indicator.setdefault(r.indicator_id, {})[r.agency_id] = r.level
        agencies.add((r.agency.name, r.agency_id))
    agencies = sorted(agencies)
    agreed = dict(
        AgreedRating.objects.filter(assessment=assessment).values_list("indicator_id", "level")
    )
    rows = []
    for pk, code, statement in (
        Indicator.objects.filter(version_id=assessment.version_id)
        .order_by("thread__order", "order")
        .values_list("pk", "code", "statement")
    ):
        levels = by_indicator.get(pk, {})
        known = [v for v in levels.values() if v is not None]
        spread = max(known) - min(known) if known else None
        rows.append(
            {
                "indicator": {"code": code, "statement": statement},
                "cells": [{"level": levels[a]} if a in levels else None for _, a in agencies],
                "agreed": agreed.get(pk, "missing"),
                "spread": spread,
                "flagged": spread is not None and spread >= 2,
            }
        )
    return {
        "agencies": [{"name": name} for name, _ in agencies],
        "rows": rows,
        "flagged_count": sum(1 for row in rows if row["flagged"]),
    }


def backfill(apps, schema_editor):
    Assessment = apps.get_model("assessments", "Assessment")
    ResultSnapshot = apps.get_model("assessments", "ResultSnapshot")
    CycleSummary = apps.get_model("assessments", "CycleSummary")
    ResultGap = apps.get_model("assessments", "ResultGap")
    Thread = apps.get_model("threads", "Thread")
    Indicator = apps.get_model("threads", "Indicator")
    Stage = apps.get_model("threads", "Stage")
    approved = Assessment.objects.filter(state="approved").exclude(result=None)
    for a in approved.select_related("partnership", "cycle"):
        labels = dict(Thread.objects.filter(version_id=a.version_id).values_list("code", "title"))
        labels.update(
            Indicator.objects.filter(version_id=a.version_id).values_list("code", "statement")
        )
        stages = list(
            Stage.objects.filter(version_id=a.version_id)
            .order_by("order")
            .values("code", "order", "name")
        )
        ResultSnapshot.objects.update_or_create(
            assessment=a,
            defaults={
                "partnership_id": a.partnership_id,
                "cycle_id": a.cycle_id,
                "partnership_name": a.partnership.name,
                "stage_code": a.result["stage"]["code"],
                "stage_order": a.result["stage"]["order"],
                "stage_name": a.result["stage"]["name"],
                "key_issue_scores": {k: v["score"] for k, v in a.result["key_issues"].items()},
                "data": {
                    "cycle": a.cycle.name,
                    "approved_at": a.approved_at.isoformat() if a.approved_at else None,
                    "labels": labels,
                    "stages": stages,
                    "agreement": _agreement(apps, a),
                },
            },
        )
    for cycle_id in set(approved.values_list("cycle_id", flat=True)):
        rows = ResultSnapshot.objects.filter(cycle_id=cycle_id)
        versions = Counter(
            dict(rows.values_list("assessment__version").annotate(n=Count("pk")).order_by())
        )
        version_id = max(versions, key=lambda pk: (versions[pk], pk))
        counts = dict(rows.values_list("stage_code").annotate(n=Count("pk")).order_by())
        counted = (
            ResultGap.objects.filter(assessment__cycle_id=cycle_id)
            .values("recommendation")
            .annotate(partnerships=Count("assessment", distinct=True))
            .order_by("-partnerships", "recommendation")[:8]
        )
        blocking = []
        for row in counted:
            thread = Thread.objects.filter(
                version_id=version_id, code=row["recommendation"]
            ).first()
            national = thread.supported_by.order_by("order") if thread else []
            blocking.append(
                {
                    "code": row["recommendation"],
                    "title": thread.title if thread else "",
                    "partnerships": row["partnerships"],
                    "national": [{"code": t.code, "title": t.title} for t in national],
                }
            )
        CycleSummary.objects.update_or_create(
            cycle_id=cycle_id,
            defaults={
                "version_id": version_id,
                "assessed": sum(counts.values()),
                "stage_counts": [
                    {"code": s.code, "name": s.name, "count": counts.get(s.code, 0)}
                    for s in Stage.objects.filter(version_id=version_id).order_by("order")
                ],
                "blocking": blocking,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("assessments", "0005_result_snapshots"), ("threads", "0001_initial")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
