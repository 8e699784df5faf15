# -*- coding: utf-8 -*-
from __future__ import annotations

import base64

import pytest
import requests
from requests.adapters import BaseAdapter

from ansible_collections.managedk8s.clusters.plugins.module_utils.auth.outscale import (
    OutscaleAuth,
    basic_authorization,
    outscale_headers,
)
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.redact import known_secrets

ALL = dict(
    access_key="AK0123",
    secret_key="SK-secret",
    username="root@example.com",
    password="p@ss:w0rd",
    access_token="jwt.access",
    refresh_token="jwt.refresh",
)


class RecordingAdapter(BaseAdapter):
    """Answers every request with the next canned (status, headers), and remembers the request headers."""

    def __init__(self, answers):
        super().__init__()
        self.answers = list(answers)
        self.sent = []

    def send(self, request, **kwargs):
        self.sent.append(dict(request.headers))
        status, headers = self.answers.pop(0)
        response = requests.Response()
        response.status_code = status
        response.headers.update(headers)
        response.request = request
        response.url = request.url
        response._content = b"{}"  # pylint: disable=protected-access
        response.connection = self
        return response

    def close(self):
        pass


def session_with(auth, answers):
    session = requests.Session()
    adapter = RecordingAdapter(answers)
    session.mount("https://", adapter)
    session.auth = auth
    return session, adapter


def test_tokens_come_first():
    assert outscale_headers(**ALL) == {"AccessToken": "jwt.access", "RefreshToken": "jwt.refresh"}


def test_access_keys_come_before_basic():
    without_tokens = {name: value for name, value in ALL.items() if not name.endswith("_token")}
    headers = outscale_headers(**without_tokens)
    assert headers == {"AccessKey": "AK0123", "SecretKey": "SK-secret"}


def test_basic_is_login_and_password():
    headers = outscale_headers(username="root@example.com", password="p@ss:w0rd")
    assert headers == {"Authorization": "Basic " + base64.b64encode(b"root@example.com:p@ss:w0rd").decode()}
    assert (
        basic_authorization("us\u00e9r", "pw") == "Basic " + base64.b64encode("us\u00e9r:pw".encode("utf-8")).decode()
    )


def test_otp_goes_with_any_scheme():
    for credentials in (ALL, dict(access_key="AK", secret_key="SK"), dict(username="u", password="p")):
        assert outscale_headers(otp_code=123456, **credentials)["X-OTP-Code"] == "123456"
    assert "X-OTP-Code" not in outscale_headers(access_key="AK", secret_key="SK")


@pytest.mark.parametrize("credentials", [{}, {"access_key": "AK"}, {"username": "u"}, {"refresh_token": "r"}])
def test_incomplete_credentials_are_refused_at_construction(credentials):
    with pytest.raises(ValueError) as error:
        OutscaleAuth(**credentials)
    assert "AK" not in str(error.value)


def test_handler_replaces_stale_auth_headers():
    prepared = requests.Request(
        "GET",
        "https://api.eu-west-2.oks.outscale.com/api/v2/projects",
        headers={"Authorization": "Basic old", "AccessKey": "old"},
    ).prepare()
    OutscaleAuth(access_token="A1", refresh_token="R1")(prepared)
    assert "Authorization" not in prepared.headers and "AccessKey" not in prepared.headers
    assert prepared.headers["AccessToken"] == "A1"


def test_fresh_tokens_are_ignored_without_jwt():
    """oks-cli sends tokens only when the profile enables jwt (utils.py build_headers, is_jwt_enabled)."""
    auth = OutscaleAuth(access_key="AK0123", secret_key="SK-secret")
    session, adapter = session_with(auth, [(200, {"Access-Token": "a.jwt", "Refresh-Token": "r.jwt"}), (200, {})])
    session.get("https://oks.example/api/v2/projects")
    session.get("https://oks.example/api/v2/clusters")
    assert adapter.sent[1]["AccessKey"] == "AK0123" and "AccessToken" not in adapter.sent[1]


def test_a_refused_token_is_dropped_and_the_request_sent_once_more_with_the_key():
    """oks-cli's handle_jwt_error: drop the tokens, send the same request again with the original credentials."""
    auth = OutscaleAuth(access_key="AK0123", secret_key="SK-secret", use_jwt=True)
    session, adapter = session_with(
        auth,
        [
            (200, {"Access-Token": "a.jwt", "Refresh-Token": "r.jwt"}),
            (401, {}),
            (200, {"Access-Token": "a2.jwt", "Refresh-Token": "r2.jwt"}),
        ],
    )
    session.get("https://oks.example/api/v2/projects")
    answer = session.get("https://oks.example/api/v2/clusters")
    assert answer.status_code == 200 and [item.status_code for item in answer.history] == [401]
    first, refused, again = adapter.sent
    assert refused["AccessToken"] == "a.jwt" and "AccessKey" not in refused
    assert again["AccessKey"] == "AK0123" and "AccessToken" not in again
    assert auth.retried == 1 and auth.scheme == "AccessToken"


def test_a_refused_token_without_other_credentials_is_final():
    auth = OutscaleAuth(access_token="a.jwt", refresh_token="r.jwt")
    session, adapter = session_with(auth, [(401, {})])
    assert session.get("https://oks.example/api/v2/projects").status_code == 401
    assert len(adapter.sent) == 1 and auth.retried == 0


def test_fresh_tokens_are_used_for_the_following_requests():
    auth = OutscaleAuth(access_key="AK0123", secret_key="SK-secret", otp_code="654321", use_jwt=True)
    session, adapter = session_with(
        auth,
        [
            (200, {"Access-Token": "new.access.jwt", "Refresh-Token": "new.refresh.jwt"}),
            (200, {}),
        ],
    )
    session.get("https://api.eu-west-2.oks.outscale.com/api/v2/projects")
    session.get("https://api.eu-west-2.oks.outscale.com/api/v2/clusters")

    first, second = adapter.sent
    assert first["AccessKey"] == "AK0123" and "AccessToken" not in first
    assert second["AccessToken"] == "new.access.jwt" and second["RefreshToken"] == "new.refresh.jwt"
    assert "AccessKey" not in second and "SecretKey" not in second
    assert first["X-OTP-Code"] == second["X-OTP-Code"] == "654321"
    assert {"new.access.jwt", "new.refresh.jwt"} <= known_secrets()


def test_a_lone_token_header_is_ignored():
    auth = OutscaleAuth(username="u", password="p")
    session, adapter = session_with(auth, [(200, {"Access-Token": "only.access"}), (200, {})])
    session.get("https://oks.example/api/v2/a")
    session.get("https://oks.example/api/v2/b")
    assert adapter.sent[1]["Authorization"].startswith("Basic ")
    assert auth.scheme == "Authorization"


def test_forget_tokens_falls_back_to_keys():
    auth = OutscaleAuth(access_key="AK", secret_key="SK", access_token="A", refresh_token="R")
    assert auth.scheme == "AccessToken"
    auth.forget_tokens()
    assert auth.scheme == "AccessKey"


def test_hook_is_registered_once_per_request():
    auth = OutscaleAuth(access_key="AK", secret_key="SK")
    prepared = requests.Request("GET", "https://oks.example/api/v2/a").prepare()
    auth(auth(prepared))
    assert prepared.hooks["response"].count(auth.update_tokens) == 1


def test_repr_hides_every_secret():
    text = repr(OutscaleAuth(otp_code="999111", **ALL))
    for secret in ("SK-secret", "p@ss:w0rd", "jwt.access", "jwt.refresh", "999111"):
        assert secret not in text
