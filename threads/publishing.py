"""Publishing a catalogue version: the one version new assessments use."""

from django.db import transaction
from django.utils import timezone

from threads.models import CatalogueVersion


@transaction.atomic
def catalogue_version_publish(*, version: CatalogueVersion) -> CatalogueVersion:
    """Make ``version`` the current one; the previously current version is kept, not current."""
    CatalogueVersion.objects.filter(is_current=True).exclude(pk=version.pk).update(is_current=False)
    version.status = CatalogueVersion.Status.PUBLISHED
    version.is_current = True
    version.published_at = version.published_at or timezone.now()
    version.save(update_fields=["status", "is_current", "published_at"])
    return version
