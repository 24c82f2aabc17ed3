"""The read-only JSON API for the council's BI tools (``/api/v1/``), on Django REST framework.

Every endpoint needs a token (``Authorization: Bearer <token>``), answers GET only, gives
aggregates only (never a child, a case, a person or anyone's words), withholds small numbers and
pages its lists. A period or scope it cannot answer for is a 400 that says what to send.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from drf_spectacular.views import SpectacularAPIView
from rest_framework import exceptions
from rest_framework.generics import GenericAPIView
from rest_framework.pagination import PageNumberPagination
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.reverse import reverse

from . import schema, selectors, serializers  # noqa: F401 - schema describes the token
from .authentication import ApiTokenAuthentication, HasApiToken

PERIOD = OpenApiParameter(
    "period",
    OpenApiTypes.STR,
    description="The month, YYYY-MM (default: the last full month).",
)
SCOPE = OpenApiParameter(
    "scope",
    OpenApiTypes.STR,
    description="'service' (default), 'area:<id>' or 'team:<id>'; see /api/v1/scopes/.",
)
GROUP_BY = OpenApiParameter(
    "group_by",
    OpenApiTypes.STR,
    enum=["month", "team", "domain"],
    description="'month' (twelve months to the period, default), 'team' or 'domain'.",
)


class Pages(PageNumberPagination):
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500


class ApiView(GenericAPIView):
    authentication_classes = [ApiTokenAuthentication]
    permission_classes = [HasApiToken]
    renderer_classes = [JSONRenderer]
    pagination_class = Pages
    http_method_names = ["get", "head", "options"]

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        return response

    def query(self, request):
        """The period and scope asked for, or a 400 saying what is wrong."""
        try:
            period = selectors.parse_period(request.query_params.get("period"))
            scope = selectors.parse_scope(request.query_params.get("scope"))
        except selectors.BadQuery as problem:
            raise exceptions.ParseError(str(problem)) from None
        return period, scope

    def paged(self, rows):
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(page)


class ApiRoot(ApiView):
    """What the API offers."""

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        def link(name):
            return reverse(f"api:{name}", request=request)

        return Response(
            {
                "scopes": link("scopes"),
                "kpi_definitions": link("kpi_definitions"),
                "kpis": link("kpis"),
                "audit_outcomes": link("audit_outcomes"),
                "voice": link("voice"),
                "schema": link("schema"),
            }
        )


class ScopeList(ApiView):
    """The parts of the service figures are counted for."""

    serializer_class = serializers.ScopeSerializer

    def get(self, request):
        return self.paged(selectors.scopes())


class KpiDefinitionList(ApiView):
    """Every KPI: what it counts, its polarity, target and red/amber/green thresholds."""

    serializer_class = serializers.KpiDefinitionSerializer

    def get(self, request):
        rows = selectors.kpi_definitions()
        return self.paged(self.get_serializer(rows, many=True).data)


class KpiSnapshotList(ApiView):
    """Each KPI's figure for one month and one part of the service."""

    serializer_class = serializers.KpiSnapshotSerializer

    @extend_schema(parameters=[PERIOD, SCOPE])
    def get(self, request):
        period, scope = self.query(request)
        rows = selectors.kpi_snapshots(period, scope)
        return self.paged(self.get_serializer(rows, many=True).data)


class AuditOutcomeList(ApiView):
    """Audit outcomes counted by grade: by month, by team or by domain."""

    serializer_class = serializers.GradeCountsSerializer

    @extend_schema(parameters=[PERIOD, SCOPE, GROUP_BY])
    def get(self, request):
        period, scope = self.query(request)
        try:
            rows = selectors.audit_outcomes(
                period, scope, group_by=request.query_params.get("group_by", "month")
            )
        except selectors.BadQuery as problem:
            raise exceptions.ParseError(str(problem)) from None
        return self.paged(rows)


class VoiceSummary(ApiView):
    """The month's survey responses, and each theme's answers by sentiment."""

    serializer_class = serializers.VoiceSerializer

    @extend_schema(parameters=[PERIOD, SCOPE])
    def get(self, request):
        period, scope = self.query(request)
        return Response(selectors.voice(period, scope))


class Schema(SpectacularAPIView):
    """The OpenAPI description of this API (YAML, or JSON with ``?format=json``)."""

    authentication_classes = [ApiTokenAuthentication]
    permission_classes = [HasApiToken]

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        return response
