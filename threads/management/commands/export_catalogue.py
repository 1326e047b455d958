import json

from django.core.management.base import BaseCommand, CommandError

from threads.catalogue_io import export_version
from threads.models import CatalogueVersion


class Command(BaseCommand):
    help = "Write a catalogue version (the current one by default) as JSON."

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o", help="File to write; standard output when omitted")
        parser.add_argument(
            "--version-label", help="Export this version label instead of the current"
        )

    def handle(self, *args, output=None, version_label=None, **options):
        versions = CatalogueVersion.objects.all()
        version = (
            versions.filter(version=version_label).first()
            if version_label
            else versions.filter(is_current=True).first()
        )
        if version is None:
            raise CommandError("No such catalogue version (is a catalogue loaded and published?)")
        text = json.dumps(export_version(version), indent=2, ensure_ascii=False) + "\n"
        if output and output != "-":
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
            self.stderr.write(f"Wrote {version} to {output}")
        else:
            self.stdout.write(text, ending="")
