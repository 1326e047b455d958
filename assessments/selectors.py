"""Reads that turn the database into plain data for ``assessments.scoring``."""

from assessments import scoring
from threads.models import CatalogueVersion, Indicator, Thread


def scoring_catalogue(version: CatalogueVersion) -> scoring.Catalogue:
    """The catalogue version as scoring input (four queries; cached per version and change)."""
    threads = list(
        Thread.objects.filter(
            version=version,
            kind__in=[Thread.Kind.KEY_LOCAL_ISSUE, Thread.Kind.LOCAL_RECOMMENDATION],
        ).values_list("code", "kind", "parent__code", "order")
    )
    key_issues: dict[str, list[str]] = {
        code: []
        for code, kind, _, _ in sorted(threads, key=lambda t: t[3])
        if kind == Thread.Kind.KEY_LOCAL_ISSUE
    }
    for code, kind, parent, _ in sorted(threads, key=lambda t: t[3]):
        if kind == Thread.Kind.LOCAL_RECOMMENDATION:
            key_issues[parent].append(code)
    addressed: dict[int, set[str]] = {}
    for indicator_id, code in Indicator.recommendations.through.objects.filter(
        indicator__version=version
    ).values_list("indicator_id", "thread__code"):
        addressed.setdefault(indicator_id, set()).add(code)
    indicators = [
        scoring.Indicator(
            code=code,
            recommendation=parent,
            addressed_by=tuple(
                sorted(addressed.get(pk, set()) | {parent}, key=scoring.natural_key)
            ),
        )
        for pk, code, parent in Indicator.objects.filter(version=version).values_list(
            "pk", "code", "thread__code"
        )
    ]
    stages = [
        scoring.Stage(
            code=stage.code,
            order=stage.order,
            name=stage.name,
            requirements=tuple(
                scoring.Requirement(target=r.target, minimum=r.minimum)
                for r in stage.requirements.all()
            ),
        )
        for stage in version.stages.prefetch_related("requirements")
    ]
    levels = tuple(version.levels.order_by("level").values_list("level", flat=True))
    return scoring.build_catalogue(
        levels=levels,
        key_issues={k: tuple(v) for k, v in key_issues.items()},
        indicators=tuple(indicators),
        stages=tuple(stages),
    )
