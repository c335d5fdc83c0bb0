"""`POST auth/token/ {"username", "password"}` → `{"token": "..."}`."""

from axes.utils import reset_request
from drf_spectacular.utils import OpenApiExample, extend_schema, inline_serializer
from rest_framework import permissions, serializers
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.api.base import TokenThrottle


class TokenView(APIView):
    """Trade a username and password for the user's API token (one per user)."""

    authentication_classes = []
    permission_classes = [permissions.AllowAny]
    throttle_classes = [TokenThrottle]

    @extend_schema(
        summary="Get your API token",
        request=AuthTokenSerializer,
        responses={
            200: inline_serializer("Token", fields={"token": serializers.CharField()})
        },
        examples=[
            OpenApiExample(
                "Credentials",
                value={"username": "reviewer", "password": "secret"},
                request_only=True,
            ),
            OpenApiExample(
                "Your token",
                value={"token": "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b"},
                response_only=True,
            ),
        ],
        auth=[],
    )
    def post(self, request: Request) -> Response:
        # Django's own request: django-axes flags a locked-out address on the
        # request that authenticate() is given, and its middleware (which
        # sees only Django's request) then answers 429.
        credentials = AuthTokenSerializer(
            data=request.data, context={"request": request._request}
        )
        credentials.is_valid(raise_exception=True)
        # The right password clears the address's failed attempts, as a
        # sign-in on the page does (django-axes, AXES_RESET_ON_SUCCESS).
        reset_request(request._request)
        token, _ = Token.objects.get_or_create(user=credentials.validated_data["user"])
        return Response({"token": token.key})
