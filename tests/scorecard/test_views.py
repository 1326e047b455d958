"""Scorecard pages: what each person sees, forms that keep what was typed, files in and out."""

import io
from decimal import Decimal

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from partnerships.models import NATIONAL_GROUP
from scorecard.models import Actual, Measure
from tests.factories import ActualFactory, MeasureFactory, PartnershipFactory, UserFactory


def url(name, **kwargs):
    return reverse(f"scorecard:{name}", kwargs={"slug": "glen", **kwargs})


def test_the_scorecard_shows_perspectives_status_numbers_and_the_rule(client, scorecard_world):
    ActualFactory(measure=scorecard_world["fear"], year=2024, value=33)
    client.force_login(scorecard_world["people"]["viewer"])
    body = client.get(url("scorecard")).content.decode()
    for perspective in ("Safer communities (outcomes)", "Partnership working", "Resources"):
        assert perspective in body
    assert "How the status is worked out" in body
    assert "33%" in body and "41% in 2000/01" in body and "30% by 2010/11" in body
    assert "Not on track" in body  # target passed without reaching 30%
    assert 'data-chart="chart-FEAR-OF-CRIME"' in body and 'id="chart-FEAR-OF-CRIME-table"' in body
    assert "Enter a figure" not in body and "Add a measure" not in body


def test_the_respondent_sees_entry_links_only_for_their_agency(client, scorecard_world):
    client.force_login(scorecard_world["people"]["police"])
    body = client.get(url("scorecard")).content.decode()
    assert url("actual_add", code="CALLS") in body
    assert url("actual_add", code="FEAR-OF-CRIME") not in body
    assert client.get(url("actual_add", code="FEAR-OF-CRIME")).status_code == 403


def test_a_figure_is_entered_and_a_bad_one_keeps_the_typing(client, scorecard_world):
    client.force_login(scorecard_world["people"]["police"])
    response = client.post(
        url("actual_add", code="CALLS"), {"period": "2004", "value": "lots", "note": "kept"}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "There is a problem" in body
    assert 'value="2004"' in body and 'value="lots"' in body and "kept</textarea>" in body
    assert body.count("Enter a financial year like") == 2  # summary and beside the field
    response = client.post(url("actual_add", code="CALLS"), {"period": "2004/05", "value": "1,234"})
    assert response.status_code == 302
    actual = Actual.objects.get()
    assert (
        actual.value == Decimal(1234) and actual.entered_by == scorecard_world["people"]["police"]
    )
    # Again without ticking "Replace it": refused, beside the period.
    response = client.post(url("actual_add", code="CALLS"), {"period": "2004/05", "value": "9"})
    assert response.status_code == 400
    assert "There is already a figure for 2004/05 (1,234)" in response.content.decode()


def test_the_measure_page_shows_its_whole_history_newest_first(client, scorecard_world):
    for year in range(2000, 2012):
        ActualFactory(
            measure=scorecard_world["calls"], year=year, value=40 - year + 2000, note=f"n{year}"
        )
    client.force_login(scorecard_world["people"]["viewer"])
    body = client.get(url("measure", code="CALLS")).content.decode()
    assert body.index("n2011") < body.index("n2000")
    assert body.count('<th scope="row" class="govuk-table__header">2005/06</th>') == 2
    assert client.get(url("measure", code="NOPE")).status_code == 404


def test_adopting_from_the_library(client, scorecard_world):
    client.force_login(scorecard_world["people"]["coordinator"])
    choose = client.get(url("measure_add")).content.decode()
    assert "Recorded crime" in choose and 'value="FEAR-OF-CRIME"' not in choose  # adopted already
    assert client.get(url("measure_add") + "?source=NOPE").status_code == 400
    form_url = url("measure_add") + "?source=CRIME-RATE"
    page = client.get(form_url).content.decode()
    assert 'name="code"' not in page and "Police recorded crime" in page
    data = {
        "frequency": "year",
        "owner": scorecard_world["police"].pk,
        "data_source": "Police recorded crime",
        "evidences": "lr-8.1, KLI-5",
        "baseline_value": "92.5",
        "baseline_period": "2000/01",
        "target_value": "70",
        "target_period": "2007/08",
    }
    response = client.post(form_url, data)
    assert response.status_code == 302
    measure = Measure.objects.get(partnership=scorecard_world["partnership"], code="CRIME-RATE")
    assert measure.adopted_from.code == "CRIME-RATE" and measure.unit == "per_1000"
    assert measure.evidences == "LR-8.1 KLI-5"
    assert (measure.baseline_value, measure.target_year) == (Decimal("92.5"), 2007)


def test_a_measure_form_validates_beside_each_field_and_keeps_the_typing(client, scorecard_world):
    client.force_login(scorecard_world["people"]["coordinator"])
    form_url = url("measure_add") + "?source=own"
    data = {
        "code": "bad code",
        "name": "Youth diversion",
        "definition": "Young people referred",
        "unit": "count",
        "direction": "up",
        "perspective": scorecard_world["calls"].perspective_id,
        "frequency": "year",
        "evidences": "LR-99",
        "baseline_value": "50",
        "baseline_period": "2003/04",
        "target_value": "40",
        "target_period": "2002/03",
    }
    response = client.post(form_url, data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Use 2 to 20 capital letters" in body
    assert "LR-99: not a code of the catalogue" in body
    assert "The target&#x27;s period must come after the baseline&#x27;s" in body
    assert "The target must be at least as good as the baseline (higher is better)" in body
    assert 'value="Youth diversion"' in body and 'value="2002/03"' in body
    assert not Measure.objects.filter(name="Youth diversion").exists()
    data.update(code="youth-div", evidences="", target_value="80", target_period="2008/09")
    assert client.post(form_url, data).status_code == 302
    assert Measure.objects.get(code="YOUTH-DIV").target_value == Decimal(80)


def test_editing_a_measure_starts_from_its_values(client, scorecard_world):
    client.force_login(scorecard_world["people"]["coordinator"])
    body = client.get(url("measure_edit", code="CALLS")).content.decode()
    assert 'value="40"' in body and 'value="2000/01"' in body and 'value="2010/11"' in body


def test_import_page_lists_every_problem_and_writes_nothing(client, scorecard_world):
    client.force_login(scorecard_world["people"]["coordinator"])
    upload = SimpleUploadedFile(
        "figures.csv", b"measure code,period,value\nCALLS,2003/04,5\nNOPE,2003/04,x\n"
    )
    response = client.post(url("actuals_import"), {"file": upload})
    assert response.status_code == 400
    body = response.content.decode()
    assert "The file has 2 problems: nothing was saved." in body
    assert "No measure" not in body  # the exact wording comes from the service
    assert "This scorecard has no measure with the code NOPE" in body
    assert not Actual.objects.exists()
    upload = SimpleUploadedFile(
        "figures.csv", b"\xef\xbb\xbfmeasure code,period,value\nCALLS,2003/04,5\n\n"
    )
    response = client.post(url("actuals_import"), {"file": upload})
    assert response.status_code == 302
    assert Actual.objects.get().value == Decimal(5)


def test_export_round_trips_through_import(client, scorecard_world):
    ActualFactory(measure=scorecard_world["calls"], year=2003, value=Decimal("1234.5"), note="=sum")
    ActualFactory(measure=scorecard_world["fear"], year=2004, value=33)
    client.force_login(scorecard_world["people"]["viewer"])
    csv_body = client.get(url("actuals_export", fmt="csv")).content.decode("utf-8-sig")
    assert csv_body.splitlines() == [
        "measure code,period,value,note",
        "CALLS,2003/04,1234.50,'=sum",
        "FEAR-OF-CRIME,2004/05,33.00,",
    ]
    xlsx = client.get(url("actuals_export", fmt="xlsx")).content
    sheet = load_workbook(io.BytesIO(xlsx)).active
    assert [c.value for c in sheet[1]] == ["measure code", "period", "value", "note"]
    client.force_login(scorecard_world["people"]["coordinator"])
    Actual.objects.all().delete()
    response = client.post(url("actuals_import"), {"file": SimpleUploadedFile("back.xlsx", xlsx)})
    assert response.status_code == 302
    assert Actual.objects.count() == 2


def test_the_national_comparison_lines_partnerships_up_on_a_code(client, scorecard_world):
    ActualFactory(measure=scorecard_world["fear"], year=2024, value=33)
    other = PartnershipFactory(name="Other Glen")
    MeasureFactory(partnership=other, code="OWN-FEAR", name="Own fear")  # not adopted: not shown
    reader = UserFactory()
    reader.groups.add(Group.objects.get_or_create(name=NATIONAL_GROUP)[0])
    client.force_login(reader)
    response = client.get(reverse("scorecard:national") + "?code=FEAR-OF-CRIME")
    body = response.content.decode()
    assert response.status_code == 200
    assert "1 partnership has adopted it" in body
    assert "Glen Partnership" in body and "Other Glen" not in body
    assert "33% in 2024/25" in body and "41% in 2000/01" in body and "30% by 2010/11" in body
    assert client.get(reverse("scorecard:national") + "?code=BOGUS").status_code == 400


def test_a_nul_in_a_measure_code_in_the_address_is_a_404(client, scorecard_world):
    client.force_login(scorecard_world["people"]["coordinator"])
    for suffix in ("", "edit/", "figures/new/"):
        response = client.get(f"/p/glen/scorecard/measures/FEAR%00/{suffix}")
        assert response.status_code == 404
