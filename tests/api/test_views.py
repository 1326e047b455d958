"""Every API endpoint × every kind of token: what each sees, and that drafts never show."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.fields import DateTimeField
from rest_framework.test import APIClient

from api.throttling import ApiUserThrottle
from api.views import KnownCountPagination
from scorecard.models import MeasureDefinition
from scorecard.services import measure_create
from tests.factories import (
    ActualFactory,
    AssessmentFactory,
    CycleFactory,
    MeasureFactory,
    PartnershipFactory,
)
from tests.reports.conftest import approve, rate

pytestmark = pytest.mark.django_db

MEMBERS = ["coordinator", "respondent", "approver", "viewer"]
EVERYONE = ["anonymous", *MEMBERS, "other_coordinator", "national", "admin", "nobody"]


def slugs(response):
    return {row["slug"] for row in response.json()["results"]}


def result_slugs(response):
    return {row["partnership"] for row in response.json()["results"]}


def who(api_world, person):
    return None if person == "anonymous" else api_world["people"][person]


def _expected(person):
    if person == "anonymous":
        return 401
    return 200


@pytest.mark.parametrize("person", EVERYONE)
def test_partnership_list(api_world, token_client, person):
    response = token_client(who(api_world, person)).get(reverse("api:partnership_list"))
    assert response.status_code == _expected(person)
    if person == "anonymous":
        return
    expected = {
        "national": {"home-alpha", "other-omega"},
        "admin": {"home-alpha", "other-omega"},
        "other_coordinator": {"other-omega"},
        "nobody": set(),
    }.get(person, {"home-alpha"})
    assert slugs(response) == expected


@pytest.mark.parametrize("person", EVERYONE)
def test_partnership_detail(api_world, token_client, person):
    client = token_client(who(api_world, person))
    response = client.get(reverse("api:partnership", args=["home-alpha"]))
    if person == "anonymous":
        assert response.status_code == 401
    elif person in (*MEMBERS, "national", "admin"):
        assert response.status_code == 200
        assert response.json()["name"] == "Home Partnership Alpha"
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("person", EVERYONE)
def test_cycle_list(api_world, token_client, person):
    response = token_client(who(api_world, person)).get(reverse("api:cycle_list"))
    assert response.status_code == _expected(person)
    if person != "anonymous":
        assert [c["name"] for c in response.json()["results"]] == ["2005/06", "2004/05"]


@pytest.mark.parametrize("person", EVERYONE)
def test_result_list_shows_approved_results_the_person_may_see(api_world, token_client, person):
    response = token_client(who(api_world, person)).get(reverse("api:result_list"))
    assert response.status_code == _expected(person)
    if person == "anonymous":
        return
    expected = {
        "national": {"home-alpha", "other-omega"},
        "admin": {"home-alpha", "other-omega"},
        "other_coordinator": {"other-omega"},
        "nobody": set(),
    }.get(person, {"home-alpha"})
    assert result_slugs(response) == expected
    # Drafts never: only the approved cycle appears.
    assert {row["cycle"] for row in response.json()["results"]} <= {"2004/05"}


@pytest.mark.parametrize("person", EVERYONE)
def test_result_detail(api_world, token_client, person):
    home_result = api_world["results"]["home-alpha"]
    client = token_client(who(api_world, person))
    response = client.get(reverse("api:result", args=[home_result.pk]))
    if person == "anonymous":
        assert response.status_code == 401
    elif person in (*MEMBERS, "national", "admin"):
        assert response.status_code == 200
    else:
        assert response.status_code == 404
    # The draft is not a result for anybody.
    draft = client.get(reverse("api:result", args=[api_world["draft"].pk]))
    assert draft.status_code == (401 if person == "anonymous" else 404)


def test_result_is_the_stored_scoring_output(api_world, token_client):
    assessment = api_world["results"]["home-alpha"]
    client = token_client(api_world["people"]["national"])
    data = client.get(reverse("api:result", args=[assessment.pk])).json()
    stored = assessment.result
    assert data["stage"] == stored["stage"]
    assert data["key_issues"] == stored["key_issues"]
    assert data["recommendations"] == stored["recommendations"]
    assert data["unanswered"] == stored["unanswered"]
    assert data["next_stage"]["code"] == stored["next_stage"]["code"]
    assert data["next_stage"]["gaps"] == [
        {k: g[k] for k in ("indicator", "current", "required", "recommendations")}
        for g in stored["next_stage"]["gaps"]
    ]
    assert data["partnership"] == "home-alpha" and data["cycle"] == "2004/05"


def test_filters_by_cycle_and_partnership(api_world, token_client):
    client = token_client(api_world["people"]["national"])
    url = reverse("api:result_list")
    assert result_slugs(client.get(url, {"partnership": "other-omega"})) == {"other-omega"}
    assert result_slugs(client.get(url, {"cycle": "2005/06"})) == set()
    assert len(client.get(url, {"cycle": "2004/05"}).json()["results"]) == 2


def test_a_signed_in_session_is_not_a_token(api_world, client):
    client.force_login(api_world["people"]["national"])
    assert client.get(reverse("api:result_list")).status_code == 401


def test_a_bad_or_revoked_token_is_refused(api_world, token_client):
    bad = APIClient()
    bad.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert bad.get(reverse("api:result_list")).status_code == 401
    user = api_world["people"]["national"]
    client = token_client(user)
    assert client.get(reverse("api:result_list")).status_code == 200
    Token.objects.filter(user=user).delete()  # revoked in the admin
    assert client.get(reverse("api:result_list")).status_code == 401


def test_the_api_only_reads(api_world, token_client):
    client = token_client(api_world["people"]["national"])
    assert client.post(reverse("api:result_list"), {}).status_code == 405
    assert client.delete(reverse("api:partnership", args=["home-alpha"])).status_code == 405


def test_requests_are_throttled(api_world, token_client, monkeypatch):
    monkeypatch.setattr(ApiUserThrottle, "rate", "3/minute", raising=False)
    client = token_client(api_world["people"]["national"])
    statuses = [client.get(reverse("api:cycle_list")).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_tokens_are_issued_in_the_admin(api_world, client):
    client.force_login(api_world["people"]["admin"])
    response = client.get("/admin/authtoken/tokenproxy/add/")
    assert response.status_code == 200


@pytest.mark.parametrize("name", ["api:result_list", "api:partnership_list"])
def test_queries_do_not_grow_with_partnerships(api_world, token_client, catalogue, name):
    client = token_client(api_world["people"]["national"])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(name)).status_code == 200
        return len(queries)

    few = count()
    cycle = CycleFactory(name="2004/05")
    by = api_world["people"]["coordinator"]
    for n in range(38):
        assessment = AssessmentFactory(
            partnership=PartnershipFactory(), cycle=cycle, version=catalogue
        )
        rate(assessment, lambda _i, n=n: n % 5, by=by)
        approve(assessment)
    assert count() == few


def test_schema_is_public_and_valid(db, client):
    response = client.get(reverse("api:schema"), {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert {"/api/results/", "/api/partnerships/", "/api/cycles/"} <= set(schema["paths"])
    assert "tokenAuth" in schema["components"]["securitySchemes"]
    # drf-spectacular's own validation against the OpenAPI 3 JSON schema; warnings fail it.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")


def test_docs_page_is_public_and_draws_every_endpoint(db, client):
    response = client.get(reverse("api:docs"))
    assert response.status_code == 200
    html = response.content.decode()
    for path in ("/api/results/", "/api/results/{id}/", "/api/partnerships/", "/api/cycles/"):
        assert path in html
    assert "<script>" not in html and "cdn" not in html.lower()
    assert "Authorization: Token" in html


@pytest.fixture
def adopted(api_world):
    """Both partnerships adopt the library's fear-of-crime measure; home also keeps one of its own
    (not adopted: not in the API)."""
    definition = MeasureDefinition.objects.get(code="FEAR-OF-CRIME")
    measures = {}
    for partnership, latest in ((api_world["home"], 33), (api_world["other"], 45)):
        measures[partnership.slug] = measure_create(
            partnership=partnership, fields=dict(ADOPTION), adopted_from=definition
        )
        ActualFactory(measure=measures[partnership.slug], year=2004, value=latest)
    MeasureFactory(partnership=api_world["home"], code="OWN-1")
    return measures


ADOPTION = {
    "frequency": "year",
    "baseline_value": 41,
    "baseline_year": 2000,
    "baseline_quarter": 0,
    "target_value": 30,
    "target_year": 2005,
    "target_quarter": 0,
}


@pytest.mark.parametrize("person", EVERYONE)
def test_measure_list_shows_adopted_measures_the_person_may_see(
    api_world, adopted, token_client, person
):
    response = token_client(who(api_world, person)).get(reverse("api:measure_list"))
    assert response.status_code == _expected(person)
    if person == "anonymous":
        return
    expected = {
        "national": {"home-alpha", "other-omega"},
        "admin": {"home-alpha", "other-omega"},
        "other_coordinator": {"other-omega"},
        "nobody": set(),
    }.get(person, {"home-alpha"})
    rows = response.json()["results"]
    assert {row["partnership"] for row in rows} == expected
    assert {row["code"] for row in rows} <= {"FEAR-OF-CRIME"}  # never a partnership's own


def test_a_measure_carries_baseline_target_latest_and_status(api_world, adopted, token_client):
    client = token_client(api_world["people"]["national"])
    response = client.get(reverse("api:measure_list"), {"partnership": "home-alpha"})
    (row,) = response.json()["results"]
    measure = adopted["home-alpha"]
    assert row["baseline"] == {"value": "41.00", "period": measure.baseline_period.label}
    assert row["target"] == {"value": "30.00", "period": measure.target_period.label}
    assert row["latest"]["value"] == "33.00"
    assert row["status"] in {"on_track", "not_on_track", "no_recent_data"}
    by_code = client.get(reverse("api:measure_list"), {"code": "FEAR-OF-CRIME"}).json()
    assert [r["partnership"] for r in by_code["results"]] == ["home-alpha", "other-omega"]


def test_measure_list_queries_do_not_grow_with_partnerships(api_world, adopted, token_client):
    client = token_client(api_world["people"]["national"])
    url = reverse("api:measure_list")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    definition = MeasureDefinition.objects.get(code="FEAR-OF-CRIME")
    for _ in range(10):
        measure_create(
            partnership=PartnershipFactory(), fields=dict(ADOPTION), adopted_from=definition
        )
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def _approved_in(api_world, cycle_name, names, *, catalogue):
    """More approved results in ``cycle_name``, one per partnership name."""
    cycle = CycleFactory(name=cycle_name)
    by = api_world["people"]["coordinator"]
    for name in names:
        assessment = AssessmentFactory(
            partnership=PartnershipFactory(name=name), cycle=cycle, version=catalogue
        )
        rate(assessment, lambda _i: 1, by=by)
        approve(assessment)


RESULT_KEYS = [
    "id",
    "partnership",
    "partnership_name",
    "cycle",
    "catalogue_version",
    "approved_at",
    "stage",
    "key_issues",
    "recommendations",
    "unanswered",
    "next_stage",
]


def test_a_cycles_results_page_by_name_with_the_count_and_links(
    api_world, token_client, catalogue, monkeypatch
):
    """The count of a national reader's page comes from the cycle's summary: it must be the
    number of results the pages list, and the pages follow one another by name."""
    monkeypatch.setattr(KnownCountPagination, "page_size", 2)
    _approved_in(api_world, "2004/05", ["Beta", "Delta", "Gamma"], catalogue=catalogue)
    _approved_in(api_world, "2003/04", ["Earlier"], catalogue=catalogue)
    client = token_client(api_world["people"]["national"])
    url = reverse("api:result_list")
    names, page = [], client.get(url, {"cycle": "2004/05"}).json()
    assert page["count"] == 5 and page["previous"] is None
    while True:
        names += [row["partnership_name"] for row in page["results"]]
        assert {row["cycle"] for row in page["results"]} == {"2004/05"}
        if not page["next"]:
            break
        page = client.get(page["next"]).json()
    assert names == sorted(names) and len(names) == 5
    # Every cycle: newest first, then by name; the count is every approved result.
    everything = client.get(url).json()
    assert everything["count"] == 6
    first = client.get(url).json()["results"]
    assert [row["cycle"] for row in first] == ["2004/05", "2004/05"]
    # A member's count is counted (their own results only), a partnership filter too.
    member = token_client(api_world["people"]["coordinator"])
    assert member.get(url, {"cycle": "2004/05"}).json()["count"] == 1
    assert client.get(url, {"partnership": "other-omega"}).json()["count"] == 1
    assert client.get(url, {"cycle": "1999/00"}).json() == {
        "count": 0,
        "next": None,
        "previous": None,
        "results": [],
    }


def test_a_result_in_the_list_has_the_documented_fields_in_order(api_world, token_client):
    client = token_client(api_world["people"]["national"])
    row = client.get(reverse("api:result_list"), {"partnership": "home-alpha"}).json()
    (result,) = row["results"]
    assessment = api_world["results"]["home-alpha"]
    assert list(result) == RESULT_KEYS
    assert result["id"] == assessment.pk
    assert result["catalogue_version"] == assessment.version.version
    assert result["approved_at"] == DateTimeField().to_representation(assessment.approved_at)
    assert "requirements" not in result["next_stage"]
    detail = client.get(reverse("api:result", args=[assessment.pk])).json()
    assert detail == result


@pytest.mark.parametrize(
    ("params", "most"),
    [({"cycle": "2004/05"}, 4), ({"cycle": "2004/05", "page": 2}, 5), ({}, 5)],
)
def test_a_results_page_is_a_few_queries_at_any_size(
    api_world, token_client, catalogue, params, most, monkeypatch, django_assert_max_num_queries
):
    """Token, national group, the cycle with its count (or the summaries' sum), then the page:
    read in one query on the first page of a cycle, else its keys and then its rows."""
    monkeypatch.setattr(KnownCountPagination, "page_size", 5)
    client = token_client(api_world["people"]["national"])
    _approved_in(api_world, "2004/05", [f"Partnership {n}" for n in range(12)], catalogue=catalogue)
    with django_assert_max_num_queries(most):
        response = client.get(reverse("api:result_list"), params)
    assert response.json()["count"] == 14
    assert len(response.json()["results"]) == 5
