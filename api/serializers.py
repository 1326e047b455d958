"""What the API returns. Results are read from the stored scoring output of each approved
assessment (``Assessment.result``, exactly as scored), never recomputed."""

from decimal import Decimal
from functools import cached_property

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from assessments.models import Cycle, ResultSnapshot
from partnerships.models import Partnership
from scorecard.selectors import judge_measure, latest_point


class PartnershipSerializer(serializers.ModelSerializer):
    class Meta:
        model = Partnership
        fields = ["slug", "name", "local_authority"]


class CycleSerializer(serializers.ModelSerializer):
    deadline = serializers.DateField(
        allow_null=True, help_text="The response deadline, when one is set."
    )

    class Meta:
        model = Cycle
        fields = ["name", "opens_on", "closes_on", "deadline"]


class StageSerializer(serializers.Serializer):
    code = serializers.CharField()
    order = serializers.IntegerField()
    name = serializers.CharField()


class ScoreSerializer(serializers.Serializer):
    score = serializers.IntegerField(allow_null=True, help_text="0–100; null when unanswered.")


class GapSerializer(serializers.Serializer):
    indicator = serializers.CharField()
    current = serializers.IntegerField(allow_null=True)
    required = serializers.IntegerField()
    recommendations = serializers.ListField(child=serializers.CharField())


class NextStageSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField(required=False)
    gaps = GapSerializer(many=True)


class ResultSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(source="assessment_id", help_text="The assessment's id.")
    partnership = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    partnership_name = serializers.CharField()
    cycle = serializers.SlugRelatedField(slug_field="name", read_only=True)
    catalogue_version = serializers.CharField(source="assessment.version.version")
    approved_at = serializers.DateTimeField(source="assessment.approved_at", allow_null=True)
    stage = serializers.SerializerMethodField()
    key_issues = serializers.SerializerMethodField()
    recommendations = serializers.SerializerMethodField()
    unanswered = serializers.SerializerMethodField()
    next_stage = serializers.SerializerMethodField()

    class Meta:
        model = ResultSnapshot
        fields = [
            "id",
            "partnership",
            "partnership_name",
            "cycle",
            "catalogue_version",
            "approved_at",
            "stage",
            "key_issues",
            "recommendations",
            "unanswered",
            "next_stage",
        ]

    # The fields above describe the schema. A result is a row of ``api.access.RESULT_VALUES``,
    # written out in one pass (fifty per page), without a model instance or a field object per
    # value.
    def to_representation(self, row) -> dict:
        return {
            "id": row["assessment_id"],
            "partnership": row["slug"],
            "partnership_name": row["partnership_name"],
            "cycle": row["cycle_name"],
            "catalogue_version": row["catalogue_version"],
            "approved_at": self._moment(row["approved_at"]),
            "stage": self.get_stage(row),
            "key_issues": self.get_key_issues(row),
            "recommendations": self.get_recommendations(row),
            "unanswered": self.get_unanswered(row),
            "next_stage": self.get_next_stage(row),
        }

    @cached_property
    def _timezone(self):
        return timezone.get_current_timezone()

    def _moment(self, value) -> str | None:
        """As DRF's ``DateTimeField`` writes it (ISO 8601 in the current time zone, "Z" for
        UTC), with the time zone looked up once per response instead of once per result."""
        if value is None:
            return None
        text = value.astimezone(self._timezone).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    @extend_schema_field(StageSerializer)
    def get_stage(self, row) -> dict:
        stage = row["result"]["stage"]
        return {"code": stage["code"], "order": stage["order"], "name": stage["name"]}

    @extend_schema_field(serializers.DictField(child=ScoreSerializer()))
    def get_key_issues(self, row) -> dict:
        return _scores(row["result"].get("key_issues", {}))

    @extend_schema_field(serializers.DictField(child=ScoreSerializer()))
    def get_recommendations(self, row) -> dict:
        return _scores(row["result"].get("recommendations", {}))

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_unanswered(self, row) -> list:
        return list(row["result"].get("unanswered", []))

    @extend_schema_field(NextStageSerializer(allow_null=True))
    def get_next_stage(self, row) -> dict | None:
        nxt = row["result"].get("next_stage")
        if not nxt:
            return None
        return {
            "code": nxt["code"],
            **({"name": nxt["name"]} if "name" in nxt else {}),
            "gaps": [
                {
                    "indicator": g["indicator"],
                    "current": g.get("current"),
                    "required": g["required"],
                    "recommendations": list(g.get("recommendations", [])),
                }
                for g in nxt.get("gaps", [])
            ],
        }


def _scores(scored: dict) -> dict:
    return {code: {"score": v.get("score")} for code, v in scored.items()}


CENTS = Decimal("0.01")


class FigureSerializer(serializers.Serializer):
    value = serializers.DecimalField(max_digits=14, decimal_places=2)
    period = serializers.CharField(help_text='A financial year ("2003/04") or a quarter.')


class MeasureSerializer(serializers.Serializer):
    """An adopted scorecard measure: the library code it shares with other partnerships, its
    baseline, target and latest figure, and its status (computed, as on the scorecard page)."""

    partnership = serializers.CharField(source="partnership.slug")
    code = serializers.CharField()
    name = serializers.CharField()
    unit = serializers.CharField()
    direction = serializers.CharField(help_text='"up" or "down": which way is better.')
    baseline = serializers.SerializerMethodField()
    target = serializers.SerializerMethodField()
    latest = serializers.SerializerMethodField()
    status = serializers.SerializerMethodField()

    @staticmethod
    def _figure(point) -> dict | None:
        if point is None or point.value is None:
            return None
        value = Decimal(point.value).quantize(CENTS)  # as stored: two decimal places
        return {"value": str(value), "period": point.period.label}

    @extend_schema_field(FigureSerializer(allow_null=True))
    def get_baseline(self, measure) -> dict | None:
        return self._figure(measure.baseline)

    @extend_schema_field(FigureSerializer(allow_null=True))
    def get_target(self, measure) -> dict | None:
        return self._figure(measure.target)

    @extend_schema_field(FigureSerializer(allow_null=True))
    def get_latest(self, measure) -> dict | None:
        return self._figure(latest_point(measure))

    def get_status(self, measure) -> str:
        """ "on_track", "not_on_track" or "no_recent_data"."""
        return judge_measure(measure, latest_point(measure), timezone.localdate()).status
