"""Reads of the practice library: what a person may see, the search, counts for gaps."""

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Exists, F, Max, Min, Q, Subquery, Value
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime

from assessments import selectors as assessment_selectors
from assessments.models import AgreedRating
from partnerships.models import Membership, Partnership
from practice.models import Adoption, Example
from practice.rules import is_practice_editor
from threads.models import CatalogueVersion, Indicator, Thread

State = Example.State
# Markers PostgreSQL puts around a match; the text is escaped first, then they become <mark>.
START, STOP = "\u27e6", "\u27e7"
SEARCH_CONFIG = "english"
MAX_WORDS = 8
#: a search or listing finds at most this many examples (the newest matches, ranked on
#: PostgreSQL) and says when there were more, so its cost does not grow with the library
RESULTS_BOUND = 100
#: a gap's count of published examples stops above this ("20+ examples")
COUNT_BOUND = 20
#: what a row of the results shows (the long texts stay in the database)
LIST_FIELDS = [
    "id",
    "title",
    "summary",
    "is_public",
    "published_at",
    "partnership__name",
]

_LINKS = Example.indicators.through._meta.db_table
_INDICATORS = Indicator._meta.db_table
#: the published examples linked to one indicator (the outer row), at most LIMIT of them, each
#: example once per code: a link is skipped when the example is also linked to an indicator
#: of the same code with a smaller id (another catalogue version)
_BOUNDED_COUNT = f"""(SELECT COUNT(*) FROM (
    SELECT link.example_id FROM {_LINKS} link
    INNER JOIN {Example._meta.db_table} example ON example.id = link.example_id
    WHERE link.indicator_id = {_INDICATORS}.id AND example.state = %s
    AND NOT EXISTS (
        SELECT 1 FROM {_LINKS} other
        INNER JOIN {_INDICATORS} same ON same.id = other.indicator_id
        WHERE other.example_id = link.example_id AND same.code = {_INDICATORS}.code
        AND same.id < {_INDICATORS}.id
    )
    ORDER BY link.example_id LIMIT %s
) bounded)"""


def library(user):
    """The published examples ``user`` may read: the public ones for a visitor who has not
    signed in, every published one for anyone signed in."""
    examples = Example.objects.filter(state=State.PUBLISHED)
    if not user.is_authenticated:
        examples = examples.filter(is_public=True)
    return examples


def visible_examples(user):
    """Every example ``user`` may open (the same rule as ``practice.view_example``)."""
    if not user.is_authenticated:
        return library(user)
    if user.is_superuser:
        return Example.objects.all()
    coordinated = Membership.objects.filter(user=user, role=Membership.Role.COORDINATOR).values(
        "partnership_id"
    )
    visible = Q(state=State.PUBLISHED) | Q(partnership_id__in=coordinated)
    if is_practice_editor(user):
        visible |= ~Q(state=State.DRAFT)
    return Example.objects.filter(visible)


def in_progress(user):
    """Examples on their way to the library that ``user`` works on: their partnerships' drafts,
    submitted and returned ones (coordinators); everything submitted or endorsed (editors)."""
    unpublished = [State.DRAFT, State.SUBMITTED, State.RETURNED, State.ENDORSED]
    coordinated = Membership.objects.filter(user=user, role=Membership.Role.COORDINATOR).values(
        "partnership_id"
    )
    mine = Q(partnership_id__in=coordinated, state__in=unpublished)
    if is_practice_editor(user) or user.is_superuser:
        mine |= Q(state__in=[State.SUBMITTED, State.ENDORSED])
    return (
        Example.objects.filter(mine)
        .select_related("partnership")
        .order_by("state", "-updated_at", "-id")
    )


#: PostgreSQL: the first LIMIT published examples linked to each indicator of the codes, by id
_BOUNDED_IDS = f"""SELECT indicator.code, bounded.example_id FROM {_INDICATORS} indicator
CROSS JOIN LATERAL (
    SELECT link.example_id FROM {_LINKS} link
    INNER JOIN {Example._meta.db_table} example ON example.id = link.example_id
    WHERE link.indicator_id = indicator.id AND example.state = %s
    ORDER BY link.example_id LIMIT %s
) bounded
WHERE indicator.code = ANY(%s)"""


def _bounded_counts_lateral(codes: list[str]) -> dict[str, int]:
    """:func:`published_counts` on PostgreSQL, a quarter of the time: each indicator's first
    ``COUNT_BOUND + 1`` example ids, joined per code here. The union of a code's lists is exact
    while it is under the bound (no list was cut short) and over it once it reaches it."""
    ids: dict[str, set[int]] = {}
    with connection.cursor() as cursor:
        cursor.execute(_BOUNDED_IDS, [State.PUBLISHED, COUNT_BOUND + 1, codes])
        for code, example_id in cursor.fetchall():
            ids.setdefault(code, set()).add(example_id)
    return {code: min(len(found), COUNT_BOUND + 1) for code, found in ids.items()}


def published_counts(indicator_codes) -> dict[str, int]:
    """How many published examples address each indicator code, counted up to a bound (one
    query). Codes without examples are left out; a code with more than :data:`COUNT_BOUND`
    examples gets ``COUNT_BOUND + 1`` (shown as "20+ examples").

    An example is counted once per code even when it is linked to that code's indicator in
    several catalogue versions. Each indicator reads at most ``COUNT_BOUND + 1`` links (the
    index on (indicator, example)), so the cost does not grow with the library.
    """
    codes = sorted({c for c in indicator_codes if c})
    if not codes:
        return {}
    if connection.vendor == "postgresql":
        return _bounded_counts_lateral(codes)
    rows = (
        Indicator.objects.filter(code__in=codes)
        .order_by()
        .annotate(n=RawSQL(_BOUNDED_COUNT, [State.PUBLISHED, COUNT_BOUND + 1]))
        .values_list("code", "n")
    )
    counts: dict[str, int] = {}
    for code, n in rows:
        if n:
            counts[code] = min(counts.get(code, 0) + n, COUNT_BOUND + 1)
    return counts


@dataclass(frozen=True)
class Filters:
    q: str = ""
    recommendation: str = ""
    indicator: str = ""
    partnership: str = ""
    year: int | None = None

    @property
    def any(self) -> bool:
        return bool(
            self.q or self.recommendation or self.indicator or self.partnership or self.year
        )


def filter_choices(user=None) -> dict:
    """Options of the library's filters, in one query: the current catalogue's recommendations
    and indicators, and the years with published examples (each row carries the first and last
    publication, two index reads, rather than DISTINCT over every example). The partnership is
    typed, not chosen from a list: the list would hold every partnership with an example.

    With ``user``, the same query also says whether they may write up an example
    (``can_write``: they coordinate a partnership), for the library page's link."""
    kinds = [Thread.Kind.LOCAL_RECOMMENDATION, Thread.Kind.NATIONAL_RECOMMENDATION]
    published = Example.objects.filter(state=State.PUBLISHED).values("published_at")
    coordinates = _coordinates(user)
    rows = list(
        Thread.objects.filter(version__is_current=True)
        .order_by()
        .annotate(
            first=Subquery(published.order_by("published_at")[:1]),
            last=Subquery(published.order_by("-published_at")[:1]),
            can_write=Exists(coordinates) if coordinates is not None else Value(False),
        )
        .values_list(
            "kind",
            "order",
            "code",
            "title",
            "indicators__order",
            "indicators__code",
            "indicators__statement",
            "first",
            "last",
            "can_write",
        )
    )
    threads, indicators = {}, []
    for kind, order, code, title, i_order, i_code, statement, *_ in rows:
        if kind in kinds:
            threads[code] = (kind, order, code, title)
        if i_code is not None:
            indicators.append((order, i_order, i_code, statement))
    recommendations = [(code, title) for _, _, code, title in sorted(threads.values())]
    indicators = [(code, statement) for _, _, code, statement in sorted(indicators)]
    if rows:
        first, last, can_write = rows[0][-3:]
    else:  # no current catalogue: the years and the link alone
        span = Example.objects.filter(state=State.PUBLISHED).aggregate(
            first=Min("published_at"), last=Max("published_at")
        )
        first, last = span["first"], span["last"]
        can_write = coordinates is not None and coordinates.exists()
    years = list(range(localtime(last).year, localtime(first).year - 1, -1)) if first else []
    return {
        "recommendations": recommendations,
        "indicators": indicators,
        "years": years,
        "can_write": bool(can_write),
    }


def _coordinates(user):
    """``user``'s coordinator memberships (None for nobody signed in)."""
    if user is None or not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user.pk, role=Membership.Role.COORDINATOR)


def partnerships_named(text: str):
    """The partnerships a typed partnership filter means: the one with that slug (links), or
    every one whose name contains the text."""
    return Partnership.objects.filter(Q(slug=text) | Q(name__icontains=text))


def _filtered(examples, filters: Filters):
    if filters.indicator:
        examples = examples.filter(
            pk__in=Example.indicators.through.objects.filter(
                indicator__code=filters.indicator
            ).values("example_id")
        )
    if filters.recommendation:
        by_thread = Example.recommendations.through.objects.filter(
            thread__code=filters.recommendation
        ).values("example_id")
        by_indicator = Example.indicators.through.objects.filter(
            Q(indicator__thread__code=filters.recommendation)
            | Q(indicator__recommendations__code=filters.recommendation)
        ).values("example_id")
        examples = examples.filter(Q(pk__in=by_thread) | Q(pk__in=by_indicator))
    if filters.partnership:
        examples = examples.filter(partnership__in=partnerships_named(filters.partnership))
    if filters.year:
        examples = examples.filter(published_at__year=filters.year)
    return examples


def words_of(q: str) -> list[str]:
    return [w for w in re.findall(r"\w+", q.lower()) if len(w) > 1][:MAX_WORDS]


def uses_full_text() -> bool:
    return connection.vendor == "postgresql"


def _matching(user, filters: Filters):
    """Every published example ``user`` may read that matches ``filters`` (unordered)."""
    examples = _filtered(library(user), filters)
    if not filters.q:
        return examples
    if uses_full_text():
        return examples.filter(search=_query(filters))
    words = words_of(filters.q)
    if not words:
        return examples.none()
    fields = ["title", "summary", "problem", "what_was_done", "by_whom", "impact", "lessons"]
    for word in words:
        any_field = Q()
        for field in fields:
            any_field |= Q(**{f"{field}__icontains": word})
        examples = examples.filter(any_field)
    return examples


def _query(filters: Filters) -> SearchQuery:
    return SearchQuery(filters.q, search_type="websearch", config=SEARCH_CONFIG)


@dataclass(frozen=True)
class Found:
    """What a search found: ``ids``, best first, at most :data:`RESULTS_BOUND`; ``more`` when
    more examples matched (the ids are then the newest of them)."""

    ids: list[int]
    more: bool


def found(user, filters: Filters) -> Found:
    """The published examples ``user`` may read that match ``filters``, best first (one query).

    Only the newest ``RESULTS_BOUND + 1`` matches are read (an index in publication order), so
    neither ranking nor counting reads every match of a large library. On PostgreSQL ``q`` is a
    web-style query (``"joint audit" -police``) against the ``search`` vector, and those newest
    matches are ordered by ``ts_rank`` (title weighs most). Elsewhere every word must appear in
    one of the text fields, newest first.
    """
    newest = _matching(user, filters).order_by("-published_at", "-id")
    if filters.q and uses_full_text():
        rows = list(
            newest.annotate(rank=SearchRank(F("search"), _query(filters))).values_list(
                "pk", "rank", "published_at"
            )[: RESULTS_BOUND + 1]
        )
        more, rows = len(rows) > RESULTS_BOUND, rows[:RESULTS_BOUND]
        rows.sort(key=lambda row: (row[1], row[2], row[0]), reverse=True)
        return Found(ids=[row[0] for row in rows], more=more)
    ids = list(newest.values_list("pk", flat=True)[: RESULTS_BOUND + 1])
    return Found(ids=ids[:RESULTS_BOUND], more=len(ids) > RESULTS_BOUND)


def examples_for(ids: list[int], filters: Filters) -> list[dict]:
    """The examples ``ids`` (a page of :func:`found`) in that order, as plain rows of what a row
    of the results shows (:data:`LIST_FIELDS`; one query, none for no ids). On PostgreSQL, with
    ``q``, each carries its ``rank`` and ``title_marked``/``summary_marked`` with the matches
    (for :func:`marked`)."""
    ids = list(ids)
    if not ids:
        return []
    examples = Example.objects.filter(pk__in=ids).order_by()
    annotations = _marks(filters) if filters.q and uses_full_text() else {}
    by_id = {row["id"]: row for row in examples.values(*LIST_FIELDS, **annotations)}
    return [by_id[pk] for pk in ids if pk in by_id]


def _marks(filters: Filters) -> dict:
    """A row's ``rank`` and its title and summary with PostgreSQL's match markers."""
    query = _query(filters)
    options = {"start_sel": START, "stop_sel": STOP}
    return {
        "rank": SearchRank(F("search"), query),
        "title_marked": SearchHeadline(
            "title", query, config=SEARCH_CONFIG, highlight_all=True, **options
        ),
        "summary_marked": SearchHeadline(
            "summary",
            query,
            config=SEARCH_CONFIG,
            max_words=40,
            min_words=20,
            max_fragments=2,
            fragment_delimiter=" … ",
            **options,
        ),
    }


@dataclass(frozen=True)
class ResultsPage:
    """One page of what a search found: ``page`` (its paginator counts the examples found, at
    most :data:`RESULTS_BOUND`), ``examples`` (as :func:`examples_for` gives them) and
    ``more`` (as in :class:`Found`)."""

    page: Page
    examples: list[dict]
    more: bool


def results_page(user, filters: Filters, number, size: int) -> ResultsPage:
    """Page ``number`` (as ``Paginator.get_page`` reads it) of what :func:`found` finds, with
    what :func:`examples_for` gives for it.

    A full-text search on PostgreSQL takes one query: the newest ``RESULTS_BOUND + 1`` matches
    are read once (a WITH query), the newest ``RESULTS_BOUND`` of them ranked, and only the
    page's rows get their highlights (PostgreSQL computes them after the LIMIT). Otherwise, and
    for a page number past the end, :func:`found` then :func:`examples_for` (two queries)."""
    if filters.q and uses_full_text():
        try:
            wanted = int(number) if number is not None else 1
        except (TypeError, ValueError):
            wanted = 1
        if wanted >= 1:
            examples, count, more = _ranked_page(user, filters, (wanted - 1) * size, size)
            if examples or wanted == 1:
                page = Paginator(range(count), size).page(wanted)
                return ResultsPage(page=page, examples=examples, more=more)
    everything = found(user, filters)
    page = Paginator(everything.ids, size).get_page(number)
    return ResultsPage(
        page=page, examples=examples_for(page.object_list, filters), more=everything.more
    )


def _ranked_page(user, filters: Filters, offset: int, size: int) -> tuple[list[dict], int, bool]:
    """(the rows ranked ``offset`` to ``offset + size``, how many were ranked, whether more
    matched) in one query; see :func:`results_page`."""
    newest = _matching(user, filters).order_by("-published_at", "-id")
    newest_sql, newest_params = newest.values_list("pk", "published_at")[
        : RESULTS_BOUND + 1
    ].query.sql_with_params()
    page = (
        Example.objects.filter(pk__in=RawSQL("SELECT id FROM ranked", ()))
        .annotate(**_marks(filters), found=RawSQL("SELECT COUNT(*) FROM newest", ()))
        .order_by("-rank", "-published_at", "-id")
        .values(*LIST_FIELDS, "rank", "title_marked", "summary_marked", "found")
    )[offset : offset + size]
    # the columns in the order the SQL selects them (as ``values()`` itself reads them)
    fields = [*page.query.extra_select, *page.query.values_select, *page.query.annotation_select]
    page_sql, page_params = page.query.sql_with_params()
    sql = (
        f"WITH newest (id, published_at) AS ({newest_sql}), "
        "ranked AS (SELECT id FROM newest ORDER BY published_at DESC, id DESC LIMIT %s) "
        f"{page_sql}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, (*newest_params, RESULTS_BOUND, *page_params))
        rows = [dict(zip(fields, row, strict=True)) for row in cursor.fetchall()]
    found_count = rows[0]["found"] if rows else 0
    for row in rows:
        del row["found"]
    return rows, min(found_count, RESULTS_BOUND), found_count > RESULTS_BOUND


def search(user, filters: Filters) -> list[dict]:
    """Every example :func:`found` finds, best first, as :func:`examples_for` gives them (two
    queries; the library's page reads only one page of them)."""
    return examples_for(found(user, filters).ids, filters)


def marked(text: str, *, words: list[str] | None = None) -> SafeString:
    """``text`` as safe HTML with the matches in ``<mark>``: PostgreSQL's markers, or (the
    fallback) each of ``words`` wherever it appears."""
    html = escape(text)
    if words:
        pattern = "|".join(re.escape(escape(w)) for w in sorted(words, key=len, reverse=True))
        html = re.sub(f"({pattern})", rf"{START}\1{STOP}", html, flags=re.IGNORECASE)
    return mark_safe(html.replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308


def result_rows(page_examples, filters: Filters) -> list[dict]:
    """The page's examples as the plain rows the results list shows: link, title and summary
    marked up for display, partnership, month of publication and whether it is public."""
    words = None if uses_full_text() else words_of(filters.q)
    words = words if filters.q else None
    # One reverse() for the page: each link is the same pattern with the example's id.
    link = reverse("practice:example", kwargs={"pk": _PK_MARK})
    rows = []
    for example in page_examples:
        title = example.get("title_marked") or example["title"]
        summary = example.get("summary_marked") or _shorten(example["summary"])
        published_at = example["published_at"]
        rows.append(
            {
                "url": link.replace(str(_PK_MARK), str(example["id"])),
                "title": marked(title, words=words),
                "summary": marked(summary, words=words),
                "partnership": example["partnership__name"],
                "published": date_format(localtime(published_at), "F Y") if published_at else "",
                "is_public": example["is_public"],
            }
        )
    return rows


#: an id no example has, replaced by each example's in the page's links
_PK_MARK = 987654321987


def _shorten(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"


def adoptable(user, example) -> list[dict]:
    """The partnerships ``user`` coordinates that may take ``example`` into their action plan,
    each with the example's indicators relevant to it.

    An indicator is relevant to a partnership when it is in the catalogue version of the
    partnership's latest assessment (the current version without one) and that assessment has not
    rated it at the top of the scale: there is still something to raise. A partnership that has
    already adopted the example is left out.
    """
    if not user.is_authenticated or example.state != State.PUBLISHED:
        return []
    codes = sorted(example.indicators.values_list("code", flat=True))
    if not codes:
        return []
    partnerships = Partnership.objects.filter(
        memberships__user=user, memberships__role=Membership.Role.COORDINATOR
    ).exclude(practice_adoptions__example=example)
    out = []
    for partnership in partnerships.order_by("name"):
        indicators = relevant_indicators(partnership, codes, user=user)
        if indicators:
            out.append({"partnership": partnership, "indicators": indicators})
    return out


def relevant_indicators(partnership, codes, *, user) -> list[Indicator]:
    """Of ``codes``, the indicators (of the partnership's catalogue version) it can still raise."""
    latest = assessment_selectors.latest_assessment(partnership, user=user)
    version = latest.version if latest else CatalogueVersion.objects.filter(is_current=True).first()
    if version is None:
        return []
    indicators = list(
        version.indicators.filter(code__in=codes).select_related("thread").order_by("code")
    )
    if latest is None:
        return indicators
    top = max(version.levels.values_list("level", flat=True), default=0)
    at_top = set(
        AgreedRating.objects.filter(
            assessment=latest, indicator__in=indicators, level__gte=top
        ).values_list("indicator_id", flat=True)
    )
    return [i for i in indicators if i.pk not in at_top]


def adoptions_of(example, user) -> list[Adoption]:
    """Adoptions of ``example`` by partnerships ``user`` belongs to."""
    if not user.is_authenticated:
        return []
    return list(
        example.adoptions.filter(partnership__memberships__user=user).select_related(
            "partnership", "action"
        )
    )
