import pytest
from hypothesis import HealthCheck, settings

from threads.models import CatalogueVersion

# Properties are about correctness, not speed: no per-example deadline, which a busy CI machine
# (parallel workers, a browser) would otherwise turn into flaky failures.
settings.register_profile(
    "threads", deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.load_profile("threads")


@pytest.fixture
def catalogue(db) -> CatalogueVersion:
    """The bundled Threads of Success catalogue, loaded after migrate."""
    return CatalogueVersion.objects.get(is_current=True)


@pytest.fixture
def draft_catalogue(catalogue) -> CatalogueVersion:
    from threads.services import catalogue_version_copy

    return catalogue_version_copy(version=catalogue, label="draft-1")


@pytest.fixture
def demo(db, settings):
    """The demo partnerships and accounts of ``seed_demo``."""
    from demo.seed import seed_demo

    seed_demo()
    from partnerships.models import Partnership

    return {p.slug: p for p in Partnership.objects.all()}


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with empty caches (the per-process LocMemCaches)."""
    from django.core.cache import caches

    for alias in ("default",):
        caches[alias].clear()
    yield
    for alias in ("default",):
        caches[alias].clear()
