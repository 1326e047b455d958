from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from threads.catalogue_io import CatalogueFileError, parse_catalogue_text
from threads.services import catalogue_import


class Command(BaseCommand):
    help = (
        "Load a catalogue JSON file (the export_catalogue format). The whole file is checked "
        "before anything is written; any problem leaves the database unchanged."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The JSON file, or - for standard input")
        parser.add_argument(
            "--publish", action="store_true", help="Make the imported version the current one"
        )

    def handle(self, *args, file: str, publish: bool = False, **options):
        try:
            text = self.stdin.read() if file == "-" else Path(file).read_text(encoding="utf-8")
        except OSError as error:
            raise CommandError(f"{file}: cannot read: {error.strerror}") from error
        except UnicodeDecodeError as error:
            raise CommandError(f"{file}: not UTF-8 text") from error
        try:
            data = parse_catalogue_text(text)
            result = catalogue_import(data, publish=True if publish else None)
        except CatalogueFileError as error:
            raise CommandError(f"{file}: {error}") from error
        self.stdout.write(result.message)

    @property
    def stdin(self):
        import sys

        return sys.stdin
