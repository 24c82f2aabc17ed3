"""The address a request really came from, for limits that must not fall on the wrong person.

Behind a load balancer every request arrives from the balancer's own address, so a limit on
``REMOTE_ADDR`` would refuse everyone at once. Each trusted proxy appends the address that
connected to it to ``X-Forwarded-For``; with ``QAF_TRUSTED_PROXY_COUNT`` proxies in front of
us, the client is that many entries from the right. Entries further left are whatever the
client chose to send, so they are never believed.
"""

import ipaddress

from django.conf import settings


def client_address(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.QAF_TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < proxies:
        # A proxy we were told about did not add the header: fall back to who connected.
        return remote
    candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
