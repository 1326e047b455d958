"""Writes to the scorecard, and the invariants the database keeps."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from scorecard import services
from scorecard.figures import Period
from scorecard.models import Actual, Measure, MeasureDefinition, Perspective
from tests.factories import ActualFactory, AgencyFactory, MeasureFactory, UserFactory
from tests.scorecard.conftest import TODAY


def test_the_library_and_perspectives_are_loaded(db):
    assert list(Perspective.objects.values_list("code", flat=True)) == [
        "outcomes",
        "partnership",
        "resources",
        "learning",
    ]
    codes = set(MeasureDefinition.objects.values_list("code", flat=True))
    assert {
        "CRIME-RATE",
        "FEAR-OF-CRIME",
        "REPEAT-VICTIMS",
        "DELIBERATE-FIRES",
        "ASB-CALLS",
    } <= codes
    assert {"ROAD-CASUALTIES", "PROJECTS-EVALUATED", "BUDGET-LINE"} <= codes


def _fields(**extra):
    return {
        "frequency": "year",
        "owner": None,
        "data_source": "",
        "priority": "",
        "evidences": "LR-8.1",
        "baseline_value": Decimal(40),
        "baseline_year": 2000,
        "baseline_quarter": 0,
        "target_value": Decimal(30),
        "target_year": 2005,
        "target_quarter": 0,
        **extra,
    }


def test_adopting_takes_code_name_and_unit_from_the_library(scorecard_world):
    partnership = scorecard_world["partnership"]
    definition = MeasureDefinition.objects.get(code="REPEAT-VICTIMS")
    measure = services.measure_create(
        partnership=partnership,
        fields=_fields(code="MINE", name="Renamed", unit="count"),
        adopted_from=definition,
    )
    assert (measure.code, measure.name, measure.unit) == (
        "REPEAT-VICTIMS",
        definition.name,
        "percent",
    )
    assert measure.data_source == definition.data_source
    with pytest.raises(ValidationError) as error:
        services.measure_create(partnership=partnership, fields=_fields(), adopted_from=definition)
    assert error.value.messages == [services.ALREADY_ADOPTED.format(code="REPEAT-VICTIMS")]


def test_an_own_measure_may_not_take_a_library_code_or_a_used_one(scorecard_world):
    partnership = scorecard_world["partnership"]
    own = {"name": "Own", "definition": "d", "unit": "count", "direction": "down"}
    own["perspective"] = Perspective.objects.first()
    with pytest.raises(ValidationError) as error:
        services.measure_create(partnership=partnership, fields=_fields(code="CRIME-RATE", **own))
    assert error.value.message_dict["code"] == [services.CODE_IN_LIBRARY.format(code="CRIME-RATE")]
    with pytest.raises(ValidationError) as error:
        services.measure_create(partnership=partnership, fields=_fields(code="CALLS", **own))
    assert error.value.message_dict["code"] == [services.CODE_TAKEN.format(code="CALLS")]


def test_an_owner_from_another_partnership_is_refused(scorecard_world):
    other = MeasureFactory()  # another partnership
    stranger = AgencyFactory(partnership=other.partnership)
    with pytest.raises(ValidationError) as error:
        services.measure_update(measure=scorecard_world["calls"], fields={"owner": stranger})
    assert error.value.message_dict["owner"] == [services.OWNER_ELSEWHERE]


def test_an_adopted_measure_keeps_the_library_fields_on_update(scorecard_world):
    fear = scorecard_world["fear"]
    services.measure_update(
        measure=fear, fields={"name": "Something else", "priority": "Feel safe"}
    )
    fear.refresh_from_db()
    assert fear.name == "Fear of crime" and fear.priority == "Feel safe"


def test_recording_a_figure_refuses_wrong_periods_and_asks_before_replacing(scorecard_world):
    calls, user = scorecard_world["calls"], scorecard_world["people"]["police"]
    record = lambda period, **kw: services.actual_record(  # noqa: E731
        measure=calls, period=period, value=Decimal(35), by=user, today=TODAY, **kw
    )
    with pytest.raises(ValidationError) as error:
        record(Period(2004, 2))
    assert error.value.message_dict["period"] == [services.WANTS_YEAR]
    with pytest.raises(ValidationError) as error:
        record(Period(2006))
    assert error.value.message_dict["period"] == [services.NOT_ENDED.format(period="2006/07")]
    actual, previous = record(Period(2004))
    assert previous is None and actual.entered_by == user
    with pytest.raises(ValidationError) as error:
        record(Period(2004))
    assert "There is already a figure for 2004/05 (35)" in error.value.message_dict["period"][0]
    actual, previous = services.actual_record(
        measure=calls, period=Period(2004), value=Decimal(33), by=user, replace=True, today=TODAY
    )
    assert previous == Decimal(35) and Actual.objects.get(pk=actual.pk).value == Decimal(33)


def test_a_quarterly_measure_takes_quarters_only(scorecard_world):
    calls = scorecard_world["calls"]
    calls.frequency = "quarter"
    calls.save()
    with pytest.raises(ValidationError) as error:
        services.actual_record(
            measure=calls, period=Period(2004), value=Decimal(1), by=None, today=TODAY
        )
    assert error.value.message_dict["period"] == [services.WANTS_QUARTER]


@pytest.mark.parametrize(
    ("changes", "constraint"),
    [
        ({"baseline_year": None}, "measure_baseline_complete"),
        ({"target_quarter": 5}, "measure_target_complete"),
        ({"target_year": 1999}, "measure_target_after_baseline"),
        ({"target_value": 45}, "measure_target_not_worse"),
        ({"unit": "furlongs"}, "measure_unit_valid"),
        ({"code": "lower-case"}, "measure_code_format"),
    ],
)
def test_the_database_keeps_a_measure_whole(scorecard_world, changes, constraint):
    measure = scorecard_world["calls"]
    for key, value in changes.items():
        setattr(measure, key, value)
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        measure.save()


def test_the_database_keeps_one_figure_per_period(scorecard_world):
    ActualFactory(measure=scorecard_world["calls"], year=2004)
    with pytest.raises(IntegrityError), transaction.atomic():
        ActualFactory(measure=scorecard_world["calls"], year=2004)
    with pytest.raises(IntegrityError), transaction.atomic():
        ActualFactory(measure=scorecard_world["calls"], year=2003, quarter=7)


def test_a_measure_with_figures_keeps_its_kind_of_period(scorecard_world):
    calls = scorecard_world["calls"]
    ActualFactory(measure=calls, year=2004)
    with pytest.raises(ValidationError) as error:
        services.measure_update(measure=calls, fields={"frequency": "quarter"})
    assert error.value.message_dict["frequency"] == [
        services.FREQUENCY_LOCKED.format(current="year")
    ]
    fear = scorecard_world["fear"]
    services.measure_update(measure=fear, fields={"frequency": "quarter"})
    assert Measure.objects.get(pk=fear.pk).frequency == "quarter"


def test_the_admin_lists_and_opens_the_library_and_measures(client, scorecard_world):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    fear = MeasureDefinition.objects.get(code="FEAR-OF-CRIME")
    for url in (
        reverse("admin:scorecard_perspective_changelist"),
        reverse("admin:scorecard_measuredefinition_changelist"),
        reverse("admin:scorecard_measuredefinition_change", args=[fear.pk]),
        reverse("admin:scorecard_measure_changelist"),
        reverse("admin:scorecard_measure_change", args=[scorecard_world["fear"].pk]),
    ):
        assert client.get(url).status_code == 200, url
    # An adopted definition's code, unit and direction are read-only.
    body = client.get(reverse("admin:scorecard_measuredefinition_change", args=[fear.pk]))
    assert 'name="code"' not in body.content.decode()
