import csv
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from assessments.models import Action, Assessment
from pages.spreadsheets import safe_cell
from partnerships.models import PaperDetails
from reports.exports import RATING_HEADER
from tests.factories import AssessmentFactory, CycleFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rated(east, people, agencies, make_approved):
    police, council = agencies
    assessment = make_approved(
        east,
        "2004/05",
        level=2,
        agencies=[(police, lambda i: 3), (council, lambda i: None)],
    )
    assessment.agreed_ratings.filter(indicator__code="LR-1.1").update(note="=HYPERLINK(evil)")
    return assessment


def get(client, user, name, *args):
    client.force_login(user)
    return client.get(reverse(name, args=args))


def test_ratings_csv_holds_agreed_and_agency_levels(client, people, rated):
    response = get(
        client, people["viewer"], "reports:ratings_export", "east-ayrshire", rated.pk, "csv"
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="east-ayrshire-2004-05-ratings.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == RATING_HEADER
    indicators = rated.version.indicators.count()
    assert len(rows) == 1 + indicators * 3  # agreed + two agencies per indicator
    first = [r for r in rows[1:] if r[0] == "LR-1.1"]
    assert [r[3] for r in first] == ["Agreed", "Council", "Police Scotland"]
    assert [r[4] for r in first] == ["2", "Don't know", "3"]
    assert first[0][6] == "'=HYPERLINK(evil)"  # never a live formula


def test_ratings_xlsx_opens_with_the_same_rows(client, people, rated):
    response = get(
        client, people["viewer"], "reports:ratings_export", "east-ayrshire", rated.pk, "xlsx"
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == RATING_HEADER
    agreed = {r[0]: r[4] for r in rows[1:] if r[3] == "Agreed"}
    assert agreed == dict.fromkeys(agreed, 2)
    assert len(agreed) == rated.version.indicators.count()


def test_action_plan_csv_and_xlsx(client, east, people, agencies):
    Action.objects.create(partnership=east, title="Agree the audit", owner=agencies[0])
    Action.objects.create(partnership=east, title="Late one", due_on="2001-01-01")
    csv_response = get(client, people["viewer"], "reports:action_export", "east-ayrshire", "csv")
    rows = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig"))))
    assert [r[0] for r in rows[1:]] == ["Late one", "Agree the audit"]
    assert rows[1][6] == "Yes" and rows[2][3] == "Police Scotland"
    xlsx = get(client, people["viewer"], "reports:action_export", "east-ayrshire", "xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.max_row == 3 and sheet["A3"].value == "Agree the audit"


def test_unknown_format_is_404(client, people, rated):
    client.force_login(people["viewer"])
    url = reverse("reports:ratings_export", args=["east-ayrshire", rated.pk, "csv"])
    assert client.get(url.replace(".csv", ".json")).status_code == 404


def test_a_viewer_of_east_ayrshire_cannot_export_fifes(client, people, fife, make_approved):
    theirs = make_approved(fife, "2004/05")
    Action.objects.create(partnership=fife, title="Fife's secret")
    viewer = people["viewer"]
    for name, args in [
        ("reports:ratings_export", ("fife", theirs.pk, "csv")),
        ("reports:ratings_export", ("fife", theirs.pk, "xlsx")),
        ("reports:ratings_export", ("east-ayrshire", theirs.pk, "csv")),
        ("reports:action_export", ("fife", "csv")),
        ("reports:assessment_report", ("fife", theirs.pk)),
        ("reports:assessment_report_pdf", ("fife", theirs.pk)),
        ("reports:assessment_report_pdf", ("east-ayrshire", theirs.pk)),
    ]:
        assert get(client, viewer, name, *args).status_code == 404, name


def test_viewer_cannot_export_a_draft(client, east, people):
    draft = AssessmentFactory(partnership=east, cycle=CycleFactory(name="2005/06"))
    response = get(
        client, people["viewer"], "reports:ratings_export", "east-ayrshire", draft.pk, "csv"
    )
    assert response.status_code == 404
    response = get(
        client, people["coordinator"], "reports:ratings_export", east.slug, draft.pk, "csv"
    )
    assert response.status_code == 200
    response = get(client, people["approver"], "reports:assessment_report", east.slug, draft.pk)
    assert response.status_code == 200
    # Before moderation a respondent sees only their own agency's ratings: no draft export.
    for name, args in [
        ("reports:ratings_export", (east.slug, draft.pk, "csv")),
        ("reports:assessment_report", (east.slug, draft.pk)),
        ("reports:assessment_report_pdf", (east.slug, draft.pk)),
    ]:
        assert get(client, people["respondent"], name, *args).status_code == 404
    detail = get(
        client, people["respondent"], "assessments:assessment", east.slug, draft.pk
    ).content
    assert b"ratings.csv" not in detail


def test_report_page_shows_stored_stage_and_sections(client, people, rated):
    stored = {**rated.result, "key_issues": {**rated.result["key_issues"], "KLI-2": {"score": 61}}}
    Assessment.objects.filter(pk=rated.pk).update(result=stored)
    html = get(client, people["viewer"], "reports:assessment_report", "east-ayrshire", rated.pk)
    html = html.content.decode()
    for heading in (
        "1. PURPOSE OF REPORT",
        "2. BACKGROUND",
        "3. DISCUSSION",
        "4. FINANCIAL/LEGAL/POLICY IMPLICATIONS",
        "5. CONCLUSIONS",
        "6. RECOMMENDATIONS",
    ):
        assert heading in html
    assert f'data-stage="{rated.stage_code}"' in html
    assert re.search(r'data-score="KLI-2">61<', html)
    assert "Draft:" not in html


def test_draft_report_is_labelled(client, east, people):
    draft = AssessmentFactory(partnership=east, cycle=CycleFactory(name="2005/06"))
    html = get(client, people["coordinator"], "reports:assessment_report", east.slug, draft.pk)
    assert "Draft: this assessment is draft and not approved" in html.content.decode()


def test_report_pdf_holds_the_stage_and_scores(client, people, rated):
    response = get(
        client, people["viewer"], "reports:assessment_report_pdf", "east-ayrshire", rated.pk
    )
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "EAST AYRSHIRE COMMUNITY SAFETY FORUM" in text
    assert f"({rated.stage_code}), stage {rated.stage_order} of 4" in text
    assert "PURPOSE OF REPORT" in text and "RECOMMENDATIONS" in text
    kli1 = rated.result["key_issues"]["KLI-1"]["score"]
    assert re.search(rf"\(KLI-1\) {kli1} ", text)


def test_national_reader_may_export_approved_but_not_drafts(client, east, rated):
    from django.contrib.auth.models import Group

    from partnerships.models import NATIONAL_GROUP

    reader = MembershipFactory(partnership=east).user
    reader.memberships.all().delete()
    reader.groups.add(Group.objects.get_or_create(name=NATIONAL_GROUP)[0])
    assert (
        get(client, reader, "reports:ratings_export", east.slug, rated.pk, "csv").status_code == 200
    )
    draft = AssessmentFactory(partnership=east, cycle=CycleFactory(name="2005/06"))
    assert (
        get(client, reader, "reports:ratings_export", east.slug, draft.pk, "csv").status_code == 404
    )
    assert get(client, reader, "reports:assessment_report", east.slug, draft.pk).status_code == 404


def test_a_report_tells_the_change_and_lists_its_own_actions_only(
    client, east, people, make_approved
):
    older = make_approved(east, "2001/02", level=0)
    newer = make_approved(east, "2002/03", level=4)
    assert older.stage_order < newer.stage_order
    Action.objects.create(partnership=east, assessment=older, title="Audit agreed in 2001")
    Action.objects.create(
        partnership=east, assessment=older, title="Dropped idea", status=Action.Status.DROPPED
    )
    Action.objects.create(partnership=east, assessment=newer, title="Plan agreed in 2002")
    old_paper = get(client, people["viewer"], "reports:assessment_report", east.slug, older.pk)
    old_paper = old_paper.content.decode()
    assert "Audit agreed in 2001" in old_paper
    assert "Plan agreed in 2002" not in old_paper and "Dropped idea" not in old_paper
    new_paper = get(client, people["viewer"], "reports:assessment_report", east.slug, newer.pk)
    new_paper = new_paper.content.decode()
    assert re.search(rf"That is up from .{{3,80}} \({older.stage_code}\) in 2001/02\.", new_paper)
    assert "Plan agreed in 2002" in new_paper and "Audit agreed in 2001" not in new_paper


@pytest.mark.parametrize(
    ("value", "expected"),
    [("=1+1", "'=1+1"), ("+44", "'+44"), ("-x", "'-x"), ("@a", "'@a"), ("ok", "ok"), (3, 3)],
)
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected


def test_export_and_report_queries_do_not_grow_with_agencies(
    client, east, people, make_approved, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import AgencyFactory

    def count(assessment) -> list[int]:
        client.force_login(people["viewer"])
        counts = []
        for name in ("reports:ratings_export", "reports:assessment_report"):
            args = [east.slug, assessment.pk] + (
                ["csv"] if name == "reports:ratings_export" else []
            )
            with CaptureQueriesContext(connection) as queries:
                assert client.get(reverse(name, args=args)).status_code == 200
            counts.append(len(queries))
        return counts

    one = make_approved(east, "2001/02", agencies=[(AgencyFactory(partnership=east), lambda i: 1)])
    many = make_approved(
        east,
        "2002/03",
        agencies=[(AgencyFactory(partnership=east), lambda i: 2) for _ in range(5)],
    )
    assert count(one) == count(many)


def test_assessment_and_action_plan_pages_link_their_downloads(client, east, people, rated):
    client.force_login(people["viewer"])
    detail = client.get(
        reverse("assessments:assessment", args=[east.slug, rated.pk])
    ).content.decode()
    assert reverse("reports:ratings_export", args=[east.slug, rated.pk, "xlsx"]) in detail
    assert reverse("reports:assessment_report_pdf", args=[east.slug, rated.pk]) in detail
    plan = client.get(reverse("assessments:action_plan", args=[east.slug])).content.decode()
    assert reverse("reports:action_export", args=[east.slug, "csv"]) in plan


def test_the_pdf_is_made_once_until_the_data_changes(client, east, people, rated, monkeypatch):
    from reports import views

    made = []
    real = views.html_to_pdf
    monkeypatch.setattr(views, "html_to_pdf", lambda html: made.append(1) or real(html))
    for _ in range(2):
        response = get(
            client, people["viewer"], "reports:assessment_report_pdf", east.slug, rated.pk
        )
        assert response.content.startswith(b"%PDF")
    assert len(made) == 1
    client.force_login(people["viewer"])
    url = reverse("reports:assessment_report_pdf", args=[east.slug, rated.pk])
    assert client.get(url + "?x=1&nocache=2").content.startswith(b"%PDF")
    assert len(made) == 1  # nothing in the query string makes work
    Action.objects.create(partnership=east, assessment=rated, title="New action")
    get(client, people["viewer"], "reports:assessment_report_pdf", east.slug, rated.pk)
    assert len(made) == 2
    # The page's paper is headed and signed with the partnership's paper details.
    PaperDetails.objects.create(
        partnership=east, **{**PaperDetails.defaults(east), "signatory_name": "A New Name"}
    )
    response = get(client, people["viewer"], "reports:assessment_report_pdf", east.slug, rated.pk)
    assert len(made) == 3
    assert b"%PDF" in response.content[:8]


def test_the_ratings_csv_runs_six_queries_in_catalogue_order(
    client, people, rated, django_assert_num_queries
):
    client.force_login(people["viewer"])
    url = reverse("reports:ratings_export", args=[rated.partnership.slug, rated.pk, "csv"])
    client.get(url)
    # session, user, assessment with its partnership and the reader's role, level labels,
    # agreed ratings, agencies' ratings (no catalogue version, no indicator list)
    with django_assert_num_queries(6):
        response = client.get(url)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[1:]
    indicators = list(
        rated.version.indicators.order_by("thread__order", "order").values_list("code", flat=True)
    )
    listed = list(dict.fromkeys(row[0] for row in rows))
    assert listed == indicators
    for code in indicators:
        who = [row[3] for row in rows if row[0] == code]
        assert who[0] == "Agreed" and who[1:] == sorted(who[1:])
