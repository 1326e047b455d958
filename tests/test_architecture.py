"""Dependencies point one way (STYLE.md 11): a lower app never imports a higher one, not even
inside a function, and the scoring rules import only the standard library."""

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: Each app and the project apps it may import. ``threads`` may use ``assessments.scoring`` (the
#: catalogue validates its stage rules with it) and nothing else of ``assessments``.
#: ``pages`` (the public pages and the text cleaning every form uses) is the bottom layer.
_BELOW_REPORTS = {"practice", "assessments", "scorecard", "partnerships", "threads", "pages"}
ALLOWED = {
    "pages": {"pages"},
    "threads": {"threads", "assessments.scoring", "pages"},
    "partnerships": {"partnerships", "pages"},
    "scorecard": {"scorecard", "partnerships", "threads", "pages"},
    "assessments": {"assessments", "partnerships", "threads", "scorecard", "pages"},
    "practice": {"practice", "assessments", "scorecard", "partnerships", "threads", "pages"},
    "reports": {"reports", *_BELOW_REPORTS},
    "people": {"people", *_BELOW_REPORTS, "config.client_ip"},
    "api": {"api", "reports", *_BELOW_REPORTS},
}
PROJECT = {*ALLOWED, "demo", "config", "bench"}


def source_files(app: str):
    folder = ROOT / app
    for path in sorted(folder.rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def imports(path: Path):
    """(module imported, inside a function?) for every import statement of the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nested = {
        id(node)
        for fn in ast.walk(tree)
        if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef)
        for node in ast.walk(fn)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, id(node) in nested
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module, id(node) in nested
            for alias in node.names:  # ``from assessments import scoring``
                yield f"{node.module}.{alias.name}", id(node) in nested


def allowed(module: str, rules: set[str]) -> bool:
    top = module.split(".")[0]
    if top not in PROJECT:
        return True
    return any(module == rule or module.startswith(rule + ".") for rule in rules) or (
        # ``from assessments import scoring`` names the package first, then the module.
        module in {rule.rsplit(".", 1)[0] for rule in rules if "." in rule}
    )


@pytest.mark.parametrize("app", [app for app in ALLOWED if (ROOT / app).is_dir()])
def test_no_app_imports_a_higher_one(app):
    wrong = [
        f"{path.relative_to(ROOT)} imports {module}"
        for path in source_files(app)
        for module, _ in imports(path)
        if not allowed(module, ALLOWED[app])
    ]
    assert not wrong, "\n".join(wrong)


def test_scoring_imports_only_the_standard_library():
    modules = {module.split(".")[0] for module, _ in imports(ROOT / "assessments" / "scoring.py")}
    outside = sorted(m for m in modules if m not in sys.stdlib_module_names and m != "__future__")
    assert not outside


@pytest.mark.parametrize("app", sorted(PROJECT - {"bench"}))
def test_no_project_import_hides_inside_a_function(app):
    """Except an app's ``ready()``, which must import its signal receivers late."""
    hidden = [
        f"{path.relative_to(ROOT)} imports {module} inside a function"
        for path in source_files(app)
        if path.name != "apps.py"
        for module, inside in imports(path)
        if inside and module.split(".")[0] in PROJECT
    ]
    assert not hidden, "\n".join(hidden)


def test_the_check_sees_a_back_arrow(tmp_path):
    """The checker itself: a lower module importing a higher one is reported."""
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from reports.views import home\n", encoding="utf-8")
    found = list(imports(bad))
    assert ("reports.views", True) in found
    assert not allowed("reports.views", ALLOWED["partnerships"])
    assert allowed("assessments.scoring", ALLOWED["threads"])
    assert not allowed("assessments.models", ALLOWED["threads"])
