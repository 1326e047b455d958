"""export_catalogue / import_catalogue: identity, and bad files that change nothing."""

import copy
import io
import json

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from threads.catalogue_io import export_version
from threads.models import CatalogueVersion, Indicator, Thread


def run_export() -> dict:
    out = io.StringIO()
    call_command("export_catalogue", stdout=out)
    return json.loads(out.getvalue())


def test_export_has_the_contract_keys(catalogue):
    data = run_export()
    assert list(data) == ["catalogue", "scale", "stages", "threads", "indicators"]
    assert data["catalogue"] == {"name": "Threads of Success", "version": "1.1"}
    assert [(s["level"], s["label"]) for s in data["scale"]][0] == (0, "Not in place")
    assert {"code", "order", "name", "requirements"} <= set(data["stages"][0])
    assert {"code", "kind", "title", "parent"} <= set(data["threads"][0])
    assert {"code", "thread", "statement", "levels"} <= set(data["indicators"][0])
    assert {t["kind"] for t in data["threads"]} == {
        "key_local_issue",
        "local_recommendation",
        "national_recommendation",
        "key_national_issue",
    }


def test_export_to_file(catalogue, tmp_path):
    target = tmp_path / "out.json"
    call_command("export_catalogue", output=str(target), stderr=io.StringIO())
    assert json.loads(target.read_text())["threads"][0]["code"] == "KLI-1"


def test_export_import_into_empty_database_export_is_identity(catalogue, tmp_path):
    original = run_export()
    assert all(r["reason"] for s in original["stages"] for r in s["requirements"])
    assert any(t["support_reasons"] for t in original["threads"])
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps(original))
    # The bundled version is published (locked against deletion): unlock it behind the guard's
    # back to get the empty database a new installation has.
    CatalogueVersion.objects.update(status="draft", is_current=False)
    CatalogueVersion.objects.all().delete()
    assert not Thread.objects.exists()
    call_command("import_catalogue", str(path), stdout=io.StringIO())
    assert run_export() == original


def test_importing_an_identical_file_changes_nothing(catalogue, tmp_path):
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps(run_export()))
    out = io.StringIO()
    call_command("import_catalogue", str(path), stdout=out)
    assert "no change" in out.getvalue()
    assert CatalogueVersion.objects.count() == 2  # the bundled 1.0 and 1.1


def test_import_a_new_version_as_draft_then_publish(catalogue, tmp_path):
    data = run_export()
    data["catalogue"]["version"] = "2.0"
    data["indicators"][0]["statement"] = "Reworded for 2.0"
    path = tmp_path / "v2.json"
    path.write_text(json.dumps(data))
    call_command("import_catalogue", str(path), stdout=io.StringIO())
    v2 = CatalogueVersion.objects.get(version="2.0")
    assert v2.status == "draft" and not v2.is_current
    call_command("import_catalogue", str(path), "--publish", stdout=io.StringIO())
    v2.refresh_from_db()
    assert v2.is_current


def _broken(mutate) -> dict:
    data = copy.deepcopy(export_version(CatalogueVersion.objects.get(is_current=True)))
    data["catalogue"]["version"] = "9.9"
    mutate(data)
    return data


BAD_FILES = {
    "unknown kind": (
        lambda d: d["threads"][0].update(kind="strategy"),
        "threads[0] (KLI-1): unknown kind 'strategy'",
    ),
    "duplicate code": (
        lambda d: d["threads"][1].update(code="KLI-1"),
        "threads[1] (KLI-1): duplicate code KLI-1",
    ),
    "duplicate indicator": (
        lambda d: d["indicators"][1].update(code=d["indicators"][0]["code"]),
        "indicators[1] (LR-1.1): duplicate code LR-1.1",
    ),
    "missing level descriptor": (
        lambda d: d["indicators"][2]["levels"].pop(3),
        "no descriptor for level 3",
    ),
    "level off the scale": (
        lambda d: d["indicators"][0]["levels"].append({"level": 7, "descriptor": "x"}),
        "level 7 is not on the scale",
    ),
    "parent does not exist": (
        lambda d: d["threads"][5].update(parent="KLI-9"),
        "parent KLI-9 does not exist",
    ),
    "indicator thread does not exist": (
        lambda d: d["indicators"][0].update(thread="LR-99"),
        "thread 'LR-99' is not a local recommendation",
    ),
    "requirement target unknown": (
        lambda d: d["stages"][1]["requirements"].append({"target": "XX-1", "minimum": 2}),
        "target 'XX-1' is not a local thread or indicator",
    ),
    "stage rules break the KLI-1 gate": (
        lambda d: d["stages"][1].update(requirements=[{"target": "KLI-3", "minimum": 10}]),
        "stages: ",
    ),
    "missing top-level key": (lambda d: d.pop("scale"), "missing top-level key 'scale'"),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_file_gives_one_line_error_and_changes_nothing(catalogue, tmp_path, case):
    mutate, message = BAD_FILES[case]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(_broken(mutate)))
    before = (CatalogueVersion.objects.count(), Thread.objects.count(), Indicator.objects.count())
    with pytest.raises(CommandError) as raised:
        call_command("import_catalogue", str(path), stdout=io.StringIO())
    text = str(raised.value)
    assert message in text and "\n" not in text and str(path) in text
    after = (CatalogueVersion.objects.count(), Thread.objects.count(), Indicator.objects.count())
    assert after == before


def test_malformed_json_names_line_and_column(catalogue, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"catalogue": {"name": "x",\n  oops}')
    with pytest.raises(CommandError, match=r"not valid JSON: line 2 column 3"):
        call_command("import_catalogue", str(path), stdout=io.StringIO())
    assert CatalogueVersion.objects.count() == 2  # the bundled 1.0 and 1.1


def test_import_command_exits_non_zero(catalogue, tmp_path):
    import subprocess
    import sys

    path = tmp_path / "bad.json"
    path.write_text("[]")
    result = subprocess.run(
        [sys.executable, "manage.py", "import_catalogue", str(path)],
        capture_output=True,
        text=True,
        env={"DJANGO_SETTINGS_MODULE": "config.settings.test", "PATH": "/usr/bin:/bin"},
        cwd=settings.BASE_DIR,
        check=False,
    )
    assert result.returncode != 0
    assert "file: must be an object" in result.stderr
