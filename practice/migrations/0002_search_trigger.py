"""Keep ``practice_example.search`` up to date in PostgreSQL itself.

A trigger rebuilds the ``tsvector`` on every insert and update, so rows written by the ORM, by
``bulk_create`` (``practice.bench_data``), by the admin or by hand are all searchable. Weights:
title A, summary B, the problem and what was done C, the rest D. Nothing happens on SQLite.
"""

from django.db import migrations

FORWARDS = """
CREATE OR REPLACE FUNCTION practice_example_search_update() RETURNS trigger AS $$
BEGIN
  NEW.search :=
    setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A') ||
    setweight(to_tsvector('english', coalesce(NEW.summary, '')), 'B') ||
    setweight(to_tsvector('english',
      coalesce(NEW.problem, '') || ' ' || coalesce(NEW.what_was_done, '')), 'C') ||
    setweight(to_tsvector('english',
      coalesce(NEW.by_whom, '') || ' ' || coalesce(NEW.cost, '') || ' ' ||
      coalesce(NEW.impact, '') || ' ' || coalesce(NEW.lessons, '')), 'D');
  RETURN NEW;
END
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS practice_example_search ON practice_example;
CREATE TRIGGER practice_example_search BEFORE INSERT OR UPDATE ON practice_example
  FOR EACH ROW EXECUTE FUNCTION practice_example_search_update();

UPDATE practice_example SET id = id;
"""

BACKWARDS = """
DROP TRIGGER IF EXISTS practice_example_search ON practice_example;
DROP FUNCTION IF EXISTS practice_example_search_update();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARDS)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARDS)


class Migration(migrations.Migration):
    dependencies = [("practice", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
