"""A small HTTP client for a running QAF behind a pretend load balancer, on loopback only.

Used by ``python -m bench load`` and CI's production stage (.ci/production). It talks plain HTTP
to gunicorn but sends ``X-Forwarded-Proto: https`` as the load balancer would, so it keeps its
own cookies (secure cookies included) and sends the Origin that Django's CSRF check expects.
"""

import base64
import gzip
import hashlib
import hmac
import html
import http.client
import re
import struct
import time
import zlib
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlencode, urlsplit

try:
    import brotli
except ImportError:  # pragma: no cover - Brotli is a runtime dependency
    brotli = None

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SURVEY_LINK = re.compile(r"https?://[^\s\"<]+(/feedback/s/[^/\s\"<]+/)")
SELECT = re.compile(r'<select[^>]*name="(?P<name>[^"]+)"[^>]*>(?P<options>.*?)</select>', re.S)
OPTION_VALUE = re.compile(r'<option value="([^"]+)"')
FORM_TOKEN_FIELD = re.compile(r'name="form_token" value="([^"]+)"')
# The authenticator secret as the two-factor set-up page shows it, for typing into an app.
SECOND_FACTOR_SECRET = re.compile(r'id="second-factor-secret">([A-Z2-7 ]+)<')
SECOND_FACTOR_PATH = "/accounts/two-factor/"
TOTP_STEP_SECONDS = 30
# What each person's authenticator app holds once they have set it up over HTTP: their secret
# and the last 30-second step whose code they used (the service takes each code once).
_authenticators: dict[tuple[str, int, str], list] = {}
# An answer card or option on a survey question page.
CHOICE = re.compile(r'name="choice"[^>]*value="([^"]*)"|value="([^"]*)"[^>]*name="choice"')


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    raw: bytes

    @property
    def body(self) -> bytes:
        encoding = self.headers.get("content-encoding", "")
        if encoding == "gzip":
            return gzip.decompress(self.raw)
        if encoding == "br":
            return brotli.decompress(self.raw)
        if encoding == "deflate":
            return zlib.decompress(self.raw)
        return self.raw

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")

    @property
    def location(self) -> str:
        return urlsplit(self.headers.get("location", "")).path


class HttpError(AssertionError):
    pass


@dataclass
class Client:
    """One browser: its own connection and cookies."""

    host: str
    port: int
    accept_encoding: str = "gzip, br"
    cookies: dict[str, str] = field(default_factory=dict)
    connection: http.client.HTTPConnection | None = None

    @property
    def origin(self) -> str:
        return f"https://{self.host}:{self.port}"

    def request(self, method: str, path: str, data: dict | None = None, **headers) -> Reply:
        body = urlencode(data or {}, doseq=True) if method == "POST" else None
        sent = {
            "Host": f"{self.host}:{self.port}",
            "X-Forwarded-Proto": "https",
            "Accept-Encoding": self.accept_encoding,
            "User-Agent": "qaf-check",
        }
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if method == "POST":
            sent["Content-Type"] = "application/x-www-form-urlencoded"
            sent["Origin"] = self.origin
            sent["Referer"] = f"{self.origin}{path}"
        sent.update(headers)
        for attempt in range(2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
            try:
                self.connection.request(method, path, body=body, headers=sent)
                response = self.connection.getresponse()
                raw = response.read()
                break
            except (http.client.HTTPException, ConnectionError):
                # Gunicorn closed a kept-alive connection: open a new one, once.
                self.connection.close()
                self.connection = None
                if attempt:
                    raise
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                cookie_name, _, rest = value.partition("=")
                cookie_value = rest.split(";", 1)[0]
                if cookie_value and "max-age=0" not in value.lower():
                    self.cookies[cookie_name.strip()] = cookie_value
                else:
                    self.cookies.pop(cookie_name.strip(), None)
        headers_out = {name.lower(): value for name, value in response.getheaders()}
        return Reply(status=response.status, headers=headers_out, raw=raw)

    def get(self, path: str, *, expect: int | None = 200, **headers) -> Reply:
        reply = self.request("GET", path, **headers)
        if expect is not None and reply.status != expect:
            raise HttpError(f"GET {path}: expected {expect}, got {reply.status}")
        return reply

    def post(self, path: str, data: dict, *, expect: int | None = 302) -> Reply:
        reply = self.request("POST", path, data)
        if expect is not None and reply.status != expect:
            raise HttpError(f"POST {path}: expected {expect}, got {reply.status}")
        return reply

    def form(self, path: str) -> tuple[Reply, str]:
        """GET a page with a form; return it and its CSRF token."""
        reply = self.get(path)
        match = CSRF_FIELD.search(reply.text)
        if not match:
            raise HttpError(f"GET {path}: no form with a CSRF token")
        return reply, match[1]

    def sign_in(self, username: str, password: str, *, lands_on: str = "/") -> Reply:
        """Sign in; the service should then send the person to ``lands_on`` (My work, or a
        director's KPI dashboard)."""
        _, token = self.form("/accounts/login/")
        reply = self.post(
            "/accounts/login/",
            {"csrfmiddlewaretoken": token, "username": username, "password": password},
        )
        landed = reply.location
        if landed.startswith(SECOND_FACTOR_PATH):
            landed = self.second_factor(username, reply.headers["location"])
        if landed != lands_on:
            raise HttpError(f"signing in as {username} went to {landed!r}, not {lands_on!r}")
        return reply

    def second_factor(self, username: str, step_url: str) -> str:
        """After the password, as the person would: set up an authenticator app the first time
        (typing in the secret the page shows, and passing the recovery codes page), or give the
        app's current code. Returns the path the service then sends them to."""
        parts = urlsplit(step_url)
        path = f"{parts.path}?{parts.query}" if parts.query else parts.path
        next_path = parse_qs(parts.query).get("next", ["/"])[0]
        page = self.get(path, expect=None)
        if page.status == 302 and page.location.startswith(f"{SECOND_FACTOR_PATH}set-up/"):
            setup = urlsplit(page.headers["location"])
            path = f"{setup.path}?{setup.query}"
            page, token = self.form(path)
            secret = SECOND_FACTOR_SECRET.search(page.text)
            if not secret:
                raise HttpError(f"{username}: the set-up page shows no secret to type in")
            _authenticators[(self.host, self.port, username)] = [secret[1].replace(" ", ""), -1]
        elif page.status == 200:
            token = CSRF_FIELD.search(page.text)[1]
        else:
            raise HttpError(f"GET {path}: expected the two-factor step, got {page.status}")
        reply = self.post(
            path,
            {
                "csrfmiddlewaretoken": token,
                "code": self._authenticator_code(username),
                "next": next_path,
            },
        )
        if reply.location.startswith(f"{SECOND_FACTOR_PATH}recovery-codes/"):
            codes = self.get(reply.headers["location"])
            if "Save your recovery codes" not in codes.text:
                raise HttpError(f"{username}: no recovery codes were shown after setting up")
            return next_path
        return reply.location

    def _authenticator_code(self, username: str) -> str:
        """The code the person's app shows: a later 30-second step's when this one's code has
        been used (the service accepts the next step's too), waiting when even that is used."""
        app = _authenticators.get((self.host, self.port, username))
        if app is None:
            raise HttpError(f"{username} has an authenticator app this client never set up")
        secret, last_step = app
        step = max(int(time.time()) // TOTP_STEP_SECONDS, last_step + 1)
        while step > int(time.time()) // TOTP_STEP_SECONDS + 1:
            time.sleep(1)
        app[1] = step
        return totp_code(secret, step)

    def make_survey_link(self) -> str:
        """As a practitioner: make a feedback link for the first child offered, with the first
        form that fits their age; return its path (``/feedback/s/<token>/``), shown once on the
        next page. The form has two steps: choose the child, then the form."""
        first = self.get("/feedback/links/new/")
        children = _options(first.text, "child")
        if not children:
            raise HttpError("the new link form offers no child")
        page, token = self.form(f"/feedback/links/new/?child={children[0]}")
        surveys = _options(page.text, "survey")
        if not surveys:
            raise HttpError("the new link form offers no survey that fits the child")
        once = FORM_TOKEN_FIELD.search(page.text)
        reply = self.post(
            "/feedback/links/new/",
            {
                "csrfmiddlewaretoken": token,
                "child": children[0],
                "survey": surveys[0],
                "valid_days": "28",
                **({"form_token": once[1]} if once else {}),
            },
        )
        detail = self.get(reply.location)
        link = SURVEY_LINK.search(html.unescape(detail.text))
        if not link:
            raise HttpError("the new link was not shown")
        return link[1]


def totp_code(secret: str, step: int, digits: int = 6) -> str:
    """RFC 6238's code for a base32 ``secret`` at a 30-second ``step``, as any app works it out."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 10**digits:0{digits}d}"


def complete_survey(client: Client, start_path: str, *, worried: bool = False) -> int:
    """As a child or parent: open the link, answer every question page, and send. Returns the
    number of requests made.

    A content respondent picks the top of a scale, "yes" to a yes-or-no question ("no" when it
    asks whether they are worried), or a few words. A ``worried`` one answers "not sure" to a
    yes-or-no question about safety, which raises a safeguarding alert, as some answers do."""
    requests = 0

    def count(reply: Reply) -> Reply:
        nonlocal requests
        requests += 1
        return reply

    page = count(client.get(start_path))
    token = CSRF_FIELD.search(page.text)[1]
    path = count(client.post(start_path, {"csrfmiddlewaretoken": token})).location
    while "/send/" not in path:
        page = count(client.get(path))
        token = CSRF_FIELD.search(page.text)[1]
        choices = [first or second for first, second in CHOICE.findall(page.text)]
        answer = {"choice": _answer(page.text, choices, worried)} if choices else {}
        answer = answer or {"text": "It was fine, thank you."}
        path = count(client.post(path, {"csrfmiddlewaretoken": token, **answer})).location
    page = count(client.get(path))
    token = CSRF_FIELD.search(page.text)[1]
    done = count(client.post(path, {"csrfmiddlewaretoken": token, "share_name": "no"}))
    if done.location != "/feedback/s/thanks/":
        raise HttpError(f"sending the survey went to {done.location!r}, not the thank-you page")
    count(client.get(done.location))
    return requests


def _answer(page: str, choices: list[str], worried: bool) -> str:
    if "yes" not in choices:
        return choices[-1]  # a scale: its happiest end
    asks_about_worry = "worried" in page.lower()
    if worried and "safe" in page.lower() and "not_sure" in choices:
        return "not_sure"
    return "no" if asks_about_worry else "yes"


def _options(text: str, name: str) -> list[str]:
    """The values offered by the page's select called ``name``."""
    for match in SELECT.finditer(text):
        if match["name"] == name:
            return OPTION_VALUE.findall(match["options"])
    return []


def second_factor_given(client) -> None:
    """For a Django test client signed in by ``force_login``: the second factor is taken as
    given, as for someone fully signed in. In-process benchmarks time pages, not the sign-in."""
    from qaf.middleware import SECOND_FACTOR_KEY, SECOND_FACTOR_VERIFIED

    session = client.session
    if session.get(SECOND_FACTOR_KEY):
        session[SECOND_FACTOR_KEY] = SECOND_FACTOR_VERIFIED
        session.save()
