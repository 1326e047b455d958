"""Every URL of the site with every kind of person: the status, and no other partnership's data.

Adding a URL without an entry in ``MATRIX`` fails ``test_every_url_has_an_entry``.
"""

from dataclasses import dataclass
from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from assessments.models import Action
from partnerships.models import NATIONAL_GROUP
from practice.models import PRACTICE_EDITOR_GROUP
from reports.services import committee_paper_make
from tests.factories import (
    ActualFactory,
    AssessmentFactory,
    AttachmentFactory,
    EvidenceFactory,
    ExampleFactory,
    MeasureFactory,
    MembershipFactory,
    PartnershipFactory,
    UserFactory,
)

ROLES = ["coordinator", "respondent", "approver", "viewer"]
PEOPLE = [
    "anonymous",
    *ROLES,
    *(f"other_{r}" for r in ROLES),
    "national",
    "admin",
    "practice_editor",
]


def expect(default: int, **overrides: int) -> dict[str, int]:
    """Statuses per person. The practice editor, a national role without any membership, gets
    what a member of another partnership gets unless an entry says otherwise."""
    statuses = {person: overrides.get(person, default) for person in PEOPLE}
    if "practice_editor" not in overrides:
        statuses["practice_editor"] = statuses["other_viewer"]
    return statuses


PUBLIC = expect(200)
SIGNED_IN = expect(200, anonymous=302)
MEMBER_PAGE = expect(200, anonymous=302, **{f"other_{r}": 404 for r in ROLES})
MANAGE_PAGE = expect(
    403,
    anonymous=302,
    coordinator=200,
    admin=200,
    **{f"other_{r}": 404 for r in ROLES},
)
TOKEN_ONLY = expect(401)
NATIONAL_PAGE = expect(403, anonymous=302, national=200, admin=200)


DRAFT_PAGE = expect(
    200, anonymous=302, viewer=404, national=404, **{f"other_{r}": 404 for r in ROLES}
)
COORDINATOR_DRAFT = {**DRAFT_PAGE, "respondent": 403, "approver": 403}
APPROVER_DRAFT = {**DRAFT_PAGE, "respondent": 403, "coordinator": 403}
SUBMITTED_EXAMPLE = expect(404, anonymous=302, coordinator=200, admin=200, practice_editor=200)
POST_ONLY = expect(405, anonymous=302)


@dataclass(frozen=True)
class Entry:
    kwargs: object  # callable(world) -> dict of URL kwargs
    statuses: dict[str, int]


def _home(world) -> dict:
    return {"slug": world.home.slug}


MATRIX: dict[str, Entry] = {
    "healthz": Entry(lambda w: {}, PUBLIC),
    "login": Entry(lambda w: {}, PUBLIC),
    "logout": Entry(lambda w: {}, expect(405)),
    "password_change": Entry(lambda w: {}, SIGNED_IN),
    "password_change_done": Entry(lambda w: {}, SIGNED_IN),
    "password_reset": Entry(lambda w: {}, PUBLIC),
    "password_reset_done": Entry(lambda w: {}, PUBLIC),
    "password_reset_confirm": Entry(lambda w: {"uidb64": "MQ", "token": "bad-token"}, PUBLIC),
    "password_reset_complete": Entry(lambda w: {}, PUBLIC),
    "partnerships:invitation_accept": Entry(
        lambda w: {"uidb64": "MQ", "token": "bad-token"}, expect(400)
    ),
    "reports:home": Entry(lambda w: {}, SIGNED_IN),
    "pages:accessibility": Entry(lambda w: {}, PUBLIC),
    "pages:privacy": Entry(lambda w: {}, PUBLIC),
    "pages:cookies": Entry(lambda w: {}, PUBLIC),
    "people:my_data": Entry(lambda w: {}, SIGNED_IN),
    "people:anonymise": Entry(
        lambda w: {"pk": w.home_viewer.user_id}, expect(403, anonymous=302, admin=200)
    ),
    "threads:catalogue": Entry(lambda w: {}, SIGNED_IN),
    "threads:thread": Entry(lambda w: {"code": "LR-4"}, SIGNED_IN),
    "partnerships:partnership": Entry(_home, MEMBER_PAGE),
    "partnerships:members": Entry(_home, MANAGE_PAGE),
    "partnerships:member_edit": Entry(lambda w: {**_home(w), "pk": w.home_viewer.pk}, MANAGE_PAGE),
    "partnerships:member_remove": Entry(
        lambda w: {**_home(w), "pk": w.home_viewer.pk}, MANAGE_PAGE
    ),
    "partnerships:member_resend": Entry(
        lambda w: {**_home(w), "pk": w.home_viewer.pk}, expect(405, anonymous=302)
    ),
    "assessments:assessment_list": Entry(_home, MEMBER_PAGE),
    "assessments:assessment": Entry(lambda w: {**_home(w), "pk": w.draft.pk}, DRAFT_PAGE),
    "assessments:assessment_section": Entry(
        lambda w: {**_home(w), "pk": w.draft.pk, "code": "LR-4"}, DRAFT_PAGE
    ),
    "assessments:indicator_history": Entry(
        lambda w: {**_home(w), "pk": w.draft.pk, "code": "LR-4.2"},
        {**DRAFT_PAGE, "respondent": 403},
    ),
    "assessments:assessment_submit": Entry(
        lambda w: {**_home(w), "pk": w.draft.pk}, COORDINATOR_DRAFT
    ),
    "assessments:assessment_decide": Entry(
        lambda w: {**_home(w), "pk": w.draft.pk}, APPROVER_DRAFT
    ),
    # GET asks the coordinator to confirm; the POST reopens.
    "assessments:assessment_reopen": Entry(
        lambda w: {**_home(w), "pk": w.draft.pk}, COORDINATOR_DRAFT
    ),
    "assessments:response_complete": Entry(
        lambda w: {**_home(w), "pk": w.draft.pk}, expect(405, anonymous=302)
    ),
    "assessments:keep_alive": Entry(lambda w: {}, expect(405)),
    "assessments:assessment_open_moderation": Entry(
        lambda w: {**_home(w), "pk": w.draft.pk}, expect(405, anonymous=302)
    ),
    # A respondent sees only their own agency's evidence while the assessment is open.
    "assessments:evidence_download": Entry(
        lambda w: {**_home(w), "pk": w.evidence.pk}, {**DRAFT_PAGE, "respondent": 404}
    ),
    "assessments:action_plan": Entry(_home, MEMBER_PAGE),
    "assessments:action_accept": Entry(_home, expect(405, anonymous=302)),
    "assessments:action_edit": Entry(lambda w: {**_home(w), "pk": w.action.pk}, MANAGE_PAGE),
    "reports:action_export": Entry(lambda w: {**_home(w), "fmt": "xlsx"}, MEMBER_PAGE),
    "reports:dashboard": Entry(_home, MEMBER_PAGE),
    "reports:national_overview": Entry(
        lambda w: {}, expect(403, anonymous=302, national=200, admin=200)
    ),
    "reports:scrutiny": Entry(lambda w: {}, NATIONAL_PAGE),
    "reports:scrutiny_remind": Entry(lambda w: {}, expect(405, anonymous=302)),
    "reports:national_report": Entry(lambda w: {}, NATIONAL_PAGE),
    "reports:national_report_pdf": Entry(lambda w: {}, NATIONAL_PAGE),
    "reports:national_results_export": Entry(lambda w: {"fmt": "csv"}, NATIONAL_PAGE),
    # The API: the schema and its page are public; data needs a token, never a session
    # (token access per role is tested in tests/api/).
    "api:schema": Entry(lambda w: {}, PUBLIC),
    "api:docs": Entry(lambda w: {}, PUBLIC),
    "api:partnership_list": Entry(lambda w: {}, TOKEN_ONLY),
    "api:partnership": Entry(_home, TOKEN_ONLY),
    "api:cycle_list": Entry(lambda w: {}, TOKEN_ONLY),
    "api:result_list": Entry(lambda w: {}, TOKEN_ONLY),
    "api:result": Entry(lambda w: {"pk": w.draft.pk}, TOKEN_ONLY),
    # A draft's report and exports show every agency's ratings: not to respondents.
    "reports:ratings_export": Entry(
        lambda w: {**_home(w), "pk": w.draft.pk, "fmt": "csv"}, {**DRAFT_PAGE, "respondent": 404}
    ),
    "reports:assessment_report": Entry(
        lambda w: {**_home(w), "pk": w.draft.pk}, {**DRAFT_PAGE, "respondent": 404}
    ),
    "scorecard:scorecard": Entry(_home, MEMBER_PAGE),
    "scorecard:measure": Entry(lambda w: {**_home(w), "code": w.measure.code}, MEMBER_PAGE),
    "scorecard:measure_add": Entry(_home, MANAGE_PAGE),
    "scorecard:measure_edit": Entry(lambda w: {**_home(w), "code": w.measure.code}, MANAGE_PAGE),
    # The respondent's agency owns the world's measure: they may enter its figures.
    "scorecard:actual_add": Entry(
        lambda w: {**_home(w), "code": w.measure.code}, {**MANAGE_PAGE, "respondent": 200}
    ),
    "scorecard:actuals_import": Entry(_home, {**MANAGE_PAGE, "respondent": 200}),
    "scorecard:actuals_export": Entry(lambda w: {**_home(w), "fmt": "csv"}, MEMBER_PAGE),
    "scorecard:national": Entry(lambda w: {}, expect(403, anonymous=302, national=200, admin=200)),
    "reports:assessment_report_pdf": Entry(
        lambda w: {**_home(w), "pk": w.draft.pk}, {**DRAFT_PAGE, "respondent": 404}
    ),
    # The library: published examples (of a third partnership) for everyone, public ones
    # without signing in.
    "practice:library": Entry(lambda w: {}, PUBLIC),
    "practice:in_progress": Entry(lambda w: {}, SIGNED_IN),
    "practice:example_new": Entry(
        lambda w: {}, expect(403, anonymous=302, coordinator=200, other_coordinator=200)
    ),
    # An example submitted by home: its coordinators, the practice editors and admins.
    "practice:example": Entry(lambda w: {"pk": w.submitted.pk}, SUBMITTED_EXAMPLE),
    "practice:attachment_download": Entry(lambda w: {"pk": w.attachment.pk}, SUBMITTED_EXAMPLE),
    "practice:example_edit": Entry(
        lambda w: {"pk": w.example_draft.pk},
        expect(404, anonymous=302, coordinator=200, admin=200),
    ),
    "practice:example_review": Entry(
        lambda w: {"pk": w.submitted.pk},
        {**SUBMITTED_EXAMPLE, "coordinator": 403},
    ),
    "practice:example_submit": Entry(lambda w: {"pk": w.example_draft.pk}, POST_ONLY),
    "practice:example_public": Entry(lambda w: {"pk": w.published.pk}, POST_ONLY),
    "practice:example_adopt": Entry(lambda w: {"pk": w.published.pk}, POST_ONLY),
    "practice:attachment_remove": Entry(lambda w: {"pk": w.attachment.pk}, POST_ONLY),
    # Committee papers: made by those who may read a draft's report; read like the report.
    "reports:paper_make": Entry(
        lambda w: {**_home(w), "pk": w.draft.pk}, {**DRAFT_PAGE, "respondent": 404}
    ),
    "reports:paper": Entry(
        lambda w: {**_home(w), "pk": w.draft.pk, "paper": w.paper.pk},
        {**DRAFT_PAGE, "respondent": 404},
    ),
    "reports:paper_pdf": Entry(
        lambda w: {**_home(w), "pk": w.draft.pk, "paper": w.paper.pk},
        {**DRAFT_PAGE, "respondent": 404},
    ),
    "partnerships:paper_details": Entry(_home, MANAGE_PAGE),
}


def url_names(resolver=None, namespace: str = "") -> set[str]:
    """Every named URL of the site, except inside the admin (checked by its own tests)."""
    names: set[str] = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_url_has_an_entry():
    assert url_names() == set(MATRIX)


@dataclass
class World:
    home: object
    other: object
    people: dict
    home_viewer: object
    draft: object
    evidence: object
    action: object
    example_draft: object
    submitted: object
    attachment: object
    published: object
    measure: object
    paper: object


@pytest.fixture
def world(db, catalogue) -> World:
    home = PartnershipFactory(name="Home Partnership Alpha", slug="home-alpha")
    other = PartnershipFactory(name="Other Partnership Omega", slug="other-omega")
    people: dict = {"anonymous": None}
    memberships = {}
    for role in ROLES:
        memberships[role] = MembershipFactory(partnership=home, role=role)
        people[role] = memberships[role].user
        people[f"other_{role}"] = MembershipFactory(partnership=other, role=role).user
    national = UserFactory(username="national-reader")
    national.groups.add(Group.objects.get_or_create(name=NATIONAL_GROUP)[0])
    people["national"] = national
    people["admin"] = UserFactory(username="site-admin", is_staff=True, is_superuser=True)
    draft = AssessmentFactory(partnership=home, version=catalogue)
    evidence = EvidenceFactory(assessment=draft, uploaded_by=people["coordinator"])
    action = Action.objects.create(partnership=home, title="Agree the audit")
    editor = UserFactory(username="practice-editor")
    editor.groups.add(Group.objects.get_or_create(name=PRACTICE_EDITOR_GROUP)[0])
    people["practice_editor"] = editor
    library_partnership = PartnershipFactory(name="Library Partnership", slug="library")
    submitted = ExampleFactory(partnership=home, state="submitted")
    measure = MeasureFactory(partnership=home, owner=memberships["respondent"].agency)
    ActualFactory(measure=measure)
    paper = committee_paper_make(
        assessment=draft,
        made_by=people["coordinator"],
        meeting="Home Forum",
        meeting_date=date(2000, 12, 6),
        public_meeting=True,
        name_agencies=False,
    )
    return World(
        home=home,
        other=other,
        people=people,
        home_viewer=memberships["viewer"],
        draft=draft,
        evidence=evidence,
        action=action,
        example_draft=ExampleFactory(partnership=home),
        submitted=submitted,
        attachment=AttachmentFactory(example=submitted),
        published=ExampleFactory(partnership=library_partnership, state="published"),
        measure=measure,
        paper=paper,
    )


CASES = [(name, person) for name in sorted(MATRIX) for person in PEOPLE]


@pytest.mark.parametrize(("name", "person"), CASES, ids=[f"{n}-{p}" for n, p in CASES])
def test_status_and_no_leak(client, world, name, person):
    entry = MATRIX[name]
    user = world.people[person]
    if user is not None:
        client.force_login(user)
    response = client.get(reverse(name, kwargs=entry.kwargs(world)))
    assert response.status_code == entry.statuses[person]
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    body = raw.decode(errors="replace")
    if person in ROLES:
        assert world.other.name not in body and world.other.slug not in body
    if person.startswith("other_"):
        assert world.home.name not in body and world.home.slug not in body
