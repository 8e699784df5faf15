# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The SKS client: paths, endpoints, the error parser and the client factory."""

from __future__ import annotations

import base64
import json

import pytest

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.errors import ApiError, InputError
from ansible_collections.managedk8s.clusters.plugins.module_utils.sks import client as api

CLUSTER_ID = "8561ee34-09f0-42da-a765-abde807f944b"


class FakeResponse:
    def __init__(self, body, status=200):
        self.json = body
        self.status = status


class FakeHttp:
    """Answers GET /operation/{id} from a list of operation states; records every call."""

    def __init__(self, answers=None):
        self.answers = list(answers or [])
        self.calls = []

    def request(self, method, path, **kwargs):
        self.calls.append((method, path, kwargs))
        return FakeResponse(self.answers.pop(0))

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, **kwargs):
        return self.request("POST", path, **kwargs)

    def put(self, path, **kwargs):
        return self.request("PUT", path, **kwargs)

    def delete(self, path, **kwargs):
        return self.request("DELETE", path, **kwargs)


def client_with(answers):
    return api.SksClient(FakeHttp(answers), zone="ch-gva-2")


def operation(state):
    return {"id": "op-1", "state": state, "reference": {"id": CLUSTER_ID}}


@pytest.mark.parametrize(
    "endpoint, zone, expected",
    [
        (None, "de-fra-1", "https://api-de-fra-1.exoscale.com/v2"),
        ("http://127.0.0.1:8765/sks/v2", "ch-gva-2", "http://127.0.0.1:8765/sks/v2"),
        ("https://api-{zone}.example.net/v2", "at-vie-1", "https://api-at-vie-1.example.net/v2"),
    ],
)
def test_endpoint_for(endpoint, zone, expected):
    assert api.endpoint_for(endpoint, zone) == expected


def test_endpoint_template_needs_a_zone():
    with pytest.raises(InputError, match="zone is required"):
        api.endpoint_for(None, None)


# --- calls ---------------------------------------------------------------------------------------------------


def test_generate_kubeconfig_decodes_the_base64_answer_and_sends_the_ttl():
    text = "apiVersion: v1\nkind: Config\n"
    client = client_with([{"kubeconfig": base64.b64encode(text.encode()).decode()}])
    assert client.generate_kubeconfig(CLUSTER_ID, "admin", ["system:masters"], ttl=3600) == text
    method, path, kwargs = client.http.calls[0]
    assert (method, path) == ("POST", "/sks-cluster-kubeconfig/%s" % CLUSTER_ID)
    assert kwargs["json"] == {"user": "admin", "groups": ["system:masters"], "ttl": 3600}


def test_generate_kubeconfig_refuses_an_answer_that_is_not_base64():
    client = client_with([{"kubeconfig": "not base64 at all!"}])
    with pytest.raises(ApiError, match="not base64"):
        client.generate_kubeconfig(CLUSTER_ID, "admin", ["system:masters"])


def test_list_versions_sorts_newest_first_and_asks_for_deprecated_ones_on_request():
    client = client_with([{"sks-cluster-versions": ["1.31.10", "1.33.2", "1.32.6"]}])
    assert client.list_versions(include_deprecated=True) == ["1.33.2", "1.32.6", "1.31.10"]
    assert client.http.calls[0][2]["params"] == {"include-deprecated": "true"}


def test_scale_uses_the_colon_path():
    client = client_with([operation("pending")])
    client.scale_nodepool(CLUSTER_ID, "p1", 5)
    assert client.http.calls[0][:2] == ("PUT", "/sks-cluster/%s/nodepool/p1:scale" % CLUSTER_ID)
    assert client.http.calls[0][2]["json"] == {"size": 5}


# --- errors --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "status, headers, body, message, request_id",
    [
        (400, {}, {"message": "invalid zone"}, "invalid zone", None),
        (
            403,
            {"X-Exoscale-Request-Id": "req-1"},
            {"message": "Invalid request signature"},
            "Invalid request signature",
            "req-1",
        ),
        (502, {}, "<html>Bad gateway</html>", "<html>Bad gateway</html>", None),
        (500, {}, "", "HTTP 500", None),
    ],
)
def test_parse_error_reads_the_exoscale_shapes(status, headers, body, message, request_id):
    raw = json.dumps(body).encode() if isinstance(body, dict) else body.encode()
    error = api.parse_error(status, headers, raw, "GET", "https://api-ch-gva-2.exoscale.com/v2/sks-cluster")
    assert (error.status, error.message, error.request_id) == (status, message, request_id)
    assert str(status) in str(error)


def test_parse_error_reads_problem_details_as_the_openapi_spec_describes_them():
    body = {"type": "about:blank", "title": "Not Found", "status": 404, "detail": "SKS cluster c-1 not found"}
    error = api.parse_error(404, {"X-Exoscale-Request-Id": "req-2"}, json.dumps(body).encode(), "GET", "https://x")
    assert (error.code, error.message, error.request_id) == ("Not Found", "SKS cluster c-1 not found", "req-2")


@pytest.mark.parametrize(
    "body, code, message",
    [
        # egoscale v3 errors_test.go: the shapes handleHTTPErrorResp reads
        (
            {
                "type": "#/http-problem-types/bad-request",
                "title": "Bad Request",
                "detail": "One or more parameters are invalid.",
                "errors": ["Parameter 'foo' is not allowed"],
            },
            "Bad Request",
            "One or more parameters are invalid.; Parameter 'foo' is not allowed",
        ),
        (
            {
                "type": "#/http-problem-types/request-invalid-body",
                "title": "Invalid Request Body",
                "errors": [{"location": "$['version']", "detail": "does not have a value in the enumeration"}],
            },
            "Invalid Request Body",
            "Invalid Request Body; $['version']: does not have a value in the enumeration",
        ),
        ({"error": "internal failure"}, None, "internal failure"),
    ],
)
def test_parse_error_reads_what_egoscale_v3_reads(body, code, message):
    error = api.parse_error(422, {}, json.dumps(body).encode(), "PUT", "https://x")
    assert (error.code, error.message) == (code, message)


def test_client_from_params_builds_the_zone_endpoint_and_warns_about_tls():
    warnings = []
    client = api.client_from_params(
        {
            "api_key": "EXOK",
            "api_secret": "SECRET-OF-THE-FACTORY",
            "zone": "de-fra-1",
            "validate_certs": False,
            "request_timeout": 7,
        },
        warn=warnings.append,
    )
    assert client.zone == "de-fra-1"
    assert client.http.url_for("/sks-cluster") == "https://api-de-fra-1.exoscale.com/v2/sks-cluster"
    assert warnings
