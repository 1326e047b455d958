"""Reads of the scorecard, for its own pages and for the layers above it.

Other layers call:

* :func:`summary_sentence` — one line for the dashboard's S4 "why" and the committee paper's
  findings: "5 of 8 measures on track; fear of crime down from 41% to 33% against a target of
  30%".
* :func:`has_evidenced_measure` — whether the scorecard has a measure with a baseline, a target
  and a recent figure (the LR-8 moderation warning asks for one).
* :func:`scorecard_panel` — the context of ``templates/scorecard/_panel.html``, the scorecard
  shown beside the LR-8 indicators.

Each runs a fixed number of queries, however many measures or partnerships there are.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import F, OuterRef, Subquery, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.html import json_script
from django.utils.safestring import mark_safe

from scorecard import charts, figures
from scorecard.figures import Period, Point
from scorecard.models import Actual, Direction, Measure, MeasureDefinition, Perspective

#: LR-8 indicators that a scorecard with baseline, target and a recent figure evidences: rating
#: one at "working" (3) or above without such a measure draws a warning the reason must answer.
EVIDENCED_INDICATORS = ("LR-8.1", "LR-8.2")
WORKING_LEVEL = 3
#: how many of the latest figures the scorecard page charts for each measure.
RECENT_POINTS = 8
NATIONAL_PAGE_SIZE = 50


def _today(as_of: datetime.date | None) -> datetime.date:
    return as_of or timezone.localdate()


def with_latest(measures):
    """``measures`` annotated with their latest figure: ``latest_year``, ``latest_quarter`` and
    ``latest_value`` (None when there is none). A measure's figures are all years or all
    quarters, so the newest year, then quarter, is the latest."""
    latest = Actual.objects.filter(measure=OuterRef("pk")).order_by("-year", "-quarter")
    return measures.annotate(
        latest_year=Subquery(latest.values("year")[:1]),
        latest_quarter=Subquery(latest.values("quarter")[:1]),
        latest_value=Subquery(latest.values("value")[:1]),
    )


def latest_point(measure) -> Point | None:
    if getattr(measure, "latest_year", None) is None:
        return None
    return Point(Period(measure.latest_year, measure.latest_quarter), measure.latest_value)


@dataclass
class MeasureRow:
    """One measure as the scorecard shows it."""

    measure: Measure
    judgement: figures.Judgement
    latest: Point | None
    points: list[Point] = field(default_factory=list)  # oldest first
    may_enter: bool = False
    actuals: list[Actual] = field(default_factory=list)  # newest first, on the measure's page

    @property
    def status(self) -> str:
        return self.judgement.status

    def show(self, value) -> str:
        return self.measure.show(value)

    @property
    def latest_text(self) -> str:
        return "–" if self.latest is None else self.show(self.latest.value)

    @property
    def baseline_text(self) -> str:
        b = self.measure.baseline
        return "–" if b is None else f"{self.show(b.value)} in {b.period}"

    @property
    def target_text(self) -> str:
        t = self.measure.target
        return "–" if t is None else f"{self.show(t.value)} by {t.period}"

    def chart(self, *, recent_only: bool) -> dict:
        points = self.points[-RECENT_POINTS:] if recent_only else self.points
        return charts.measure_trend(self.measure, points)

    @property
    def recent_points(self) -> list[Point]:
        return self.points[-RECENT_POINTS:]

    @property
    def small_chart(self) -> dict:
        return self.chart(recent_only=True)

    @property
    def full_chart(self) -> dict:
        return self.chart(recent_only=False)

    @property
    def history(self) -> list[Point]:
        return list(reversed(self.points))


def judge_measure(measure, latest: Point | None, as_of: datetime.date) -> figures.Judgement:
    return figures.judge(
        higher_is_better=measure.higher_is_better,
        baseline=measure.baseline,
        target=measure.target,
        latest=latest,
        as_of=as_of,
        unit=measure.unit,
    )


def _points_by_measure(measure_ids, *, latest: int) -> dict[int, list[Point]]:
    """The ``latest`` newest figures of each measure, oldest first (one query; a measure's
    figures are all years or all quarters, so the newest year, then quarter, is the latest)."""
    out: dict[int, list[Point]] = {}
    newest_first = (F("year").desc(), F("quarter").desc())
    rows = (
        Actual.objects.filter(measure_id__in=measure_ids)
        .annotate(rank=Window(RowNumber(), partition_by=F("measure_id"), order_by=newest_first))
        .filter(rank__lte=latest)
        .order_by()
        .values_list("measure_id", "year", "quarter", "value")
    )
    for measure_id, year, quarter, value in rows:
        out.setdefault(measure_id, []).append(Point(Period(year, quarter), value))
    for points in out.values():
        points.sort(key=lambda p: p.period.sort_key)
    return out


def enterable_measure_ids(user, partnership, measures) -> set[int]:
    """The measures ``user`` may enter figures for (all for the coordinator, their agency's for
    a respondent); one query at most."""
    if user is None or not user.is_authenticated:
        return set()
    if user.has_perm("scorecard.manage_measures", partnership):
        return {m.pk for m in measures}
    if not user.has_perm("scorecard.enter_actuals", partnership):
        return set()
    agency_id = (
        partnership.memberships.filter(user_id=user.pk).values_list("agency_id", flat=True).first()
    )
    return {m.pk for m in measures if agency_id and m.owner_id == agency_id}


def measure_rows(partnership, *, user=None, as_of=None) -> list[MeasureRow]:
    """Every measure of the scorecard with its latest ``RECENT_POINTS`` figures and status;
    three queries."""
    today = _today(as_of)
    measures = list(
        partnership.measures.select_related("owner", "perspective").order_by(
            "perspective__order", "order", "code"
        )
    )
    points = _points_by_measure([m.pk for m in measures], latest=RECENT_POINTS)
    enterable = enterable_measure_ids(user, partnership, measures)
    rows = []
    for measure in measures:
        measure.partnership = partnership
        mine = points.get(measure.pk, [])
        latest = mine[-1] if mine else None
        rows.append(
            MeasureRow(
                measure=measure,
                judgement=judge_measure(measure, latest, today),
                latest=latest,
                points=mine,
                may_enter=measure.pk in enterable,
            )
        )
    return rows


def measure_detail(partnership, code: str, *, user=None, as_of=None) -> MeasureRow | None:
    """One measure with its whole history; two queries (three for a respondent)."""
    measure = (
        partnership.measures.filter(code=code)
        .select_related("owner", "perspective", "adopted_from")
        .first()
    )
    if measure is None:
        return None
    measure.partnership = partnership
    actuals = sorted(
        Actual.objects.filter(measure=measure).select_related("entered_by"),
        key=lambda a: a.period.sort_key,
    )
    for actual in actuals:
        actual.shown = measure.show(actual.value)
    points = [a.point for a in actuals]
    latest = points[-1] if points else None
    return MeasureRow(
        measure=measure,
        judgement=judge_measure(measure, latest, _today(as_of)),
        latest=latest,
        points=points,
        may_enter=measure.pk in enterable_measure_ids(user, partnership, [measure]),
        actuals=list(reversed(actuals)),
    )


def status_counts(rows) -> dict[str, int]:
    counts = dict.fromkeys(figures.STATUS_LABELS, 0)
    for row in rows:
        counts[row.status] += 1
    return counts


#: the colour of each status's tag (the words carry the meaning, the colour only repeats it).
STATUS_TAGS = {
    figures.ON_TRACK: "green",
    figures.NOT_ON_TRACK: "red",
    figures.NO_RECENT_DATA: "grey",
}
_SLUG, _CODE = "slug-of-the-partnership", "CODE-OF-THE-MEASURE"


def measure_url_maker(name: str):
    """A function (slug, code) -> the URL ``name`` of that measure, reversed once: pages listing
    many measures join strings instead of reversing each (slugs and codes only hold URL-safe
    characters: their converters refuse anything else)."""
    before, rest = reverse(name, kwargs={"slug": _SLUG, "code": _CODE}).split(_SLUG, 1)
    middle, after = rest.split(_CODE, 1)
    return lambda slug, code: f"{before}{slug}{middle}{code}{after}"


def _plain(value) -> str:
    return "–" if value is None else figures.plain_number(value)


def _latest_text(row: MeasureRow) -> str:
    return row.latest_text if row.latest is None else f"{row.latest_text} in {row.latest.period}"


def _card(row: MeasureRow, slug: str, urls) -> dict:
    """One measure of the scorecard page as plain strings (the template only places them)."""
    measure = row.measure
    chart_id = f"chart-{measure.code}"
    baseline, target = measure.baseline, measure.target
    # Periods ("2019/20 Q1") and plain numbers ("1,234.5") are written from numbers only: no
    # character in them needs escaping, so the rows are joined without format_html's cost.
    figures_html = mark_safe(
        "".join(
            f'<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">'
            f"{p.period.label}</th>"
            f'<td class="govuk-table__cell govuk-table__cell--numeric">{_plain(p.value)}</td></tr>'
            for p in row.points
        )
    )
    return {
        "code": measure.code,
        "name": measure.name,
        "url": urls["measure"](slug, measure.code),
        "tag": STATUS_TAGS[row.status],
        "label": row.judgement.label,
        "reason": row.judgement.reason,
        "latest": _latest_text(row),
        "baseline": row.baseline_text,
        "target": row.target_text,
        "owner": (measure.owner.name if measure.owner else "") or "–",
        "caption": f"{measure.name} ({measure.get_unit_display()}), latest figures",
        "chart_id": chart_id,
        "chart": json_script(row.small_chart, chart_id) if row.points else "",
        "figures": figures_html,
        "baseline_row": None if baseline is None else (baseline.period, _plain(baseline.value)),
        "target_row": None if target is None else (target.period, _plain(target.value)),
        "enter_url": urls["enter"](slug, measure.code) if row.may_enter else None,
    }


def scorecard_page(partnership, *, user=None, as_of=None) -> dict:
    """The scorecard grouped by perspective (every perspective shown, even without measures),
    each measure as a card of plain strings; four queries (five for a respondent)."""
    rows = measure_rows(partnership, user=user, as_of=as_of)
    urls = {
        "measure": measure_url_maker("scorecard:measure"),
        "enter": measure_url_maker("scorecard:actual_add"),
    }
    cards: dict[int, list[dict]] = {}
    for row in rows:
        cards.setdefault(row.measure.perspective_id, []).append(_card(row, partnership.slug, urls))
    grouped = [
        {"perspective": p, "cards": cards.get(p["pk"], [])}
        for p in Perspective.objects.values("pk", "code", "name", "description")
    ]
    counts = status_counts(rows)
    return {
        "perspectives": grouped,
        "rows": rows,
        "counts": counts,
        "count_lines": [(label, counts[code]) for code, label in figures.STATUS_LABELS.items()],
        "summary": _sentence(rows),
        "status_labels": figures.STATUS_LABELS,
    }


def _latest_rows(partnership, as_of) -> list[MeasureRow]:
    """Measures with only their latest figure (enough for status); one query."""
    today = _today(as_of)
    measures = with_latest(
        Measure.objects.filter(partnership=partnership).select_related("perspective")
    ).order_by("perspective__order", "order", "code")
    rows = []
    for measure in measures:
        latest = latest_point(measure)
        rows.append(MeasureRow(measure, judge_measure(measure, latest, today), latest))
    return rows


def _lower_first(name: str) -> str:
    return name[:1].lower() + name[1:] if name[1:2].islower() or len(name) == 1 else name


def _movement(row: MeasureRow) -> str:
    measure, baseline, target = row.measure, row.measure.baseline, row.measure.target
    name = _lower_first(measure.name)
    latest = row.latest.value
    if latest == baseline.value:
        moved = f"unchanged at {measure.show(latest)}"
    else:
        word = "up" if latest > baseline.value else "down"
        moved = f"{word} from {measure.show(baseline.value)} to {measure.show(latest)}"
    return f"{name} {moved} against a target of {measure.show(target.value)}"


def _highlight(rows: list[MeasureRow]) -> MeasureRow | None:
    """The measure the sentence quotes: a judged outcome measure (the first perspective) that
    has moved furthest towards its target, else any judged measure."""
    judged = [r for r in rows if r.status != figures.NO_RECENT_DATA and r.measure.baseline]
    if not judged:
        return None
    first = min(r.measure.perspective.order for r in judged)

    def key(row):
        m = row.measure
        share = figures.progress_share(m.baseline_value, m.target_value, row.latest.value)
        return (row.measure.perspective.order != first, -share, m.order, m.code)

    return min(judged, key=key)


def _sentence(rows: list[MeasureRow]) -> str | None:
    if not rows:
        return None
    on_track = sum(1 for r in rows if r.status == figures.ON_TRACK)
    total = len(rows)
    text = f"{on_track} of {total} measure{'s' if total != 1 else ''} on track"
    highlight = _highlight(rows)
    if highlight is not None:
        text += f"; {_movement(highlight)}"
    return text


def summary_sentence(partnership, *, as_of=None) -> str | None:
    """ "5 of 8 measures on track; fear of crime down from 41% to 33% against a target of 30%",
    or None when the partnership has no measure. One query."""
    return _sentence(_latest_rows(partnership, as_of))


def has_evidenced_measure(partnership, *, as_of=None) -> bool:
    """Whether a measure has a baseline, a target and a recent figure. One query."""
    today = _today(as_of)
    measures = with_latest(
        Measure.objects.filter(
            partnership=partnership, baseline_value__isnull=False, target_value__isnull=False
        )
    ).filter(latest_year__gte=today.year - 3)
    return any(
        (point := latest_point(m)) is not None and point.period.is_recent(today) for m in measures
    )


def scorecard_panel(partnership, *, as_of=None) -> dict:
    """Context for ``templates/scorecard/_panel.html``: each measure's status, latest figure,
    baseline and target, the summary sentence and whether a measure evidences LR-8. One query."""
    today = _today(as_of)
    rows = _latest_rows(partnership, today)
    evidenced = any(
        r.latest is not None
        and r.latest.period.is_recent(today)
        and r.measure.baseline is not None
        and r.measure.target is not None
        for r in rows
    )
    return {
        "partnership": partnership,
        "rows": rows,
        "summary": _sentence(rows),
        "evidenced": evidenced,
        "counts": status_counts(rows),
    }


@dataclass(frozen=True)
class PlainMeasure:
    """What judging a measure and writing its figures read, from a ``values()`` row (pages
    listing many partnerships' measures build no model instances)."""

    unit: str
    higher_is_better: bool
    baseline: Point | None
    target: Point | None

    def show(self, value) -> str:
        return figures.format_value(value, self.unit)

    @classmethod
    def of(cls, values: dict) -> "PlainMeasure":
        def point(end: str) -> Point | None:
            year = values[f"{end}_year"]
            if year is None:
                return None
            return Point(Period(year, values[f"{end}_quarter"] or 0), values[f"{end}_value"])

        return cls(
            values["unit"], values["direction"] == Direction.UP, point("baseline"), point("target")
        )


#: the fields of a measure that :meth:`PlainMeasure.of` reads.
PLAIN_FIELDS = (
    "unit",
    "direction",
    *(f"{end}_{part}" for end in ("baseline", "target") for part in ("value", "year", "quarter")),
)


def national_comparison(code: str | None, *, page: int = 1, as_of=None) -> dict:
    """One library measure across the partnerships that adopted it: each one's latest figure,
    baseline, target and status, 50 partnerships a page, by name. Three queries."""
    today = _today(as_of)
    definitions = list(MeasureDefinition.objects.order_by("perspective__order", "order", "code"))
    chosen = next((d for d in definitions if d.code == code), None)
    out = {"definitions": definitions, "definition": chosen, "rows": [], "total": 0}
    if chosen is None:
        return out
    adopted = Measure.objects.filter(adopted_from=chosen)
    total = adopted.count()
    pages = max(1, -(-total // NATIONAL_PAGE_SIZE))
    page = min(max(1, page), pages)
    start = (page - 1) * NATIONAL_PAGE_SIZE
    shown = with_latest(adopted).order_by("partnership__name")[start : start + NATIONAL_PAGE_SIZE]
    measure_url = measure_url_maker("scorecard:measure")
    rows = []
    for values in shown.values(
        *PLAIN_FIELDS,
        "code",
        "partnership__slug",
        "partnership__name",
        "latest_year",
        "latest_quarter",
        "latest_value",
    ):
        measure = PlainMeasure.of(values)
        latest = None
        if values["latest_year"] is not None:
            period = Period(values["latest_year"], values["latest_quarter"])
            latest = Point(period, values["latest_value"])
        row = MeasureRow(measure, judge_measure(measure, latest, today), latest)
        rows.append(
            {
                "partnership": values["partnership__name"],
                "url": measure_url(values["partnership__slug"], values["code"]),
                "latest": _latest_text(row),
                "baseline": row.baseline_text,
                "target": row.target_text,
                "tag": STATUS_TAGS[row.status],
                "label": row.judgement.label,
            }
        )
    out.update(
        rows=rows,
        total=total,
        page=page,
        pages=pages,
        previous_page=page - 1 if page > 1 else None,
        next_page=page + 1 if page < pages else None,
    )
    return out


def adoption_summary(*, as_of=None) -> list[dict]:
    """Each library measure adopted by at least one partnership: how many adopted it and how
    many of those are on track, not on track or without recent data (one query; every adopted
    measure is judged, so it reads one row per adoption)."""
    today = _today(as_of)
    adopted = with_latest(
        Measure.objects.filter(adopted_from__isnull=False).select_related("adopted_from")
    ).order_by("code")
    out: dict[str, dict] = {}
    for measure in adopted:
        row = out.setdefault(
            measure.code,
            {
                "code": measure.code,
                "name": measure.adopted_from.name,
                "partnerships": 0,
                figures.ON_TRACK: 0,
                figures.NOT_ON_TRACK: 0,
                figures.NO_RECENT_DATA: 0,
            },
        )
        row["partnerships"] += 1
        row[judge_measure(measure, latest_point(measure), today).status] += 1
    return list(out.values())
