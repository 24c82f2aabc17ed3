"""Two-factor authentication: setting up an authenticator app, signing in with its codes or a
recovery code, who is asked, and a QA officer's reset."""

import runpy
from pathlib import Path
from unittest import mock
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from organisation.models import SecondFactorReset
from qaf.roles import Role
from tests import second_factor
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SETTINGS = Path(__file__).parents[2] / "qaf" / "settings.py"
# A fixed moment, so that codes, their 30-second steps and the throttle's waits are certain.
START = 1_790_000_000.0


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def enrolled(clock):
    """A team manager who has set up their app and signed out again; their secret and codes."""
    person = UserFactory(username="tm.enrolled", roles=[Role.TEAM_MANAGER])
    browser = Client()
    secret, codes = second_factor.sign_in(browser, person)
    browser.post(reverse("logout"))
    clock.shift(60)
    return person, secret, codes


def test_a_staff_member_signing_in_for_the_first_time_sets_up_an_app_before_anything_else(clock):
    person = UserFactory(username="new.worker", roles=[Role.PRACTITIONER])
    browser = Client()
    signed_in = second_factor.password(browser, person)
    assert signed_in["Location"] == "/accounts/two-factor/?next=%2F"

    # Every other page sends them back to the two-factor step, remembering where they were going.
    for path in ("/", "/audits/cases/", "/organisation/", "/admin/"):
        refused = browser.get(path)
        assert refused.status_code == 302, path
        assert refused["Location"].startswith("/accounts/two-factor/?next=")
    to_setup = browser.get(signed_in["Location"])
    assert to_setup["Location"] == "/accounts/two-factor/set-up/?next=%2F"

    page = browser.get(to_setup["Location"])
    assert page.status_code == 200
    assert "Set up two-factor authentication" in page.text
    assert '<svg role="img" aria-label="QR code to scan with your authenticator app"' in page.text
    secret = second_factor.SECRET.search(page.text)[1]
    assert len(secret.replace(" ", "")) == 32, "the secret is shown as text for typing in"

    wrong = browser.post(reverse("second_factor_setup"), {"code": "000000", "next": "/"})
    assert wrong.status_code == 400
    assert "That code is not right" in wrong.text
    assert not TOTPDevice.objects.filter(user=person, confirmed=True).exists()
    assert browser.get("/").status_code == 302

    clock.shift(2)  # the wait after one wrong code
    done = browser.post(
        reverse("second_factor_setup"), {"code": second_factor.code_for(secret), "next": "/"}
    )
    assert done["Location"] == "/accounts/two-factor/recovery-codes/?next=%2F"
    shown = browser.get(done["Location"])
    codes = second_factor.RECOVERY_CODE.findall(shown.text)
    assert len(codes) == 10 == len(set(codes))
    assert "This is the only time you will see these codes" in shown.text
    again = browser.get(done["Location"])
    assert not second_factor.RECOVERY_CODE.findall(again.text), "the codes are shown once"
    assert "You have 10 unused recovery codes" in again.text

    assert browser.get("/").status_code == 200
    assert TOTPDevice.objects.get(user=person).confirmed


def test_an_enrolled_person_signs_in_with_a_code_and_a_wrong_code_is_refused(enrolled, clock):
    person, secret, _ = enrolled
    browser = Client()
    signed_in = second_factor.password(browser, person)
    assert signed_in["Location"] == "/accounts/two-factor/?next=%2F"
    page = browser.get(signed_in["Location"])
    assert "Enter your security code" in page.text

    wrong = browser.post(reverse("second_factor"), {"code": "123456", "next": "/"})
    assert wrong.status_code == 400
    assert "That code is not right" in wrong.text
    assert browser.get("/").status_code == 302

    clock.shift(2)
    right = browser.post(
        reverse("second_factor"), {"code": second_factor.code_for(secret), "next": "/audits/"}
    )
    assert right["Location"] == "/audits/"
    assert browser.get("/").status_code == 200

    # The same code cannot be used twice, even within its 30 seconds.
    other = Client()
    second_factor.password(other, person)
    replayed = other.post(reverse("second_factor"), {"code": second_factor.code_for(secret)})
    assert replayed.status_code == 400


def test_wrong_codes_are_throttled_so_codes_cannot_be_guessed(enrolled, clock):
    person, secret, _ = enrolled
    browser = Client()
    second_factor.password(browser, person)
    for _ in range(3):
        browser.post(reverse("second_factor"), {"code": "000000"})
        clock.shift(0.1)
    refused = browser.post(reverse("second_factor"), {"code": second_factor.code_for(secret)})
    assert refused.status_code == 400
    assert "You have entered too many wrong codes" in refused.text
    clock.shift(5)  # 1, 2, then 4 seconds after the third wrong code
    assert browser.post(reverse("second_factor"), {"code": second_factor.code_for(secret)})[
        "Location"
    ].startswith("/")
    assert browser.get("/").status_code == 200


def test_a_recovery_code_signs_in_once_only(enrolled, clock):
    person, _, codes = enrolled
    browser = Client()
    second_factor.password(browser, person)
    used = browser.post(
        reverse("second_factor"), {"code": codes[0].upper(), "next": "/"}, follow=True
    )
    assert used.status_code == 200
    assert "You signed in with a recovery code" in used.text
    assert "you have 9 left" in used.text
    assert StaticToken.objects.filter(device__user=person).count() == 9

    clock.shift(60)
    again = Client()
    second_factor.password(again, person)
    refused = again.post(reverse("second_factor"), {"code": codes[0]})
    assert refused.status_code == 400
    assert "That recovery code is not right, or it has been used already" in refused.text
    assert again.get("/").status_code == 302


def test_new_recovery_codes_replace_the_old_ones(enrolled, clock):
    person, secret, codes = enrolled
    browser = Client()
    second_factor.password(browser, person)
    browser.post(reverse("second_factor"), {"code": second_factor.code_for(secret)})
    made = browser.post(reverse("second_factor_recovery_codes"), follow=True)
    fresh = second_factor.RECOVERY_CODE.findall(made.text)
    assert len(fresh) == 10 and not set(fresh) & set(codes)
    assert not StaticToken.objects.filter(token__in=codes).exists()


def test_someone_half_signed_in_may_still_open_public_pages_and_sign_out(clock):
    person = UserFactory(username="half.in", roles=[Role.SENIOR_MANAGER])
    browser = Client()
    second_factor.password(browser, person)
    for name in ("healthz", "accessibility", "privacy", "feedback:survey_thanks"):
        assert browser.get(reverse(name)).status_code == 200, name
    assert browser.get(reverse("feedback:survey_start", args=["not-a-link"])).status_code in (
        200,
        404,
        410,
    )
    # A code for the recovery page cannot be made before the first step is passed.
    assert browser.post(reverse("second_factor_recovery_codes")).status_code == 302
    assert not StaticDevice.objects.filter(user=person).exists()
    browser.post(reverse("logout"))
    assert browser.get("/").status_code == 302


def test_a_person_with_no_staff_role_is_not_asked(clock):
    person = UserFactory(username="no.role")
    browser = Client()
    assert second_factor.password(browser, person)["Location"] == "/"
    assert browser.get("/").status_code == 200


def test_demo_accounts_are_asked_unless_the_exemption_is_on(settings, clock):
    qa = UserFactory(username="qa", roles=[Role.QA_OFFICER])
    settings.QAF_2FA_DEMO_EXEMPT = False
    browser = Client()
    assert second_factor.password(browser, qa)["Location"].startswith("/accounts/two-factor/")

    settings.QAF_2FA_DEMO_EXEMPT = True
    browser = Client()
    assert second_factor.password(browser, qa)["Location"] == "/"
    assert browser.get("/").status_code == 200
    # Only the demo's own accounts: anyone else is asked all the same.
    other = UserFactory(username="qa.lead", roles=[Role.QA_OFFICER])
    assert second_factor.password(Client(), other)["Location"].startswith("/accounts/two-factor/")


@pytest.mark.parametrize(
    ("debug", "asked_for", "exempt"),
    [
        ("1", None, True),
        ("1", "0", False),
        ("0", None, False),
        ("0", "1", False),
    ],
)
def test_the_demo_exemption_needs_debug(monkeypatch, debug, asked_for, exempt):
    monkeypatch.setenv("DEBUG", debug)
    monkeypatch.setenv("SECRET_KEY", "a-secret-key-for-reading-the-settings-only-0123456789")
    if asked_for is None:
        monkeypatch.delenv("QAF_2FA_DEMO_EXEMPT", raising=False)
    else:
        monkeypatch.setenv("QAF_2FA_DEMO_EXEMPT", asked_for)
    assert runpy.run_path(str(SETTINGS))["QAF_2FA_DEMO_EXEMPT"] is exempt


def test_a_person_signed_in_by_the_council_account_is_not_asked(settings, world):
    settings.OIDC_RP_CLIENT_ID = "qaf"
    settings.OIDC_RP_CLIENT_SECRET = "fake-provider-client-secret-0123456789"
    settings.OIDC_RP_SIGN_ALGO = "HS256"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = "https://login.example/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = "https://login.example/token"
    settings.OIDC_OP_USER_ENDPOINT = "https://login.example/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = None
    settings.ROOT_URLCONF = "tests.organisation.oidc_urls"
    settings.AUTHENTICATION_BACKENDS = [
        *settings.AUTHENTICATION_BACKENDS,
        "organisation.oidc.CouncilOIDCBackend",
    ]
    person = world.users.team_manager
    browser = Client()
    to_provider = browser.get("/oidc/authenticate/")
    asked = parse_qs(urlsplit(to_provider["Location"]).query)
    claims = {"email": person.email, "aud": "qaf", "nonce": asked["nonce"][0]}
    id_token = jwt.encode(claims, settings.OIDC_RP_CLIENT_SECRET, algorithm="HS256")
    token_answer = mock.Mock(status_code=200)
    token_answer.json.return_value = {"id_token": id_token, "access_token": "access-1"}
    userinfo_answer = mock.Mock(headers={"content-type": "application/json"})
    userinfo_answer.json.return_value = claims
    with (
        mock.patch("mozilla_django_oidc.auth.requests.post", return_value=token_answer),
        mock.patch("mozilla_django_oidc.auth.requests.get", return_value=userinfo_answer),
    ):
        back = browser.get("/oidc/callback/", {"code": "code-1", "state": asked["state"][0]})
    assert back.status_code == 302
    assert not back["Location"].startswith("/accounts/two-factor/")
    assert browser.get("/").status_code == 200
    assert not TOTPDevice.objects.filter(user=person).exists()


def test_a_qa_officer_resets_a_lost_phone_and_the_person_sets_up_again(enrolled, clock, world):
    person, secret, _ = enrolled
    browser = Client()
    second_factor.password(browser, person)
    browser.post(reverse("second_factor"), {"code": second_factor.code_for(secret)})
    assert browser.get("/").status_code == 200

    qa = world.users.qa_officer
    qa_browser = Client()
    qa_browser.force_login(qa)
    page = qa_browser.get(reverse("organisation:person", args=[person.pk]))
    assert "Reset two-factor authentication" in page.text
    reset = qa_browser.post(
        reverse("organisation:person_second_factor_reset", args=[person.pk]), follow=True
    )
    assert "two-factor authentication is reset" in reset.text
    assert f"by {escape(qa)}" in reset.text, "the reset is shown on the person's page"
    assert SecondFactorReset.objects.get(person=person).reset_by == qa
    assert not TOTPDevice.objects.filter(user=person).exists()
    assert not StaticDevice.objects.filter(user=person).exists()

    assert browser.get("/")["Location"].startswith("/accounts/login/"), "their session ended"
    clock.shift(60)
    second_factor.password(browser, person)
    assert browser.get(reverse("second_factor"))["Location"].startswith(
        reverse("second_factor_setup")
    )


@pytest.mark.parametrize("who", ["team_manager", "senior_manager", "director", "practitioner"])
def test_nobody_but_a_qa_officer_can_reset_someone_elses_second_factor(enrolled, world, who):
    person, _, _ = enrolled
    stranger = Client()
    stranger.force_login(getattr(world.users, who))
    refused = stranger.post(reverse("organisation:person_second_factor_reset", args=[person.pk]))
    assert refused.status_code == 403
    assert TOTPDevice.objects.filter(user=person, confirmed=True).exists()
    assert StaticToken.objects.filter(device__user=person).count() == 10
    assert not SecondFactorReset.objects.exists()


def test_a_qa_officer_cannot_reset_their_own(world, clock):
    qa = world.users.qa_officer
    browser = Client()
    browser.force_login(qa)
    page = browser.post(
        reverse("organisation:person_second_factor_reset", args=[qa.pk]), follow=True
    )
    assert "You cannot reset your own two-factor authentication" in page.text
    assert not SecondFactorReset.objects.exists()


def test_codes_are_checked_against_the_time_they_are_given():
    """The helper's codes are an authenticator app's: the RFC 6238 test vector."""
    secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"  # "12345678901234567890" in base32
    assert second_factor.code_for(secret, at=59) == "287082"
