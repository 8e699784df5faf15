# -*- coding: utf-8 -*-
from __future__ import annotations

import json

import pytest

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.errors import (
    ApiError,
    ErrorParser,
    parse_error,
    validation_messages,
)
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.redact import (
    MASK,
    redact,
    redact_text,
    register_secret,
)


@pytest.mark.parametrize(
    "status,headers,body,code,message,request_id",
    [
        (400, {}, {"message": "invalid zone"}, None, "invalid zone", None),
        (400, {"X-Request-Id": "r-1"}, {"code": "BadRequest", "message": "no"}, "BadRequest", "no", "r-1"),
        (
            400,
            {},
            {"__type": "com.example#InvalidParameterException", "Message": "bad"},
            "InvalidParameterException",
            "bad",
            None,
        ),
        (401, {}, {"error": "invalid_grant", "error_description": "expired"}, "invalid_grant", "expired", None),
        (404, {}, {"requestId": "r-2", "message": "gone"}, None, "gone", "r-2"),
        (502, {}, "<html>Bad gateway</html>", None, "<html>Bad gateway</html>", None),
        (500, {}, "", None, "HTTP 500", None),
    ],
)
def test_the_default_parser_reads_the_common_shapes(status, headers, body, code, message, request_id):
    raw = json.dumps(body).encode() if isinstance(body, dict) else body.encode()
    error = parse_error(status, headers, raw, "GET", "https://x/y")
    assert (error.status, error.code, error.message, error.request_id) == (status, code, message, request_id)
    assert error.to_dict()["status"] == status
    assert str(status) in str(error)


def test_a_cloud_parser_reads_its_own_shape_first_then_the_common_ones():
    def read_body(body):
        problem = body.get("problem")
        return (problem["kind"], problem["text"], [problem]) if isinstance(problem, dict) else None

    parser = ErrorParser(
        read_body=read_body,
        request_id_headers=("X-Trace",),
        read_request_id=lambda body: body.get("trace"),
        read_code=lambda headers, code: headers.get("X-Kind", code),
        adjust=lambda error: ApiError(
            status=error.status,
            code=error.code,
            message=error.message + " (check the clock)",
            request_id=error.request_id,
            details=error.details,
        ),
    )
    error = parser(403, {"x-trace": "t-1"}, json.dumps({"problem": {"kind": "Denied", "text": "no"}}).encode())
    assert (error.code, error.message, error.request_id, error.details) == (
        "Denied",
        "no (check the clock)",
        "t-1",
        [{"kind": "Denied", "text": "no"}],
    )
    error = parser(400, {"X-Kind": "Header"}, json.dumps({"message": "plain", "trace": "t-2"}).encode())
    assert (error.code, error.message, error.request_id) == ("Header", "plain (check the clock)", "t-2")


def test_validation_messages_name_the_field():
    assert (
        validation_messages([{"loc": ["body", "name"], "msg": "field required"}, "other"])
        == "name: field required; other"
    )


def test_error_messages_are_redacted():
    register_secret("tok-abcdef-123456")
    error = parse_error(400, {}, json.dumps({"message": "bad token tok-abcdef-123456"}).encode())
    assert "tok-abcdef-123456" not in str(error) and MASK in error.message


def test_redact_masks_secret_keys_deeply():
    data = {"name": "c1", "Authorization": "EXO2 x", "nested": [{"secret_key": "abc", "password": ""}], "token": None}
    assert redact(data) == {
        "name": "c1",
        "Authorization": MASK,
        "nested": [{"secret_key": MASK, "password": ""}],
        "token": None,
    }


def test_redact_text_masks_inline_pairs():
    assert redact_text(
        'client-key-data: QUJDRA== and "password": "p@ss"'
    ) == 'client-key-data: %s and "password": %s' % (MASK, MASK)


@pytest.mark.parametrize(
    "prose",
    [
        "(3) a token: the option access_token (with refresh_token).",
        "give a password: either the option or the environment",
        "secret=none of these were found",
        "no token: none was found, so the token = nothing",
    ],
)
def test_redact_text_leaves_prose_after_a_secret_word(prose):
    assert redact_text(prose) == prose


@pytest.mark.parametrize(
    "text, masked",
    [
        ("token: eyJhbGciOiJIUzI1NiJ9.e30.sig", "token: %s" % MASK),
        ("password=s3cretpass", "password=%s" % MASK),
        ("secret_key: correcthorsebatterystaple", "secret_key: %s" % MASK),
        ("'token': 'abc'", "'token': %s" % MASK),
        ("refresh_token=a-b_c.d", "refresh_token=%s" % MASK),
    ],
)
def test_redact_text_masks_values_that_look_like_secrets(text, masked):
    assert redact_text(text) == masked
