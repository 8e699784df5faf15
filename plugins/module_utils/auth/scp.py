# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Samsung Cloud Platform OpenAPI signing (``Scp-Signature``).

signature = base64(HMAC-SHA256(secret, METHOD + URL + TIMESTAMP_MS + ACCESS_KEY + ACCOUNT_ID + "Openapi")),
where URL is the canonical URL the vendor's Go SDK sends: path segments escaped as Go's ``url.PathEscape``,
query keys sorted and keys and values escaped as Go's ``url.QueryEscape`` (a space becomes ``+``).
"""

from __future__ import annotations

import base64
from urllib.parse import quote, quote_plus, unquote, urlsplit

try:
    from requests.auth import AuthBase
except ImportError:
    AuthBase = object

from ansible_collections.managedk8s.clusters.plugins.module_utils.auth._common import (
    hmac_sha256,
    parse_query,
    system_clock,
)

CLIENT_TYPE = "Openapi"
# Go's url.PathEscape leaves these reserved characters alone (RFC 3986 allows them inside a segment).
_PATH_SEGMENT_SAFE = "$&+:=@"


def go_path_escape(segment: str) -> str:
    return quote(segment, safe=_PATH_SEGMENT_SAFE)


def go_query_escape(text: str) -> str:
    return quote_plus(text, safe="")


def scp_canonical_url(url: str) -> str:
    """The URL as signed and sent. Idempotent: a canonical URL is its own canonical form."""
    parts = urlsplit(url)
    path = "/".join(go_path_escape(unquote(segment)) for segment in parts.path.split("/"))
    values_by_name = {}
    for name, value in parse_query(parts.query):
        values_by_name.setdefault(name, []).append(value)
    query = "&".join(
        "%s=%s" % (go_query_escape(name), go_query_escape(value))
        for name in sorted(values_by_name)
        for value in values_by_name[name]
    )
    canonical = "%s://%s%s" % (parts.scheme, parts.netloc, path)
    return canonical + "?" + query if query else canonical


def scp_signature(secret, method, url, timestamp_ms, access_key, account_id) -> str:
    message = "%s%s%d%s%s%s" % (
        method.upper(),
        scp_canonical_url(url),
        int(timestamp_ms),
        access_key,
        account_id or "",
        CLIENT_TYPE,
    )
    return base64.b64encode(hmac_sha256(secret.encode("utf-8"), message)).decode("ascii")


def scp_headers(
    access_key, secret_key, method, url, timestamp_ms, account_id="", auth_token=None, *, api_version
) -> dict:
    """The Scp-* headers of a request, as the vendor's Go SDK sets them (``Configuration.SetupRequestHeader``):
    ``Scp-AccountId`` is always sent, empty or not, and the very same value is signed. api_version None leaves out
    ``Scp-API-Version``, as the SDK's endpoint catalog call (``Catalog.GetEndpoint``) does."""
    headers = {
        "Scp-AccessKey": access_key,
        "Scp-Signature": scp_signature(secret_key, method, url, timestamp_ms, access_key, account_id),
        "Scp-Timestamp": str(int(timestamp_ms)),
        "Scp-ClientType": CLIENT_TYPE,
        "Accept-Language": "en-US",
        "Scp-AccountId": account_id or "",
    }
    if api_version:
        headers["Scp-API-Version"] = api_version
    if auth_token:
        headers["X-Auth-Token"] = auth_token
    return headers


class ScpAuth(AuthBase):
    """Signs every request of a requests session for the Samsung Cloud Platform OpenAPI (api_version None: no
    Scp-API-Version header, for the IAM endpoint catalog)."""

    def __init__(self, access_key, secret_key, account_id="", auth_token=None, *, api_version, clock=None):
        self.access_key = access_key
        self._secret_key = secret_key
        self.account_id = account_id or ""
        self._auth_token = auth_token
        self.api_version = api_version
        self._clock = clock or system_clock

    def __repr__(self):
        return "ScpAuth(account_id=%r, api_version=%r, auth_token=%s)" % (
            self.account_id,
            self.api_version,
            "<set>" if self._auth_token else None,
        )

    def __call__(self, request):
        request.url = scp_canonical_url(request.url)
        timestamp_ms = int(round(self._clock() * 1000))
        request.headers.update(
            scp_headers(
                self.access_key,
                self._secret_key,
                request.method,
                request.url,
                timestamp_ms,
                self.account_id,
                self._auth_token,
                api_version=self.api_version,
            )
        )
        return request
