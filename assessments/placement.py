"""Plain-language reading of a stored result: why a partnership is at its stage, what is next.

Pure functions over the stored result dict (``scoring.Result.to_dict()``) and catalogue labels,
so the words always describe the numbers that were stored.

A requirement's ``reason`` is written "<what is missing> — <the report's words>" (for example
"no joint community safety audit is in use — the report found project work 'not yet built on
joint local audit' (3.1 (iii))"); :func:`reason_sentence` puts the numbers between the two parts.
Results stored before requirements had reasons read as before, without the report's words.
"""

DASH = " — "


def describe_requirement(req: dict, labels: dict[str, str]) -> str:
    target = req["target"]
    name = labels.get(target, "")
    what = f"{target} {name}".strip()
    if _is_indicator(target):
        return f"indicator {what} at level {req['minimum']} or above (now {req['actual']})"
    return f"{what} scoring {req['minimum']} or more (now {req['actual']})"


def _is_indicator(target: str) -> bool:
    return "." in target  # indicator codes are LR-n.m; thread codes have no dot


def reason_sentence(stage_code: str, req: dict, labels: dict[str, str]) -> str:
    """ "Not yet S3: no joint community safety audit is in use (LR-4.1 is at 1, needs 3) — the
    report found project work 'not yet built on joint local audit' (3.1 (iii))"."""
    target, actual, minimum = req["target"], req["actual"], req["minimum"]
    if _is_indicator(target):
        numbers = f"{target} is at {actual}, needs {minimum}"
    else:
        numbers = f"{target} scores {actual}, needs {minimum}"
    reason = (req.get("reason") or "").strip()
    if not reason:
        return f"Not yet {stage_code}: {describe_requirement(req, labels)}."
    missing, _, words = reason.partition(DASH)
    sentence = f"Not yet {stage_code}: {missing.strip()} ({numbers})"
    return f"{sentence}{DASH}{words.strip()}" if words.strip() else sentence


def placement(result: dict, labels: dict[str, str]) -> dict:
    """Sentences and lists explaining the stage, and the unmet requirements of the next one.

    Keys (plain strings and lists of strings):
    ``why``: one sentence on the stage; ``unmet`` / ``met``: each requirement of the next stage
    with its numbers; ``reasons``: for each unmet requirement, why the partnership is not yet at
    the next stage in the report's words (see :func:`reason_sentence`), critical indicator
    requirements first; ``next_stage``: the next stage's code, or "" at the top.
    """
    stage = result["stage"]
    next_stage = result.get("next_stage")
    if next_stage is None:
        return {
            "why": f"It meets every requirement of every stage up to {stage['code']}, "
            "the top of the development path.",
            "unmet": [],
            "met": [],
            "reasons": [],
            "next_stage": "",
        }
    unmet = [r for r in next_stage["requirements"] if not r["met"]]
    met = [r for r in next_stage["requirements"] if r["met"]]
    count = len(unmet)
    why = (
        f"It meets the requirements of {stage['code']} but not yet those of "
        f"{next_stage['code']}: {count} of {len(next_stage['requirements'])} "
        f"requirement{'s' if len(next_stage['requirements']) != 1 else ''} "
        f"{'is' if count == 1 else 'are'} not met."
    )
    critical_first = sorted(unmet, key=lambda r: not _is_indicator(r["target"]))
    return {
        "why": why,
        "unmet": [describe_requirement(r, labels) for r in unmet],
        "met": [describe_requirement(r, labels) for r in met],
        "reasons": [reason_sentence(next_stage["code"], r, labels) for r in critical_first],
        "next_stage": next_stage["code"],
    }
