"""Chart.js configurations as plain data (rendered by static/js/threads.js from json_script).

Every chart is drawn beside a table holding the same numbers; the configs never carry meaning
by colour alone (series differ by dash pattern and point shape too).
"""

# GOV.UK palette colours with at least 3:1 contrast against white.
SERIES = [
    ("#1d70b8", "circle", []),
    ("#0b0c0c", "rect", [6, 4]),
    ("#d4351c", "triangle", [2, 3]),
    ("#00703c", "rectRot", [10, 3, 2, 3]),
    ("#4c2c92", "crossRot", [1, 2]),
    ("#b58840", "star", [8, 8]),
]


def score_bars(labels: list[str], scores: list[int], *, label: str) -> dict:
    """Horizontal bars on a fixed 0–100 axis."""
    return {
        "type": "bar",
        "data": {
            "labels": labels,
            "datasets": [
                {"label": label, "data": scores, "backgroundColor": SERIES[0][0], "borderWidth": 0}
            ],
        },
        "options": {
            "indexAxis": "y",
            "maintainAspectRatio": False,
            "scales": {"x": {"min": 0, "max": 100, "title": {"display": True, "text": label}}},
            "plugins": {"legend": {"display": False}},
        },
    }


def trend_lines(cycles: list[str], series: dict[str, list], *, y_title: str, y_max: int) -> dict:
    """One line per series across cycles; missing values leave gaps."""
    datasets = []
    for index, (name, values) in enumerate(series.items()):
        colour, point, dash = SERIES[index % len(SERIES)]
        datasets.append(
            {
                "label": name,
                "data": values,
                "borderColor": colour,
                "backgroundColor": colour,
                "pointStyle": point,
                "pointRadius": 5,
                "borderDash": dash,
                "spanGaps": False,
            }
        )
    return {
        "type": "line",
        "data": {"labels": cycles, "datasets": datasets},
        "options": {
            "maintainAspectRatio": False,
            "scales": {
                "y": {
                    "min": 0,
                    "max": y_max,
                    "ticks": {"stepSize": 1 if y_max < 10 else 10},
                    "title": {"display": True, "text": y_title},
                }
            },
        },
    }


def count_bars(labels: list[str], counts: list[int], *, label: str) -> dict:
    """Horizontal bars of whole-number counts."""
    config = score_bars(labels, counts, label=label)
    config["options"]["scales"] = {
        "x": {
            "min": 0,
            "ticks": {"precision": 0},
            "title": {"display": True, "text": label},
        }
    }
    return config
