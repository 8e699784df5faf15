# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The errors every module reports: ApiError (an API call failed), ResourceError and InputError (refused before any
call), KubeconfigError; and ErrorParser, which each cloud configures to read its API's error answers."""

from __future__ import annotations

import json

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.redact import redact, redact_text

REQUEST_ID_HEADERS = ("x-request-id",)


class KubeconfigError(Exception):
    """A kubeconfig that cannot be read, parsed or written.

    Raised by kubeconfig.py (which re-exports it) but defined here, so that module.py can catch it without every
    module's task importing kubeconfig.py.
    """


class ApiError(Exception):
    """An API call that failed: HTTP status, the vendor's error code and message, the request id."""

    def __init__(self, status=None, code=None, message=None, request_id=None, method=None, url=None, details=None):
        self.status = status
        self.code = code
        self.message = redact_text(message or "") or "HTTP %s" % status
        self.request_id = request_id
        self.method = method
        self.url = url
        self.details = redact(details) if details is not None else None
        super().__init__(self.describe())

    def describe(self):
        parts = []
        if self.method and self.url:
            parts.append("%s %s" % (self.method, self.url))
        if self.status is not None:
            parts.append("failed with HTTP %s" % self.status)
        if self.code:
            parts.append("(%s)" % self.code)
        text = " ".join(parts)
        text = "%s: %s" % (text, self.message) if text else self.message
        if self.request_id:
            text += " [request id %s]" % self.request_id
        return text

    def to_dict(self):
        result = {"status": self.status, "code": self.code, "message": self.message, "request_id": self.request_id}
        if self.details is not None:
            result["details"] = self.details
        return result

    @property
    def is_not_found(self):
        return self.status == 404


class ResourceError(Exception):
    """A refusal decided before any change is made; details go into the failed task's result."""

    def __init__(self, message, **details):
        super().__init__(message)
        self.details = details


class InputError(ResourceError):
    """An option value the API would refuse, found before any call: the one exception for bad input.

    The message names the option and, where there is a list, the values allowed; details go into the failed task's
    result.
    """


def decode_body(body):
    """An error body as JSON (dict or list), as stripped text, or None when empty."""
    if isinstance(body, (bytes, bytearray)):
        body = body.decode("utf-8", "replace")
    if isinstance(body, str):
        try:
            return json.loads(body) if body.strip() else None
        except ValueError:
            return body.strip()
    return body


def validation_messages(items):
    """'field: message; ...' from a list of validation errors ({"loc": [...], "msg": ...} and similar)."""
    messages = []
    for item in items:
        if isinstance(item, dict):
            location = ".".join(str(part) for part in item.get("loc", []) if part != "body")
            message = item.get("msg") or item.get("message") or item.get("detail") or json.dumps(item, sort_keys=True)
            messages.append("%s: %s" % (location, message) if location else str(message))
        else:
            messages.append(str(item))
    return "; ".join(messages)


def read_generic_body(body):
    """(code, message, details) from the common {"code", "message"} shapes, or None."""
    code = body.get("code") or body.get("__type") or body.get("errorType")
    message = body.get("message") or body.get("Message") or body.get("error_description")
    if isinstance(body.get("error"), str):
        code = code or body["error"]
    if code is None and message is None:
        return None
    return code, message, None


def read_request_id_field(body):
    for key in ("request_id", "requestId", "RequestId"):
        if body.get(key):
            return body[key]
    return None


class ErrorParser:
    """How one API reports a failure, turned into an ApiError.

    read_body(dict) -> (code, message, details) or None: the API's own error body (the common shapes are tried
    after it); request_id_headers: the headers that carry its request id (after X-Request-Id); read_request_id(dict)
    -> the request id found in a body, or None; read_code(headers, code) -> the error code, for APIs that put it in
    a header; adjust(error) -> ApiError, to add advice to some failures; retryable(error) -> bool, for APIs that
    refuse a request with an answer the HTTP client does not retry by its status alone (a throttling code sent
    with a 400): True makes the client retry it as it retries a 429, whatever the method. Each cloud declares one;
    the default one reads only the common shapes and retries by status only.
    """

    def __init__(
        self, read_body=None, request_id_headers=(), read_request_id=None, read_code=None, adjust=None, retryable=None
    ):
        self.read_body = read_body
        self.request_id_headers = REQUEST_ID_HEADERS + tuple(name.lower() for name in request_id_headers)
        self.read_request_id = read_request_id
        self.read_code = read_code
        self.adjust = adjust
        self.retryable = retryable

    def refused(self, status, headers=None, body=None):
        """True when the API's own retryable() says this error answer was refused without being carried out."""
        if self.retryable is None or status < 400:
            return False
        return bool(self.retryable(self(status, headers, body)))

    def request_id(self, headers, body=None):
        lowered = {str(key).lower(): value for key, value in (headers or {}).items()}
        for name in self.request_id_headers:
            if lowered.get(name):
                return lowered[name]
        if isinstance(body, dict):
            if self.read_request_id is not None:
                found = self.read_request_id(body)
                if found:
                    return found
            return read_request_id_field(body)
        return None

    def __call__(self, status, headers=None, body=None, method=None, url=None):
        decoded = decode_body(body)
        code, message, details = None, None, None
        if isinstance(decoded, dict):
            readers = (self.read_body, read_generic_body) if self.read_body else (read_generic_body,)
            for reader in readers:
                parsed = reader(decoded)
                if parsed:
                    code, message, details = parsed
                    break
        elif isinstance(decoded, str) and decoded:
            message = decoded[:500]
        if self.read_code is not None:
            code = self.read_code(headers or {}, code)
        if isinstance(code, str) and "#" in code:
            code = code.rsplit("#", 1)[1]
        error = ApiError(
            status=status,
            code=code,
            message=message,
            request_id=self.request_id(headers, decoded),
            method=method,
            url=url,
            details=details,
        )
        return self.adjust(error) if self.adjust is not None else error


parse_error = ErrorParser()
