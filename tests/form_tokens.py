"""Sending a create form twice, as a double click does: with the token the page gave."""

import re

TOKEN = re.compile(r'<input type="hidden" name="form_token" value="([^"]+)"')


def post_twice(client, url: str, data: dict):
    """Open the form, then send it twice with the token it was issued with."""
    page = client.get(url)
    assert page.status_code == 200
    found = TOKEN.search(page.content.decode())
    assert found, f"{url} does not render its one-time form token"
    data = {**data, "form_token": found.group(1)}
    first = client.post(url, data)
    second = client.post(url, data)
    assert first.status_code == 302, first.content.decode()[:2000]
    assert second.status_code == 302
    return first, second
