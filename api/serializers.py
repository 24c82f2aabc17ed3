"""What each API answer holds: used to document the answers in the OpenAPI schema."""

from rest_framework import serializers


class ScopeSerializer(serializers.Serializer):
    scope = serializers.CharField(help_text="'service', 'area:<id>' or 'team:<id>'.")
    name = serializers.CharField()
    area = serializers.CharField(allow_null=True, help_text="A team's service area.")


class KpiDefinitionSerializer(serializers.Serializer):
    code = serializers.CharField()
    group = serializers.CharField(help_text="audit, voice or practice.")
    title = serializers.CharField()
    definition = serializers.CharField()
    unit = serializers.CharField()
    higher_is_better = serializers.BooleanField()
    frequency = serializers.CharField()
    source = serializers.CharField()
    national_measure = serializers.CharField()
    target = serializers.DecimalField(max_digits=12, decimal_places=1, allow_null=True)
    green_from = serializers.DecimalField(max_digits=12, decimal_places=1, allow_null=True)
    amber_from = serializers.DecimalField(max_digits=12, decimal_places=1, allow_null=True)


class KpiSnapshotSerializer(serializers.Serializer):
    code = serializers.CharField()
    period = serializers.CharField(help_text="YYYY-MM.")
    scope = serializers.CharField()
    numerator = serializers.IntegerField(allow_null=True, help_text="Null when suppressed.")
    denominator = serializers.IntegerField(allow_null=True)
    value = serializers.DecimalField(max_digits=12, decimal_places=1, allow_null=True)
    suppressed = serializers.BooleanField(help_text="A count under 10 was withheld.")
    computed_at = serializers.DateTimeField()


class GradeCountsSerializer(serializers.Serializer):
    month = serializers.CharField()
    scope = serializers.CharField()
    team = serializers.CharField(required=False, help_text="With group_by=team.")
    domain = serializers.CharField(required=False, help_text="With group_by=domain.")
    outstanding = serializers.IntegerField(allow_null=True)
    good = serializers.IntegerField(allow_null=True)
    requires_improvement = serializers.IntegerField(allow_null=True)
    inadequate = serializers.IntegerField(allow_null=True)
    total = serializers.IntegerField(allow_null=True)
    suppressed = serializers.ListField(child=serializers.CharField())


class ThemeCountsSerializer(serializers.Serializer):
    theme = serializers.CharField()
    title = serializers.CharField()
    positive = serializers.IntegerField(allow_null=True)
    neutral = serializers.IntegerField(allow_null=True)
    negative = serializers.IntegerField(allow_null=True)
    total = serializers.IntegerField(allow_null=True)
    suppressed = serializers.ListField(child=serializers.CharField())


class VoiceSerializer(serializers.Serializer):
    period = serializers.CharField()
    scope = serializers.CharField()
    responses = serializers.IntegerField(allow_null=True)
    responses_suppressed = serializers.BooleanField()
    themes = ThemeCountsSerializer(many=True)
