"""The audit trail: every change recorded by django-auditlog, an indicator's history page, and
audit records that nobody can change from the site."""

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from assessments import services
from assessments.models import Action, AgreedRating
from partnerships.models import Membership, Partnership
from partnerships.services import membership_update
from tests.factories import AgencyFactory, AssessmentFactory, UserFactory
from threads.models import Indicator

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicator(catalogue):
    return catalogue.indicators.get(code="LR-4.2")


def history_url(team, indicator):
    return reverse(
        "assessments:indicator_history",
        kwargs={
            "slug": team["partnership"].slug,
            "pk": team["assessment"].pk,
            "code": indicator.code,
        },
    )


def section_post(client, team, level, note, revision, code="LR-4.2"):
    return client.post(
        reverse(
            "assessments:assessment_section",
            kwargs={"slug": team["partnership"].slug, "pk": team["assessment"].pk, "code": "LR-4"},
        ),
        {f"level-{code}": str(level), f"note-{code}": note, f"revision-{code}": str(revision)},
    )


def test_a_changed_agreed_level_shows_who_when_before_and_after(
    client, team, django_assert_max_num_queries, indicator
):
    client.force_login(team["coordinator"])
    assert section_post(client, team, 1, "Audit agreed", 0).status_code == 302
    assert section_post(client, team, 3, "Audit in use by all partners", 1).status_code == 302
    rating = AgreedRating.objects.get(assessment=team["assessment"], indicator=indicator)
    entries = LogEntry.objects.get_for_object(rating).order_by("timestamp")
    assert [e.action for e in entries] == [LogEntry.Action.CREATE, LogEntry.Action.UPDATE]
    assert all(e.actor == team["coordinator"] for e in entries)
    assert entries[1].changes_dict["level"] == ["1", "3"]

    with django_assert_max_num_queries(12):
        response = client.get(history_url(team, indicator))
    assert response.status_code == 200
    body = response.content.decode()
    assert "History of LR-4.2" in body
    assert "Changed: Agreed level" in body and "Created: Agreed level" in body
    assert "1 → 3" in body
    assert "Audit agreed → Audit in use by all partners" in body
    assert team["coordinator"].username in body


def test_an_agency_rating_and_evidence_appear_in_the_history(
    client, team, settings, tmp_path, indicator
):
    settings.MEDIA_ROOT = tmp_path
    from django.core.files.uploadedfile import SimpleUploadedFile

    services.section_save(
        assessment=team["assessment"],
        membership=team["respondent"],
        answers=[services.Answer(indicator=indicator, level=2, note="Minutes", seen_revision=0)],
        uploads=[(indicator, SimpleUploadedFile("minutes.pdf", b"%PDF-1.4", "application/pdf"))],
        by=team["respondent"].user,
    )
    client.force_login(team["approver"])
    body = client.get(history_url(team, indicator)).content.decode()
    assert f"{team['respondent'].agency.name}&#x27;s rating" in body
    assert "Evidence file" in body and "minutes.pdf" in body


def test_only_this_indicator_and_assessment_are_shown(client, team, catalogue, indicator):
    other_indicator = catalogue.indicators.get(code="LR-4.1")
    other_assessment = AssessmentFactory(partnership=team["partnership"], version=catalogue)
    for assessment, rated, note in [
        (other_assessment, indicator, "other assessment"),
        (team["assessment"], other_indicator, "other indicator"),
    ]:
        services.agreed_ratings_save(
            assessment=assessment,
            answers=[services.Answer(indicator=rated, level=1, note=note, seen_revision=0)],
            by=team["coordinator"],
        )
    client.force_login(team["coordinator"])
    body = client.get(history_url(team, indicator)).content.decode()
    assert "other assessment" not in body and "other indicator" not in body
    assert "Nothing has been recorded" in body


@pytest.mark.parametrize(("role", "status"), [("respondent", 403), ("viewer", 404)])
def test_respondents_and_viewers_may_not_see_the_history(client, team, role, status, indicator):
    person = team[role].user if role == "respondent" else team[role]
    client.force_login(person)
    assert client.get(history_url(team, indicator)).status_code == status


def test_an_unknown_indicator_is_a_404(client, team, indicator):
    client.force_login(team["coordinator"])
    url = history_url(team, indicator).replace("LR-4.2", "LR-99.1")
    assert client.get(url).status_code == 404


def test_the_section_page_links_each_indicator_history(client, team, indicator):
    client.force_login(team["coordinator"])
    url = reverse(
        "assessments:assessment_section",
        kwargs={"slug": team["partnership"].slug, "pk": team["assessment"].pk, "code": "LR-4"},
    )
    assert history_url(team, indicator) in client.get(url).content.decode()
    client.force_login(team["respondent"].user)
    assert "/history/" not in client.get(url).content.decode()


def test_every_audited_kind_of_change_is_recorded(team, catalogue, indicator):
    """Actions, memberships, partnerships and the catalogue, besides ratings and evidence."""
    partnership = team["partnership"]
    action = Action.objects.create(partnership=partnership, title="Agree the audit")
    action.status = Action.Status.DONE
    action.save()
    membership = Membership.objects.get(user=team["viewer"])
    membership_update(membership=membership, role="approver", agency=None)
    partnership.description = "Now with a strategic group"
    partnership.save()
    AgencyFactory(partnership=partnership)
    indicator = Indicator.objects.get(version=catalogue, code="LR-4.2")
    indicator.guidance = "Corrected wording"
    indicator.save()
    for obj, field in [
        (action, "status"),
        (membership, "role"),
        (partnership, "description"),
        (indicator, "guidance"),
    ]:
        changes = [e.changes_dict for e in LogEntry.objects.get_for_object(obj)]
        assert any(field in c for c in changes), (obj, changes)


def test_audit_records_cannot_be_changed_or_deleted_in_the_admin(client, team):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    Partnership.objects.filter(pk=team["partnership"].pk).update(description="x")
    team["partnership"].description = "changed"
    team["partnership"].save()
    entry = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Partnership)
    ).latest("timestamp")
    client.force_login(admin)
    listing = client.get(reverse("admin:auditlog_logentry_changelist"))
    assert listing.status_code == 200
    assert str(team["partnership"]) in listing.content.decode()
    view = client.get(reverse("admin:auditlog_logentry_change", args=[entry.pk]))
    assert view.status_code == 200  # read-only view
    assert b'name="_save"' not in view.content
    delete_url = reverse("admin:auditlog_logentry_delete", args=[entry.pk])
    delete = client.post(delete_url, {"post": "yes"})
    assert delete.status_code == 403
    bulk = client.post(
        reverse("admin:auditlog_logentry_changelist"),
        {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
    )
    assert LogEntry.objects.filter(pk=entry.pk).exists()
    assert bulk.status_code in (200, 302)


def test_the_catalogue_import_records_every_row(catalogue):
    from threads.models import LevelDescriptor, StageRequirement

    for model in (LevelDescriptor, StageRequirement):
        content_type = ContentType.objects.get_for_model(model)
        recorded = LogEntry.objects.filter(
            content_type=content_type, action=LogEntry.Action.CREATE
        ).count()
        assert recorded == model.objects.count() > 0
