"""import_catalogue on hostile files: deep nesting, over-long text, out-of-range numbers, NUL
characters, wrong JSON types, an object as version label. Each is a one-line error naming the
place, a non-zero exit, and no change to the database. Hypothesis generates many more."""

import contextlib
import io
import json

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from threads.catalogue_io import CatalogueFileError, parse_catalogue_text, validate_catalogue_data
from threads.models import CatalogueVersion, Indicator, LevelDescriptor, Thread
from threads.services import catalogue_import as import_catalogue

BUNDLED = django_settings.BASE_DIR / "threads" / "data" / "threads_of_success.json"
ORIGINAL = json.loads(BUNDLED.read_text(encoding="utf-8"))


def counts():
    return (
        CatalogueVersion.objects.count(),
        Thread.objects.count(),
        Indicator.objects.count(),
        LevelDescriptor.objects.count(),
    )


def mutated(change) -> str:
    data = json.loads(json.dumps(ORIGINAL))
    data["catalogue"]["version"] = "9.9"  # a new label: a good file would be imported
    change(data)
    return json.dumps(data, allow_nan=True)


def setter(path, value):
    def change(data):
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


CASES = {
    "deep nesting": ("[" * 100_000 + "]" * 100_000, "nested more than"),
    "deep nesting inside a value": (
        mutated(setter(["threads", 0, "summary"], json.loads("[" * 50 + "]" * 50))),
        "nested more than",
    ),
    "over-long title": (
        mutated(setter(["threads", 0, "title"], "T" * 201)),
        "threads[0] (KLI-1): 'title' is longer than 200 characters",
    ),
    "over-long statement": (
        mutated(setter(["indicators", 0, "statement"], "S" * 20_001)),
        "'statement' is longer than 20000 characters",
    ),
    "over-long label": (
        mutated(setter(["catalogue", "version"], "v" * 21)),
        "catalogue: 'version' is longer than 20 characters",
    ),
    "order out of range": (
        mutated(setter(["threads", 1, "order"], 10**12)),
        "'order' 1000000000000 must be from 0 to 32767",
    ),
    "negative order": (mutated(setter(["indicators", 3, "order"], -1)), "must be from 0 to"),
    "minimum out of range": (
        mutated(setter(["stages", 1, "requirements", 0, "minimum"], 2**40)),
        "requirements[0]: 'minimum'",
    ),
    "a number too long to read": (
        mutated(setter(["scale", 0, "level"], 0)).replace('"level": 0', '"level": ' + "9" * 5000),
        "not valid JSON",
    ),
    "NaN": (mutated(setter(["scale", 1, "level"], float("nan"))), "NaN is not a number"),
    "NUL in a statement": (
        mutated(setter(["indicators", 2, "statement"], "Audit\x00 agreed")),
        "indicators[2].statement: contains a NUL character",
    ),
    "NUL in a code": (mutated(setter(["threads", 0, "code"], "KLI-1\x00")), "NUL character"),
    "thread as a list": (
        mutated(setter(["indicators", 0, "thread"], ["LR-1"])),
        "'thread' must be text, not a list",
    ),
    "target as an object": (
        mutated(setter(["stages", 1, "requirements", 0, "target"], {"code": "KLI-1"})),
        "'target' must be text, not an object",
    ),
    "parent as a number": (mutated(setter(["threads", 6, "parent"], 1)), "'parent' must be"),
    "kind as a list": (mutated(setter(["threads", 0, "kind"], ["x"])), "'kind' must be text"),
    "supports as text": (mutated(setter(["threads", 0, "supports"], "LR-1")), "must be a list"),
    "supports holding a list": (
        mutated(setter(["threads", 0, "supports"], [["LR-1"]])),
        "'supports'[0] must be a code",
    ),
    "level as text": (mutated(setter(["scale", 0, "level"], "0")), "'level' must be a whole"),
    "level as true": (mutated(setter(["scale", 0, "level"], True)), "not true/false"),
    "version label as an object": (
        mutated(setter(["catalogue", "version"], {"major": 2})),
        "catalogue: 'version' must be text or a whole number, not an object",
    ),
    "version label as a list": (
        mutated(setter(["catalogue", "version"], ["2"])),
        "catalogue: 'version' must be",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_hostile_file_gives_one_line_error_and_changes_nothing(catalogue, tmp_path, case):
    text, message = CASES[case]
    path = tmp_path / "hostile.json"
    path.write_text(text, encoding="utf-8")
    before = counts()
    with pytest.raises(CommandError) as raised:
        call_command("import_catalogue", str(path), stdout=io.StringIO())
    error = str(raised.value)
    assert message in error, error
    assert "\n" not in error and len(error) < 300 and str(path) in error
    assert counts() == before


def test_a_whole_number_version_label_is_still_accepted():
    data = json.loads(json.dumps(ORIGINAL))
    data["catalogue"]["version"] = 2
    assert validate_catalogue_data(data)["catalogue"]["version"] == "2"


# --------------------------------------------------------------------------------- hypothesis

NASTY_TEXT = st.one_of(
    st.text(max_size=30),
    st.text(alphabet=st.sampled_from("\x00\v\f\x1b\ud7ffé😀-."), max_size=30),
    st.integers(min_value=1, max_value=5).map(lambda n: "x" * (10 ** (n + 1))),
)
JSON_LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    NASTY_TEXT,
)
JSON_VALUES = st.recursive(
    JSON_LEAVES,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _paths(item, (*prefix, i))


ALL_PATHS = [p for p in _paths(ORIGINAL) if p]


@st.composite
def malformed_files(draw) -> str:
    """The bundled catalogue with one to three values replaced by anything JSON can hold, or a
    deeply nested value, or the text cut short."""
    data = json.loads(json.dumps(ORIGINAL))
    data["catalogue"]["version"] = "9.9"
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(ALL_PATHS))
        value = draw(
            st.one_of(
                JSON_VALUES,
                st.integers(1, 200).map(lambda n: json.loads("[" * n + "]" * n)),
            )
        )
        # An earlier replacement may have removed this place.
        with contextlib.suppress(KeyError, IndexError, TypeError):
            setter(path, value)(data)
    text = json.dumps(data, allow_nan=True)
    if draw(st.booleans()) and draw(st.booleans()):
        text = text[: draw(st.integers(0, len(text)))]
    return text


def _one_line(error: Exception) -> bool:
    return "\n" not in str(error) and 0 < len(str(error)) < 400


@given(malformed_files())
@settings(max_examples=150, deadline=None)
def test_any_malformed_file_is_checked_or_refused_in_one_line(text):
    try:
        validate_catalogue_data(parse_catalogue_text(text))
    except CatalogueFileError as error:
        assert _one_line(error), str(error)


class _Rollback(Exception):
    pass


@pytest.mark.django_db
@given(text=malformed_files())
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_a_malformed_file_never_half_loads(catalogue, text):
    before = counts()
    try:
        with transaction.atomic():
            try:
                import_catalogue(parse_catalogue_text(text))
            except CatalogueFileError as error:
                assert _one_line(error)
                assert counts() == before
            raise _Rollback
    except _Rollback:
        pass
    assert counts() == before


def test_a_key_with_a_line_break_is_quoted_on_one_line(catalogue, tmp_path):
    path = tmp_path / "hostile.json"
    path.write_text('{"catalogue": {"\\n": "\\u0000"}}', encoding="utf-8")
    with pytest.raises(CommandError) as raised:
        call_command("import_catalogue", str(path))
    assert _one_line(raised.value)
    assert "\\n" in str(raised.value)
