from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.seed import seed_demo


class Command(BaseCommand):
    help = "Create the demo partnerships, people and assessments (idempotent; debug only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo creates accounts with a published password: it only runs with "
                "DJANGO_DEBUG=1."
            )
        accounts = seed_demo()
        self.stdout.write(self.style.SUCCESS("Demo data is ready. Sign in at /accounts/login/ as:"))
        for username, description in accounts:
            self.stdout.write(f"  {username:<10} {description}")
        self.stdout.write("All demo accounts use the password 'threads-demo'.")
