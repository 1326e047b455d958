"""Fill the result mirror rows for assessments approved before they existed."""

from django.db import migrations


def backfill(apps, schema_editor):
    Assessment = apps.get_model("assessments", "Assessment")
    ResultScore = apps.get_model("assessments", "ResultScore")
    ResultGap = apps.get_model("assessments", "ResultGap")
    for assessment in Assessment.objects.filter(state="approved").exclude(result=None):
        result = assessment.result
        ResultScore.objects.bulk_create(
            ResultScore(assessment=assessment, code=code, score=value["score"])
            for group in ("key_issues", "recommendations")
            for code, value in result[group].items()
        )
        gaps = {
            (rec, gap["indicator"])
            for gap in (result.get("next_stage") or {}).get("gaps", [])
            for rec in gap["recommendations"]
        }
        ResultGap.objects.bulk_create(
            ResultGap(assessment=assessment, recommendation=rec, indicator=indicator)
            for rec, indicator in sorted(gaps)
        )


class Migration(migrations.Migration):
    dependencies = [("assessments", "0002_result_mirror")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
