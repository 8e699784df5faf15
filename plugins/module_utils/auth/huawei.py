# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Huawei Cloud API Gateway signing (``SDK-HMAC-SHA256``) and the IAM token alternative.

canonical request = METHOD, URI (segments re-escaped, always a trailing ``/``), sorted query, lowercased
``name:value`` header lines, the signed header names, hex SHA-256 of the body; one per line.
"""

from __future__ import annotations

import datetime
from urllib.parse import quote, unquote, urlsplit

try:
    from requests.auth import AuthBase
except ImportError:
    AuthBase = object

from ansible_collections.managedk8s.clusters.plugins.module_utils.auth._common import (
    EMPTY_SHA256,
    get_header,
    header_items,
    hmac_sha256,
    host_header,
    parse_query,
    replace_query,
    sha256_hex,
    system_clock,
    take_body,
    to_bytes,
)

ALGORITHM = "SDK-HMAC-SHA256"
DATE_HEADER = "X-Sdk-Date"
CONTENT_SHA256_HEADER = "X-Sdk-Content-Sha256"


def sdk_date(timestamp: float) -> str:
    return datetime.datetime.fromtimestamp(int(timestamp), datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def huawei_quote(text: str) -> str:
    return quote(text, safe="~")


def huawei_canonical_uri(path: str) -> str:
    uri = "/".join(huawei_quote(segment) for segment in unquote(path or "/").split("/"))
    return uri if uri.endswith("/") else uri + "/"


def huawei_canonical_query(query_pairs) -> str:
    return "&".join("%s=%s" % (huawei_quote(name), huawei_quote(value)) for name, value in sorted(query_pairs))


def _payload_hash(headers, body: bytes) -> str:
    if not body:
        return EMPTY_SHA256
    return get_header(headers, CONTENT_SHA256_HEADER) or sha256_hex(body)


def huawei_canonical_request(method, url, headers, body=b"") -> tuple[str, str]:
    """The canonical request and the signed header names; ``host`` is derived from the URL when not given.

    Every header given is signed, except names holding ``_`` (as the vendor SDK).
    """
    values = {name.lower(): value.strip() for name, value in header_items(headers)}
    values.setdefault("host", host_header(url))
    signed = sorted(name for name in values if "_" not in name)
    header_block = "".join("%s:%s\n" % (name, values[name]) for name in signed)
    parts = urlsplit(url)
    canonical = "\n".join(
        (
            method.upper(),
            huawei_canonical_uri(parts.path),
            huawei_canonical_query(parse_query(parts.query)),
            header_block,
            ";".join(signed),
            _payload_hash(headers, to_bytes(body)),
        )
    )
    return canonical, ";".join(signed)


def huawei_signature(secret_key, canonical_request, request_date) -> str:
    string_to_sign = "%s\n%s\n%s" % (ALGORITHM, request_date, sha256_hex(canonical_request.encode("utf-8")))
    return hmac_sha256(secret_key.encode("utf-8"), string_to_sign).hex()


def huawei_sign(access_key, secret_key, method, url, headers, body, timestamp) -> dict:
    """The headers to add to a request: ``X-Sdk-Date`` and ``Authorization``."""
    request_date = sdk_date(timestamp)
    to_sign = [
        (name, value)
        for name, value in header_items(headers)
        if name.lower() not in ("authorization", DATE_HEADER.lower())
    ]
    to_sign.append((DATE_HEADER, request_date))
    canonical_request, signed_headers = huawei_canonical_request(method, url, to_sign, body)
    signature = huawei_signature(secret_key, canonical_request, request_date)
    return {
        DATE_HEADER: request_date,
        "Authorization": "%s Access=%s, SignedHeaders=%s, Signature=%s"
        % (ALGORITHM, access_key, signed_headers, signature),
    }


def _signed_by_default(name: str) -> bool:
    lower = name.lower()
    return lower in ("host", "content-type") or lower.startswith("x-")


class HuaweiAuth(AuthBase):
    """Signs every request of a requests session with an access key (AK/SK)."""

    def __init__(self, access_key, secret_key, project_id=None, domain_id=None, security_token=None, clock=None):
        self.access_key = access_key
        self._secret_key = secret_key
        self.project_id = project_id
        self.domain_id = domain_id
        self._security_token = security_token
        self._clock = clock or system_clock

    def __repr__(self):
        return "HuaweiAuth(project_id=%r, domain_id=%r, security_token=%s)" % (
            self.project_id,
            self.domain_id,
            "<set>" if self._security_token else None,
        )

    def _scope_headers(self) -> dict:
        headers = {}
        if self.project_id:
            headers["X-Project-Id"] = self.project_id
        if self.domain_id:
            headers["X-Domain-Id"] = self.domain_id
        if self._security_token:
            headers["X-Security-Token"] = self._security_token
        return headers

    def __call__(self, request):
        body = take_body(request)
        # Send the query exactly as it is signed, as the vendor SDK does.
        request.url = replace_query(request.url, huawei_canonical_query(parse_query(urlsplit(request.url).query)))
        request.headers.update(self._scope_headers())
        for name in ("Authorization", DATE_HEADER):
            request.headers.pop(name, None)
        to_sign = [(name, value) for name, value in request.headers.items() if _signed_by_default(name)]
        request.headers.update(
            huawei_sign(self.access_key, self._secret_key, request.method, request.url, to_sign, body, self._clock())
        )
        return request


class HuaweiTokenAuth(AuthBase):
    """Sends an IAM token (``X-Auth-Token``) instead of a signature."""

    def __init__(self, token, project_id=None):
        self._token = token
        self.project_id = project_id

    def __repr__(self):
        return "HuaweiTokenAuth(project_id=%r)" % (self.project_id,)

    def __call__(self, request):
        request.headers["X-Auth-Token"] = self._token
        if self.project_id:
            request.headers["X-Project-Id"] = self.project_id
        return request
