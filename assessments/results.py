"""Storing an approved result: the JSON exactly as scored, plus rows the database can aggregate."""

from assessments.models import Assessment, ResultGap, ResultScore


def result_rows(assessment: Assessment, result: dict) -> tuple[list, list]:
    """The ``ResultScore`` and ``ResultGap`` rows that mirror a stored result dict."""
    scores = [
        ResultScore(assessment=assessment, code=code, score=value["score"])
        for group in ("key_issues", "recommendations")
        for code, value in result[group].items()
    ]
    gaps = {
        (rec, gap["indicator"])
        for gap in (result.get("next_stage") or {}).get("gaps", [])
        for rec in gap["recommendations"]
    }
    gap_rows = [
        ResultGap(assessment=assessment, recommendation=rec, indicator=indicator)
        for rec, indicator in sorted(gaps)
    ]
    return scores, gap_rows


def store_result(assessment: Assessment, result: dict) -> None:
    """Set the stored result and stage and rewrite the mirror rows (call inside a transaction)."""
    assessment.result = result
    assessment.stage_code = result["stage"]["code"]
    assessment.stage_order = result["stage"]["order"]
    assessment.save()
    ResultScore.objects.filter(assessment=assessment).delete()
    ResultGap.objects.filter(assessment=assessment).delete()
    scores, gaps = result_rows(assessment, result)
    ResultScore.objects.bulk_create(scores)
    ResultGap.objects.bulk_create(gaps)
