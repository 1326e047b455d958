"""pages/uploads.py: stored names, and no file left on disk without its row."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from pages.uploads import stored_name
from practice import services
from practice.models import Attachment
from tests.factories import ExampleFactory

PDF = b"%PDF-1.4 what the partners did"


def files_on_disk(root) -> list[Path]:
    return [p for p in Path(root).rglob("*") if p.is_file()]


def test_a_stored_name_is_random_and_keeps_only_a_plain_extension():
    first, second = stored_name("evidence", "Minutes.PDF"), stored_name("evidence", "Minutes.PDF")
    assert first != second and first.startswith("evidence/") and first.endswith(".pdf")
    assert "." not in stored_name("evidence", "odd.p d f").split("/", 1)[1]


@pytest.mark.django_db
def test_an_attachment_whose_row_cannot_be_written_leaves_no_file(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    example = ExampleFactory()

    def refuse(*args, **kwargs):
        raise RuntimeError("database refused the row")

    monkeypatch.setattr(Attachment, "save_base", refuse)
    with pytest.raises(RuntimeError):
        services.attachment_add(
            example=example,
            upload=SimpleUploadedFile("plan.pdf", PDF),
            by=example.created_by,
        )
    assert files_on_disk(tmp_path) == []
    assert not Attachment.objects.exists()


@pytest.mark.django_db
def test_a_stored_attachment_keeps_its_file_and_its_checked_type(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    example = ExampleFactory()
    attachment = services.attachment_add(
        example=example,
        upload=SimpleUploadedFile("plan.pdf", PDF, content_type="text/html"),
        by=example.created_by,
    )
    assert attachment.content_type == "application/pdf"
    assert [p.read_bytes() for p in files_on_disk(tmp_path)] == [PDF]
