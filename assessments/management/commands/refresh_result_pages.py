"""Re-render the fixed HTML kept with approved results that an earlier release rendered, and
store the reading of published catalogue versions that have none or an earlier release's.

Run after a deploy (``make serve`` does): until then those pages render live, so nothing is ever
shown stale, only slower. Results are untouched; only their stored HTML is rewritten.
"""

from django.core.management.base import BaseCommand

from assessments import results
from threads.services import catalogue_readings_refresh


class Command(BaseCommand):
    help = "Store this release's rendering of every approved result's fixed page parts."

    def handle(self, *args, **options):
        versions = catalogue_readings_refresh()
        self.stdout.write(f"Stored the reading of {versions} catalogue version(s).")
        count = results.refresh_fragments()
        self.stdout.write(f"Refreshed the stored pages of {count} approved result(s).")
