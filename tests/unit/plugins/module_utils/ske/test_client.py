# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The SKE client: URLs as signed and sent, pagination, body parsers and the error parser without a server; the
client factory against the emulator (the ske fixture, conftest.py)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json

import pytest
import requests
from requests.adapters import BaseAdapter

from ansible_collections.managedk8s.clusters.plugins.module_utils.auth.scp import ScpAuth
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.credentials import CredentialsError
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.errors import ApiError, InputError
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.http import HttpClient
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.kubeconfig import KubeconfigError
from ansible_collections.managedk8s.clusters.plugins.module_utils.ske import checks, client as ske_client

# The vector of reference/signing.md (seed 003), reproduced by a Go re-implementation of the vendor SDK.
VECTOR_ENDPOINT = "https://ske.kr-west1.e.samsungsdscloud.com"
VECTOR_AK = "TESTACCESSKEY0123456789"
VECTOR_SK = "TESTSECRETKEY/abc+def="
VECTOR_TS = 1605290625682
VECTOR_SIGNATURE = "F3WQHGZ2J3UyXi/lmsGJ7U0QBit2H6vQJAsMBZMrr28="
CLUSTER_ID = "70a599e031e749b7b260868f441e862b"

KUBECONFIG = """apiVersion: v1
kind: Config
clusters:
- cluster:
    server: https://c1.private.example:6443
  name: c1
contexts:
- context:
    cluster: c1
    user: u1
  name: u1@c1
current-context: u1@c1
users:
- name: u1
  user:
    client-key-data: U0VDUkVULUtFWS1EQVRB
"""


class Recorder(BaseAdapter):
    """A requests transport that answers from a list and keeps every prepared request."""

    def __init__(self, answers):
        super().__init__()
        self.answers = list(answers)
        self.sent = []

    def send(self, request, **kwargs):
        self.sent.append(request)
        status, body, headers = self.answers.pop(0) if self.answers else (200, b"{}", {})
        response = requests.Response()
        response.status_code = status
        response._content = body if isinstance(body, bytes) else json.dumps(body).encode()
        response.headers.update(headers or {"Content-Type": "application/json"})
        response.url = request.url
        response.request = request
        return response

    def close(self):
        pass


def make_client(answers=(), endpoint=VECTOR_ENDPOINT, api_version="1.3", account_id="", clock_ms=VECTOR_TS):
    auth = ScpAuth(
        VECTOR_AK, VECTOR_SK, account_id=account_id, api_version="ske " + api_version, clock=lambda: clock_ms / 1000.0
    )
    http = HttpClient(endpoint, auth=auth, retries=0, error_parser=ske_client.parse_error)
    recorder = Recorder(answers)
    http.session.mount("https://", recorder)
    http.session.mount("http://", recorder)
    return ske_client.SkeClient(http, api_version), recorder


def go_style_signature(method, url, timestamp, account_id=""):
    message = method + url + str(timestamp) + VECTOR_AK + account_id + "Openapi"
    return base64.b64encode(hmac.new(VECTOR_SK.encode(), message.encode(), hashlib.sha256).digest()).decode()


# --- URLs as the client signs and sends them ----------------------------------------------------------------


def test_the_kubeconfig_request_reproduces_the_vector():
    client, recorder = make_client([(200, KUBECONFIG.encode(), {"Content-Type": "application/x-yaml"})])
    client.user_kubeconfig(CLUSTER_ID, "private")
    sent = recorder.sent[0]
    assert sent.url == VECTOR_ENDPOINT + "/v1/clusters/%s/user-kubeconfig?kubeconfig_type=private" % CLUSTER_ID
    assert sent.headers["Scp-Signature"] == VECTOR_SIGNATURE
    assert sent.headers["Scp-Timestamp"] == str(VECTOR_TS)
    assert sent.headers["Scp-AccessKey"] == VECTOR_AK
    assert sent.headers["Scp-ClientType"] == "Openapi"
    assert sent.headers["Scp-AccountId"] == ""
    assert sent.headers["Scp-API-Version"] == "ske 1.3"
    assert sent.headers["Accept-Language"] == "en-US"


def test_list_query_is_sorted_and_escaped_like_the_go_sdk():
    client, recorder = make_client([(200, {"clusters": [], "count": 0}, None)], account_id="acct-7")
    client.list_clusters(name="web prod+1", status=["RUNNING", "CREATING"], subnet_id="s/1")
    sent = recorder.sent[0]
    # Go's url.Values.Encode(): keys sorted, values in the order given, QueryEscape (space as +).
    expected_url = (
        VECTOR_ENDPOINT + "/v1/clusters?name=web+prod%2B1&page=0&size=50&status=RUNNING&status=CREATING&subnet_id=s%2F1"
    )
    assert sent.url == expected_url
    assert sent.headers["Scp-Signature"] == go_style_signature("GET", expected_url, VECTOR_TS, "acct-7")


def test_cluster_id_is_path_escaped_like_go_path_escape():
    client, recorder = make_client([(404, {"errors": [{"detail": "not found"}]}, None)])
    assert client.get_cluster("a b/c;d@e") is None
    expected_url = VECTOR_ENDPOINT + "/v1/clusters/a%20b%2Fc%3Bd@e"
    assert recorder.sent[0].url == expected_url
    assert recorder.sent[0].headers["Scp-Signature"] == go_style_signature("GET", expected_url, VECTOR_TS)


def test_endpoint_with_a_path_prefix_and_a_port_is_signed_as_sent():
    client, recorder = make_client([(200, {"cluster": {"id": CLUSTER_ID}}, None)], endpoint="http://127.0.0.1:8704/ske")
    client.get_cluster(CLUSTER_ID)
    expected_url = "http://127.0.0.1:8704/ske/v1/clusters/" + CLUSTER_ID
    assert recorder.sent[0].url == expected_url
    assert recorder.sent[0].headers["Scp-Signature"] == go_style_signature("GET", expected_url, VECTOR_TS)


def test_post_body_and_api_version_header():
    client, recorder = make_client(
        [(202, {"account_id": "a", "request_id": "r", "resource_id": CLUSTER_ID}, None)], api_version="1.1"
    )
    assert client.create_cluster({"name": "c1"}) == CLUSTER_ID
    sent = recorder.sent[0]
    assert sent.method == "POST" and sent.body == b'{"name":"c1"}'
    assert sent.headers["Scp-API-Version"] == "ske 1.1"
    assert sent.headers["Scp-Signature"] == go_style_signature("POST", VECTOR_ENDPOINT + "/v1/clusters", VECTOR_TS)


# --- the paginated list ---------------------------------------------------------------------------------------


def summaries(start, count):
    return [{"id": "%032x" % index, "name": "c-%d" % index} for index in range(start, start + count)]


def test_list_walks_every_page():
    pages = [
        (200, {"clusters": summaries(0, 2), "count": 5}, None),
        (200, {"clusters": summaries(2, 2), "count": 5}, None),
        (200, {"clusters": summaries(4, 1), "count": 5}, None),
    ]
    client, recorder = make_client(pages)
    assert [item["name"] for item in client.list_clusters(page_size=2)] == ["c-0", "c-1", "c-2", "c-3", "c-4"]
    assert [request.url.split("page=")[1].split("&")[0] for request in recorder.sent] == ["0", "1", "2"]


def test_list_stops_at_the_count_without_an_empty_page():
    client, recorder = make_client([(200, {"clusters": summaries(0, 2), "count": 2}, None)])
    assert len(client.list_clusters(page_size=2)) == 2
    assert len(recorder.sent) == 1


def test_clusters_named_keeps_exact_matches_only():
    found = [{"id": "1" * 32, "name": "web"}, {"id": "2" * 32, "name": "web-2"}]
    client, _recorder = make_client([(200, {"clusters": found, "count": 2}, None)])
    assert client.clusters_named("web") == [found[0]]


# --- kubeconfig errors ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "status,expected",
    [
        (400, "SKE refused to give the public kubeconfig of cluster %s" % CLUSTER_ID),
        (403, "no permission to download the kubeconfig of cluster %s" % CLUSTER_ID),
        (404, "no such cluster: %s" % CLUSTER_ID),
    ],
)
def test_kubeconfig_errors_are_explained(status, expected):
    client, _recorder = make_client([(status, {"errors": [{"code": "X", "detail": "vendor words"}]}, None)])
    with pytest.raises(ApiError) as caught:
        client.user_kubeconfig(CLUSTER_ID, "public")
    assert caught.value.status == status
    assert expected in caught.value.message
    assert "vendor words" in caught.value.message


def test_kubeconfig_type_is_checked_before_any_call():
    client, recorder = make_client()
    with pytest.raises(InputError, match="kubeconfig_type"):
        client.user_kubeconfig(CLUSTER_ID, "admin")
    assert recorder.sent == []


# --- body parsers ---------------------------------------------------------------------------------------------


def test_raw_yaml_body():
    assert ske_client.kubeconfig_text(KUBECONFIG.encode(), "application/x-yaml") == KUBECONFIG


@pytest.mark.parametrize(
    "wrapper",
    [
        {"kubeconfig": KUBECONFIG},
        {"Kubeconfig": KUBECONFIG, "request_id": "r1"},
        {"data": {"kubeconfig": KUBECONFIG}},
        {"user_kubeconfig": base64.b64encode(KUBECONFIG.encode()).decode()},
        {"content": base64.encodebytes(KUBECONFIG.encode()).decode()},
    ],
)
def test_json_wrappers(wrapper):
    text = ske_client.kubeconfig_text(json.dumps(wrapper).encode(), "application/json")
    assert "client-key-data: U0VDUkVULUtFWS1EQVRB" in text
    assert "server: https://c1.private.example:6443" in text


def test_kubeconfig_written_as_json_and_json_string():
    import yaml

    as_json = json.dumps(yaml.safe_load(KUBECONFIG))
    assert "current-context: u1@c1" in ske_client.kubeconfig_text(as_json)
    assert ske_client.kubeconfig_text(json.dumps(KUBECONFIG)) == KUBECONFIG


@pytest.mark.parametrize(
    "body,reason",
    [
        (b"", "empty body"),
        (b"   \n", "empty body"),
        (b"\xff\xfe\x00", "not UTF-8"),
        (b"<html><body>Gateway</body></html>", "not a kubeconfig"),
        (b"[1, 2]", "JSON list"),
        (b'{"result": "ok", "items": []}', "keys: items, result"),
        (b'{"kubeconfig": "not: [a kubeconfig"}', "not valid YAML"),
        (b"apiVersion: v1\nkind: Pod\n", "not a kubeconfig"),
    ],
)
def test_unusable_bodies_fail_clearly(body, reason):
    with pytest.raises(KubeconfigError) as caught:
        ske_client.kubeconfig_text(body, "text/plain", what="the private user kubeconfig of cluster c1")
    assert reason in str(caught.value)
    assert "the private user kubeconfig of cluster c1" in str(caught.value)


def test_parser_errors_never_show_the_content():
    secret_body = json.dumps({"kube": KUBECONFIG.replace("kind: Config", "kind: Secret")}).encode()
    with pytest.raises(KubeconfigError) as caught:
        ske_client.kubeconfig_text(secret_body)
    assert "U0VDUkVULUtFWS1EQVRB" not in str(caught.value)
    assert "keys: kube" in str(caught.value)


# --- the error parser -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "status,headers,body,code,message,request_id",
    [
        (
            404,
            {},
            {"errors": [{"detail": "cluster not found", "code": "NotFound"}]},
            "NotFound",
            "cluster not found",
            None,
        ),
        (
            400,
            {"X-Scp-Request-Id": "scp-1"},
            {"errors": [{"title": "BadRequest", "detail": "bad name"}]},
            "BadRequest",
            "bad name",
            "scp-1",
        ),
        (409, {}, {"errors": [{"title": "Conflict"}]}, "Conflict", "Conflict", None),
        (400, {}, {"errors": ["plain words"]}, None, "plain words", None),
        (400, {}, {"message": "invalid zone"}, None, "invalid zone", None),
        (502, {}, "<html>Bad gateway</html>", None, "<html>Bad gateway</html>", None),
        (500, {}, "", None, "HTTP 500", None),
    ],
)
def test_parse_error_reads_the_samsung_shapes(status, headers, body, code, message, request_id):
    raw = json.dumps(body).encode() if isinstance(body, dict) else body.encode()
    error = ske_client.parse_error(status, headers, raw, "GET", "https://x/y")
    assert (error.status, error.code, error.message, error.request_id) == (status, code, message, request_id)


def test_parse_error_adds_the_auth_hint_to_401_only():
    body = json.dumps({"errors": [{"code": "Unauthorized", "detail": "invalid signature"}]}).encode()
    refused = ske_client.parse_error(401, {}, body, "GET", "https://x/y")
    assert refused.message == "invalid signature (%s)" % ske_client.AUTH_HINT
    assert refused.code == "Unauthorized"
    forbidden = ske_client.parse_error(403, {}, body, "GET", "https://x/y")
    assert forbidden.message == "invalid signature"


# --- the client factory, against the emulator -----------------------------------------------------------------


def test_client_warns_about_deprecated_versions(ske):
    warnings = []
    ske_client.client_from_params(dict(ske.params, api_version="1.1"), warn=warnings.append)
    expected = checks.deprecation_warning("1.1")
    assert warnings == ([expected] if expected else [])


def test_wrong_secret_key_is_refused(ske):
    client = ske_client.client_from_params(dict(ske.params, secret_key="not-the-secret"))
    with pytest.raises(ApiError) as caught:
        client.list_clusters()
    assert caught.value.status == 401 and "signature" in caught.value.message
    assert "check access_key, secret_key and account_id" in caught.value.message
    assert "not-the-secret" not in str(caught.value)


def test_client_has_the_endpoint_and_the_api_version(ske):
    client = ske_client.client_from_params(dict(ske.params, api_version="v1.2"))
    assert client.endpoint == ske.params["endpoint"] and client.api_version == "1.2"
    assert client.http.auth.api_version == "ske 1.2"


def test_unknown_api_version_is_a_credentials_problem_with_the_same_message(ske):
    with pytest.raises(CredentialsError) as caught:
        ske_client.client_from_params(dict(ske.params, api_version="ske 7"))
    assert str(caught.value) == (
        "api_version: 'ske 7' is not an SKE API version; use one of ske 1.0, ske 1.1, "
        "ske 1.2, ske 1.3 (default ske 1.3)"
    )


# --- several errors, and a detail that is a list (issue 15, SKE 1) ------------------------------------------------


@pytest.mark.parametrize(
    "errors,message",
    [
        (
            [{"code": "BadRequest", "detail": ["name is too long", "name has capitals"]}],
            "name is too long, name has capitals",
        ),
        (
            [
                {"code": "InvalidParameter", "detail": "vpc_id is unknown"},
                {"code": "InvalidParameter", "detail": "subnet_id is unknown"},
            ],
            "vpc_id is unknown, subnet_id is unknown",
        ),
        (
            [{"code": "A", "detail": ["one", "two"]}, {"title": "B"}, {"code": "C", "detail": "three"}],
            "one, two, B, three",
        ),
    ],
)
def test_parse_error_joins_every_detail_like_terraform(errors, message):
    """Terraform's GetDetailFromError: every error's detail, a list detail flattened, joined with ", "."""
    error = ske_client.parse_error(400, {}, json.dumps({"errors": errors}).encode(), "POST", "https://x/v1/clusters")
    assert isinstance(error.message, str) and error.message == message
    assert error.code == errors[0].get("code") and error.details == errors


def test_several_errors_and_a_list_detail_from_the_emulator(ske):
    # The view finds two problems the contract does not cover: two errors in one answer.
    payload = {
        "name": "unit-errors",
        "kubernetes_version": "v1.31.8",
        "vpc_id": "v",
        "subnet_id": "s",
        "volume_id": "o",
        "security_group_id_list": [],
        "cloud_logging_enabled": False,
        "service_watch_logging_enabled": "yes",
    }
    with pytest.raises(ApiError) as caught:
        ske.client.create_cluster(payload)
    assert caught.value.status == 400 and len(caught.value.details) == 2
    assert caught.value.message == (
        "security_group_id_list must be a non-empty list of ids, service_watch_logging_enabled must be a boolean"
    )
    # The contract refuses a size below 0: its detail is a list.
    with pytest.raises(ApiError) as caught:
        ske.client.list_clusters(page_size=-1)
    assert isinstance(caught.value.details[0]["detail"], list)
    assert caught.value.message.startswith("Invalid request: parameter size: -1 is less than the minimum of 0")


# --- the endpoint catalog (issue 15, SKE 4) -----------------------------------------------------------------------

CATALOG = [
    {"region": "kr-west1", "service_type": "scp-iam", "service_name": "iam", "url": "https://iam.example"},
    {"region": "kr-east1", "service_type": "scp-ske", "service_name": "ske", "url": "https://ske.kr-east1.example"},
    {"region": "kr-west1", "service_type": "scp-ske", "service_name": "ske", "url": "https://ske.kr-west1.example/"},
]


def test_choose_endpoint_follows_the_go_sdk():
    assert ske_client.choose_endpoint(CATALOG, "kr-west1") == ("https://ske.kr-west1.example", "kr-west1", None)
    assert ske_client.choose_endpoint(CATALOG, "kr-east1")[:2] == ("https://ske.kr-east1.example", "kr-east1")
    # One entry of the type is taken whatever the region.
    assert ske_client.choose_endpoint(CATALOG[:2], "kr-west1") == ("https://ske.kr-east1.example", "kr-east1", None)
    # None in the region: all of them, the first by URL, with a note.
    url, region, note = ske_client.choose_endpoint(CATALOG, "jp-east1")
    assert (url, region) == ("https://ske.kr-east1.example", "kr-east1") and "not in jp-east1" in note
    assert ske_client.choose_endpoint(CATALOG[:1], "kr-west1") is None


def test_a_terraform_scpconf_finds_ske_in_the_catalog(ske_catalog):
    warnings = []
    client = ske_client.client_from_params(ske_catalog.params, warn=warnings.append)
    assert client.endpoint == ske_catalog.cloud_url("ske") and client.region == "kr-west1"
    assert client.list_clusters() == [] and warnings == []
    logged = list(ske_catalog.admin.log())
    assert [(entry["cloud"], entry["template"]) for entry in logged] == [
        ("ske_iam", "/v1/endpoints"),
        ("ske", "/v1/clusters"),
    ]


def test_the_catalog_call_is_signed_like_the_sdk_signs_it():
    """client/catalog.go: GET {auth-url}/endpoints, Scp-AccountId sent and signed, no Scp-API-Version, no token."""
    recorder = Recorder([(200, {"endpoints": CATALOG}, None)])
    sent_through = []

    def fake_http_client_for(params, base_url, auth, **kwargs):
        auth._clock = lambda: VECTOR_TS / 1000.0
        http = HttpClient(base_url, auth=auth, retries=0, error_parser=ske_client.parse_error)
        http.session.mount("https://", recorder)
        sent_through.append(base_url)
        return http

    resolved = {
        "access_key": VECTOR_AK,
        "secret_key": VECTOR_SK,
        "account_id": "acct-7",
        "auth_token": "TOKEN",
        "auth_url": "https://iam.e.samsungsdscloud.com/v1",
        "region": "kr-west1",
    }
    original = ske_client.http_client_for
    ske_client.http_client_for = fake_http_client_for
    try:
        assert ske_client.discover_endpoint({}, resolved) == ("https://ske.kr-west1.example", "kr-west1")
    finally:
        ske_client.http_client_for = original
    sent = recorder.sent[0]
    assert sent.url == "https://iam.e.samsungsdscloud.com/v1/endpoints"
    assert sent.headers["Scp-AccountId"] == "acct-7"
    assert sent.headers["Scp-Signature"] == go_style_signature("GET", sent.url, VECTOR_TS, "acct-7")
    assert "Scp-API-Version" not in sent.headers and "X-Auth-Token" not in sent.headers


def test_a_catalog_without_ske_is_a_clear_error(ske_catalog, monkeypatch):
    from mockcloud.clouds import ske_iam  # pylint: disable=import-outside-toplevel

    monkeypatch.setattr(ske_iam, "catalog", lambda base_url: CATALOG[:1])
    with pytest.raises(CredentialsError, match="lists no scp-ske endpoint: set the option endpoint"):
        ske_client.client_from_params(ske_catalog.params)


def test_a_region_without_ske_falls_back_as_the_sdk_does_with_a_warning(ske_catalog, monkeypatch):
    monkeypatch.setenv("SCP_TF_DEFAULT_REGION", "jp-east1")
    warnings = []
    client = ske_client.client_from_params(ske_catalog.params, warn=warnings.append)
    # The first by URL of kr-east1 (nothing answers there) and kr-west1 (this emulator).
    assert client.region in ("kr-east1", "kr-west1") and len(warnings) == 1 and "not in jp-east1" in warnings[0]
