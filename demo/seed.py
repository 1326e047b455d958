"""The demo (``manage.py seed_demo``): partnerships and people, then their assessments.

A top-level app so that it may build on every layer; nothing imports it but its command.
"""

from django.db import transaction

from assessments.demo_seed import seed_assessments
from partnerships.demo_seed import seed_partnerships
from practice.demo_seed import seed_practice
from scorecard.demo_seed import seed_scorecards


@transaction.atomic
def seed_demo() -> list[tuple[str, str]]:
    """Create or refresh the demo; safe to run again. Returns (username, who) per demo account."""
    accounts = seed_partnerships()
    seed_assessments()
    accounts += seed_practice()
    seed_scorecards()
    return accounts
