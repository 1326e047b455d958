from django.contrib.auth import get_user_model

from practice.demo_seed import seed_practice
from practice.models import Example
from practice.rules import is_practice_editor


def test_demo_examples_and_editor(demo):
    states = {}
    for state in Example.objects.values_list("state", flat=True):
        states[state] = states.get(state, 0) + 1
    assert states == {"published": 12, "submitted": 1, "returned": 1}
    pathfinders = {"angus", "city-of-edinburgh", "east-dunbartonshire", "fife", "south-ayrshire"}
    published = Example.objects.filter(state="published")
    assert set(published.values_list("partnership__slug", flat=True)) == pathfinders
    assert published.filter(is_public=True).exists() and published.filter(is_public=False).exists()
    assert all(e.indicators.exists() for e in published)
    returned = Example.objects.get(state="returned")
    assert returned.transitions.last().comment, "returned with a comment"
    editor = get_user_model().objects.get(username="editor")
    assert editor.check_password("threads-demo")
    assert is_practice_editor(editor)
    seed_practice()  # again: refreshed, not duplicated
    assert Example.objects.count() == 14
