"""``manage.py score`` on the current catalogue (1.1): every critical requirement bites, and the
output says why in the report's words.

For each critical indicator requirement of a stage, the profile "everything at the top but this
one at the minimum" is placed below that stage, and the requirement appears in
``next_stage.requirements`` of the stage it blocks with its reason.
"""

import io
import json
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import call_command

from assessments.placement import placement
from threads.signals import BUNDLED_CATALOGUES

CATALOGUE_1_1 = json.loads(BUNDLED_CATALOGUES[1].read_text(encoding="utf-8"))
STAGE_ORDER = {stage["code"]: stage["order"] for stage in CATALOGUE_1_1["stages"]}
INDICATORS = [indicator["code"] for indicator in CATALOGUE_1_1["indicators"]]
CRITICAL = [
    pytest.param(stage["code"], req, id=f"{stage['code']}-{req['target']}")
    for stage in CATALOGUE_1_1["stages"]
    for req in stage["requirements"]
    if req["target"] in INDICATORS
]

# The report's paragraphs that reasons cite, word for word (seed report, December 2000).
REPORT = {
    "2.3": "the main challenge facing community safety working in Scotland is how to build and "
    "sustain local partnerships which are able to realise the potential to",
    "2.3 (i)": "prevent and reduce risks to community safety rather than controlling or managing "
    "present levels of crime, fear of crime and community risks",
    "2.3 (iv)": "invest resources to build and support partnership working and to deliver a "
    "planned community safety programme",
    "2.3 (vii)": "achieve and demonstrate sustained impact and improvements in local communities",
    "3.1 (ii)": "Partnerships are struggling at 2 stages; Into effective existence From reactive "
    "project work into planned, programmed preventative work",
    "3.1 (iii)": "An upsurge in project-based community safety activity in Scotland is evident but "
    "in most instances is not yet: Built on joint local audit or joint local planned action "
    "Connected to mainstream service delivery Accessing regular, recurring resources",
    "3.1 (iv)": "Under-investment in establishing and sustaining a local platform for partnership, "
    "particularly in the following areas; Partnership building Information sharing Joint "
    "auditing and planning Communication within or between partners at all levels Core "
    "development funding Monitoring and evaluating performance and impact",
    "3.2 (i)": "Build a platform for partnership by investing time and energy in building the "
    "capabilities and competencies of the partnership, and securing resources to provide staff "
    "and financial support for community safety.",
    "3.2 (ii)": "Plan preventative community safety by conducting a community safety audit and "
    "jointly planning community safety priorities.",
    "3.2 (iii)": "Communicate the community safety message within and between partners by joint "
    "training and setting up local operational networks.",
    "3.2 (iv)": "Mainstream community safety by integrating it into community planning, best "
    "value, service planning and service delivery for all partners.",
    "3.2 (v)": "Evaluate the partnership's work by applying the Audit Scotland (Safe and Sound, "
    "2000) Balanced Scorecard and measuring performance and impact.",
    "5.1": "some are struggling into existence, finding it difficult to move beyond discussion "
    "and harness the most meagre resources for community safety development",
    "5.4": "The strategic level partners should commit management into the process, establish "
    "clear accountability and responsibility for community safety partnership work within their "
    "own organisations and ensure that those tasked with those responsibilities have the time "
    "and resources to deliver. This group will also be expected further to strengthen the "
    "partnership by determining how to ensure long term, strategic resource issues; assessing "
    "methods of undertaking a reasonable, reliable and robust analysis of local community "
    "safety problems",
}
QUOTE = re.compile(r"(?:^|(?<=[\s(]))'(.+?)'(?=[\s),.;]|$)")
CITATION = re.compile(r"\((\d\.\d(?: \([ivx]+\))?)\)$")


def plain(text: str) -> str:
    return " ".join(re.sub(r"[:;]", " ", text.lower()).split())


def run_score(ratings: dict) -> dict:
    out, stdin = io.StringIO(), sys.stdin
    try:
        sys.stdin = io.StringIO(json.dumps({"ratings": ratings}))
        call_command("score", input="-", stdout=out)
    finally:
        sys.stdin = stdin
    return json.loads(out.getvalue())


@pytest.mark.parametrize(("stage", "requirement"), CRITICAL)
def test_everything_at_the_top_but_a_critical_indicator_is_below_its_stage(
    catalogue, stage, requirement
):
    assert catalogue.version == "1.1"
    target = requirement["target"]
    data = run_score({**dict.fromkeys(INDICATORS, 4), target: 0})
    assert data["stage"]["order"] < STAGE_ORDER[stage]
    assert data["next_stage"]["code"] == stage  # every other condition is met
    (unmet,) = [r for r in data["next_stage"]["requirements"] if not r["met"]]
    assert unmet == {
        "target": target,
        "minimum": requirement["minimum"],
        "actual": 0,
        "met": False,
        "reason": requirement["reason"],
    }
    (why,) = placement(data, {})["reasons"]
    missing = requirement["reason"].split(" — ")[0]
    assert why.startswith(f"Not yet {stage}: {missing} ({target} is at 0, needs ")


@pytest.mark.parametrize(
    "requirement",
    [
        pytest.param(r, id=f"{s['code']}-{r['target']}")
        for s in CATALOGUE_1_1["stages"]
        for r in s["requirements"]
    ],
)
def test_every_reason_quotes_the_paragraph_it_cites(requirement):
    reason = requirement["reason"]
    missing, dash, words = reason.partition(" — ")
    assert missing and dash and words
    (cited,) = CITATION.findall(reason)
    quotes = QUOTE.findall(words)
    assert quotes, reason
    for quote in quotes:
        assert plain(quote) in plain(REPORT[cited]), (quote, cited)


def test_reasons_draw_on_the_paragraphs_that_define_the_stages():
    cited = {
        CITATION.findall(r["reason"])[0] for s in CATALOGUE_1_1["stages"] for r in s["requirements"]
    }
    for paragraph in ("3.1 (ii)", "3.1 (iii)", "3.1 (iv)", "5.1", "5.4"):
        assert paragraph in cited
    assert any(p.startswith("3.2") for p in cited)


def test_the_s3_audit_reason_reads_as_the_report_does(catalogue):
    data = run_score({**dict.fromkeys(INDICATORS, 4), "LR-4.1": 1})
    assert data["stage"]["code"] == "S2"
    assert placement(data, {})["reasons"] == [
        "Not yet S3: no joint community safety audit is in use (LR-4.1 is at 1, needs 3) — the "
        "report found project work 'not yet built on joint local audit' (3.1 (iii))"
    ]


@pytest.fixture(scope="module")
def score_env(tmp_path_factory) -> dict[str, str]:
    """A migrated SQLite database of this worker's own for ``manage.py score``."""
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "PATH": "/usr/bin:/bin",
        "DATABASE_URL": f"sqlite:///{tmp_path_factory.mktemp('score')}/score.sqlite3",
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"], cwd=settings.BASE_DIR, env=env, check=True
    )
    return env


def run_score_process(payload: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "score", "--input", "-"],
        input=payload,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        env=env,
        check=False,
    )


def test_score_command_contract(catalogue):
    from django.core.management import call_command

    out = io.StringIO()
    payload = io.StringIO(json.dumps({"ratings": {"LR-1.1": 4, "LR-1.2": 4}}))
    sys_stdin = sys.stdin
    try:
        sys.stdin = payload
        call_command("score", input="-", stdout=out)
    finally:
        sys.stdin = sys_stdin
    data = json.loads(out.getvalue())
    assert set(data) == {"stage", "key_issues", "recommendations", "unanswered", "next_stage"}
    assert data["stage"]["code"] == "S1" and set(data["stage"]) == {"code", "order", "name"}
    assert data["key_issues"]["KLI-1"]["score"] > 0
    assert "LR-1.1" not in data["unanswered"] and "LR-4.1" in data["unanswered"]
    assert data["next_stage"]["code"] == "S2"
    gap = data["next_stage"]["gaps"][0]
    assert {"indicator", "current", "required", "recommendations"} <= set(gap)


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ('{"ratings": {"LR-99.1": 2}}', "unknown indicator"),
        ('{"ratings": {"LR-1.1": 7}}', "level out of range"),
        ("not json", "not valid JSON"),
    ],
)
def test_score_command_errors_exit_2(score_env, payload, message):
    result = run_score_process(payload, score_env)
    assert result.returncode == 2
    assert result.stdout == ""
    assert message in result.stderr and result.stderr.count("\n") == 1
