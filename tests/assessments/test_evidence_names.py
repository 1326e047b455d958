"""Evidence uploads with awkward names and content types: stored under a safe name, the shown
name shortened keeping its extension, the browser's content type ignored, nothing left on disk
without its row, and what was typed always kept."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments import services
from assessments.models import AgencyRating, Evidence
from tests.factories import AssessmentFactory, MembershipFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 minutes of the strategic group"


@pytest.fixture
def respondent(catalogue, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    membership = MembershipFactory(role="respondent")
    MembershipFactory(partnership=membership.partnership, role="coordinator")
    assessment = AssessmentFactory(partnership=membership.partnership, version=catalogue)
    return membership, assessment


def post(client, membership, assessment, upload, note="Joint plan agreed in March"):
    client.force_login(membership.user)
    url = reverse(
        "assessments:assessment_section",
        kwargs={"slug": assessment.partnership.slug, "pk": assessment.pk, "code": "LR-1"},
    )
    data = {"level-LR-1.1": "2", "note-LR-1.1": note, "revision-LR-1.1": "0"}
    data["file-LR-1.1"] = upload
    return client.post(url, data)


def files_on_disk(root) -> list[Path]:
    return [p for p in Path(root).rglob("*") if p.is_file()]


@pytest.mark.parametrize(
    "name",
    [
        "😀" * 60 + ".pdf",  # 4-byte characters: 244 bytes, a name the file system just allows
        "😀" * 210 + ".pdf",  # 844 bytes: the shown name must be cut, keeping ".pdf"
        "minutes" + "." * 240 + ".pdf",  # many dots
        "a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.pdf",
        "Strategic group – minutes (final) 𝔄𝔅.pdf",
        "x" * 251 + ".pdf",
    ],
)
def test_awkward_names_are_stored_safely(client, respondent, name, settings):
    membership, assessment = respondent
    response = post(client, membership, assessment, SimpleUploadedFile(name, PDF))
    assert response.status_code == 302, response.content.decode()[:500]
    evidence = Evidence.objects.get()
    assert evidence.name.endswith(".pdf")
    assert len(evidence.name) <= 200
    stored = Path(settings.MEDIA_ROOT) / evidence.file.name
    assert stored.read_bytes() == PDF
    assert len(stored.name.encode()) < 100 and stored.suffix == ".pdf"
    assert files_on_disk(settings.MEDIA_ROOT) == [stored]


def test_the_browsers_content_type_is_not_trusted(client, respondent, settings):
    membership, assessment = respondent
    upload = SimpleUploadedFile("audit.pdf", PDF, content_type="application/" + "x" * 400)
    response = post(client, membership, assessment, upload)
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.content_type == "application/pdf"
    assert files_on_disk(settings.MEDIA_ROOT) == [Path(settings.MEDIA_ROOT) / evidence.file.name]


def test_the_shown_name_is_shortened_keeping_the_extension():
    name = services.evidence_name("Minutes " * 60 + "final.docx")
    assert len(name) == 200 and name.endswith("….docx")
    assert services.evidence_name("C:\\Users\\me\\plan.pdf") == "plan.pdf"
    assert services.evidence_name("line\vbreak\x00.pdf") == "line break.pdf"


def test_a_row_that_cannot_be_written_leaves_no_file(respondent, settings, monkeypatch):
    membership, assessment = respondent
    indicator = assessment.version.indicators.get(code="LR-1.1")

    def refuse(*args, **kwargs):
        raise RuntimeError("database refused the row")

    monkeypatch.setattr("assessments.models.Evidence.save_base", refuse)
    with pytest.raises(RuntimeError):
        services.evidence_add(
            assessment=assessment,
            indicator=indicator,
            agency=membership.agency,
            upload=SimpleUploadedFile("audit.pdf", PDF),
            by=membership.user,
        )
    assert files_on_disk(settings.MEDIA_ROOT) == []


def test_a_later_failure_in_the_same_save_removes_the_earlier_files(respondent, settings):
    membership, assessment = respondent
    first, second = assessment.version.indicators.filter(thread__code="LR-1")[:2]

    class Boom(SimpleUploadedFile):
        @property
        def size(self):
            raise RuntimeError("the second upload broke")

        @size.setter
        def size(self, value):
            pass

    with pytest.raises(RuntimeError):
        services.section_save(
            assessment=assessment,
            membership=membership,
            answers=[],
            uploads=[
                (first, SimpleUploadedFile("one.pdf", PDF)),
                (second, Boom("two.pdf", PDF)),
            ],
            by=membership.user,
        )
    assert not Evidence.objects.exists()
    assert files_on_disk(settings.MEDIA_ROOT) == []


def test_a_store_that_fails_keeps_what_was_typed(client, respondent, monkeypatch):
    membership, assessment = respondent

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("django.core.files.storage.FileSystemStorage._save", full)
    note = "Typed with care before the disk filled"
    response = post(client, membership, assessment, SimpleUploadedFile("a.pdf", PDF), note=note)
    assert response.status_code == 400
    body = response.content.decode()
    assert "could not be stored" in body and note in body
    assert not AgencyRating.objects.exists() and not Evidence.objects.exists()


def test_a_file_part_too_large_to_read_answers_with_the_form_and_a_message(client, respondent):
    """A part whose headers pass Django's 1 KB limit cannot be read at all (nor, after it, the
    rest of the form): the section page comes back saying so, never a bare 400 page."""
    membership, assessment = respondent
    upload = SimpleUploadedFile("😀" * 300 + ".pdf", PDF)
    response = post(client, membership, assessment, upload)
    assert response.status_code == 400
    body = response.content.decode()
    assert "could not be read" in body
    assert 'name="level-LR-1.1"' in body  # the form, to fill in again
    assert not Evidence.objects.exists()
