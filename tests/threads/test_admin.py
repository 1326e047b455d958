"""The catalogue admin: every page opens, the lock is explained, copy and publish work."""

import pytest
from django.urls import reverse

from threads.models import CatalogueVersion, Indicator, Stage, Thread


@pytest.fixture
def staff(admin_client, catalogue):
    return admin_client


@pytest.mark.parametrize("model", ["catalogueversion", "thread", "indicator", "stage"])
def test_changelists_and_add_pages_open(staff, model):
    assert staff.get(reverse(f"admin:threads_{model}_changelist")).status_code == 200
    assert staff.get(reverse(f"admin:threads_{model}_add")).status_code == 200


def test_changelist_search_by_code_and_filter_by_kind(staff, catalogue):
    url = reverse("admin:threads_thread_changelist")
    query = {"q": "LR-4", "kind__exact": "local_recommendation", "version__id__exact": catalogue.pk}
    response = staff.get(url, query)
    assert [t.code for t in response.context["cl"].result_list] == ["LR-4"]


def test_change_pages_of_a_locked_version_explain_the_lock(staff, catalogue):
    thread = Thread.objects.get(version=catalogue, code="LR-1")
    indicator = Indicator.objects.get(version=catalogue, code="LR-1.1")
    stage = Stage.objects.get(version=catalogue, code="S2")
    for url in [
        reverse("admin:threads_catalogueversion_change", args=[catalogue.pk]),
        reverse("admin:threads_thread_change", args=[thread.pk]),
        reverse("admin:threads_indicator_change", args=[indicator.pk]),
        reverse("admin:threads_stage_change", args=[stage.pk]),
    ]:
        response = staff.get(url)
        assert response.status_code == 200
        assert "copy it as a new draft version" in response.content.decode()


def test_locked_indicator_form_keeps_code_read_only(staff, catalogue):
    indicator = Indicator.objects.get(version=catalogue, code="LR-1.1")
    response = staff.get(reverse("admin:threads_indicator_change", args=[indicator.pk]))
    form = response.context["adminform"].form
    assert "code" not in form.fields and "statement" in form.fields


def test_admin_can_correct_descriptor_wording_of_a_locked_version(staff, catalogue):
    indicator = Indicator.objects.get(version=catalogue, code="LR-1.1")
    url = reverse("admin:threads_indicator_change", args=[indicator.pk])
    data, prefix = _inline_form(staff, url)
    data[f"{prefix}-2-descriptor"] = "Corrected in the admin"
    response = staff.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert indicator.descriptors.get(level__level=2).descriptor == "Corrected in the admin"


def test_copy_as_new_draft_then_publish(staff, catalogue):
    response = staff.post(reverse("admin:threads_catalogueversion_copy", args=[catalogue.pk]))
    copy = CatalogueVersion.objects.get(version="1.2")
    assert response.status_code == 302 and copy.status == "draft"
    assert copy.indicators.count() == catalogue.indicators.count()
    staff.post(reverse("admin:threads_catalogueversion_publish", args=[copy.pk]))
    copy.refresh_from_db()
    assert copy.is_current


def test_admin_pages_need_staff(client, django_user_model, catalogue):
    client.force_login(django_user_model.objects.create_user("plain"))
    response = client.get(reverse("admin:threads_indicator_changelist"))
    assert response.status_code == 302


def _form_data(response) -> dict:
    """The values a browser would submit for the admin change form in ``response``."""
    data = {}
    form = response.context["adminform"].form
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None:
            continue
        if isinstance(value, list | tuple):
            data[name] = [getattr(v, "pk", v) for v in value]
        else:
            data[name] = getattr(value, "pk", value)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[f"{formset.prefix}-{name}"] = management[name].value()
        for sub in formset.forms:
            for name in sub.fields:
                value = sub[name].value()
                if value is not None:
                    data[sub.add_prefix(name)] = value
    return data


def test_publishing_an_incomplete_draft_lists_each_problem(staff, draft_catalogue):
    from tests.threads.test_services import break_draft

    break_draft(draft_catalogue)
    url = reverse("admin:threads_catalogueversion_publish", args=[draft_catalogue.pk])
    response = staff.post(url, follow=True)
    text = response.content.decode()
    assert "was not published: fix 4 problems first." in text
    assert "Indicator LR-1.2 has no descriptor for level 3, 4." in text
    assert "Local recommendation LR-9 has no indicators." in text
    assert "LR-4.1" in text and "rule 7" in text
    draft_catalogue.refresh_from_db()
    assert draft_catalogue.status == "draft"


def test_the_publish_action_refuses_an_incomplete_draft(staff, draft_catalogue):
    from tests.threads.test_services import break_draft

    break_draft(draft_catalogue)
    response = staff.post(
        reverse("admin:threads_catalogueversion_changelist"),
        {"action": "publish", "_selected_action": [draft_catalogue.pk]},
        follow=True,
    )
    assert "was not published" in response.content.decode()
    assert not CatalogueVersion.objects.get(pk=draft_catalogue.pk).is_current


def test_a_requirement_reason_is_editable_in_a_locked_version(staff, catalogue):
    stage = Stage.objects.get(version=catalogue, code="S3")
    url = reverse("admin:threads_stage_change", args=[stage.pk])
    data, prefix = _inline_form(staff, url)
    index = [r.target for r in stage.requirements.all()].index("LR-4.1")
    data[f"{prefix}-{index}-reason"] = "no audit — the report's words"
    response = staff.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert stage.requirements.get(target="LR-4.1").reason == "no audit — the report's words"


def _inline_form(staff, url) -> tuple[dict, str]:
    """The change form's data as the browser would post it, and its first inline's prefix."""
    response = staff.get(url)
    return _form_data(response), response.context["inline_admin_formsets"][0].formset.prefix
