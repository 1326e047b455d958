"""From a gap to practice to an action: the action plan links each gap to the published examples
for its indicator, and an example goes into the plan as an action, once per partnership."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.template import Context, Template
from django.urls import reverse

from assessments.models import Action, AgreedRating
from practice import selectors, services
from practice.models import Adoption, Example
from tests.factories import AssessmentFactory, ExampleFactory, MembershipFactory


@pytest.fixture
def example(catalogue):
    example = ExampleFactory(state="published", title="Three tiers")
    example.indicators.set([catalogue.indicators.get(code="LR-1.2")])
    return example


def test_officer_goes_from_a_gap_to_an_example_and_into_the_plan(client, demo, catalogue):
    """Given the demo, when ``officer`` follows the "1 example" link of the LR-4.4 gap in the
    action plan and uses the example, then the plan holds an action for LR-4.4 linked to it,
    the suggestion is gone and the example says it is in the plan."""
    client.force_login(get_user_model().objects.get(username="officer"))
    plan = reverse("assessments:action_plan", kwargs={"slug": "east-ayrshire"})
    page = client.get(plan).content.decode()
    link = re.search(r'href="(/practice/\?indicator=LR-4\.4)">(\d+) examples?', page)
    assert link, "the LR-4.4 gap links to its examples"
    counts = selectors.published_counts(["LR-4.4"])
    assert int(link.group(2)) == counts["LR-4.4"]

    library = client.get(link.group(1)).content.decode()
    example = Example.objects.get(title="From the audit to a programme of action with named leads")
    assert example.get_absolute_url() in library

    page = client.get(example.get_absolute_url()).content.decode()
    assert "Use this in our action plan" in page
    assert 'value="east-ayrshire:LR-4.4"' in page
    response = client.post(
        reverse("practice:example_adopt", kwargs={"pk": example.pk}),
        {"choice": "east-ayrshire:LR-4.4"},
    )
    assert response.status_code == 302 and response.url == plan

    adoption = Adoption.objects.get(example=example, partnership=demo["east-ayrshire"])
    action = adoption.action
    assert action.partnership == demo["east-ayrshire"]
    assert action.indicator.code == "LR-4.4" and action.recommendation.code == "LR-4"
    assert action.status == Action.Status.PLANNED
    assert "From the audit" in action.title
    page = client.get(plan).content.decode()
    assert action.title in page
    assert 'name="indicator" value="LR-4.4"' not in page, "the gap is planned now"
    page = client.get(example.get_absolute_url()).content.decode()
    assert "Use this in our action plan" not in page
    assert f"In {demo['east-ayrshire'].name}’s action plan since" in page

    again = client.post(
        reverse("practice:example_adopt", kwargs={"pk": example.pk}),
        {"choice": "east-ayrshire:LR-4.4"},
    )
    assert again.status_code == 302
    assert Adoption.objects.filter(example=example).count() == 1
    assert Action.objects.filter(adoption__example=example).count() == 1


def test_never_twice_for_the_same_partnership_and_example(example):
    coordinator = MembershipFactory(role="coordinator")
    services.example_adopt(
        example=example,
        partnership=coordinator.partnership,
        indicator_code="LR-1.2",
        by=coordinator.user,
    )
    with pytest.raises(ValidationError) as error:
        services.example_adopt(
            example=example,
            partnership=coordinator.partnership,
            indicator_code="LR-1.2",
            by=coordinator.user,
        )
    assert error.value.messages == [
        services.ALREADY_ADOPTED.format(partnership=coordinator.partnership)
    ]
    assert Action.objects.filter(partnership=coordinator.partnership).count() == 1
    # Another partnership may still adopt it.
    other = MembershipFactory(role="coordinator")
    services.example_adopt(
        example=example, partnership=other.partnership, indicator_code="LR-1.2", by=other.user
    )
    assert example.adoptions.count() == 2


def test_only_a_coordinator_of_a_partnership_it_is_relevant_to(example, catalogue):
    coordinator = MembershipFactory(role="coordinator")
    partnership = coordinator.partnership
    viewer = MembershipFactory(partnership=partnership, role="viewer").user
    with pytest.raises(PermissionDenied):
        services.example_adopt(
            example=example, partnership=partnership, indicator_code="LR-1.2", by=viewer
        )
    with pytest.raises(ValidationError):  # an indicator the example does not address
        services.example_adopt(
            example=example,
            partnership=partnership,
            indicator_code="LR-4.1",
            by=coordinator.user,
        )
    # Already at the top of the scale on LR-1.2: nothing to raise, so not relevant.
    assessment = AssessmentFactory(partnership=partnership, version=catalogue)
    AgreedRating.objects.create(
        assessment=assessment,
        indicator=catalogue.indicators.get(code="LR-1.2"),
        level=4,
        updated_by=coordinator.user,
    )
    assert selectors.adoptable(coordinator.user, example) == []
    with pytest.raises(ValidationError) as error:
        services.example_adopt(
            example=example, partnership=partnership, indicator_code="LR-1.2", by=coordinator.user
        )
    assert error.value.messages == [
        services.NOT_RELEVANT.format(code="LR-1.2", partnership=partnership)
    ]
    assert not Action.objects.filter(partnership=partnership).exists()


def test_a_viewer_cannot_adopt_through_the_view(client, example):
    viewer = MembershipFactory(role="viewer")
    client.force_login(viewer.user)
    response = client.post(
        reverse("practice:example_adopt", kwargs={"pk": example.pk}),
        {"choice": f"{viewer.partnership.slug}:LR-1.2"},
    )
    assert response.status_code == 403
    assert not Adoption.objects.exists()


def test_an_unpublished_example_is_not_adopted(catalogue):
    coordinator = MembershipFactory(role="coordinator")
    example = ExampleFactory(state="endorsed")
    example.indicators.set([catalogue.indicators.get(code="LR-1.2")])
    with pytest.raises(ValidationError):
        services.example_adopt(
            example=example,
            partnership=coordinator.partnership,
            indicator_code="LR-1.2",
            by=coordinator.user,
        )


def test_gap_link_tag(catalogue):
    example = ExampleFactory(state="published")
    example.indicators.set([catalogue.indicators.get(code="LR-4.1")])
    template = Template(
        "{% load practice %}{% practice_counts gaps as counts %}"
        "{% for g in gaps %}[{% gap_link counts g %}]{% endfor %}"
    )
    html = template.render(Context({"gaps": [{"indicator": "LR-4.1"}, {"indicator": "LR-8.1"}]}))
    assert 'href="/practice/?indicator=LR-4.1">1 example<' in html
    assert "[]" in html, "no link for a gap without examples"
