"""The fixed parts of a result's pages: where it stands and why, what it already meets, its
scores (charts beside tables) and the partner agreement matrix.

An approved result never changes, so :func:`store_result` renders these once at approval and
keeps the HTML with the snapshot (ADR 14); the dashboard then pays for none of that template work.
A draft's preview renders the same templates live. Each stored set carries :func:`version`, a
digest of the templates and the code that make them, so after a deploy that changes either, pages
render live until ``manage.py refresh_result_pages`` has stored the new ones.
"""

import hashlib
import inspect
from functools import cache

from django.conf import settings
from django.template.loader import get_template, render_to_string
from django.utils.safestring import SafeString, mark_safe

from assessments import placement as placement_module
from assessments.placement import placement
from pages import charts

TEMPLATES = {
    "standing": "assessments/result/standing.html",
    "met": "assessments/result/met.html",
    "scores": "assessments/result/scores.html",
    "agreement": "assessments/result/agreement.html",
}
#: Templates the fragments include: a change to them changes the version too.
INCLUDED = ("reports/_path.html", "reports/_chart.html", "reports/_score_table.html")


def version() -> str:
    """A digest of everything that shapes the fragments: worked out once per process in
    production (constant for a release); on every call with DEBUG on, so that a template edited
    during development shows at once instead of the stored rendering."""
    return _digest() if settings.DEBUG else _release_digest()


@cache
def _release_digest() -> str:
    return _digest()


def _digest() -> str:
    digest = hashlib.sha256()
    for name in (*TEMPLATES.values(), *INCLUDED):
        digest.update(get_template(name).template.source.encode())
    for module in (placement_module, charts):
        digest.update(inspect.getsource(module).encode())
    digest.update(inspect.getsource(context).encode())
    return digest.hexdigest()[:16]


def score_rows(result: dict, group: str, labels: dict[str, str]) -> list[dict]:
    return [
        {"code": code, "title": labels.get(code, ""), "score": value["score"]}
        for code, value in result[group].items()
    ]


def context(result: dict, labels: dict[str, str], stages: list[dict], agreement: dict) -> dict:
    key_issues = score_rows(result, "key_issues", labels)
    recommendations = score_rows(result, "recommendations", labels)
    return {
        "result": result,
        "stages": stages,
        "placement": placement(result, labels),
        "key_issues": key_issues,
        "recommendations": recommendations,
        "key_issue_chart": charts.score_bars(
            [r["code"] for r in key_issues],
            [r["score"] for r in key_issues],
            label="Key local issue score (0–100)",
        ),
        "recommendation_chart": charts.score_bars(
            [r["code"] for r in recommendations],
            [r["score"] for r in recommendations],
            label="Local recommendation score (0–100)",
        ),
        "agreement": agreement,
    }


def render(
    result: dict, labels: dict[str, str], stages: list[dict], agreement: dict, *, only=TEMPLATES
) -> dict[str, SafeString]:
    """The fragments named in ``only`` rendered now."""
    values = context(result, labels, stages, agreement)
    return {name: render_to_string(TEMPLATES[name], values) for name in only}


def stored(result: dict, data: dict) -> dict:
    """What the snapshot keeps: every fragment of an approved result, with the version."""
    fragments = render(result, data["labels"], data["stages"], data["agreement"])
    return {"version": version(), **fragments}


def of_stored(fragments: dict | None, data: dict, result: dict) -> dict[str, SafeString]:
    """An approved result's fragments from its snapshot's ``fragments`` and ``data`` (read with
    ``values()``): the stored ones (our own rendering, hence safe), or rendered now if an earlier
    release made them (until ``refresh_result_pages`` has run)."""
    kept = fragments or {}
    if kept.get("version") == version():
        return {name: mark_safe(kept[name]) for name in TEMPLATES}
    return render(result, data["labels"], data["stages"], data["agreement"])
