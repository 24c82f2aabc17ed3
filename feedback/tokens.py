"""Link tokens: 256 random bits in the URL, and only their SHA-256 hash in the database."""

import hashlib
import re
import secrets

# token_urlsafe(32) gives 43 URL-safe characters; a little slack either side costs nothing.
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{32,64}")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> tuple[str, str]:
    """A fresh token for a link, and the hash that is all the database keeps of it."""
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)
