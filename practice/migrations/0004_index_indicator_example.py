"""An index on the example–indicator link by (indicator, example).

Every gap's "3 examples" link counts at most ``practice.selectors.COUNT_BOUND`` + 1 published
examples per indicator (``published_counts``). With this index that count reads the first few
links of the indicator in example order and stops; without it PostgreSQL may scan every link to
find that an indicator has none. The link table is Django's own (``Example.indicators``), so the
index is created here rather than declared on a model; it works on SQLite and PostgreSQL.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("practice", "0003_index_state_id")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX practice_link_indicator_example "
            "ON practice_example_indicators (indicator_id, example_id)",
            "DROP INDEX practice_link_indicator_example",
        )
    ]
