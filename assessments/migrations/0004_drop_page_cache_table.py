from django.db import migrations


class Migration(migrations.Migration):
    """The page cache (``pagecache`` app, ADR 5) is gone; drop its table where it was installed."""

    dependencies = [("assessments", "0003_backfill_result_mirror")]

    operations = [
        migrations.RunSQL(
            "DROP TABLE IF EXISTS pagecache_stamp", reverse_sql=migrations.RunSQL.noop
        )
    ]
