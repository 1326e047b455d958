import csv
import io
import re
import statistics
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from assessments.models import Assessment, ResultGap
from partnerships.models import NATIONAL_GROUP
from reports.national_paper import stage_changes
from scorecard.models import MeasureDefinition
from scorecard.selectors import adoption_summary
from scorecard.services import measure_create
from tests.factories import (
    AssessmentFactory,
    CycleFactory,
    MeasureFactory,
    PartnershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(db):
    user = UserFactory(username="national-reader")
    user.groups.add(Group.objects.get_or_create(name=NATIONAL_GROUP)[0])
    return user


def by_recommendation(levels):
    return lambda i: levels.get(i.thread.code, (sum(map(ord, i.code)) % 5))


@pytest.fixture
def two_years(make_approved):
    """Five partnerships in 2004/05 and four of them in 2003/04, with varied ratings."""
    made = {"2003/04": [], "2004/05": []}
    for n in range(5):
        partnership = PartnershipFactory(name=f"Partnership {n}")
        made["2004/05"].append(make_approved(partnership, "2004/05", level=n % 5))
        if n < 4:
            made["2003/04"].append(make_approved(partnership, "2003/04", level=max(n - 1, 0)))
    # A draft never counts.
    AssessmentFactory(
        partnership=PartnershipFactory(name="Drafting"), cycle=CycleFactory(name="2004/05")
    )
    return made


def paper(client, user, **params):
    client.force_login(user)
    return client.get(reverse("reports:national_report"), params)


def test_stages_and_change_since_last_cycle_match_stored_results(client, reader, two_years):
    html = paper(client, reader, cycle="2004/05").content.decode()
    shown = dict(re.findall(r'data-paper-stage="(S\d)">(\d+)<', html))
    change = dict(re.findall(r'data-stage-change="(S\d)">([+-]?\d+)<', html))
    for code in ("S1", "S2", "S3", "S4"):
        now = sum(1 for a in two_years["2004/05"] if a.stage_code == code)
        before = sum(1 for a in two_years["2003/04"] if a.stage_code == code)
        assert int(shown[code]) == now
        assert int(change[code]) == now - before
    assert 'data-assessed="5"' in html
    for n in (1, 2, 3, 4, 5, 6):
        assert f">{n}. " in html
    assert "It is recommended that the Forum members" in html


def test_spread_of_each_key_issue_matches_stored_results(client, reader, two_years):
    html = paper(client, reader, cycle="2004/05").content.decode()
    results = [a.result for a in two_years["2004/05"]]
    for code in results[0]["key_issues"]:
        values = sorted(r["key_issues"][code]["score"] for r in results)
        row = html.split(f'data-spread="{code}"')[1].split("</tr>")[0]
        q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
        assert re.search(r"data-min>(\d+)<", row).group(1) == str(values[0])
        assert re.search(r"data-max>(\d+)<", row).group(1) == str(values[-1])
        assert float(re.search(r"data-q1>([\d.]+)<", row).group(1)) == round(q1, 1)
        assert float(re.search(r"data-median>([\d.]+)<", row).group(1)) == round(median, 1)
        assert float(re.search(r"data-q3>([\d.]+)<", row).group(1)) == round(q3, 1)


def test_blocking_recommendations_and_the_national_ones_they_call_for(client, reader, two_years):
    html = paper(client, reader, cycle="2004/05").content.decode()
    shown = {k: int(v) for k, v in re.findall(r'data-paper-blocking="(LR-\d+)">(\d+)<', html)}
    assert shown
    for code, count in shown.items():
        assert count == (
            ResultGap.objects.filter(assessment__cycle__name="2004/05", recommendation=code)
            .values("assessment")
            .distinct()
            .count()
        )
    recommendations = html.split('id="paper-recommendations"')[1].split("</ul>")[0]
    assert "direct national support to NR-" in recommendations


def test_adopted_scorecard_measures_are_counted_with_their_status(client, reader, two_years):
    html = paper(client, reader, cycle="2004/05").content.decode()
    assert 'id="paper-measures"' not in html  # nobody has adopted a measure yet
    definition = MeasureDefinition.objects.get(code="FEAR-OF-CRIME")
    partnerships = [a.partnership for a in two_years["2004/05"][:3]]
    for partnership in partnerships:
        measure_create(partnership=partnership, fields=dict(FIGURES), adopted_from=definition)
    MeasureFactory(partnership=partnerships[0])  # a partnership's own measure: not counted
    html = paper(client, reader, cycle="2004/05").content.decode()
    row = re.search(r'data-paper-measure="FEAR-OF-CRIME">(\d+)<', html)
    assert row and int(row.group(1)) == 3
    (summary,) = adoption_summary()
    assert summary["partnerships"] == 3
    assert summary["on_track"] + summary["not_on_track"] + summary["no_recent_data"] == 3


FIGURES = {
    "frequency": "year",
    "baseline_value": 41,
    "baseline_year": 2000,
    "baseline_quarter": 0,
    "target_value": 30,
    "target_year": 2010,
    "target_quarter": 0,
}


def test_codes_missing_from_the_earlier_catalogue_are_named_not_compared():
    now = SimpleNamespace(
        assessed=3,
        stage_counts=[
            {"code": "S1", "name": "One", "count": 1},
            {"code": "S5", "name": "Five", "count": 2},
        ],
    )
    before = SimpleNamespace(stage_counts=[{"code": "S1", "name": "One", "count": 3}])
    rows = {row["code"]: row for row in stage_changes(now, before)}
    assert rows["S1"]["change"] == -2 and rows["S1"]["existed"]
    assert rows["S5"]["change"] is None and not rows["S5"]["existed"]


def test_pdf_is_the_same_paper(client, reader, two_years):
    from pypdf import PdfReader

    client.force_login(reader)
    response = client.get(reverse("reports:national_report_pdf"), {"cycle": "2004/05"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "1. Purpose" in text and "6. Recommendations" in text
    assert "Threads of Success 2004/05" in text


def test_results_as_csv_and_xlsx(client, reader, two_years):
    two_years["2004/05"][0].partnership.name = "=HYPERLINK(1)"
    two_years["2004/05"][0].partnership.save()
    client.force_login(reader)
    response = client.get(
        reverse("reports:national_results_export", args=["csv"]), {"cycle": "2004/05"}
    )
    assert response.status_code == 200
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, body = lines[0], lines[1:]
    approved = Assessment.objects.filter(cycle__name="2004/05", state="approved")
    assert len(body) == approved.count() == 5
    assert "Drafting" not in response.content.decode()
    assert "'=HYPERLINK(1)" in [row[0] for row in body]
    by_slug = {row[1]: dict(zip(header, row, strict=True)) for row in body}
    for assessment in approved:
        row = by_slug[assessment.partnership.slug]
        assert row["Stage"] == assessment.result["stage"]["code"]
        for code, value in assessment.result["key_issues"].items():
            assert row[code] == str(value["score"])
        for code, value in assessment.result["recommendations"].items():
            assert row[code] == ("" if value["score"] is None else str(value["score"]))
    xlsx = client.get(
        reverse("reports:national_results_export", args=["xlsx"]), {"cycle": "2004/05"}
    )
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [c.value for c in sheet[1]] == header
    assert sheet.max_row == 6


@pytest.mark.parametrize("name", ["reports:national_report", "reports:national_results_export"])
def test_queries_do_not_grow_with_partnerships(client, reader, make_approved, name):
    client.force_login(reader)
    args = ["csv"] if name.endswith("export") else []

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse(name, args=args), {"cycle": "2004/05"})
            assert response.status_code == 200
        return len(queries)

    for n in range(5):
        make_approved(PartnershipFactory(), "2004/05", level=n % 5)
        make_approved(PartnershipFactory(), "2003/04", level=n % 3)
    few = count()
    for n in range(35):
        make_approved(PartnershipFactory(), "2004/05", level=n % 5)
    assert count() == few


@pytest.mark.parametrize("role", ["coordinator", "viewer"])
def test_members_may_not_read_it(client, people, role):
    client.force_login(people[role])
    assert client.get(reverse("reports:national_report")).status_code == 403
    assert client.get(reverse("reports:national_report_pdf")).status_code == 403
