# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Helpers shared by the request signers: hashing, URL pieces, request bodies."""

from __future__ import annotations

import hashlib
import hmac
import time
from urllib.parse import quote, unquote_plus, urlsplit, urlunsplit

EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()
DEFAULT_PORTS = {"http": 80, "https": 443}


def to_bytes(value) -> bytes:
    if value is None:
        return b""
    if isinstance(value, str):
        return value.encode("utf-8")
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    raise TypeError("a signed request needs its whole body in memory (bytes or str), not %s" % type(value).__name__)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def hmac_sha256(key: bytes, message) -> bytes:
    return hmac.new(key, to_bytes(message), hashlib.sha256).digest()


def rfc3986_quote(text: str) -> str:
    """Percent-encode everything but the RFC 3986 unreserved characters."""
    return quote(text, safe="-_.~")


def parse_query(query: str) -> list[tuple[str, str]]:
    """Decode a raw query string into (name, value) pairs, keeping blanks and order.

    `+` means a space, as in the form encoding that requests writes.
    """
    pairs = []
    for piece in query.split("&"):
        if not piece:
            continue
        name, _sep, value = piece.partition("=")
        pairs.append((unquote_plus(name), unquote_plus(value)))
    return pairs


def host_header(url: str) -> str:
    """The Host header an HTTP client sends for this URL: lowercase, no userinfo, no default port."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = "[%s]" % host
    if parts.port is not None and parts.port != DEFAULT_PORTS.get(parts.scheme):
        host = "%s:%d" % (host, parts.port)
    return host


def replace_query(url: str, query: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))


def header_items(headers) -> list[tuple[str, str]]:
    """(name, value) pairs from a mapping or from an iterable of pairs (which may repeat a name)."""
    if headers is None:
        return []
    if hasattr(headers, "items"):
        return [(str(name), str(value)) for name, value in headers.items()]
    return [(str(name), str(value)) for name, value in headers]


def get_header(headers, name: str, default=None):
    wanted = name.lower()
    for key, value in header_items(headers):
        if key.lower() == wanted:
            return value
    return default


def system_clock() -> float:
    return time.time()


def take_body(prepared_request) -> bytes:
    """Turn a prepared request's body into the exact bytes that will be sent, so they can be signed."""
    body = to_bytes(prepared_request.body)
    if prepared_request.body is not None and not isinstance(prepared_request.body, bytes):
        prepared_request.body = body
        prepared_request.headers["Content-Length"] = str(len(body))
    return body
