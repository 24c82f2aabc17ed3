"""Signing in as a person does, second factor included: the secret is read off the set-up page
(as someone types it into their app) and codes are worked out from it as the app would."""

import base64
import html
import re
import time

from django.urls import reverse
from django_otp.oath import TOTP

from .factories import TEST_PASSWORD

SECRET = re.compile(r'id="second-factor-secret">([A-Z2-7 ]+)<')
RECOVERY_CODE = re.compile(r"<li><code>([a-z2-7]+)</code></li>")


def code_for(secret: str, *, at: float | None = None) -> str:
    """The 6-digit code an authenticator app shows for ``secret`` at ``at`` (now)."""
    key = secret.replace(" ", "")
    totp = TOTP(base64.b32decode(key + "=" * (-len(key) % 8)))
    totp.time = time.time() if at is None else at
    return f"{totp.token():06d}"


def password(client, user, *, password: str = TEST_PASSWORD):
    return client.post(reverse("login"), {"username": user.username, "password": password})


def enrol(client, *, at: float | None = None) -> tuple[str, list[str]]:
    """After the password: set up the app; returns its secret and the recovery codes shown."""
    page = client.get(reverse("second_factor_setup"))
    assert page.status_code == 200, page
    secret = SECRET.search(page.text)[1]
    done = client.post(reverse("second_factor_setup"), {"code": code_for(secret, at=at)})
    assert done.status_code == 302, done.text[:2000]
    shown = client.get(done["Location"])
    codes = RECOVERY_CODE.findall(html.unescape(shown.text))
    return secret, codes


def sign_in(client, user, *, at: float | None = None) -> tuple[str, list[str]]:
    """Password, then set up the app: a whole first sign-in."""
    response = password(client, user)
    assert response.status_code == 302, response.text[:2000]
    return enrol(client, at=at)
