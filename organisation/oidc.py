"""Single sign-on by OpenID Connect: only people the service already knows, matched by email or
by the provider's object ID, and only while their account is active."""

from django.conf import settings
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from .models import StaffRecord


class CouncilOIDCBackend(OIDCAuthenticationBackend):
    def filter_users_by_claims(self, claims):
        users = self.UserModel.objects.filter(is_active=True)
        if settings.OIDC_MATCH_BY == "object_id":
            object_id = claims.get("oid") or claims.get("sub")
            if not object_id:
                return users.none()
            return users.filter(staff_record__sso_object_id=object_id)
        email = claims.get("email") or claims.get("preferred_username") or ""
        if "@" not in email:
            return users.none()
        return users.filter(email__iexact=email)

    def verify_claims(self, claims):
        if settings.OIDC_MATCH_BY == "object_id":
            return bool(claims.get("oid") or claims.get("sub"))
        return bool(claims.get("email") or claims.get("preferred_username"))

    def update_user(self, user, claims):
        """Remember the object ID the first time someone signs in by email."""
        object_id = claims.get("oid")
        if object_id:
            StaffRecord.objects.filter(user=user, sso_object_id="").exclude(
                sso_object_id=object_id
            ).update(sso_object_id=object_id)
        return user
