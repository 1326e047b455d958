import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import KEY_ISSUE_CODES, CycleSummary, ResultSnapshot
from partnerships.models import NATIONAL_GROUP
from reports import national as national_module
from tests.factories import PartnershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(db):
    user = UserFactory(username="national-reader")
    user.groups.add(Group.objects.get_or_create(name=NATIONAL_GROUP)[0])
    return user


def overview(client, user, **params):
    client.force_login(user)
    return client.get(reverse("reports:national_overview"), params)


def by_level(mapping):
    """Agreed level per indicator from its local recommendation code."""
    return lambda i: mapping.get(i.thread.code, 0)


def test_counts_per_stage_match_stored_stages(client, reader, make_approved):
    made = [make_approved(PartnershipFactory(), "2004/05", level=lvl) for lvl in (0, 0, 2, 3, 4)]
    html = overview(client, reader).content.decode()
    shown = dict(re.findall(r'data-stage-count="(S\d)">(\d+)<', html))
    for code in ("S1", "S2", "S3", "S4"):
        assert int(shown[code]) == sum(1 for a in made if a.stage_code == code)


def test_table_sorts_by_a_key_issue_and_links_to_dashboards(client, reader, make_approved):
    low = make_approved(PartnershipFactory(name="Aaa low"), "2004/05", level=1)
    high = make_approved(PartnershipFactory(name="Zzz high"), "2004/05", level=3)
    html = overview(client, reader, sort="KLI-1", dir="desc").content.decode()
    table = html.split('id="partnership-table"')[1]
    assert table.index("Zzz high") < table.index("Aaa low")
    assert reverse("reports:dashboard", args=[high.partnership.slug]) in table
    assert 'aria-sort="descending"' in table
    html = overview(client, reader, sort="KLI-1").content.decode()
    table = html.split('id="partnership-table"')[1]
    assert table.index("Aaa low") < table.index("Zzz high")
    row = table.split("Zzz high")[1].split("</tr>")[0]
    assert f">{high.result['key_issues']['KLI-1']['score']}<" in row
    low_row = table.split("Aaa low")[1].split("</tr>")[0]
    assert f">{low.result['key_issues']['KLI-1']['score']}<" in low_row
    assert low.result["key_issues"]["KLI-1"]["score"] < high.result["key_issues"]["KLI-1"]["score"]


def test_blocking_recommendations_with_supporting_national_ones(client, reader, make_approved):
    for _ in range(3):
        make_approved(PartnershipFactory(), "2004/05", level=0)
    make_approved(PartnershipFactory(), "2004/05", level=4)
    html = overview(client, reader).content.decode()
    counts = dict(re.findall(r'data-blocking="(LR-\d+)">(\d+)<', html))
    assert counts  # partnerships at level 0 have gaps to S2
    assert max(int(v) for v in counts.values()) == 3
    table = html.split('id="blocking-table"')[1].split("</table>")[0]
    assert re.search(r"NR-\d", table)
    # Each row names exactly the national recommendations the catalogue links to it.
    from threads.models import Thread

    for row in table.split("<tr")[2:]:
        code = re.search(r'data-blocking="(LR-\d+)"', row).group(1)
        shown = set(re.findall(r">(NR-\d+)</a>", row))
        linked = Thread.objects.get(code=code, version__is_current=True).supported_by.all()
        assert shown == {t.code for t in linked}, code


def test_choosing_a_cycle_and_a_bad_cycle(client, reader, make_approved):
    make_approved(PartnershipFactory(name="Old one"), "2001/02", level=1)
    make_approved(PartnershipFactory(name="New one"), "2004/05", level=1)
    default = overview(client, reader).content.decode()
    assert "New one" in default and "Old one" not in default
    chosen = overview(client, reader, cycle="2001/02").content.decode()
    assert "Old one" in chosen and "New one" not in chosen
    bad = overview(client, reader, cycle="1999/00")
    assert bad.status_code == 400
    assert "Choose a cycle from the list." in bad.content.decode()


def test_pages_of_fifty(client, reader, make_approved, monkeypatch):
    monkeypatch.setattr(national_module, "PAGE_SIZE", 2)
    for name in ("A", "B", "C"):
        make_approved(PartnershipFactory(name=f"Partnership {name}"), "2004/05")
    first = overview(client, reader).content.decode()
    assert "Partnership A" in first and "Partnership C" not in first
    second = overview(client, reader, page=2).content.decode()
    assert "Partnership C" in second and "Page 2 of 2" in second


@pytest.mark.parametrize("role", ["coordinator", "viewer"])
def test_partnership_members_may_not_read_it(client, people, role):
    assert overview(client, people[role]).status_code == 403


def test_admin_may_read_it(client, make_approved):
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    assert overview(client, admin).status_code == 200


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("reports:national_overview")).status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_partnerships_or_cycles(client, reader, make_approved):
    client.force_login(reader)
    make_approved(PartnershipFactory(), "2004/05", level=1)
    few = _queries(client)
    for n in range(8):
        partnership = PartnershipFactory()
        make_approved(partnership, "2004/05", level=n % 5)
        make_approved(partnership, "2003/04", level=1)
    assert _queries(client) == few


def test_cached_aggregates_follow_a_new_approval(client, reader, make_approved):
    make_approved(PartnershipFactory(), "2004/05", level=0)
    first = dict(
        re.findall(r'data-stage-count="(S\d)">(\d+)<', overview(client, reader).content.decode())
    )
    late = make_approved(PartnershipFactory(), "2004/05", level=4)
    second = dict(
        re.findall(r'data-stage-count="(S\d)">(\d+)<', overview(client, reader).content.decode())
    )
    assert int(second[late.stage_code]) == int(first[late.stage_code]) + 1


def test_an_older_cycle_is_headed_by_the_catalogue_it_was_scored_on(
    client, reader, make_approved, catalogue, draft_catalogue
):
    from threads.services import catalogue_version_publish

    make_approved(PartnershipFactory(), "2001/02", level=2)  # scored on ``catalogue``
    stage = draft_catalogue.stages.order_by("order").first()
    stage.name = "Renamed in the newer catalogue"
    stage.save()
    catalogue_version_publish(version=draft_catalogue)
    old = overview(client, reader, cycle="2001/02")
    assert old.context["version"] == catalogue
    assert "Renamed in the newer catalogue" not in old.content.decode()
    assert catalogue.stages.order_by("order").first().name in old.content.decode()


def test_the_stage_chart_draws_the_numbers_of_its_table(client, reader, make_approved):
    import json

    for level in (0, 0, 2, 3):
        make_approved(PartnershipFactory(), "2004/05", level=level)
    PartnershipFactory(name="Not assessed yet")
    html = overview(client, reader).content.decode()
    config = json.loads(re.search(r'id="stage-count-chart"[^>]*>(.*?)</script>', html).group(1))
    table = dict(re.findall(r'data-stage-count="(S\d)">(\d+)<', html))
    drawn = dict(zip(config["data"]["labels"], config["data"]["datasets"][0]["data"], strict=True))
    assert drawn == {code: int(n) for code, n in table.items()}
    assert sum(drawn.values()) == 4
    assert "4 partnerships have an approved assessment for 2004/05; 1 has none." in html


def test_sorted_column_is_marked_and_paging_keeps_sort_and_cycle(
    client, reader, make_approved, monkeypatch
):
    monkeypatch.setattr(national_module, "PAGE_SIZE", 2)
    for name in ("A", "B", "C"):
        make_approved(PartnershipFactory(name=f"Partnership {name}"), "2004/05")
    make_approved(PartnershipFactory(name="Elsewhen"), "2003/04")
    html = overview(client, reader, cycle="2004/05", sort="stage", dir="desc").content.decode()
    header = re.search(r'<th[^>]*aria-sort="descending"[^>]*>(.*?)</th>', html, re.S).group(1)
    assert "Stage" in header and 'data-sorted="descending"' in header
    assert html.count("aria-sort=") == 1
    nxt = re.search(r'href="\?([^"]+)" rel="next"', html).group(1).replace("&amp;", "&")
    assert "cycle=2004%2F05" in nxt and "sort=stage" in nxt and "dir=desc" in nxt
    second = client.get(reverse("reports:national_overview") + "?" + nxt).content.decode()
    assert "Page 2 of 2" in second and 'aria-sort="descending"' in second
    assert "Elsewhen" not in second
    # The default sort (by name) is marked too.
    first = overview(client, reader).content.decode()
    assert re.search(r'aria-sort="ascending"[^>]*><a[^>]*>Partnership<', first)


def test_stage_change_since_last_cycle_goes_by_code(client, reader, make_approved):
    old = [make_approved(PartnershipFactory(), "2003/04", level=lvl) for lvl in (0, 0, 4)]
    new = [make_approved(PartnershipFactory(), "2004/05", level=lvl) for lvl in (0, 3, 4, 4)]
    # The earlier cycle was scored on a catalogue without S4 (its top stage had another code).
    summary = CycleSummary.objects.get(cycle__name="2003/04")
    summary.stage_counts = [
        {**row, "code": "S4-old"} if row["code"] == "S4" else row for row in summary.stage_counts
    ]
    summary.save()
    html = overview(client, reader, cycle="2004/05").content.decode()
    change = dict(re.findall(r'data-stage-change="(S\d)">([^<]+)<', html))
    for code in ("S1", "S2", "S3"):
        now = sum(1 for a in new if a.stage_code == code)
        before = sum(1 for a in old if a.stage_code == code)
        assert int(change[code]) == now - before
    assert change["S4"] == "Not in the 2003/04 catalogue"


def test_every_key_local_issue_of_the_catalogue_has_a_sort_index(catalogue):
    """The overview sorts by any key local issue reading an index of that score: a catalogue
    with a key issue the indexes do not cover would sort it by reading every row."""
    from threads.models import Thread

    codes = set(
        Thread.objects.filter(version=catalogue, kind=Thread.Kind.KEY_LOCAL_ISSUE).values_list(
            "code", flat=True
        )
    )
    assert codes == set(KEY_ISSUE_CODES)
    indexed = {index.name for index in ResultSnapshot._meta.indexes}
    assert {f"snapshot_by_{code.lower().replace('-', '_')}" for code in codes} <= indexed


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's query plan")
@pytest.mark.parametrize("sort", ["name", "stage", *KEY_ISSUE_CODES])
@pytest.mark.parametrize("descending", [False, True])
def test_a_page_of_any_sort_is_read_from_an_index(make_approved, catalogue, sort, descending):
    """The page's query can be answered from an index in the order asked for (with sorting
    turned off, the plan still reads the index rather than every row of the cycle)."""
    for level in (0, 2, 4):
        made = make_approved(PartnershipFactory(), "2004/05", level=level)
    key_issues = list(
        catalogue.threads.filter(kind="key_local_issue").order_by("order").only("code", "title")
    )
    page, _table = national_module.score_table(
        made.cycle, key_issues, sort=sort, descending=descending, page=1, count=3
    )
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
    plan = page.object_list.explain()
    index = {"name": "snapshot_by_name", "stage": "snapshot_by_stage"}.get(
        sort, f"snapshot_by_{sort.lower().replace('-', '_')}"
    )
    assert index in plan, plan


def test_a_page_is_five_queries_at_any_size(
    client, reader, make_approved, django_assert_max_num_queries
):
    """Session, person, the cycles with their summaries and the number of partnerships, the key
    issues and the page of the table: whatever the number of partnerships and of cycles."""
    client.force_login(reader)
    for n in range(12):
        make_approved(PartnershipFactory(), "2004/05", level=n % 5)
    make_approved(PartnershipFactory(), "2003/04", level=1)
    for params in ({}, {"sort": "KLI-2", "dir": "desc"}):
        with django_assert_max_num_queries(5):
            response = client.get(reverse("reports:national_overview"), params)
        assert response.status_code == 200
