# -*- coding: utf-8 -*-
from __future__ import annotations

import json

import pytest

from ansible_collections.managedk8s.clusters.plugins.module_utils.errors import parse_error
from ansible_collections.managedk8s.clusters.plugins.module_utils.redact import MASK, redact, redact_text, register_secret


@pytest.mark.parametrize("status,headers,body,code,message,request_id", [
    (422, {}, {"detail": [{"loc": ["body", "name"], "msg": "field required", "type": "value_error.missing"}]},
     "ValidationError", "name: field required", None),
    (403, {}, {"Errors": [{"Type": "ForbiddenError", "Details": "project has clusters", "Code": "403"}],
               "ResponseContext": {"RequestId": "req-1"}}, "ForbiddenError", "project has clusters", "req-1"),
    (422, {}, {"Errors": [{"Type": "ValidationError", "Details": [{"loc": ["body", "cidr"], "msg": "bad"}], "Code": "422"}]},
     "ValidationError", "cidr: bad", None),
    (404, {"X-Amzn-ErrorType": "ResourceNotFoundException:http://internal.amazon.com/", "x-amzn-RequestId": "r-2"},
     {"message": "No cluster found for name: c1."}, "ResourceNotFoundException", "No cluster found for name: c1.", "r-2"),
    (400, {}, {"message": "invalid zone"}, None, "invalid zone", None),
    (404, {}, {"errors": [{"detail": "cluster not found", "code": "NotFound"}]}, "NotFound", "cluster not found", None),
    (400, {"X-Request-Id": "hw-1"}, {"error_code": "HSS.1001", "error_msg": "bad kubeconfig"}, "HSS.1001", "bad kubeconfig", "hw-1"),
    (401, {}, {"errorCode": "APIGW.0301", "errorMsg": "Incorrect IAM authentication"}, "APIGW.0301",
     "Incorrect IAM authentication", None),
    (502, {}, "<html>Bad gateway</html>", None, "<html>Bad gateway</html>", None),
    (500, {}, "", None, "HTTP 500", None),
])
def test_parse_every_vendor_shape(status, headers, body, code, message, request_id):
    raw = json.dumps(body).encode() if isinstance(body, dict) else body.encode()
    error = parse_error(status, headers, raw, "GET", "https://x/y")
    assert (error.status, error.code, error.message, error.request_id) == (status, code, message, request_id)
    assert error.to_dict()["status"] == status
    assert str(status) in str(error)


def test_error_messages_are_redacted():
    register_secret("tok-abcdef-123456")
    error = parse_error(400, {}, json.dumps({"message": "bad token tok-abcdef-123456"}).encode())
    assert "tok-abcdef-123456" not in str(error) and MASK in error.message


def test_redact_masks_secret_keys_deeply():
    data = {"name": "c1", "Authorization": "EXO2 x", "nested": [{"secret_key": "abc", "password": ""}], "token": None}
    assert redact(data) == {"name": "c1", "Authorization": MASK, "nested": [{"secret_key": MASK, "password": ""}], "token": None}


def test_redact_text_masks_inline_pairs():
    assert redact_text('client-key-data: QUJDRA== and "password": "p@ss"') == 'client-key-data: %s and "password": %s' % (MASK, MASK)
