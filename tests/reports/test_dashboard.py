import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from assessments.models import Action, Assessment
from assessments.results import store_result
from scorecard.selectors import summary_sentence
from tests.factories import (
    ActualFactory,
    AssessmentFactory,
    CycleFactory,
    ExampleFactory,
    MeasureFactory,
)
from threads.models import Indicator, StageRequirement

pytestmark = pytest.mark.django_db


def scores_on(html: str) -> dict[str, int]:
    return {code: int(v) for code, v in re.findall(r'data-score="([^"]+)">(\d+)<', html)}


def dashboard(client, user, slug="east-ayrshire"):
    client.force_login(user)
    return client.get(reverse("reports:dashboard", args=[slug]))


def test_viewer_sees_the_stored_stage_and_scores_of_the_latest_approved(
    client, east, people, make_approved
):
    make_approved(east, "2001/02", level=0)
    latest = make_approved(east, "2002/03", level=3)
    response = dashboard(client, people["viewer"])
    html = response.content.decode()
    assert response.status_code == 200
    assert f'data-stage="{latest.stage_code}"' in html
    shown = scores_on(html)
    for group in ("key_issues", "recommendations"):
        for code, value in latest.result[group].items():
            assert shown[code] == value["score"]


def test_dashboard_shows_what_was_stored_not_a_fresh_score(client, east, people, make_approved):
    latest = make_approved(east, "2002/03", level=2)
    latest.result["key_issues"]["KLI-1"]["score"] = 77
    latest.result["stage"] = {"code": "S4", "order": 4, "name": "Stored stage"}
    latest.result["next_stage"] = None
    store_result(latest, latest.result)  # stored as approval stores it, unlike a fresh score
    html = dashboard(client, people["viewer"]).content.decode()
    assert scores_on(html)["KLI-1"] == 77
    assert 'data-stage="S4"' in html and "Stored stage" in html


def test_path_marks_the_stage_and_explains_the_next(client, east, people, make_approved):
    make_approved(east, "2002/03", level=lambda i: 2 if i.code.startswith("LR-1") else 0)
    html = dashboard(client, people["viewer"]).content.decode()
    marked = r'<li class="[^"]*app-path__stage--current[^"]*"[^>]*>\s*<strong>(S\d)'
    current = re.search(marked, html)
    stored = Assessment.objects.get().stage_code
    assert current.group(1) == stored
    assert 'aria-current="step"' in html
    assert "Still needed for" in html
    assert "Indicators to raise to reach" in html


def test_trend_table_has_one_row_per_approved_cycle(client, east, people, make_approved):
    first = make_approved(east, "2001/02", level=1)
    second = make_approved(east, "2002/03", level=3)
    AssessmentFactory(partnership=east, cycle=CycleFactory(name="2003/04"))  # open draft
    html = dashboard(client, people["viewer"]).content.decode()
    table = html.split('id="trend-table"')[1].split("</table>")[0]
    assert "2001/02" in table and "2002/03" in table and "2003/04" not in table
    assert f"{first.stage_code} {first.result['stage']['name']}" in table
    assert f"{second.stage_code} {second.result['stage']['name']}" in table


def test_agreement_flags_spreads_of_two_in_words(client, east, people, agencies, make_approved):
    police, council = agencies
    make_approved(
        east,
        "2002/03",
        level=2,
        agencies=[
            (police, lambda i: 3 if i.code == "LR-4.1" else 2),
            (council, lambda i: 1 if i.code == "LR-4.1" else 2),
        ],
    )
    html = dashboard(client, people["viewer"]).content.decode()
    table = html.split('id="agreement-table"')[1].split("</table>")[0]
    rows = {
        re.search(r'app-agreement__code">(LR-[\d.]+)<', r).group(1): r
        for r in table.split("<tr")[2:]
    }
    assert "Differ by 2+" in rows["LR-4.1"]
    assert "Differ by 2+" not in rows["LR-4.2"]
    assert "Police Scotland" in table and "Council" in table
    # Each indicator's statement is text in its row header, not a tooltip only a mouse can reach.
    statement = Indicator.objects.get(code="LR-4.1", version__is_current=True).statement
    assert escape(statement) in rows["LR-4.1"] and "title=" not in rows["LR-4.1"]


def test_action_progress_counts(client, east, people, make_approved):
    make_approved(east, "2002/03", level=2)
    Action.objects.create(partnership=east, title="a", status="done")
    Action.objects.create(partnership=east, title="b", status="in_progress")
    Action.objects.create(partnership=east, title="c", status="planned", due_on="2001-01-01")
    html = dashboard(client, people["viewer"]).content.decode()
    block = html.split('id="action-progress"')[1].split("</dl>")[0]
    values = re.findall(r'summary-list__value">(?:<strong class="app-overdue">)?(\d+)', block)
    assert values == ["1", "1", "1", "1", "0"]  # done, in progress, planned, overdue, dropped
    assert "33% of the plan" in html


def test_only_coordinator_sees_the_labelled_draft_preview(client, east, people, make_approved):
    make_approved(east, "2001/02", level=1)
    AssessmentFactory(partnership=east, cycle=CycleFactory(name="2002/03"))
    coordinator_html = dashboard(client, people["coordinator"]).content.decode()
    assert "Draft preview: 2002/03 (not approved)" in coordinator_html
    for role in ("viewer", "respondent", "approver"):
        assert "Draft preview" not in dashboard(client, people[role]).content.decode()


def test_no_approved_assessment_says_so(client, east, people):
    html = dashboard(client, people["viewer"]).content.decode()
    assert "has no approved assessment yet" in html


def test_other_partnership_members_get_404(client, east, fife, people, make_approved):
    make_approved(fife, "2002/03")
    assert dashboard(client, people["viewer"], slug="fife").status_code == 404


def test_charts_have_their_data_table_and_text_alternative(client, east, people, make_approved):
    make_approved(east, "2002/03", level=2)
    html = dashboard(client, people["viewer"]).content.decode()
    for chart in ("key-issue-chart", "recommendation-chart", "stage-trend-chart"):
        assert f'data-chart="{chart}"' in html
        assert f'<script id="{chart}" type="application/json">' in html
    assert re.search(r'<canvas data-chart="key-issue-chart" aria-label="[^"]+table', html)
    assert 'id="key-issues-table"' in html


def _count_queries(client, user, slug) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("reports:dashboard", args=[slug])).status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_cycles(client, east, people, agencies, make_approved):
    client.force_login(people["coordinator"])
    rated = [(a, lambda i: 2) for a in agencies]
    make_approved(east, "2001/02", agencies=rated)
    AssessmentFactory(partnership=east, cycle=CycleFactory(name="2009/10"))
    few = _count_queries(client, people["coordinator"], east.slug)
    for year in range(2002, 2007):
        make_approved(east, f"{year}/{(year + 1) % 100:02d}", agencies=rated)
    Action.objects.bulk_create(Action(partnership=east, title=f"a{n}") for n in range(20))
    assert _count_queries(client, people["coordinator"], east.slug) == few


def test_draft_preview_draws_the_path_of_its_own_version(
    client, east, people, make_approved, draft_catalogue
):
    make_approved(east, "2001/02", level=1)
    stage = draft_catalogue.stages.get(code="S4")
    stage.name = "Renamed top stage in the new version"
    stage.save()
    AssessmentFactory(partnership=east, cycle=CycleFactory(name="2002/03"), version=draft_catalogue)
    html = dashboard(client, people["coordinator"]).content.decode()
    approved_part, preview_part = html.split('id="preview-heading"')
    assert "Renamed top stage in the new version" in preview_part
    assert "Renamed top stage in the new version" not in approved_part


def test_each_score_chart_draws_the_numbers_of_its_table(client, east, people, make_approved):
    import json

    make_approved(east, "2002/03", level=lambda i: int(i.code[3]) % 5)  # varied scores
    html = dashboard(client, people["viewer"]).content.decode()
    shown = scores_on(html)
    assert len(set(shown.values())) > 1
    for chart in ("key-issue-chart", "recommendation-chart"):
        script = re.search(rf'id="{chart}"[^>]*>(.*?)</script>', html).group(1)
        config = json.loads(script)
        drawn = dict(
            zip(config["data"]["labels"], config["data"]["datasets"][0]["data"], strict=True)
        )
        assert drawn and all(shown[code] == score for code, score in drawn.items()), chart


def test_each_gap_links_to_the_published_practice_for_its_indicator(
    client, east, people, make_approved
):
    approved = make_approved(east, "2002/03", level=0)
    gap = approved.result["next_stage"]["gaps"][0]["indicator"]
    indicator = approved.version.indicators.get(code=gap)
    for state in ("published", "published", "draft"):  # drafts are not offered
        ExampleFactory(state=state).indicators.add(indicator)
    html = dashboard(client, people["viewer"]).content.decode()
    link = f"/practice/?indicator={gap}"
    assert f'href="{link}">2 examples' in html
    assert html.count("/practice/?indicator=") == 1  # no link where nothing is published


def test_why_quotes_the_report_for_a_missing_critical_condition(
    client, east, people, make_approved
):
    """Everything at the top but the joint audit: not S3, and the dashboard says why in the
    report's words (the requirement's reason)."""
    approved = make_approved(east, "2002/03", level=lambda i: 0 if i.code == "LR-4.1" else 4)
    assert approved.result["stage"]["order"] < 3
    reason = StageRequirement.objects.get(
        stage__version=approved.version, stage__code="S3", target="LR-4.1"
    ).reason
    html = dashboard(client, people["viewer"]).content.decode()
    block = re.search(r'data-block="reasons">(.*?)</ul>', html, re.S).group(1)
    assert "Not yet S3" in block and "LR-4.1 is at 0, needs" in block
    what, quote = reason.split(" — ", 1)  # "what is missing — the report's words (paragraph)"
    assert escape(what) in block and escape(quote) in block


def test_the_scorecard_is_quoted_where_impact_is_at_stake(client, east, people, make_approved):
    approved = make_approved(east, "2002/03", level=lambda i: 0 if i.code == "LR-8.1" else 4)
    assert approved.result["next_stage"]["code"] == "S4"
    html = dashboard(client, people["viewer"]).content.decode()
    assert 'data-block="scorecard"' not in html  # no measures: nothing to quote
    measure = MeasureFactory(partnership=east, name="Fear of crime")
    ActualFactory(measure=measure)
    html = dashboard(client, people["viewer"]).content.decode()
    expected = summary_sentence(east)
    assert (
        f'data-block="scorecard">Demonstrated impact, from the scorecard: {escape(expected)}'
        in (html)
    )


def test_the_scorecard_is_not_read_where_impact_is_not_at_stake(
    client, east, people, make_approved
):
    approved = make_approved(east, "2002/03", level=0)
    assert "S4" not in {approved.result["stage"]["code"], approved.result["next_stage"]["code"]}
    ActualFactory(measure=MeasureFactory(partnership=east, name="Fear of crime"))
    client.force_login(people["viewer"])
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("reports:dashboard", args=[east.slug])).content.decode()
    assert 'data-block="scorecard"' not in html
    assert not any("scorecard_measure" in q["sql"] for q in queries.captured_queries)


# viewer: session, user, partnership, approved history, the newest approved page, action plan,
# practice counts. coordinator: also the open draft and its reading (catalogue and agreed levels).
@pytest.mark.parametrize("who, budget", [("viewer", 7), ("coordinator", 14)])
def test_dashboard_reads_in_a_fixed_query_budget(
    client, east, people, agencies, make_approved, who, budget
):
    make_approved(east, "2001/02", agencies=[(a, lambda i: 2) for a in agencies])
    AssessmentFactory(partnership=east, cycle=CycleFactory(name="2002/03"))  # an open draft
    Action.objects.create(partnership=east, title="a", status="done")
    client.force_login(people[who])
    assert _count_queries(client, people[who], east.slug) <= budget


def _action_cells(html: str) -> dict[str, str]:
    """Indicator code -> the "In the action plan" cell of each gap row of the page's tables."""
    cells = {}
    for row in re.findall(r"<tr .*?</tr>", html, re.S):
        code = re.search(r'font-weight-bold">([^<]+)</span>', row)
        if code:
            tds = re.findall(r"<td [^>]*>(.*?)</td>", row, re.S)
            cells[code.group(1)] = tds[3]  # now, needed, recommendations, action plan, practice
    return cells


def test_each_gap_shows_the_status_of_its_newest_live_action(client, east, people, make_approved):
    approved = make_approved(east, "2002/03", level=0)
    first, second, third = (g["indicator"] for g in approved.result["next_stage"]["gaps"][:3])
    indicator = {i.code: i for i in approved.version.indicators.all()}
    Action.objects.create(partnership=east, title="a", status="done", indicator=indicator[first])
    Action.objects.create(
        partnership=east, title="b", status="in_progress", indicator=indicator[first]
    )
    Action.objects.create(
        partnership=east, title="c", status="planned", indicator=indicator[second]
    )
    Action.objects.create(
        partnership=east, title="d", status="dropped", indicator=indicator[second]
    )
    Action.objects.create(partnership=east, title="e", status="dropped", indicator=indicator[third])
    plan = reverse("assessments:action_plan", args=[east.slug])
    cells = _action_cells(dashboard(client, people["viewer"]).content.decode())
    assert cells[first] == (
        f'<a class="govuk-link" href="{plan}">In progress'
        f'<span class="govuk-visually-hidden"> action for {first}</span></a>'
    )
    assert cells[second].startswith(f'<a class="govuk-link" href="{plan}">Planned<')
    assert cells[third] == "Not yet"  # a dropped action is no plan
    cells = _action_cells(dashboard(client, people["coordinator"]).content.decode())
    assert cells[third] == (
        f'<a class="govuk-link" href="{plan}">Not yet'
        f'<span class="govuk-visually-hidden">: plan an action for {third}</span></a>'
    )


def test_the_draft_preview_gaps_show_the_same_plan(client, east, people, make_approved):
    approved = make_approved(east, "2001/02", level=0)
    code = approved.result["next_stage"]["gaps"][0]["indicator"]
    draft = AssessmentFactory(partnership=east, cycle=CycleFactory(name="2002/03"))  # unrated
    indicator = draft.version.indicators.get(code=code)
    Action.objects.create(partnership=east, title="a", status="done", indicator=indicator)
    html = dashboard(client, people["coordinator"]).content.decode()
    approved_part, preview_part = html.split('id="preview-heading"')
    assert ">Done<" in _action_cells(approved_part)[code]
    assert ">Done<" in _action_cells(preview_part)[code]
