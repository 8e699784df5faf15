# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one error type for API failures, and the parser for every vendor's error body."""

from __future__ import annotations

import json

from ansible_collections.managedk8s.clusters.plugins.module_utils.redact import redact, redact_text

REQUEST_ID_HEADERS = (
    "x-request-id", "x-amzn-requestid", "x-amz-request-id", "x-openstack-request-id", "x-exoscale-request-id",
    "x-scp-request-id",
)


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


def request_id_from(headers, body=None):
    lowered = {str(k).lower(): v for k, v in (headers or {}).items()}
    for name in REQUEST_ID_HEADERS:
        if lowered.get(name):
            return lowered[name]
    if isinstance(body, dict):
        context = body.get("ResponseContext")
        if isinstance(context, dict) and context.get("RequestId"):
            return context["RequestId"]
        for key in ("request_id", "requestId", "RequestId"):
            if body.get(key):
                return body[key]
    return None


def _decode(body):
    if isinstance(body, (bytes, bytearray)):
        body = body.decode("utf-8", "replace")
    if isinstance(body, str):
        try:
            return json.loads(body) if body.strip() else None
        except ValueError:
            return body.strip()
    return body


def _validation_messages(items):
    messages = []
    for item in items:
        if isinstance(item, dict):
            location = ".".join(str(part) for part in item.get("loc", []) if part != "body")
            message = item.get("msg") or item.get("message") or item.get("detail") or json.dumps(item, sort_keys=True)
            messages.append("%s: %s" % (location, message) if location else str(message))
        else:
            messages.append(str(item))
    return "; ".join(messages)


def _from_outscale(body):
    errors = body.get("Errors")
    if isinstance(errors, list) and errors:
        first = errors[0] if isinstance(errors[0], dict) else {}
        details = first.get("Details")
        message = _validation_messages(details) if isinstance(details, list) else details
        return first.get("Type") or first.get("Code"), message or first.get("Type"), errors
    detail = body.get("detail")
    if isinstance(detail, list):
        return "ValidationError", _validation_messages(detail), detail
    if isinstance(detail, str):
        return None, detail, None
    return None


def _from_samsung(body):
    errors = body.get("errors")
    if isinstance(errors, list) and errors:
        first = errors[0] if isinstance(errors[0], dict) else {"detail": errors[0]}
        code = first.get("code") or first.get("title")
        message = first.get("detail") or first.get("message") or first.get("title")
        return code, message, errors
    return None


def _from_huawei(body):
    for code_key, message_key in (("error_code", "error_msg"), ("errorCode", "errorMsg")):
        if code_key in body or message_key in body:
            return body.get(code_key), body.get(message_key), None
    error = body.get("error")
    if isinstance(error, dict):
        return error.get("code"), error.get("message"), None
    return None


def _from_generic(body):
    code = body.get("code") or body.get("__type") or body.get("errorType")
    message = body.get("message") or body.get("Message") or body.get("error_description")
    if isinstance(body.get("error"), str):
        code = code or body["error"]
    if code is None and message is None:
        return None
    return code, message, None


def parse_error(status, headers=None, body=None, method=None, url=None):
    """Build an ApiError from any of the five vendors' error answers."""
    lowered = {str(k).lower(): v for k, v in (headers or {}).items()}
    decoded = _decode(body)
    code, message, details = None, None, None
    if isinstance(decoded, dict):
        for parser in (_from_outscale, _from_samsung, _from_huawei, _from_generic):
            parsed = parser(decoded)
            if parsed:
                code, message, details = parsed
                break
    elif isinstance(decoded, str) and decoded:
        message = decoded[:500]
    amz_type = lowered.get("x-amzn-errortype")
    if amz_type:
        code = amz_type.split(":", 1)[0]
    if isinstance(code, str) and "#" in code:
        code = code.rsplit("#", 1)[1]
    return ApiError(status=status, code=code, message=message, request_id=request_id_from(headers, decoded),
                    method=method, url=url, details=details)
