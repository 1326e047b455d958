"""threads/services.py: publishing refuses an incomplete version and names each problem."""

import pytest

from threads import services
from threads.models import CatalogueVersion, LevelDescriptor, Thread


def test_a_complete_draft_is_published_and_becomes_current(draft_catalogue):
    services.catalogue_version_publish(version=draft_catalogue)
    assert CatalogueVersion.objects.get(is_current=True) == draft_catalogue


def break_draft(draft):
    """A descriptor missing, a recommendation without indicators, a critical requirement at the
    floor and one without a reason."""
    LevelDescriptor.objects.filter(indicator__version=draft, indicator__code="LR-1.2").filter(
        level__level__in=[3, 4]
    ).delete()
    Thread.objects.create(
        version=draft,
        code="LR-9",
        kind=Thread.Kind.LOCAL_RECOMMENDATION,
        parent=Thread.objects.get(version=draft, code="KLI-5"),
        title="Not yet written",
    )
    s3 = draft.stages.get(code="S3")
    audit = s3.requirements.get(target="LR-4.1")
    audit.minimum = 0
    audit.save()
    plan = s3.requirements.get(target="LR-4.3")
    plan.reason = ""
    plan.save()


def test_an_incomplete_draft_is_refused_with_every_problem_named(draft_catalogue):
    break_draft(draft_catalogue)
    with pytest.raises(services.CatalogueIncomplete) as refused:
        services.catalogue_version_publish(version=draft_catalogue)
    problems = refused.value.problems
    assert len(problems) == 4, problems
    assert "indicator LR-1.2 has no descriptor for level 3, 4" in problems
    assert "local recommendation LR-9 has no indicators" in problems
    assert any("rule 7" in p and "LR-4.1" in p for p in problems), problems
    assert any("S3 requirement on LR-4.3 has no reason" in p for p in problems), problems
    draft_catalogue.refresh_from_db()
    assert draft_catalogue.status == "draft" and not draft_catalogue.is_current
    assert CatalogueVersion.objects.get(is_current=True).version == "1.1"


def test_a_key_issue_without_recommendations_is_named(draft_catalogue):
    Thread.objects.create(
        version=draft_catalogue, code="KLI-6", kind=Thread.Kind.KEY_LOCAL_ISSUE, title="Empty"
    )
    assert "key local issue KLI-6 has no local recommendations" in (
        services.catalogue_version_problems(draft_catalogue)
    )


def test_the_bundled_versions_have_no_problems(catalogue):
    for version in CatalogueVersion.objects.all():
        assert services.catalogue_version_problems(version) == [], version
