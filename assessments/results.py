"""Storing an approved result, once: the scoring output exactly as scored, the snapshot the read
pages show, the gap rows the national count aggregates, and the cycle's national summary.

An approved result never changes (ADR 6), so everything read from it is computed here and the
pages read it with a fixed, small number of queries.
"""

from collections import Counter

from django.db import transaction
from django.db.models import Count
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from assessments import result_pages
from assessments.models import Assessment, Cycle, CycleSummary, ResultGap, ResultSnapshot
from assessments.moderation import agreement_table
from partnerships.models import Partnership
from threads.models import Indicator, Stage, Thread

BLOCKING_LIMIT = 8


def catalogue_labels(version) -> dict[str, str]:
    """Code -> title for threads and code -> statement for indicators of one version."""
    labels = dict(Thread.objects.filter(version=version).values_list("code", "title"))
    labels.update(Indicator.objects.filter(version=version).values_list("code", "statement"))
    return labels


def stage_list(version) -> list[dict]:
    return list(
        Stage.objects.filter(version=version).order_by("order").values("code", "order", "name")
    )


def snapshot_data(assessment: Assessment) -> dict:
    """What the read pages need besides the result: labels, stages and partner agreement."""
    return {
        "cycle": assessment.cycle.name,
        "approved_at": assessment.approved_at.isoformat() if assessment.approved_at else None,
        "labels": catalogue_labels(assessment.version),
        "stages": stage_list(assessment.version),
        "agreement": agreement_table(assessment),
    }


def gap_rows(assessment: Assessment, result: dict) -> list[ResultGap]:
    """One row per (recommendation, indicator) of the gaps to the next stage."""
    gaps = {
        (rec, gap["indicator"])
        for gap in (result.get("next_stage") or {}).get("gaps", [])
        for rec in gap["recommendations"]
    }
    return [
        ResultGap(assessment=assessment, recommendation=rec, indicator=indicator)
        for rec, indicator in sorted(gaps)
    ]


def snapshot_row(assessment: Assessment, result: dict, data: dict) -> ResultSnapshot:
    return ResultSnapshot(
        assessment=assessment,
        partnership_id=assessment.partnership_id,
        cycle_id=assessment.cycle_id,
        partnership_name=assessment.partnership.name,
        stage_code=result["stage"]["code"],
        stage_order=result["stage"]["order"],
        stage_name=result["stage"]["name"],
        key_issue_scores={code: v["score"] for code, v in result["key_issues"].items()},
        data=data,
        fragments=result_pages.stored(result, data),
    )


@transaction.atomic
def store_result(assessment: Assessment, result: dict) -> None:
    """Store an approved result with its snapshot, gap rows and the cycle's summary."""
    assessment.result = result
    assessment.stage_code = result["stage"]["code"]
    assessment.stage_order = result["stage"]["order"]
    assessment.save()
    ResultSnapshot.objects.filter(assessment=assessment).delete()
    ResultGap.objects.filter(assessment=assessment).delete()
    snapshot_row(assessment, result, snapshot_data(assessment)).save(force_insert=True)
    ResultGap.objects.bulk_create(gap_rows(assessment, result))
    cycle_summary_refresh(assessment.cycle_id)


def refresh_fragments(batch: int = 200) -> int:
    """Re-render the fragments of snapshots made by an earlier release; the number refreshed."""
    current = result_pages.version()
    stale = ResultSnapshot.objects.exclude(fragments__version=current).select_related("assessment")
    count, last = 0, 0
    while chunk := list(stale.filter(pk__gt=last).order_by("pk")[:batch]):
        for snapshot in chunk:
            snapshot.fragments = result_pages.stored(snapshot.assessment.result, snapshot.data)
        ResultSnapshot.objects.bulk_update(chunk, ["fragments"])
        count, last = count + len(chunk), chunk[-1].pk
    return count


def blocking_recommendations(cycle_id: int, version) -> list[dict]:
    """Local recommendations addressing gaps to the next stage, by how many partnerships they
    block, with the national recommendations that support each."""
    counted = list(
        ResultGap.objects.filter(assessment__cycle_id=cycle_id)
        .values("recommendation")
        .annotate(partnerships=Count("assessment", distinct=True))
        .order_by("-partnerships", "recommendation")[:BLOCKING_LIMIT]
    )
    threads = {
        t.code: t
        for t in Thread.objects.filter(
            version=version, code__in=[row["recommendation"] for row in counted]
        ).prefetch_related("supported_by")
    }
    out = []
    for row in counted:
        thread = threads.get(row["recommendation"])
        national = sorted(thread.supported_by.all(), key=lambda t: t.order) if thread else []
        out.append(
            {
                "code": row["recommendation"],
                "title": thread.title if thread else "",
                "partnerships": row["partnerships"],
                "national": [{"code": t.code, "title": t.title} for t in national],
            }
        )
    return out


@transaction.atomic
def cycle_summary_refresh(cycle_id: int) -> CycleSummary | None:
    """Recompute a cycle's national aggregates from its snapshots (at approval, O(partnerships)
    once, so that the national overview reads one row). Serialised per cycle by a row lock, so
    two approvals at once both end up counted."""
    Cycle.objects.select_for_update().filter(pk=cycle_id).first()
    rows = ResultSnapshot.objects.filter(cycle_id=cycle_id)
    versions = Counter(
        dict(rows.values_list("assessment__version").annotate(n=Count("pk")).order_by())
    )
    if not versions:
        CycleSummary.objects.filter(cycle_id=cycle_id).delete()
        return None
    # The version most results were scored on; the newest on a tie.
    version_id = max(versions, key=lambda pk: (versions[pk], pk))
    counts = dict(rows.values_list("stage_code").annotate(n=Count("pk")).order_by())
    stages = Stage.objects.filter(version_id=version_id).order_by("order")
    summary, _ = CycleSummary.objects.update_or_create(
        cycle_id=cycle_id,
        defaults={
            "version_id": version_id,
            "assessed": sum(counts.values()),
            "stage_counts": [
                {"code": s.code, "name": s.name, "count": counts.get(s.code, 0)} for s in stages
            ],
            "blocking": blocking_recommendations(cycle_id, version_id),
            "updated_at": timezone.now(),
        },
    )
    return summary


@receiver(post_delete, sender=ResultSnapshot)
def _recount_after_delete(sender, instance, **kwargs) -> None:
    """An approved assessment deleted (in the admin): its cycle's aggregates are recounted."""
    transaction.on_commit(lambda: cycle_summary_refresh(instance.cycle_id))


@receiver(post_save, sender=Partnership)
def _rename_in_snapshots(sender, instance, **kwargs) -> None:
    """The overview sorts snapshots by the partnership's name: keep it in step with a rename."""
    ResultSnapshot.objects.filter(partnership=instance).exclude(
        partnership_name=instance.name
    ).update(partnership_name=instance.name)
