"""Plain-language reading of a stored result: why a partnership is at its stage, what is next.

Pure functions over the stored result dict (``scoring.Result.to_dict()``) and catalogue labels,
so the words always describe the numbers that were stored.
"""


def describe_requirement(req: dict, labels: dict[str, str]) -> str:
    target = req["target"]
    name = labels.get(target, "")
    what = f"{target} {name}".strip()
    if "." in target:  # indicator codes are LR-n.m; thread codes have no dot
        return f"indicator {what} at level {req['minimum']} or above (now {req['actual']})"
    return f"{what} scoring {req['minimum']} or more (now {req['actual']})"


def placement(result: dict, labels: dict[str, str]) -> dict:
    """Sentences and lists explaining the stage, and the unmet requirements of the next one."""
    stage = result["stage"]
    next_stage = result.get("next_stage")
    if next_stage is None:
        return {
            "why": f"It meets every requirement of every stage up to {stage['code']}, "
            "the top of the development path.",
            "unmet": [],
            "met": [],
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
    return {
        "why": why,
        "unmet": [describe_requirement(r, labels) for r in unmet],
        "met": [describe_requirement(r, labels) for r in met],
    }
