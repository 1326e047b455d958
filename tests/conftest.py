import pytest

from threads.models import CatalogueVersion


@pytest.fixture
def catalogue(db) -> CatalogueVersion:
    """The bundled Threads of Success catalogue, loaded after migrate."""
    return CatalogueVersion.objects.get(is_current=True)


@pytest.fixture
def draft_catalogue(catalogue) -> CatalogueVersion:
    from threads.services import catalogue_version_copy

    return catalogue_version_copy(version=catalogue, label="draft-1")
