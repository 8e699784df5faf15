# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Exoscale API v2 request signing (``EXO2-HMAC-SHA256``).

The signed message is five lines: ``METHOD path``, the raw body, the values of the signed query parameters
(alphabetical order of name, no separator), an empty line for headers (none are signed) and the expiry in
Unix seconds. Only parameters given exactly once with a non-empty value are signed.
"""

from __future__ import annotations

import base64
from collections import Counter
from urllib.parse import urlsplit

try:
    from requests.auth import AuthBase
except ImportError:
    AuthBase = object

from ansible_collections.managedk8s.clusters.plugins.module_utils.auth._common import (
    hmac_sha256,
    parse_query,
    system_clock,
    take_body,
    to_bytes,
)

SCHEME = "EXO2-HMAC-SHA256"
DEFAULT_EXPIRES_IN = 600


def exoscale_signed_query(query_pairs) -> list[tuple[str, str]]:
    """The (name, value) pairs that are signed, sorted by name, from decoded query pairs."""
    pairs = list(query_pairs)
    occurrences = Counter(name for name, _value in pairs)
    return sorted((name, value) for name, value in pairs if occurrences[name] == 1 and value != "")


def exoscale_message(method, path, body, query_pairs, expires) -> bytes:
    signed_values = "".join(value for _name, value in exoscale_signed_query(query_pairs))
    return b"\n".join(
        (
            ("%s %s" % (method.upper(), path)).encode("utf-8"),
            to_bytes(body),
            signed_values.encode("utf-8"),
            b"",
            str(int(expires)).encode("ascii"),
        )
    )


def exoscale_signature(secret, method, path, body, query_pairs, expires) -> str:
    """base64(HMAC-SHA256(secret, message)); ``path`` is still percent-encoded, ``query_pairs`` are decoded."""
    digest = hmac_sha256(secret.encode("utf-8"), exoscale_message(method, path, body, query_pairs, expires))
    return base64.b64encode(digest).decode("ascii")


def exoscale_authorization(api_key, api_secret, method, url, body, expires) -> str:
    parts = urlsplit(url)
    query_pairs = parse_query(parts.query)
    fields = ["credential=%s" % api_key]
    signed_names = [name for name, _value in exoscale_signed_query(query_pairs)]
    if signed_names:
        fields.append("signed-query-args=%s" % ";".join(signed_names))
    fields.append("expires=%d" % int(expires))
    fields.append("signature=%s" % exoscale_signature(api_secret, method, parts.path, body, query_pairs, expires))
    return "%s %s" % (SCHEME, ",".join(fields))


def parse_exoscale_authorization(header: str) -> dict:
    """Split an ``EXO2-HMAC-SHA256`` Authorization header into credential, signed_query_args, expires, signature.

    Raises ValueError when the header is not one.
    """
    scheme, _sep, params = (header or "").strip().partition(" ")
    if scheme != SCHEME:
        raise ValueError("not an %s Authorization header" % SCHEME)
    fields = {}
    for item in params.split(","):
        name, sep, value = item.strip().partition("=")
        if not sep:
            raise ValueError("malformed %s Authorization field" % SCHEME)
        fields[name] = value
    missing = [name for name in ("credential", "expires", "signature") if not fields.get(name)]
    if missing or not fields["expires"].isdigit():
        raise ValueError("%s Authorization header lacks a valid %s" % (SCHEME, ", ".join(missing) or "expires"))
    signed = fields.get("signed-query-args", "")
    return {
        "credential": fields["credential"],
        "signed_query_args": signed.split(";") if signed else [],
        "expires": int(fields["expires"]),
        "signature": fields["signature"],
    }


class ExoscaleAuth(AuthBase):
    """Signs every request of a requests session for the Exoscale API v2."""

    def __init__(self, api_key, api_secret, expires_in=DEFAULT_EXPIRES_IN, clock=None):
        self.api_key = api_key
        self._api_secret = api_secret
        self.expires_in = expires_in
        self._clock = clock or system_clock

    def __repr__(self):
        return "ExoscaleAuth(expires_in=%r)" % (self.expires_in,)

    def __call__(self, request):
        body = take_body(request)
        expires = int(self._clock() + self.expires_in)
        request.headers["Authorization"] = exoscale_authorization(
            self.api_key, self._api_secret, request.method, request.url, body, expires
        )
        return request
