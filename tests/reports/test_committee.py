"""The committee paper in the seed report's own form: every section and block, on the page and in
the text of the PDF; papers made per meeting, fixed once made; the public-meeting rule."""

import html
import io
import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from pypdf import PdfReader

from assessments.models import Action
from partnerships.models import PaperDetails
from reports import committee
from reports.models import CommitteePaper
from reports.services import committee_paper_make
from scorecard.selectors import summary_sentence
from tests.factories import ActualFactory, AssessmentFactory, CycleFactory, MeasureFactory

pytestmark = pytest.mark.django_db

DETAILS = {
    "body": "East Ayrshire Community Safety Forum",
    "members_term": "Forum",
    "report_by": "Director of Community Services",
    "signatory_name": "Morag Example",
    "signatory_post": "Director of Community Services",
    "contact_name": "Mr Iain Invented",
    "contact_post": "Principal Officer \u2013 Licensing and Community Safety",
    "telephone": "01563 000000",
    "reference_prefix": "MI/cs2",
}


def policy_levels(indicator):
    """LR-4 (audit and planning) low, the rest in place: gaps to the next stage."""
    return 1 if indicator.code.startswith("LR-4") else 2


@pytest.fixture
def details(east):
    return PaperDetails.objects.create(partnership=east, **DETAILS)


@pytest.fixture
def approved(east, agencies, make_approved):
    police, council = agencies
    # Police and council differ by three levels on the first indicator of each thread.
    return make_approved(
        east,
        "2000/01",
        level=policy_levels,
        agencies=[
            (police, lambda i: 4 if i.code.endswith(".1") else 2),
            (council, lambda i: 1 if i.code.endswith(".1") else 2),
        ],
    )


def make(assessment, user, **choices):
    defaults = {
        "meeting": DETAILS["body"],
        "meeting_date": date(2000, 12, 6),
        "public_meeting": False,
        "name_agencies": False,
    }
    return committee_paper_make(assessment=assessment, made_by=user, **{**defaults, **choices})


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def squash(text: str) -> str:
    """Text with its line breaks and runs of spaces made single spaces (PDF lines wrap)."""
    return re.sub(r"\s+", " ", text)


def unspaced(text: str) -> str:
    """Text without any white space: the PDF's text wraps lines and kerns ("T o advise")."""
    return re.sub(r"\s+", "", text)


def html_text(response) -> str:
    body = response.content.decode()
    body = body[body.index('<article class="app-report">') :]
    body = body[: body.index("</article>")]
    return squash(html.unescape(re.sub(r"<[^>]+>", " ", body)))


# Every section and block of the seed paper, as the paper words it.
def expected_blocks(assessment, *, meeting_date="6 DECEMBER 2000", reference=None, dated=None):
    result = assessment.result
    return [
        f"EAST AYRSHIRE COMMUNITY SAFETY FORUM \u2013 {meeting_date}",
        "\u201cTHREADS OF SUCCESS\u201d SELF-ASSESSMENT 2000/01: WHERE THE PARTNERSHIP STANDS",
        "Report by the Director of Community Services",
        "1. PURPOSE OF REPORT",
        "1.1 To advise the Forum of the findings",
        "2. BACKGROUND",
        "published by the Scottish Executive and COSLA in November 2000",
        "3. DISCUSSION",
        f"3.1 Stage \u2013 The partnership is at \u201c{result['stage']['name']}\u201d "
        f"({result['stage']['code']}), stage {result['stage']['order']} of 4",
        f"3.2 Why \u2013 It is not yet at \u201c{result['next_stage']['name']}\u201d",
        "3.3 Key local issues",
        "Build a platform for partnership (KLI-1) 50 on average \u201cin place\u201d",
        "(KLI-2) 25 on average \u201cagreed or planned\u201d",
        "3.4 Local recommendations",
        "3.5 Partner agreement \u2013 Partners\u2019 own levels differed by two or more on 8 of",
        "4. FINANCIAL/LEGAL/POLICY IMPLICATIONS",
        "4.1 Nil.",
        "5. CONCLUSIONS",
        "6. RECOMMENDATIONS",
        "6.1 It is recommended that the Forum members:",
        "(i) note the content of this report",
        "(ii) agree to work so that",
        "Morag Example",
        reference or "MI/cs2/Forum12.2000/Threads2000-01",
        dated or "",
        "BACKGROUND PAPERS",
        "\u201cThreads of Success\u201d A Study of Community Safety Partnerships in Scotland",
        "Any person wishing to inspect the background papers detailed above should telephone "
        "01563 000000 and ask for Mr Iain Invented, Principal Officer \u2013 Licensing and "
        "Community Safety.",
    ]


def test_a_made_paper_has_every_section_and_block_on_its_page_and_in_its_pdf(
    client, east, people, details, approved
):
    paper = make(approved, people["coordinator"])
    client.force_login(people["viewer"])
    page = client.get(paper.get_absolute_url())
    assert page.status_code == 200
    dated = f"{paper.dated:%-d %B %Y}"
    text = html_text(page)
    pdf = client.get(reverse("reports:paper_pdf", args=[east.slug, approved.pk, paper.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    in_pdf = unspaced(pdf_text(pdf.content))
    for block in expected_blocks(approved, dated=dated):
        assert block in text, block
        assert unspaced(block) in in_pdf, block
    # The order of the seed: heading, report by, 1..6, signature, background papers.
    order = [
        text.index(b)
        for b in ("EAST AYRSHIRE", "Report by", "1. PURPOSE", "2. BACKGROUND", "3. DISCUSSION")
        + ("4. FINANCIAL", "5. CONCLUSIONS", "6. RECOMMENDATIONS", "Morag Example")
        + ("BACKGROUND PAPERS", "Any person wishing")
    ]
    assert order == sorted(order)


def test_scores_in_words_as_well_as_numbers_plain_words_first(client, people, details, approved):
    client.force_login(people["viewer"])
    text = html_text(client.get(make(approved, people["coordinator"]).get_absolute_url()))
    kli2 = approved.result["key_issues"]["KLI-2"]["score"]
    # KLI-2 is LR-4 alone, every indicator at level 1: its score is 25, "agreed or planned".
    assert kli2 == 25
    assert re.search(
        r"Plan preventative community safety[^()]*\(KLI-2\) 25 on average "
        r"\u201cagreed or planned\u201d",
        text,
    )
    assert "(KLI-1) 50 on average \u201cin place\u201d" in text


def test_each_gap_is_an_item_members_can_agree(client, people, details, approved):
    gaps = approved.result["next_stage"]["gaps"]
    assert gaps
    Action.objects.create(
        partnership=approved.partnership,
        assessment=approved,
        title="Carry out the joint audit",
        indicator=approved.version.indicators.get(code=gaps[0]["indicator"]),
        due_on=date(2001, 3, 31),
    )
    client.force_login(people["viewer"])
    text = html_text(client.get(make(approved, people["coordinator"]).get_absolute_url()))
    items = re.findall(r"\(([ivx]+)\) (note|agree)", text)
    assert [n for n, _ in items] == [committee.roman(k) for k in range(1, len(gaps) + 2)]
    assert [verb for _, verb in items] == ["note"] + ["agree"] * len(gaps)
    for gap in gaps:
        assert f"({gap['indicator']}): now level {gap['current']}" in text
    assert "through the action \u201cCarry out the joint audit\u201d, by 31 March 2001" in text
    assert text.count(".") and re.search(r"\(ii\) agree [^;]*;", text)


def test_the_stage_and_why_in_plain_words(client, people, details, approved):
    client.force_login(people["viewer"])
    text = html_text(client.get(make(approved, people["coordinator"]).get_absolute_url()))
    unmet = [r for r in approved.result["next_stage"]["requirements"] if not r["met"]]
    assert unmet
    first = unmet[0]["target"]
    label = approved.snapshot.data["labels"][first]
    assert f"{label} ({first})" in text or f"\u201c{label.rstrip('.')}\u201d ({first})" in text


def test_a_requirement_reason_from_the_catalogue_is_quoted():
    req = {"target": "LR-4.1", "minimum": 3, "actual": 1, "met": False, "reason": "the report"}
    scale = [{"level": n, "label": f"L{n}"} for n in range(5)]
    words = committee.requirement_words(req, {"LR-4.1": "Joint audit in use"}, scale)
    assert words == (
        "\u201cJoint audit in use\u201d (LR-4.1) is at level 1, \u201cl1\u201d; it needs level 3, "
        "\u201cl3\u201d or above \u2014 the report"
    )


@pytest.mark.parametrize(
    ("score", "words"),
    [
        (0, "on average \u201cnot in place\u201d"),
        (50, "on average \u201cin place\u201d"),
        (61, "on average between \u201cin place\u201d and \u201cworking\u201d"),
        (100, "on average \u201cembedded and reviewed\u201d"),
    ],
)
def test_score_words(score, words):
    labels = ["Not in place", "Agreed or planned", "In place", "Working", "Embedded and reviewed"]
    scale = [{"level": n, "label": label} for n, label in enumerate(labels)]
    assert committee.score_words(score, scale) == words


def test_roman_numerals():
    assert [committee.roman(n) for n in (1, 4, 9, 14, 19, 24, 39)] == [
        "i",
        "iv",
        "ix",
        "xiv",
        "xix",
        "xxiv",
        "xxxix",
    ]


def test_a_public_paper_names_no_single_agencys_ratings_unless_ticked(
    client, east, people, details, approved
):
    public = make(approved, people["coordinator"], public_meeting=True, name_agencies=False)
    named = make(approved, people["coordinator"], public_meeting=True, name_agencies=True)
    closed = make(approved, people["coordinator"], public_meeting=False)
    assert closed.name_agencies  # a closed meeting's paper always names them
    client.force_login(people["viewer"])
    for paper, names in ((public, False), (named, True), (closed, True)):
        text = html_text(client.get(paper.get_absolute_url()))
        pdf = client.get(reverse("reports:paper_pdf", args=[east.slug, approved.pk, paper.pk]))
        in_pdf = unspaced(pdf_text(pdf.content))
        for body, norm in ((text, str), (in_pdf, unspaced)):
            assert (norm("Police Scotland 4") in body) is names
            assert (norm("Council 1") in body) is names
            assert (norm("Police Scotland") in body) is names
            assert (norm("does not name single agencies\u2019 own ratings") in body) is not names
        if not names:
            assert re.search(r"\(LR-1\.1\) 1, 4 ", text)


def test_a_made_paper_is_fixed(client, east, people, details, approved):
    paper = make(approved, people["coordinator"])
    client.force_login(people["viewer"])
    before = html_text(client.get(paper.get_absolute_url()))
    PaperDetails.objects.filter(partnership=east).update(signatory_name="Someone Else")
    Action.objects.create(partnership=east, assessment=approved, title="A later action")
    after = html_text(client.get(paper.get_absolute_url()))
    assert before == after
    assert "Morag Example" in after and "A later action" not in after
    # The report page shows the paper as it would be made now.
    now = client.get(reverse("reports:assessment_report", args=[east.slug, approved.pk]))
    assert "Someone Else" in html_text(now) and "A later action" in html_text(now)


def test_a_papers_pdf_is_made_once_and_the_query_string_makes_no_work(
    client, east, people, details, approved, monkeypatch
):
    from reports import views

    paper = make(approved, people["coordinator"])
    made = []
    real = views.html_to_pdf
    monkeypatch.setattr(views, "html_to_pdf", lambda html: made.append(1) or real(html))
    url = reverse("reports:paper_pdf", args=[east.slug, approved.pk, paper.pk])
    client.force_login(people["viewer"])
    first = client.get(url).content
    for query in ("", "?x=1", "?refresh=1&t=2"):
        assert client.get(url + query).content == first
    client.force_login(people["coordinator"])
    assert client.get(url + "?again").content == first
    assert len(made) == 1
    # Nothing that happens later makes it again: the paper stores what it shows.
    Action.objects.create(partnership=east, assessment=approved, title="Later")
    PaperDetails.objects.filter(partnership=east).update(telephone="01563 111111")
    assert client.get(url).content == first
    assert len(made) == 1


def test_the_pdf_is_tagged(client, east, people, details, approved):
    paper = make(approved, people["coordinator"])
    client.force_login(people["viewer"])
    pdf = client.get(reverse("reports:paper_pdf", args=[east.slug, approved.pk, paper.pk]))
    root = PdfReader(io.BytesIO(pdf.content)).trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "en-GB"


def test_making_a_paper_from_the_report_page(client, east, people, details, approved):
    client.force_login(people["coordinator"])
    report = client.get(reverse("reports:assessment_report", args=[east.slug, approved.pk]))
    html = report.content.decode()
    assert "Make a committee paper" in html
    make_url = reverse("reports:paper_make", args=[east.slug, approved.pk])
    assert f'action="{make_url}"' in html
    response = client.post(
        make_url,
        {
            "meeting": "East Ayrshire Community Safety Forum",
            "meeting_date": "6/12/2000",
            "public_meeting": "on",
            "dated": "23/11/2000",
            "implications": "Financial: the audit costs \u00a32,000, met from existing budgets.",
        },
    )
    paper = CommitteePaper.objects.get()
    assert response.status_code == 302 and response["Location"] == paper.get_absolute_url()
    assert paper.meeting_date == date(2000, 12, 6)
    assert paper.dated == date(2000, 11, 23)
    assert paper.public_meeting and not paper.name_agencies
    assert paper.made_by == people["coordinator"]
    assert paper.details == DETAILS
    text = html_text(client.get(paper.get_absolute_url()))
    assert "4.1 Financial: the audit costs \u00a32,000, met from existing budgets." in text
    assert "Forum12.2000/Threads2000-01 23 November 2000 BACKGROUND PAPERS" in text
    listed = client.get(reverse("reports:assessment_report", args=[east.slug, approved.pk]))
    assert paper.get_absolute_url() in listed.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"meeting": "Forum", "meeting_date": ""}, "Enter the date of the meeting."),
        ({"meeting": "Forum", "meeting_date": "next Tuesday"}, "Enter the date of the meeting as"),
        ({"meeting": "", "meeting_date": "6/12/2000"}, "This field is required."),
        (
            {"meeting": "Forum", "meeting_date": "6/12/2000", "dated": "soon"},
            "Enter the date of the paper as a date",
        ),
    ],
)
def test_a_bad_paper_form_is_refused_and_kept(client, east, people, approved, data, message):
    client.force_login(people["coordinator"])
    response = client.post(
        reverse("reports:paper_make", args=[east.slug, approved.pk]),
        {**data, "implications": "Nil."},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html and message in html
    assert f'value="{data["meeting"]}"' in html or not data["meeting"]
    assert not CommitteePaper.objects.exists()


def test_who_may_make_a_paper(client, east, people, approved):
    draft = AssessmentFactory(partnership=east, cycle=CycleFactory(name="2005/06"))
    cases = [
        (approved, "coordinator", 200),
        (approved, "approver", 403),
        (approved, "viewer", 403),
        (approved, "respondent", 403),
        (draft, "coordinator", 200),
        (draft, "approver", 200),
        (draft, "viewer", 404),
        (draft, "respondent", 404),
    ]
    for assessment, role, status in cases:
        client.force_login(people[role])
        url = reverse("reports:paper_make", args=[east.slug, assessment.pk])
        assert client.get(url).status_code == status, (assessment.state, role)
        post = client.post(
            url, {"meeting": "F", "meeting_date": "6/12/2000", "implications": "Nil."}
        )
        assert post.status_code == (302 if status == 200 else status), (assessment.state, role)
        report = client.get(reverse("reports:assessment_report", args=[east.slug, assessment.pk]))
        if report.status_code == 200:
            assert ("Make a committee paper" in report.content.decode()) is (status == 200)


def test_a_paper_of_another_assessment_or_partnership_is_404(
    client, east, fife, people, details, approved, make_approved
):
    paper = make(approved, people["coordinator"])
    theirs = make_approved(fife, "2001/02")
    client.force_login(people["viewer"])
    for args in [
        (east.slug, theirs.pk, paper.pk),
        ("fife", approved.pk, paper.pk),
        ("fife", theirs.pk, paper.pk),
    ]:
        assert client.get(reverse("reports:paper", args=args)).status_code == 404
        assert client.get(reverse("reports:paper_pdf", args=args)).status_code == 404


def test_a_drafts_paper_is_labelled_and_fixed(client, east, people, details):
    draft = AssessmentFactory(partnership=east, cycle=CycleFactory(name="2005/06"))
    paper = make(draft, people["approver"])
    client.force_login(people["coordinator"])
    text = html_text(client.get(paper.get_absolute_url()))
    assert "Draft: this assessment is draft and not approved" in text
    assert "4. FINANCIAL/LEGAL/POLICY IMPLICATIONS" in text


def test_the_report_page_before_details_are_given(client, east, people, approved):
    client.force_login(people["viewer"])
    text = html_text(
        client.get(reverse("reports:assessment_report", args=[east.slug, approved.pk]))
    )
    assert "EAST AYRSHIRE COMMUNITY SAFETY FORUM \u2013 DATE OF MEETING TO BE SET" in text
    assert "Reference given when the paper is made" in text
    assert "ask for Community Safety Coordinator." in text


def test_the_scorecard_slot_shows_a_sentence_when_given(client, people, details, approved):
    paper = make(approved, people["coordinator"])
    client.force_login(people["viewer"])
    assert "3.6 Scorecard" not in html_text(client.get(paper.get_absolute_url()))
    CommitteePaper.objects.filter(pk=paper.pk).update(
        content={**paper.content, "scorecard": "Of its 6 measures, 4 are on target."}
    )
    text = html_text(client.get(paper.get_absolute_url()))
    assert "3.6 Scorecard \u2013 Of its 6 measures, 4 are on target." in text


def test_a_paper_quotes_the_partnerships_scorecard(client, east, people, details, approved):
    """Findings quote the scorecard's own figures: status counts and a measure's movement."""
    measure = MeasureFactory(
        partnership=east, name="Fear of crime", unit="percent", direction="down"
    )  # baseline 40 in 2000/01, target 20 by 2010/11
    ActualFactory(measure=measure, year=2004, value=33)
    paper = make(approved, people["coordinator"])
    client.force_login(people["viewer"])
    text = html_text(client.get(paper.get_absolute_url()))
    sentence = re.search(r"3\.6 Scorecard \u2013 ([^\n]+)", text)
    assert sentence, "the paper has a scorecard paragraph"
    expected = summary_sentence(east)
    assert "of 1 measure" in expected
    assert sentence.group(1).startswith(expected)


def test_paper_pages_make_a_fixed_number_of_queries(
    client, east, people, details, approved, django_assert_max_num_queries
):
    paper = make(approved, people["coordinator"])
    client.force_login(people["viewer"])
    with django_assert_max_num_queries(8):
        client.get(paper.get_absolute_url())


def test_the_report_page_makes_a_fixed_number_of_queries(
    client, east, people, details, approved, django_assert_num_queries
):
    """Session, person, assessment, paper details, the snapshot with the cycle before (one),
    the scale, actions, scorecard measures and the papers made."""
    make(approved, people["coordinator"])
    client.force_login(people["viewer"])
    with django_assert_num_queries(9):
        response = client.get(reverse("reports:assessment_report", args=[east.slug, approved.pk]))
    assert response.status_code == 200


def test_the_admin_lists_papers_and_cannot_change_them(client, people, details, approved):
    from tests.factories import UserFactory

    paper = make(approved, people["coordinator"])
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    listing = client.get(reverse("admin:reports_committeepaper_changelist"))
    assert listing.status_code == 200 and DETAILS["body"] in listing.content.decode()
    view = client.get(reverse("admin:reports_committeepaper_change", args=[paper.pk]))
    assert view.status_code == 200 and 'type="submit" value="Save"' not in view.content.decode()
    assert client.get(reverse("admin:reports_committeepaper_add")).status_code == 403


def test_a_paper_made_from_a_draft_stays_with_draft_readers_after_approval(
    client, east, people, details, agencies
):
    from tests.reports.conftest import approve, rate

    draft = AssessmentFactory(partnership=east, cycle=CycleFactory(name="2005/06"))
    rate(draft, lambda i: 2, agencies=[(agencies[0], lambda i: 4)], by=people["coordinator"])
    paper = make(draft, people["coordinator"])
    approve(draft)
    later = make(draft, people["coordinator"])
    for user, status in (("viewer", 404), ("coordinator", 200), ("approver", 200)):
        client.force_login(people[user])
        assert client.get(paper.get_absolute_url()).status_code == status, user
        assert client.get(later.get_absolute_url()).status_code == 200, user
    client.force_login(people["viewer"])
    report = client.get(reverse("reports:assessment_report", args=[east.slug, draft.pk]))
    assert later.get_absolute_url() in report.content.decode()
    assert paper.get_absolute_url() not in report.content.decode()


def test_the_papers_actions_as_plain_rows(east, agencies, approved):
    """Only this assessment's actions that are not dropped, with the owner, the indicator, the
    status in words and whether it is overdue (the order of one without a due date is the
    database's)."""
    indicator = approved.version.indicators.order_by("code").first()
    past, future = date(2001, 1, 31), date.today() + timedelta(days=30)
    Action.objects.create(
        partnership=east,
        assessment=approved,
        title="Late",
        indicator=indicator,
        owner=agencies[0],
        due_on=past,
        status=Action.Status.IN_PROGRESS,
    )
    Action.objects.create(
        partnership=east, assessment=approved, title="Done late", due_on=past, status="done"
    )
    Action.objects.create(partnership=east, assessment=approved, title="Soon", due_on=future)
    Action.objects.create(partnership=east, assessment=approved, title="Some day")
    Action.objects.create(partnership=east, assessment=approved, title="No", status="dropped")
    rows = committee.action_rows(approved)
    assert [row["title"] for row in rows if row["due_on"]] == ["Late", "Done late", "Soon"]
    assert sorted(rows, key=lambda row: row["title"]) == sorted(
        [
            {
                "title": "Late",
                "indicator": indicator.code,
                "owner": "Police Scotland",
                "due_on": "2001-01-31",
                "status": "In progress",
                "overdue": True,
            },
            {
                "title": "Done late",
                "indicator": None,
                "owner": None,
                "due_on": "2001-01-31",
                "status": "Done",
                "overdue": False,
            },
            {
                "title": "Soon",
                "indicator": None,
                "owner": None,
                "due_on": future.isoformat(),
                "status": "Planned",
                "overdue": False,
            },
            {
                "title": "Some day",
                "indicator": None,
                "owner": None,
                "due_on": None,
                "status": "Planned",
                "overdue": False,
            },
        ],
        key=lambda row: row["title"],
    )
