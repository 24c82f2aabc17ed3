"""Token authentication for the API: ``Authorization: Bearer <token>``.

No token, an unknown one or a revoked one is refused with 401. Signed-in sessions do not open the
API: a BI tool always names itself by its token."""

from rest_framework import authentication, exceptions, permissions

from .models import ApiToken
from .services import api_token_mark_used, token_hash

KEYWORD = "Bearer"


class ApiClient:
    """Who is reading the API: a BI tool, known by its token's name. Not a person."""

    is_authenticated = True
    is_anonymous = False

    def __init__(self, token: ApiToken):
        self.token = token

    def __str__(self) -> str:
        return self.token.name


class ApiTokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].decode("latin-1").lower() != KEYWORD.lower():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                "Send the token as 'Authorization: Bearer <token>'."
            )
        try:
            raw = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed("That token is not valid.") from None
        token = ApiToken.objects.filter(token_hash=token_hash(raw)).first()
        if token is None:
            raise exceptions.AuthenticationFailed("That token is not valid.")
        if token.is_revoked:
            raise exceptions.AuthenticationFailed("That token has been revoked.")
        api_token_mark_used(token=token)
        return ApiClient(token), token

    def authenticate_header(self, request) -> str:
        return f'{KEYWORD} realm="api"'


class HasApiToken(permissions.BasePermission):
    message = "Send a token: 'Authorization: Bearer <token>'. A QA officer can make one."

    def has_permission(self, request, view) -> bool:
        return isinstance(request.auth, ApiToken)
