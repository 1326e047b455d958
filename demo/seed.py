"""The demo (``manage.py seed_demo``): partnerships and people, then their assessments.

A top-level app so that it may build on every layer; nothing imports it but its command.
"""

from django.db import transaction

from assessments.demo_seed import seed_assessments
from partnerships.demo_seed import seed_partnerships
from partnerships.models import PaperDetails, Partnership
from practice.demo_seed import seed_practice
from scorecard.demo_seed import seed_scorecards

# East Ayrshire's committee paper details, in the seed paper's form; the names are invented.
EAST_AYRSHIRE_PAPERS = {
    "body": "East Ayrshire Community Safety Forum",
    "members_term": "Forum",
    "report_by": "Director of Community Services",
    "signatory_name": "Morag Strathmuir",
    "signatory_post": "Director of Community Services",
    "contact_name": "Mr Iain Kinlochbrae",
    "contact_post": "Principal Officer \u2013 Licensing and Community Safety",
    "telephone": "01563 555010",
    "reference_prefix": "EB/cs2",
}


def seed_paper_details() -> None:
    east = Partnership.objects.filter(slug="east-ayrshire").first()
    if east is not None:
        PaperDetails.objects.update_or_create(partnership=east, defaults=EAST_AYRSHIRE_PAPERS)


@transaction.atomic
def seed_demo() -> list[tuple[str, str]]:
    """Create or refresh the demo; safe to run again. Returns (username, who) per demo account."""
    accounts = seed_partnerships()
    seed_paper_details()
    seed_assessments()
    accounts += seed_practice()
    seed_scorecards()
    return accounts
