# -*- coding: utf-8 -*-
from __future__ import annotations

import base64
import hashlib
import hmac
from urllib.parse import parse_qsl, unquote, urlsplit

import pytest
import requests
from hypothesis import given, settings, strategies as st

from ansible_collections.managedk8s.clusters.plugins.module_utils.auth.scp import (
    ScpAuth,
    go_path_escape,
    go_query_escape,
    scp_canonical_url,
    scp_headers,
    scp_signature,
)

AK = "TESTACCESSKEY0123456789"
SK = "TESTSECRETKEY/abc+def="
URL = (
    "https://ske.kr-west1.e.samsungsdscloud.com/v1/clusters/70a599e031e749b7b260868f441e862b/user-kubeconfig"
    "?kubeconfig_type=private"
)
TS = 1605290625682


def test_vector():
    assert scp_signature(SK, "GET", URL, TS, AK, "") == "F3WQHGZ2J3UyXi/lmsGJ7U0QBit2H6vQJAsMBZMrr28="


def test_signature_is_hmac_of_the_concatenation():
    message = "POST" + URL + str(TS) + AK + "acct-1" + "Openapi"
    expected = base64.b64encode(hmac.new(SK.encode(), message.encode(), hashlib.sha256).digest()).decode()
    assert scp_signature(SK, "post", URL, TS, AK, "acct-1") == expected
    assert scp_signature(SK, "POST", URL, TS, AK, None) == scp_signature(SK, "POST", URL, TS, AK, "")


# Expected values follow Go's net/url: PathEscape keeps unreserved characters and $ & + : = @, escapes
# everything else (space as %20, / ; , ? included); QueryEscape keeps only unreserved characters, space as +.
@pytest.mark.parametrize(
    "segment,escaped",
    [
        ("abc-_.~XYZ09", "abc-_.~XYZ09"),
        ("a b", "a%20b"),
        ("a/b", "a%2Fb"),
        ("$&+:=@", "$&+:=@"),
        (";,?#[]", "%3B%2C%3F%23%5B%5D"),
        ("!'()*", "%21%27%28%29%2A"),
        ("%", "%25"),
        ("\u00e9\u4e2d", "%C3%A9%E4%B8%AD"),
    ],
)
def test_go_path_escape(segment, escaped):
    assert go_path_escape(segment) == escaped


@pytest.mark.parametrize(
    "text,escaped",
    [
        ("abc-_.~XYZ09", "abc-_.~XYZ09"),
        ("a b", "a+b"),
        ("a+b", "a%2Bb"),
        ("$&+,/:;=?@", "%24%26%2B%2C%2F%3A%3B%3D%3F%40"),
        ("\u00e9", "%C3%A9"),
    ],
)
def test_go_query_escape(text, escaped):
    assert go_query_escape(text) == escaped


@pytest.mark.parametrize(
    "url,canonical",
    [
        (URL, URL),
        ("https://h/v1/clusters?b=2&a=1&c=3", "https://h/v1/clusters?a=1&b=2&c=3"),
        ("https://h/v1/x?k=2&k=1&a=", "https://h/v1/x?a=&k=2&k=1"),
        ("https://h/v1/x?name=a+b&other=c%20d", "https://h/v1/x?name=a+b&other=c+d"),
        ("https://h/v1/x?q=%2F%3A", "https://h/v1/x?q=%2F%3A"),
        ("https://h/v1/a%20b/c%2Fd/e:f@g", "https://h/v1/a%20b/c%2Fd/e:f@g"),
        ("https://h/v1/caf%C3%A9/%E4%B8%AD", "https://h/v1/caf%C3%A9/%E4%B8%AD"),
        ("https://h/v1/a;b,c", "https://h/v1/a%3Bb%2Cc"),
        ("https://h:8443/v1/x#frag", "https://h:8443/v1/x"),
        ("https://h/v1/x?", "https://h/v1/x"),
    ],
)
def test_canonical_url(url, canonical):
    assert scp_canonical_url(url) == canonical


# "." and ".." are dot segments, which every URL library removes (RFC 3986 section 5.2.4): no resource is named so
plain_segment = st.text(min_size=1, max_size=8).filter(lambda segment: segment not in (".", ".."))


@settings(max_examples=200, deadline=None)
@given(
    segments=st.lists(plain_segment, max_size=4),
    params=st.lists(st.tuples(st.text(min_size=1, max_size=6), st.text(max_size=6)), max_size=4),
)
def test_canonical_url_is_idempotent_and_keeps_meaning(segments, params):
    prepared = requests.Request(
        "GET", "https://ske.example.com/" + "/".join(go_path_escape(s) for s in segments), params=params
    ).prepare()
    canonical = scp_canonical_url(prepared.url)
    assert scp_canonical_url(canonical) == canonical

    parts = urlsplit(canonical)
    assert [unquote(segment) for segment in parts.path.split("/")[1:]] == (segments or [""])
    by_name = {}
    for name, value in params:
        by_name.setdefault(name, []).append(value)
    assert parse_qsl(parts.query, keep_blank_values=True) == [(n, v) for n in sorted(by_name) for v in by_name[n]]


def test_headers():
    headers = scp_headers(AK, SK, "GET", URL, TS, account_id="", auth_token="tok", api_version="ske 1.2")
    assert headers == {
        "Scp-AccessKey": AK,
        "Scp-Signature": "F3WQHGZ2J3UyXi/lmsGJ7U0QBit2H6vQJAsMBZMrr28=",
        "Scp-Timestamp": "1605290625682",
        "Scp-ClientType": "Openapi",
        "Accept-Language": "en-US",
        "Scp-AccountId": "",
        "Scp-API-Version": "ske 1.2",
        "X-Auth-Token": "tok",
    }
    assert "X-Auth-Token" not in scp_headers(AK, SK, "GET", URL, TS, api_version="ske 1.3")


def test_handler_sends_the_canonical_url_it_signed():
    auth = ScpAuth(AK, SK, api_version="ske 1.3", clock=lambda: TS / 1000.0)
    prepared = requests.Request(
        "GET",
        "https://ske.kr-west1.e.samsungsdscloud.com/v1/clusters/70a599e031e749b7b260868f441e862b/user-kubeconfig",
        params={"kubeconfig_type": "private"},
    ).prepare()
    auth(prepared)
    assert prepared.url == URL
    assert prepared.headers["Scp-Timestamp"] == str(TS)
    assert prepared.headers["Scp-Signature"] == "F3WQHGZ2J3UyXi/lmsGJ7U0QBit2H6vQJAsMBZMrr28="
    assert prepared.headers["Scp-API-Version"] == "ske 1.3"


def test_handler_signs_the_account_id():
    prepared = requests.Request("GET", URL).prepare()
    ScpAuth(AK, SK, account_id="acct-9", api_version="ske 1.3", clock=lambda: TS / 1000.0)(prepared)
    assert prepared.headers["Scp-AccountId"] == "acct-9"
    assert prepared.headers["Scp-Signature"] == scp_signature(SK, "GET", URL, TS, AK, "acct-9")


def test_repr_hides_secrets():
    text = repr(ScpAuth(AK, SK, auth_token="TOKENVALUE", api_version="ske 1.3"))
    assert SK not in text and "TOKENVALUE" not in text


def test_the_api_version_is_the_callers_to_give():
    with pytest.raises(TypeError):
        ScpAuth(AK, SK)  # pylint: disable=missing-kwoa


# The vendor's Go SDK (client/configuration.go SetupRequestHeader, client/catalog.go GetEndpoint): Scp-AccountId is
# always sent and the same value is signed, between the access key and the client type. Computed with the SDK's
# formula (MakeHmacSignature: strings.Join of the six parts, no separator) by an independent HMAC.
ACCOUNT = "0123456789abcdef0123456789abcdef"


def test_vector_with_an_account_id():
    assert scp_signature(SK, "GET", URL, TS, AK, ACCOUNT) == "h0xuIdKgDCskI+9+wipYBQF6H2Axsu0lgPnywxqnVZI="
    headers = scp_headers(AK, SK, "GET", URL, TS, account_id=ACCOUNT, api_version="ske 1.3")
    assert (
        headers["Scp-AccountId"] == ACCOUNT
        and headers["Scp-Signature"] == "h0xuIdKgDCskI+9+wipYBQF6H2Axsu0lgPnywxqnVZI="
    )


def test_the_catalog_call_has_no_api_version_and_signs_the_account_id():
    url = "https://iam.e.samsungsdscloud.com/v1/endpoints"
    headers = scp_headers(AK, SK, "GET", url, TS, account_id=ACCOUNT, api_version=None)
    assert "Scp-API-Version" not in headers and headers["Scp-AccountId"] == ACCOUNT
    assert headers["Scp-Signature"] == "BbaSoy4BCOuACEmVxg8pP+TZS9Zt7EC0K6RQgJMSjjw="
    prepared = requests.Request("GET", url).prepare()
    ScpAuth(AK, SK, account_id=ACCOUNT, api_version=None, clock=lambda: TS / 1000.0)(prepared)
    assert "Scp-API-Version" not in prepared.headers
    assert prepared.headers["Scp-Signature"] == "BbaSoy4BCOuACEmVxg8pP+TZS9Zt7EC0K6RQgJMSjjw="


def test_an_empty_account_id_is_still_sent_and_signed_empty():
    prepared = requests.Request("GET", URL).prepare()
    ScpAuth(AK, SK, api_version="ske 1.3", clock=lambda: TS / 1000.0)(prepared)
    assert prepared.headers["Scp-AccountId"] == ""
    assert prepared.headers["Scp-Signature"] == "F3WQHGZ2J3UyXi/lmsGJ7U0QBit2H6vQJAsMBZMrr28="
