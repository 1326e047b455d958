"""``manage.py import_actuals FILE --partnership SLUG``: load a scorecard's figures from a CSV or
XLSX file (columns measure code, period, value, note). The whole file is checked first; on any
problem every bad row is written to stderr (``row 4, value: ...``), nothing is saved, and the
command exits with status 2."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from partnerships.models import Partnership
from scorecard import imports, services


class Command(BaseCommand):
    help = "Import a scorecard's actuals from CSV or XLSX (measure code, period, value, note)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="A .csv or .xlsx file")
        parser.add_argument("--partnership", required=True, help="The partnership's slug")

    def fail(self, lines: list[str]):
        for line in lines:
            sys.stderr.write(line.replace("\n", " ") + "\n")
        sys.exit(2)

    def handle(self, *args, file: str, partnership: str, **options):
        found = Partnership.objects.filter(slug=partnership).first()
        if found is None:
            self.fail([f"error: no partnership with the slug {partnership!r}"])
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as error:
            self.fail([f"error: cannot read {file}: {error.strerror}"])
        check = services.actuals_check(partnership=found, read=imports.read_file(path.name, data))
        if check.error:
            self.fail([f"error: {file}: {check.error}"])
        if check.problems:
            self.fail(
                [f"error: {file}: {len(check.problems)} problem(s); nothing was imported"]
                + [f"row {p.row}, {p.column}: {p.message}" for p in check.problems]
            )
        result = services.actuals_import(check=check)
        self.stdout.write(
            f"Imported {result.created + result.replaced} figures into {found.name}'s scorecard: "
            f"{result.created} new, {result.replaced} replaced."
        )
