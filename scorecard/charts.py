"""A measure's trend as a Chart.js configuration (drawn by static/js/threads.js from
json_script), always beside a table with the same numbers.

The series never differ by colour alone: the figures are a solid line with round points, the
baseline a dotted line and the target a dashed line with triangles, each named in the legend.
"""

from scorecard.figures import Point

ACTUAL = ("#1d70b8", "circle", [])
BASELINE = ("#505a5f", "rect", [2, 3])
TARGET = ("#0b0c0c", "triangle", [8, 4])


def _dataset(label: str, data: list, style: tuple, *, points: bool = True) -> dict:
    colour, point, dash = style
    return {
        "label": label,
        "data": data,
        "borderColor": colour,
        "backgroundColor": colour,
        "pointStyle": point,
        "pointRadius": 4 if points else 0,
        "borderDash": dash,
        "spanGaps": False,
    }


def measure_trend(measure, points: list[Point]) -> dict:
    """The figures for ``points`` (oldest first), with the baseline and target as level lines."""
    labels = [p.period.label for p in points]
    datasets = [_dataset("Actual", [float(p.value) for p in points], ACTUAL)]
    if measure.baseline_value is not None:
        datasets.append(
            _dataset(
                f"Baseline ({measure.baseline_period})",
                [float(measure.baseline_value)] * len(points),
                BASELINE,
                points=False,
            )
        )
    if measure.target_value is not None:
        datasets.append(
            _dataset(
                f"Target by {measure.target_period}",
                [float(measure.target_value)] * len(points),
                TARGET,
                points=False,
            )
        )
    y_axis = {"beginAtZero": True, "title": {"display": True, "text": measure.get_unit_display()}}
    if measure.unit == "percent":
        y_axis["max"] = 100
    return {
        "type": "line",
        "data": {"labels": labels, "datasets": datasets},
        "options": {
            "maintainAspectRatio": False,
            "scales": {"y": y_axis},
            "plugins": {"legend": {"labels": {"usePointStyle": True}}},
        },
    }
