# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""HttpClient against the real emulator frame on loopback, with faults injected by the frame."""

from __future__ import annotations

import email.utils
import json
import pathlib
import socket

import pytest

from ansible_collections.managedk8s.clusters.plugins.module_utils.core import http
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.errors import ApiError, ErrorParser
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.http import (
    HttpClient,
    HttpResponse,
    retry_after_seconds,
)

requests = pytest.importorskip("requests")
pytest.importorskip("flask")

from mockcloud.testing import example_cloud  # noqa: E402  pylint: disable=wrong-import-position

PREFIX = "/example/api/v1"


@pytest.fixture(autouse=True)
def no_proxy_for_loopback(monkeypatch):
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


@pytest.fixture
def emulator(start_mockcloud):
    return start_mockcloud(extra_clouds=[example_cloud()], discover=False)


def client_for(url, **kwargs):
    sleeps = []
    kwargs.setdefault("sleep", sleeps.append)
    return HttpClient(url, **kwargs), sleeps


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RecordingAuth(requests.auth.AuthBase):
    """Signs nothing: records the body it was asked to sign and adds a secret header."""

    def __init__(self):
        self.bodies = []

    def __call__(self, prepared):
        self.bodies.append(prepared.body)
        prepared.headers["Authorization"] = "Bearer topsecretvalue1"
        return prepared


def test_joins_paths_under_the_base_path():
    client = HttpClient("http://h/oks/api/v2/")
    assert client.url_for("/projects") == "http://h/oks/api/v2/projects"
    assert client.url_for("projects/p1") == "http://h/oks/api/v2/projects/p1"
    assert client.url_for("") == "http://h/oks/api/v2"
    assert client.url_for("https://other/x?y=1") == "https://other/x?y=1"


def test_retries_500_502_503_then_succeeds(emulator):
    emulator.admin.once(*({"method": "GET", "path_regex": "/items$", "kind": kind} for kind in ("500", "502", "503")))
    client, sleeps = client_for(emulator.cloud_url("example"))
    response = client.get("/items")
    assert response.status == 200 and response.json == {"items": []}
    assert (client.calls, client.retries) == (4, 3)
    assert 0 <= sleeps[0] <= 1 and 0 <= sleeps[1] <= 2
    assert sleeps[2] == 1.0  # the injected 503 carries Retry-After: 1
    assert [entry["fault"] for entry in emulator.admin.log()] == ["500", "502", "503", None]


@pytest.mark.parametrize("retry_after, cap, expected", [(7, 15.0, 7.0), (7, 5.0, 5.0)])
def test_429_waits_as_long_as_retry_after_says_within_the_cap(emulator, retry_after, cap, expected):
    emulator.admin.once({"path_regex": "/items$", "kind": "429", "retry_after": retry_after})
    client, sleeps = client_for(emulator.cloud_url("example"), backoff_cap=cap)
    assert client.get("/items").status == 200
    assert sleeps == [expected]


def test_retry_after_accepts_seconds_and_http_dates():
    now = 1700000000.0
    assert retry_after_seconds("3") == 3.0
    assert retry_after_seconds(email.utils.formatdate(now + 30, usegmt=True), now=now) == pytest.approx(30)
    assert retry_after_seconds(email.utils.formatdate(now - 30, usegmt=True), now=now) == 0.0
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds(None) is None


def test_gives_up_after_the_configured_retries(emulator):
    emulator.admin.faults(rate=1, kinds=["500"])
    client, sleeps = client_for(emulator.cloud_url("example"), retries=2)
    with pytest.raises(ApiError) as caught:
        client.get("/items")
    assert caught.value.status == 500 and caught.value.code == "InternalError"
    assert (client.calls, len(sleeps)) == (3, 2)


def test_retries_zero_disables_retries(emulator):
    emulator.admin.once({"kind": "503"})
    client, sleeps = client_for(emulator.cloud_url("example"), retries=0)
    with pytest.raises(ApiError):
        client.get("/items")
    assert (client.calls, sleeps) == (1, [])


def test_post_is_not_retried_once_the_server_may_have_seen_it(emulator):
    emulator.admin.once({"method": "POST", "path_regex": "/items$", "kind": "reset_after"})
    client, sleeps = client_for(emulator.cloud_url("example"))
    with pytest.raises(ApiError) as caught:
        client.post("/items", json={"name": "x"})
    assert caught.value.code == http.CONNECTION_LOST and caught.value.status is None
    assert "outcome is unknown" in caught.value.message
    assert (client.calls, sleeps) == (1, [])
    assert [item["name"] for item in client.get("/items").json["items"]] == ["x"]


@pytest.mark.parametrize("kind", ["500", "502"])
def test_post_is_not_retried_on_a_server_error(emulator, kind):
    emulator.admin.once({"method": "POST", "kind": kind})
    client, _sleeps = client_for(emulator.cloud_url("example"))
    with pytest.raises(ApiError) as caught:
        client.post("/items", json={"name": "x"})
    assert caught.value.status == int(kind) and client.calls == 1


@pytest.mark.parametrize("kind", ["429", "503"])
def test_post_is_retried_when_the_server_refused_it(emulator, kind):
    # 429, and 503 with Retry-After, say the server did not act: sending the POST again cannot create twice.
    emulator.admin.once({"method": "POST", "kind": kind, "retry_after": 2})
    client, sleeps = client_for(emulator.cloud_url("example"))
    assert client.post("/items", json={"name": "x"}).status == 201
    assert (client.calls, client.retries, sleeps) == (2, 1, [2.0])
    assert [item["name"] for item in client.get("/items").json["items"]] == ["x"]


@pytest.mark.parametrize(
    "status, headers, refused",
    [
        (429, {}, True),
        (429, {"Retry-After": "3"}, True),
        (503, {"Retry-After": "3"}, True),
        (503, {"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}, True),
        (503, {}, False),
        (503, {"Retry-After": "soon"}, False),
        (500, {"Retry-After": "3"}, False),
        (502, {}, False),
        (504, {}, False),
    ],
)
def test_server_refused_only_when_the_answer_says_nothing_was_done(status, headers, refused):
    assert http.server_refused(HttpResponse(status, headers)) is refused


def test_patch_without_retry_after_on_503_is_not_retried():
    client, sleeps = client_for("http://127.0.0.1:1")
    outcome = http._Attempt(HttpResponse(503, {}))  # pylint: disable=protected-access
    assert client._retry_delay(outcome, retry_everything=False, attempt=1) is None  # pylint: disable=protected-access
    assert sleeps == []


def test_idempotent_post_is_retried_with_the_same_bytes_and_a_new_signature(emulator):
    emulator.admin.once({"method": "POST", "kind": "reset_after"}, {"method": "POST", "kind": "502"})
    auth = RecordingAuth()
    client, _sleeps = client_for(emulator.cloud_url("example"), auth=auth)
    payload = {"name": "x", "tags": {"a": "é"}}
    assert client.post("/items", json=payload, idempotent=True).status == 201
    sent = json.dumps(payload, separators=(",", ":")).encode()
    assert auth.bodies == [sent, sent, sent]
    received = [record["body"].encode() for record in emulator.state.store.collection("example", "bodies")]
    assert received == [sent, sent]  # the view ran for the dropped attempt and for the last one


def test_post_is_retried_when_the_connection_is_refused(start_mockcloud):
    port = free_port()
    started = []

    def sleep_then_start_the_server(seconds):
        started.append(start_mockcloud(extra_clouds=[example_cloud()], discover=False, port=port))

    client = HttpClient("http://127.0.0.1:%d%s" % (port, PREFIX), sleep=sleep_then_start_the_server)
    assert client.post("/items", json={"name": "x"}).status == 201
    assert (client.calls, client.retries, len(started)) == (2, 1, 1)
    assert len(started[0].state.store.collection("example", "items")) == 1


def test_refused_connections_end_in_a_connection_error():
    client, sleeps = client_for("http://127.0.0.1:%d" % free_port(), retries=2)
    with pytest.raises(ApiError) as caught:
        client.post("/items", json={})
    assert caught.value.code == http.CONNECTION_ERROR and caught.value.status is None
    assert (client.calls, len(sleeps)) == (3, 2)


def test_read_timeouts(emulator):
    client, _sleeps = client_for(emulator.cloud_url("example"), timeout=0.2, retries=1)
    with pytest.raises(ApiError) as caught:
        client.get("/slow", params={"seconds": "1"})
    assert caught.value.code == http.TIMEOUT and client.calls == 2
    with pytest.raises(ApiError) as caught:
        client.post("/slow", params={"seconds": "1"})
    assert caught.value.code == http.CONNECTION_LOST and caught.value.details == {"cause": http.TIMEOUT}
    assert client.calls == 3


def test_tls_failures_are_not_retried(emulator):
    client, sleeps = client_for(emulator.url.replace("http://", "https://"))
    with pytest.raises(ApiError) as caught:
        client.get("/")
    assert caught.value.code == http.TLS_ERROR and (client.calls, sleeps) == (1, [])


def test_the_client_hands_errors_to_its_parser(emulator):
    seen = []

    def parser(status, headers=None, body=None, method=None, url=None):
        seen.append((status, method))
        return ApiError(status=status, code="Parsed", message="by the cloud's parser", method=method, url=url)

    client, _sleeps = client_for(emulator.cloud_url("example"), error_parser=parser)
    with pytest.raises(ApiError) as caught:
        client.get("/errors/exoscale")
    assert caught.value.code == "Parsed" and seen == [(404, "GET")]


def test_allow_404_and_expected_statuses(emulator):
    client, _sleeps = client_for(emulator.cloud_url("example"))
    assert client.get("/items/nope", allow_404=True).status == 404
    with pytest.raises(ApiError) as caught:
        client.get("/items/nope")
    assert caught.value.is_not_found
    with pytest.raises(ApiError):
        client.get("/items", expected=[201])
    assert client.get("/items", expected=200).status == 200


def test_response_fields_request_id_and_user_agent(emulator):
    client, _sleeps = client_for(emulator.cloud_url("example"))
    response = client.get("/echo")
    assert response.request_id == "req-echo-1" and response.headers["x-request-id"] == "req-echo-1"
    assert json.loads(response.body) == response.json and response.text == response.body.decode()
    assert response.json["headers"]["User-Agent"] == "managedk8s.clusters/" + http.COLLECTION_VERSION
    assert HttpResponse(200, {}, b"apiVersion: v1\n").json is None and HttpResponse(204).json is None


def test_debug_log_never_shows_secrets(emulator):
    emulator.admin.once({"kind": "500"})
    lines = []
    client, _sleeps = client_for(emulator.cloud_url("example"), auth=RecordingAuth(), log=lines.append)
    client.get("/echo", headers={"X-Auth-Token": "anothersecret99", "SecretKey": "yetanothersecret"})
    assert len(lines) == 2
    assert "GET %s%s/echo -> 500" % (emulator.url, PREFIX) in lines[0] and "attempt 1 of 6" in lines[0]
    assert "-> 200" in lines[1] and "attempt 2 of 6" in lines[1]
    for secret in ("topsecretvalue1", "anothersecret99", "yetanothersecret"):
        assert not any(secret in line for line in lines)
    assert "Authorization" in lines[0]


def test_tls_settings():
    assert HttpClient("https://h").verify is True
    assert HttpClient("https://h", ca_path="/ca.pem").verify == "/ca.pem"
    insecure = HttpClient("https://h", validate_certs=False)
    assert insecure.verify is False and len(insecure.warnings) == 1 and "validation is disabled" in insecure.warnings[0]


def test_explicit_proxies_win_over_the_environment(emulator, monkeypatch):
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:%d" % free_port())
    client, _sleeps = client_for("http://api.mock.invalid" + PREFIX, proxies={"http": emulator.url}, retries=0)
    assert client.get("/items").json == {"items": []}
    assert emulator.admin.log()[0]["path"] == PREFIX + "/items"


def test_missing_requests_is_reported_by_name(monkeypatch):
    monkeypatch.setattr(http, "HAS_REQUESTS", False)
    with pytest.raises(http.MissingLibraryError, match="'requests'"):
        HttpClient("https://h")


def test_collection_version_matches_galaxy_yml():
    yaml = pytest.importorskip("yaml")
    galaxy = pathlib.Path(__file__).resolve().parents[5] / "galaxy.yml"
    assert yaml.safe_load(galaxy.read_text(encoding="utf-8"))["version"] == http.COLLECTION_VERSION


def test_an_answer_the_cloud_marks_retryable_is_retried_whatever_the_method(emulator):
    # A cloud's ErrorParser.retryable(error) says which error answers beyond the retried statuses were refused
    # without being carried out (a throttling code sent with a 4xx): they are retried as a 429 is, POST included.
    refused = ErrorParser(retryable=lambda error: error.status == 409)
    client, sleeps = client_for(emulator.cloud_url("example"), error_parser=refused, retries=2)
    with pytest.raises(ApiError) as caught:
        client.post("/errors/oks_errors")
    assert caught.value.status == 409 and (client.calls, client.retries, len(sleeps)) == (3, 2, 2)
    # other answers, and the same answer without the predicate, are not retried
    client, sleeps = client_for(emulator.cloud_url("example"), error_parser=refused)
    with pytest.raises(ApiError):
        client.post("/errors/oks_detail")
    assert (client.calls, sleeps) == (1, [])
    client, sleeps = client_for(emulator.cloud_url("example"))
    with pytest.raises(ApiError):
        client.get("/errors/oks_errors")
    assert (client.calls, sleeps) == (1, [])
    assert ErrorParser(retryable=lambda error: True).refused(200, {}, b"") is False


# --- why a call could not be made, and how often it was tried ---------------------------------------------------


def test_an_unreachable_endpoint_is_named_with_the_reason_and_the_attempts():
    port = free_port()
    client, sleeps = client_for("http://127.0.0.1:%d/api" % port, retries=2)
    with pytest.raises(ApiError) as caught:
        client.get("/items")
    message = str(caught.value)
    assert caught.value.code == http.CONNECTION_ERROR
    assert "cannot reach 127.0.0.1:%d: connection refused" % port in message
    assert "3 attempts over" in message and "retries=2" in message
    assert "Max retries exceeded" not in message and "NewConnectionError" not in message
    assert caught.value.details["attempts"] == 3 and (client.calls, len(sleeps)) == (3, 2)


def test_retries_zero_makes_one_attempt_on_an_unreachable_endpoint():
    client, sleeps = client_for("http://127.0.0.1:%d" % free_port(), retries=0)
    with pytest.raises(ApiError) as caught:
        client.get("/items")
    assert (client.calls, sleeps) == (1, []) and "1 attempt over" in str(caught.value)


@pytest.fixture
def unknown_host(monkeypatch):
    """A host name the resolver does not know, without asking a real DNS server."""
    real = socket.getaddrinfo

    def getaddrinfo(host, *args, **kwargs):
        if host == "api.unknown.invalid":
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return "api.unknown.invalid"


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_name_that_does_not_resolve_is_tried_once(unknown_host, method):
    client, sleeps = client_for("https://%s/v1" % unknown_host)
    with pytest.raises(ApiError) as caught:
        client.request(method, "/items")
    message = str(caught.value)
    assert (client.calls, sleeps) == (1, [])
    assert caught.value.code == http.CONNECTION_ERROR
    assert "cannot reach %s: the host name does not resolve (Name or service not known)" % unknown_host in message
    assert "1 attempt over" in message and "not retried" in message


def test_a_tls_failure_says_which_host_and_is_not_retried(emulator):
    client, sleeps = client_for(emulator.url.replace("http://", "https://"))
    with pytest.raises(ApiError) as caught:
        client.get("/")
    assert (client.calls, sleeps) == (1, [])
    assert "TLS error with 127.0.0.1:" in str(caught.value) and "not retried" in str(caught.value)


def test_a_read_timeout_names_request_timeout(emulator):
    client, _sleeps = client_for(emulator.cloud_url("example"), timeout=0.2, retries=0)
    with pytest.raises(ApiError) as caught:
        client.get("/slow", params={"seconds": "1"})
    assert "no answer within 0.2 seconds (request_timeout)" in str(caught.value)


@pytest.mark.parametrize("given, expected", [(None, http.DEFAULT_RETRIES), (0, 0), (2, 2)])
def test_http_client_for_takes_the_retries_option(given, expected):
    client = http.http_client_for({"retries": given}, "https://h", None)
    assert client.max_retries == expected
