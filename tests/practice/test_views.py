"""The library's pages: who reads what, writing and reviewing through the forms, files, the
empty search, bad filters and a query count that does not grow with the library."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from practice import selectors, services, views
from practice.bench_data import make_examples
from practice.models import Attachment, Example
from tests.factories import (
    AttachmentFactory,
    ExampleFactory,
    MembershipFactory,
    PartnershipFactory,
    UserFactory,
)

LIBRARY = "/practice/"


def detail(example) -> str:
    return reverse("practice:example", kwargs={"pk": example.pk})


def test_the_library_is_at_practice(db):
    assert reverse("practice:library") == LIBRARY


def test_visitors_read_public_examples_and_signed_in_people_read_all_published(client, db):
    public = ExampleFactory(state="published", is_public=True, title="Open to all")
    members = ExampleFactory(state="published", title="For people who sign in")
    draft = ExampleFactory(title="Still a draft")

    page = client.get(LIBRARY).content.decode()
    assert public.title in page and members.title not in page and draft.title not in page
    assert client.get(detail(public)).status_code == 200
    response = client.get(detail(members))
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    assert client.get(detail(draft)).status_code == 302

    client.force_login(UserFactory())
    page = client.get(LIBRARY).content.decode()
    assert public.title in page and members.title in page and draft.title not in page
    assert client.get(detail(members)).status_code == 200
    assert client.get(detail(draft)).status_code == 404


def test_attachments_follow_their_example(client, db):
    public = AttachmentFactory(example=ExampleFactory(state="published", is_public=True))
    members = AttachmentFactory(example=ExampleFactory(state="published"))
    url = "practice:attachment_download"
    response = client.get(reverse(url, kwargs={"pk": public.pk}))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 protocol"
    assert response["Content-Type"] == "application/octet-stream"
    assert client.get(reverse(url, kwargs={"pk": members.pk})).status_code == 302
    client.force_login(UserFactory())
    assert client.get(reverse(url, kwargs={"pk": members.pk})).status_code == 200


def _form(catalogue, partnership, **extra):
    return {
        "partnership": partnership.pk,
        "title": "Joint audit",
        "summary": "Pooled data.",
        "problem": "No shared picture.",
        "what_was_done": "An audit group.",
        "by_whom": "Council and police.",
        "indicators": [catalogue.indicators.get(code="LR-4.1").pk],
        "recommendations": [catalogue.threads.get(code="LR-4").pk],
        **extra,
    }


def test_a_coordinator_writes_with_a_file_and_submits(client, catalogue, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    coordinator = MembershipFactory(role="coordinator")
    client.force_login(coordinator.user)
    response = client.post(
        reverse("practice:example_new"),
        _form(
            catalogue,
            coordinator.partnership,
            attachment=SimpleUploadedFile("audit.pdf", b"%PDF-1.4 audit", "application/pdf"),
        ),
    )
    example = Example.objects.get()
    assert response.status_code == 302 and response.url == detail(example)
    assert example.state == "draft" and example.created_by == coordinator.user
    assert list(example.indicators.values_list("code", flat=True)) == ["LR-4.1"]
    attachment = example.attachments.get()
    assert attachment.name == "audit.pdf" and attachment.size == 14
    assert str(tmp_path) in attachment.file.path
    client.post(reverse("practice:example_submit", kwargs={"pk": example.pk}))
    example.refresh_from_db()
    assert example.state == "submitted"
    assert client.get(reverse("practice:example_edit", kwargs={"pk": example.pk})).status_code == (
        403
    )


def test_a_file_that_is_not_what_it_says_is_refused_and_the_typing_kept(client, catalogue):
    coordinator = MembershipFactory(role="coordinator")
    client.force_login(coordinator.user)
    response = client.post(
        reverse("practice:example_new"),
        _form(
            catalogue,
            coordinator.partnership,
            title="Kept title",
            attachment=SimpleUploadedFile("audit.pdf", b"MZ\x90\x00 not a pdf", "application/pdf"),
        ),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "The file must be a PDF" in page
    assert 'value="Kept title"' in page
    assert not Example.objects.exists() and not Attachment.objects.exists()


def test_the_editor_reviews_through_the_form(client, editor):
    example = ExampleFactory(state="submitted")
    client.force_login(editor)
    url = reverse("practice:example_review", kwargs={"pk": example.pk})
    response = client.post(url, {"decision": "returned", "comment": " "})
    assert response.status_code == 400
    assert "Say what needs to change" in response.content.decode()
    response = client.post(url, {"decision": "published"})  # not offered from submitted
    assert response.status_code == 400
    assert client.post(url, {"decision": "endorsed"}).status_code == 302
    assert client.post(url, {"decision": "published"}).status_code == 302
    public = reverse("practice:example_public", kwargs={"pk": example.pk})
    assert client.post(public, {"public": "1"}).status_code == 302
    example.refresh_from_db()
    assert example.state == "published" and example.is_public


def test_an_empty_search_says_what_to_try(client, db):
    ExampleFactory(state="published", is_public=True, title="Joint audit")
    page = client.get(LIBRARY, {"q": "zebra crossings", "indicator": "LR-8.4"}).content.decode()
    assert 'id="no-results"' in page
    assert "use fewer or more general words" in page
    assert "look under the indicator's recommendation (LR-8)" in page
    assert "sign in</a> to search them all" in page


@pytest.mark.parametrize(
    "query", [{"year": "next"}, {"partnership": "nowhere"}, {"page": "999"}, {"q": "x" * 500}]
)
def test_bad_filters_are_reported_not_a_500(client, db, query):
    ExampleFactory(state="published", is_public=True, title="Joint audit")
    response = client.get(LIBRARY, query)
    assert response.status_code == 200
    if "page" not in query:
        assert "There is a problem" in response.content.decode()


def _queries(client, params) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIBRARY, params).status_code == 200
    return len(queries)


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_search_page_query_count_does_not_grow(client, catalogue, signed_in, monkeypatch):
    """30 and 220 examples: the same number of queries, for a search, its second page (pages of
    two, so that both libraries have one), a page past the end, a filter and none."""
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    MembershipFactory(role="coordinator", partnership__slug="fife")
    if signed_in:
        client.force_login(UserFactory())
    cases = [
        {},
        {"q": "audit"},
        {"q": "audit", "page": "2"},
        {"q": "audit", "page": "99"},
        {"indicator": "LR-4.1", "partnership": "fife"},
    ]
    make_examples(30)
    small = [_queries(client, params) for params in cases]
    make_examples(190)
    assert Example.objects.count() == 220 > selectors.RESULTS_BOUND
    large = [_queries(client, params) for params in cases]
    assert small == large
    # the filters' lists with the years and whether they may write one up (1), the bounded
    # count, the page (a full-text search reads both in one; past its last page it then reads
    # the last, as a listing does); signed in: session, user; the typed partnership (1)
    base = 3 + (2 if signed_in else 0)
    full_text = selectors.uses_full_text()
    search = base - (1 if full_text else 0)
    past_the_end = base + (1 if full_text else 0)
    assert large == [base, search, search, past_the_end, base + 1]


def test_over_the_bound_the_page_says_so_and_pages_through_the_newest(client, db, monkeypatch):
    monkeypatch.setattr(selectors, "RESULTS_BOUND", 5)
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    client.force_login(UserFactory())
    for n in range(7):
        ExampleFactory(
            state="published",
            title=f"Audit {n}",
            published_at=timezone.now() - datetime.timedelta(days=n),
        )
    first = client.get(LIBRARY, {"q": "audit"}).content.decode()
    assert "More than 5 examples matching “audit”" in first
    assert 'id="results-bound"' in first and "These are the 5 newest" in first
    assert "Page 1 of 3" in first
    last = client.get(LIBRARY, {"q": "audit", "page": "3"}).content.decode()
    assert "Page 3 of 3" in last
    titles = re.findall(r"<h3[^>]*><a[^>]*>(.*?)</a>", last)
    assert titles == ["<mark>Audit</mark> 4"], "the 5th newest, alone on the last page"
    assert "Audit 5" not in last and "Audit 6" not in last

    monkeypatch.setattr(selectors, "RESULTS_BOUND", 7)
    exact = client.get(LIBRARY, {"q": "audit"}).content.decode()
    assert "7 examples matching “audit”" in exact and 'id="results-bound"' not in exact


def test_the_partnership_is_typed_and_an_unknown_one_is_reported(client, db):
    fife = PartnershipFactory(name="Fife Community Safety Partnership", slug="fife")
    ExampleFactory(state="published", is_public=True, title="Joint audit", partnership=fife)
    ExampleFactory(state="published", is_public=True, title="Street lighting")
    page = client.get(LIBRARY, {"partnership": "fife community"}).content.decode()
    assert "Joint audit" in page and "Street lighting" not in page
    assert 'name="partnership" id="id_partnership" value="fife community"' in page
    assert "<option" not in page.split('id="id_partnership"')[1].split("</div>")[0]
    response = client.get(LIBRARY, {"partnership": "Nowhere"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "No partnership’s name contains “Nowhere”" in page


def test_the_chosen_options_stay_selected(client, catalogue):
    page = client.get(LIBRARY, {"indicator": "LR-4.1", "recommendation": "NR-2"}).content.decode()
    assert '<option value="LR-4.1" selected>' in page
    assert '<option value="NR-2" selected>' in page
    assert '<option value="" selected>Any</option>' in page, "the year, not chosen"
    assert page.count(" selected>") == 3


def test_a_coordinator_writes_only_for_their_own_partnership(client, catalogue):
    coordinator = MembershipFactory(role="coordinator")
    elsewhere = MembershipFactory(role="coordinator").partnership
    client.force_login(coordinator.user)
    response = client.post(reverse("practice:example_new"), _form(catalogue, elsewhere))
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Example.objects.exists()


def test_returned_edited_and_submitted_again_with_files_removed(
    client, catalogue, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    coordinator = MembershipFactory(role="coordinator")
    example = ExampleFactory(partnership=coordinator.partnership, state="returned")
    attachment = AttachmentFactory(example=example)
    client.force_login(coordinator.user)
    edit = reverse("practice:example_edit", kwargs={"pk": example.pk})
    assert client.get(edit).status_code == 200
    response = client.post(
        edit, {**_form(catalogue, coordinator.partnership), "impact": "Fewer calls."}
    )
    assert response.status_code == 302
    example.refresh_from_db()
    assert example.impact == "Fewer calls." and example.state == "returned"
    remove = reverse("practice:attachment_remove", kwargs={"pk": attachment.pk})
    assert client.post(remove).status_code == 302
    assert not example.attachments.exists()
    client.post(reverse("practice:example_submit", kwargs={"pk": example.pk}))
    example.refresh_from_db()
    assert example.state == "submitted"
    other = AttachmentFactory(example=example)
    remove = reverse("practice:attachment_remove", kwargs={"pk": other.pk})
    assert client.post(remove).status_code == 403, "no removing files once submitted"
    assert example.attachments.count() == 1


def test_the_history_is_shown_to_the_partnership_and_editors_only(client, editor):

    coordinator = MembershipFactory(role="coordinator")
    example = ExampleFactory(partnership=coordinator.partnership, state="endorsed")
    services.example_transition(example=example, to_state="published", by=editor)
    url = detail(example)
    client.force_login(coordinator.user)
    assert "moved it from endorsed to published" in client.get(url).content.decode()
    client.force_login(UserFactory())
    page = client.get(url).content.decode()
    assert example.title in page and "moved it from" not in page


def test_a_long_four_byte_name_and_a_lying_type_are_stored_safely(
    client, catalogue, settings, tmp_path
):
    """The file is stored under a random name with its extension; the name shown is shortened
    keeping the extension; the type comes from the checked extension, not the browser."""
    settings.MEDIA_ROOT = tmp_path
    coordinator = MembershipFactory(role="coordinator")
    client.force_login(coordinator.user)
    name = "😀" * 150 + "..." + "report.v2.final.pdf"
    upload = SimpleUploadedFile(name, b"%PDF-1.4 audit", "application/x-" + "y" * 300)
    response = client.post(
        reverse("practice:example_new"),
        _form(catalogue, coordinator.partnership, attachment=upload),
    )
    assert response.status_code == 302
    attachment = Example.objects.get().attachments.get()
    assert len(attachment.name) <= 200 and attachment.name.endswith(".pdf")
    assert attachment.content_type == "application/pdf"
    assert attachment.file.name.endswith(".pdf") and "😀" not in attachment.file.name
    assert len(list(tmp_path.rglob("*.pdf"))) == 1


def test_only_a_coordinator_is_offered_to_write_up_an_example(client, catalogue):
    write = reverse("practice:example_new")
    client.force_login(MembershipFactory(role="coordinator").user)
    assert f'href="{write}"' in client.get(LIBRARY).content.decode()
    client.force_login(MembershipFactory(role="viewer").user)
    page = client.get(LIBRARY).content.decode()
    assert f'href="{write}"' not in page and "Examples in progress" in page
