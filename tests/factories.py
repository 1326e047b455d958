import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from partnerships.models import Agency, Membership, Partnership
from scorecard.models import Perspective
from threads.models import CatalogueVersion


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("threads-demo")


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Partnership {n}")
    slug = factory.Sequence(lambda n: f"partnership-{n}")
    local_authority = factory.LazyAttribute(lambda p: p.name)


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    partnership = factory.SubFactory(PartnershipFactory)
    name = factory.Sequence(lambda n: f"Agency {n}")
    kind = Agency.Kind.POLICE


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    partnership = factory.SubFactory(PartnershipFactory)
    role = Membership.Role.VIEWER
    agency = factory.Maybe(
        factory.LazyAttribute(lambda m: m.role == Membership.Role.RESPONDENT),
        yes_declaration=factory.SubFactory(
            AgencyFactory, partnership=factory.SelfAttribute("..partnership")
        ),
        no_declaration=None,
    )


class CycleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "assessments.Cycle"
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"{2000 + n}/{(n + 1) % 100:02d}")
    opens_on = factory.LazyAttribute(lambda c: datetime.date(int(c.name[:4]), 4, 1))
    closes_on = factory.LazyAttribute(lambda c: datetime.date(int(c.name[:4]) + 1, 3, 31))


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "assessments.Assessment"

    partnership = factory.SubFactory(PartnershipFactory)
    cycle = factory.SubFactory(CycleFactory)
    version = factory.LazyFunction(lambda: CatalogueVersion.objects.get(is_current=True))


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "assessments.Evidence"

    assessment = factory.SubFactory(AssessmentFactory)
    indicator = factory.LazyAttribute(lambda e: e.assessment.version.indicators.first())
    file = factory.django.FileField(filename="audit.pdf", data=b"%PDF-1.4 test")
    name = "audit.pdf"
    content_type = "application/pdf"
    size = 13
    uploaded_by = factory.SubFactory(UserFactory)


class ExampleFactory(factory.django.DjangoModelFactory):
    """An example of credible practice; ``state="published"`` gets a publication date."""

    class Meta:
        model = "practice.Example"

    partnership = factory.SubFactory(PartnershipFactory)
    title = factory.Sequence(lambda n: f"Example {n}")
    summary = "What a reader will learn."
    problem = "What was missing."
    what_was_done = "What the partners did."
    by_whom = "The council and the police."
    created_by = factory.SubFactory(UserFactory)
    state = "draft"
    published_at = factory.LazyAttribute(
        lambda e: timezone.now() if e.state == "published" else None
    )


class AttachmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "practice.Attachment"

    example = factory.SubFactory(ExampleFactory)
    file = factory.django.FileField(filename="protocol.pdf", data=b"%PDF-1.4 protocol")
    name = "protocol.pdf"
    content_type = "application/pdf"
    size = 17
    uploaded_by = factory.SubFactory(UserFactory)


class MeasureFactory(factory.django.DjangoModelFactory):
    """A partnership's own measure, yearly, lower is better, baseline 40 in 2000/01 and target 20
    by 2010/11 unless told otherwise."""

    class Meta:
        model = "scorecard.Measure"

    partnership = factory.SubFactory(PartnershipFactory)
    code = factory.Sequence(lambda n: f"OWN-{n}")
    name = factory.Sequence(lambda n: f"Measure {n}")
    definition = "What is counted."
    unit = "percent"
    direction = "down"
    perspective = factory.LazyFunction(lambda: Perspective.objects.order_by("order").first())
    frequency = "year"
    baseline_value = 40
    baseline_year = 2000
    baseline_quarter = 0
    target_value = 20
    target_year = 2010
    target_quarter = 0


class ActualFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "scorecard.Actual"

    measure = factory.SubFactory(MeasureFactory)
    year = 2005
    quarter = 0
    value = 30
