"""``manage.py score`` on hostile input: every problem exits 2 with one line on stderr and nothing
on stdout; hypothesis generates the inputs."""

import io
import json
import sys

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db


def run(text: str, capsys) -> tuple[int, str, str]:
    out = io.StringIO()
    stdin = sys.stdin
    capsys.readouterr()
    try:
        sys.stdin = io.StringIO(text)
        call_command("score", input="-", stdout=out)
        code = 0
    except SystemExit as exit:
        code = exit.code
    finally:
        sys.stdin = stdin
    return code, out.getvalue(), capsys.readouterr().err


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"ratings": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
        ("[" * 100_000, "nested too deeply"),
        ('{"ratings": {"LR-1.1": [3]}}', "is not a level"),
        ('{"ratings": {"LR-1.1": {"level": 3}}}', "is not a level"),
        ('{"ratings": {"LR-1.1": "3"}}', "is not a level"),
        ('{"ratings": {"LR-1.1": true}}', "is not a level"),
        ('{"ratings": {"LR-1.1": 2.5}}', "is not a level"),
        ('{"ratings": {"LR-1.1": NaN}}', "not valid JSON"),
        ('{"ratings": {"LR-1.1": ' + "9" * 5000 + "}}", "not valid JSON"),
        ('{"ratings": {"LR-1.1\\u0000": 2}}', "unknown indicator"),
        ('{"ratings": []}', "must be an object"),
    ],
)
def test_hostile_input_exits_2_with_one_line(catalogue, capsys, text, message):
    code, out, err = run(text, capsys)
    assert code == 2 and out == ""
    assert message in err and err.count("\n") == 1, err


JSON_LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False),
    st.text(max_size=12),
)
JSON_VALUES = st.recursive(
    JSON_LEAVES,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)
CODES = st.one_of(
    st.sampled_from(["LR-1.1", "LR-4.2", "LR-8.1", "KLI-1", "LR-99.1"]), st.text(max_size=8)
)
LEVELS = st.one_of(st.integers(-2, 6), st.none(), JSON_VALUES)


@st.composite
def score_inputs(draw) -> str:
    kind = draw(st.sampled_from(["ratings", "anything", "deep", "cut"]))
    if kind == "ratings":
        return json.dumps({"ratings": draw(st.dictionaries(CODES, LEVELS, max_size=6))})
    if kind == "anything":
        return json.dumps(draw(JSON_VALUES))
    if kind == "deep":
        depth = draw(st.integers(1, 5000))
        return '{"ratings": {"LR-1.1": ' + "[" * depth + "]" * depth + "}}"
    text = json.dumps({"ratings": draw(st.dictionaries(CODES, LEVELS, max_size=4))})
    return text[: draw(st.integers(0, len(text)))]


@given(text=score_inputs())
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_any_input_scores_or_exits_2_with_one_line(catalogue, capsys, text):
    code, out, err = run(text, capsys)
    if code == 0:
        assert set(json.loads(out)) == {
            "stage",
            "key_issues",
            "recommendations",
            "unanswered",
            "next_stage",
        }
        assert err == ""
    else:
        assert code == 2 and out == "" and err.count("\n") == 1 and err.startswith("error: ")
