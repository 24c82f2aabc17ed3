"""Single sign-on against a fake OpenID Connect provider (its token and userinfo endpoints)."""

from unittest import mock

import jwt
import pytest
from django.contrib.sessions.middleware import SessionMiddleware
from django.test import RequestFactory

from organisation.models import StaffRecord
from organisation.oidc import CouncilOIDCBackend

pytestmark = pytest.mark.django_db

SECRET = "fake-provider-client-secret-0123456789"


@pytest.fixture
def provider(settings):
    settings.OIDC_RP_CLIENT_ID = "qaf"
    settings.OIDC_RP_CLIENT_SECRET = SECRET
    settings.OIDC_RP_SIGN_ALGO = "HS256"
    settings.OIDC_OP_TOKEN_ENDPOINT = "https://login.example/token"
    settings.OIDC_OP_USER_ENDPOINT = "https://login.example/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = None
    settings.ROOT_URLCONF = "tests.organisation.oidc_urls"
    settings.OIDC_MATCH_BY = "email"
    return settings


def sign_in(claims: dict, *, nonce="n-1"):
    """Run the callback's authentication with the provider's answers mocked."""
    id_token = jwt.encode({"nonce": nonce, "aud": "qaf", **claims}, SECRET, algorithm="HS256")
    token_answer = mock.Mock(status_code=200)
    token_answer.json.return_value = {"id_token": id_token, "access_token": "access-1"}
    userinfo_answer = mock.Mock(headers={"content-type": "application/json"})
    userinfo_answer.json.return_value = claims
    request = RequestFactory().get("/oidc/callback/", {"code": "code-1", "state": "state-1"})
    SessionMiddleware(lambda r: None).process_request(request)
    with (
        mock.patch("mozilla_django_oidc.auth.requests.post", return_value=token_answer) as post,
        mock.patch("mozilla_django_oidc.auth.requests.get", return_value=userinfo_answer),
    ):
        user = CouncilOIDCBackend().authenticate(request, nonce=nonce)
    assert post.call_args.kwargs["data"]["code"] == "code-1"
    return user


def test_a_known_person_signs_in_by_email_and_their_object_id_is_kept(provider, world):
    person = world.users.practitioner
    StaffRecord.objects.create(user=person, staff_id="S1")
    user = sign_in({"email": person.email.upper(), "oid": "0000-aaaa"})
    assert user == person
    assert StaffRecord.objects.get(user=person).sso_object_id == "0000-aaaa"


def test_matching_by_object_id(provider, world):
    provider.OIDC_MATCH_BY = "object_id"
    person = world.users.practitioner
    StaffRecord.objects.create(user=person, staff_id="S1", sso_object_id="0000-bbbb")
    assert sign_in({"oid": "0000-bbbb", "email": "someone.else@example.org"}) == person
    assert sign_in({"oid": "0000-cccc"}) is None


def test_a_stranger_or_a_deactivated_person_is_refused(provider, world):
    assert sign_in({"email": "nobody@example.org"}) is None
    person = world.users.practitioner
    person.is_active = False
    person.save()
    assert sign_in({"email": person.email}) is None


def test_a_token_for_another_sign_in_is_refused(provider, world):
    from django.core.exceptions import SuspiciousOperation

    id_token = jwt.encode({"nonce": "other"}, SECRET, algorithm="HS256")
    backend = CouncilOIDCBackend()
    with pytest.raises(SuspiciousOperation):
        backend.verify_token(id_token, nonce="n-1")


def test_sign_in_is_off_unless_configured(client, world):
    page = client.get("/accounts/login/")
    assert "Sign in with your council account" not in page.text
    assert client.get("/oidc/authenticate/").status_code == 404
