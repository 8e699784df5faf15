# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""AWS Signature Version 4 for non-S3 services (EKS), presigned URLs, and the EKS bearer token for kubectl.

The pure functions take plain values (method, URL, headers, body, Unix timestamp) so the official test suite
and botocore's own signer can be compared with them; ``SigV4Auth`` applies them to a ``requests`` request.
"""

from __future__ import annotations

import base64
import datetime
from typing import NamedTuple
from urllib.parse import quote, urlsplit

try:
    from requests.auth import AuthBase
except ImportError:
    AuthBase = object

from ansible_collections.managedk8s.clusters.plugins.module_utils.auth._common import (
    get_header,
    header_items,
    hmac_sha256,
    host_header,
    parse_query,
    replace_query,
    rfc3986_quote,
    sha256_hex,
    system_clock,
    take_body,
    to_bytes,
)

ALGORITHM = "AWS4-HMAC-SHA256"
# Hop-by-hop and tracing headers that proxies and HTTP clients may change: never signed (as botocore).
UNSIGNED_HEADERS = frozenset(
    (
        "authorization",
        "baggage",
        "connection",
        "expect",
        "keep-alive",
        "proxy-authenticate",
        "proxy-authorization",
        "te",
        "traceparent",
        "tracestate",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "user-agent",
        "x-amzn-trace-id",
    )
)
EKS_TOKEN_PREFIX = "k8s-aws-v1."
EKS_TOKEN_URL_EXPIRES = 60
EKS_TOKEN_LIFETIME = datetime.timedelta(minutes=14)


def amz_date(timestamp: float) -> str:
    return datetime.datetime.fromtimestamp(int(timestamp), datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def remove_dot_segments(path: str) -> str:
    """RFC 3986 dot-segment removal, also collapsing empty segments as AWS does."""
    segments = []
    for segment in path.split("/"):
        if segment in ("", "."):
            continue
        if segment == "..":
            if segments:
                segments.pop()
        else:
            segments.append(segment)
    trailing = "/" if path.endswith("/") and segments else ""
    return "/" + "/".join(segments) + trailing


def canonical_path(path: str) -> str:
    """Non-S3 services encode the already-encoded path once more: ``%3A`` is signed as ``%253A``."""
    return quote(remove_dot_segments(path), safe="/~")


def encode_query(pairs) -> str:
    return "&".join("%s=%s" % (rfc3986_quote(name), rfc3986_quote(value)) for name, value in pairs)


def canonical_query(query: str) -> str:
    encoded = sorted((rfc3986_quote(name), rfc3986_quote(value)) for name, value in parse_query(query))
    return "&".join("%s=%s" % pair for pair in encoded)


def _trim_all(value: str) -> str:
    return " ".join(value.split())


def canonical_headers(headers) -> tuple[str, str]:
    """The canonical header block (each line ending in a newline) and the signed header list."""
    values = {}
    for name, value in header_items(headers):
        lower = name.strip().lower()
        if lower not in UNSIGNED_HEADERS:
            values.setdefault(lower, []).append(_trim_all(value))
    names = sorted(values)
    block = "".join("%s:%s\n" % (name, ",".join(values[name])) for name in names)
    return block, ";".join(names)


def _with_host(url: str, headers) -> list[tuple[str, str]]:
    items = header_items(headers)
    if get_header(items, "host") is None:
        items.append(("host", host_header(url)))
    return items


def sigv4_canonical_request(method: str, url: str, headers, body=b"") -> str:
    """The canonical request of a header-signed request; ``host`` is derived from the URL when not given."""
    parts = urlsplit(url)
    header_block, signed_headers = canonical_headers(_with_host(url, headers))
    payload_hash = get_header(headers, "x-amz-content-sha256") or sha256_hex(to_bytes(body))
    return "\n".join(
        (
            method.upper(),
            canonical_path(parts.path),
            canonical_query(parts.query),
            header_block,
            signed_headers,
            payload_hash,
        )
    )


def credential_scope(date_stamp: str, region: str, service: str) -> str:
    return "%s/%s/%s/aws4_request" % (date_stamp, region, service)


def sigv4_string_to_sign(request_date: str, scope: str, canonical_request: str) -> str:
    return "\n".join((ALGORITHM, request_date, scope, sha256_hex(canonical_request.encode("utf-8"))))


def sigv4_signature(secret_key: str, request_date: str, region: str, service: str, string_to_sign: str) -> str:
    key = ("AWS4" + secret_key).encode("utf-8")
    for part in (request_date[:8], region, service, "aws4_request"):
        key = hmac_sha256(key, part)
    return hmac_sha256(key, string_to_sign).hex()


class SigV4Signature(NamedTuple):
    canonical_request: str
    string_to_sign: str
    headers: dict


def sigv4_sign(
    method, url, headers, body, access_key, secret_key, region, service, timestamp, session_token=None
) -> SigV4Signature:
    """Sign a request; ``.headers`` holds what to add to it (``X-Amz-Date``, ``X-Amz-Security-Token``,
    ``Authorization``).

    Every header given is signed, except the hop-by-hop ones: pass only the headers to sign.
    """
    request_date = amz_date(timestamp)
    replaced = {"authorization", "x-amz-date"} | ({"x-amz-security-token"} if session_token else set())
    to_sign = [(name, value) for name, value in header_items(headers) if name.lower() not in replaced]
    added = {"X-Amz-Date": request_date}
    if session_token:
        added["X-Amz-Security-Token"] = session_token
    to_sign.extend(added.items())

    canonical_request = sigv4_canonical_request(method, url, to_sign, body)
    scope = credential_scope(request_date[:8], region, service)
    string_to_sign = sigv4_string_to_sign(request_date, scope, canonical_request)
    signature = sigv4_signature(secret_key, request_date, region, service, string_to_sign)
    signed_headers = canonical_request.split("\n")[-2]
    added["Authorization"] = "%s Credential=%s/%s, SignedHeaders=%s, Signature=%s" % (
        ALGORITHM,
        access_key,
        scope,
        signed_headers,
        signature,
    )
    return SigV4Signature(canonical_request, string_to_sign, added)


def presign_url(
    method,
    url,
    access_key,
    secret_key,
    region,
    service,
    expires=3600,
    headers=None,
    session_token=None,
    timestamp=None,
    body=b"",
) -> str:
    """A query-string signed URL (as botocore's SigV4QueryAuth): operation parameters first, then X-Amz-*."""
    request_date = amz_date(system_clock() if timestamp is None else timestamp)
    scope = credential_scope(request_date[:8], region, service)
    to_sign = _with_host(url, headers)
    auth_params = [
        ("X-Amz-Algorithm", ALGORITHM),
        ("X-Amz-Credential", "%s/%s" % (access_key, scope)),
        ("X-Amz-Date", request_date),
        ("X-Amz-Expires", str(int(expires))),
        ("X-Amz-SignedHeaders", canonical_headers(to_sign)[1]),
    ]
    if session_token:
        auth_params.append(("X-Amz-Security-Token", session_token))
    operation_params = parse_query(urlsplit(url).query)
    unsigned_url = replace_query(url, encode_query(operation_params + auth_params))

    canonical_request = sigv4_canonical_request(method, unsigned_url, to_sign, body)
    string_to_sign = sigv4_string_to_sign(request_date, scope, canonical_request)
    signature = sigv4_signature(secret_key, request_date, region, service, string_to_sign)
    return "%s&X-Amz-Signature=%s" % (unsigned_url, signature)


def sts_host(region: str) -> str:
    suffix = "amazonaws.com.cn" if region.startswith("cn-") else "amazonaws.com"
    return "sts.%s.%s" % (region, suffix)


def eks_token(cluster_name, access_key, secret_key, region, session_token=None, clock=None):
    """A kubectl bearer token for an EKS cluster, and when to stop using it (an aware UTC datetime).

    Same token as ``aws eks get-token``: a presigned STS GetCallerIdentity URL that names the cluster in the
    signed ``x-k8s-aws-id`` header, base64url-encoded without padding.
    """
    now = int((clock or system_clock)())
    url = "https://%s/?Action=GetCallerIdentity&Version=2011-06-15" % sts_host(region)
    signed_url = presign_url(
        "GET",
        url,
        access_key,
        secret_key,
        region,
        "sts",
        expires=EKS_TOKEN_URL_EXPIRES,
        headers={"x-k8s-aws-id": cluster_name},
        session_token=session_token,
        timestamp=now,
    )
    token = EKS_TOKEN_PREFIX + base64.urlsafe_b64encode(signed_url.encode("utf-8")).decode("ascii").rstrip("=")
    expires_at = datetime.datetime.fromtimestamp(now, datetime.timezone.utc) + EKS_TOKEN_LIFETIME
    return token, expires_at


def _signed_by_default(name: str) -> bool:
    lower = name.lower()
    return lower in ("host", "content-type") or lower.startswith("x-amz-")


class SigV4Auth(AuthBase):
    """Signs every request of a requests session with SigV4 headers."""

    def __init__(self, access_key, secret_key, region, service, session_token=None, clock=None):
        self.access_key = access_key
        self._secret_key = secret_key
        self.region = region
        self.service = service
        self._session_token = session_token
        self._clock = clock or system_clock

    def __repr__(self):
        return "SigV4Auth(region=%r, service=%r, session_token=%s)" % (
            self.region,
            self.service,
            "<set>" if self._session_token else None,
        )

    def __call__(self, request):
        body = take_body(request)
        # Send the query exactly as it is signed (RFC 3986 escapes, never '+' for a space); order is kept.
        request.url = replace_query(request.url, encode_query(parse_query(urlsplit(request.url).query)))
        for name in ("Authorization", "X-Amz-Date", "X-Amz-Security-Token"):
            request.headers.pop(name, None)
        to_sign = [(name, value) for name, value in request.headers.items() if _signed_by_default(name)]
        signed = sigv4_sign(
            request.method,
            request.url,
            to_sign,
            body,
            self.access_key,
            self._secret_key,
            self.region,
            self.service,
            self._clock(),
            self._session_token,
        )
        request.headers.update(signed.headers)
        return request
