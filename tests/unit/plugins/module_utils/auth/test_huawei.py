# -*- coding: utf-8 -*-
from __future__ import annotations

import calendar
import json
from types import SimpleNamespace
from urllib.parse import quote, urlsplit

import pytest
import requests
from huaweicloudsdkcore.sdk_request import SdkRequest
from huaweicloudsdkcore.signer.signer import Signer
from hypothesis import given, settings, strategies as st

from ansible_collections.managedk8s.clusters.plugins.module_utils.auth.huawei import (
    HuaweiAuth,
    HuaweiTokenAuth,
    huawei_canonical_query,
    huawei_canonical_request,
    huawei_canonical_uri,
    huawei_sign,
    huawei_signature,
)

AK = "QTWAOYTTINDUT2QVKYUC"
SK = "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc"
NEW_YEAR_2025 = calendar.timegm((2025, 1, 1, 0, 0, 0))
PROJECT = "0123456789abcdef0123456789abcdef"
HSS = "https://hss.cn-north-4.myhuaweicloud.com/v5/%s/container/kubernetes/multi-cloud/clusters" % PROJECT
V1_BODY = json.dumps(
    {
        "name": "demo",
        "provider": "self_built_idc",
        "server": "https://10.0.0.1:6443",
        "kube_config": "apiVersion: v1\nkind: Config\n",
    },
    separators=(",", ":"),
)


def authorization(signed_headers, signature):
    return "SDK-HMAC-SHA256 Access=%s, SignedHeaders=%s, Signature=%s" % (AK, signed_headers, signature)


@pytest.mark.parametrize(
    "method,url,headers,body,signed_headers,signature",
    [
        (
            "POST",
            HSS + "?enterprise_project_id=0",
            {"Content-Type": "application/json;charset=UTF-8", "X-Project-Id": PROJECT},
            V1_BODY,
            "content-type;host;x-project-id;x-sdk-date",
            "5cbae1093b1e98cfcd5668643d19baa0260185ee88a9bfdf09ca64ff448003ca",
        ),
        (
            "GET",
            "https://ucs.myhuaweicloud.com/v1/clusters?limit=10&offset=0",
            {"X-Domain-Id": "fedcba9876543210fedcba9876543210"},
            b"",
            "host;x-domain-id;x-sdk-date",
            "8109f30a304c5d37b439235fa43e3ef7300cbf0d3cb30e4528e951c2603f5086",
        ),
        (
            "GET",
            HSS + "?cluster_id=a%20b%2Fc&enterprise_project_id=all_granted_eps&limit=10&offset=0",
            {},
            b"",
            "host;x-sdk-date",
            "fcb2d9460a812e26ae4055780b5fb5efa020d6d52dcd1fb39bdc539424d3b6dc",
        ),
    ],
)
def test_vectors(method, url, headers, body, signed_headers, signature):
    added = huawei_sign(AK, SK, method, url, headers, body, NEW_YEAR_2025)
    assert added == {"X-Sdk-Date": "20250101T000000Z", "Authorization": authorization(signed_headers, signature)}


def test_v1_canonical_request_shape():
    headers = {
        "Content-Type": "application/json;charset=UTF-8",
        "X-Project-Id": PROJECT,
        "X-Sdk-Date": "20250101T000000Z",
    }
    canonical, signed = huawei_canonical_request("POST", HSS + "?enterprise_project_id=0", headers, V1_BODY)
    assert canonical == "\n".join(
        (
            "POST",
            "/v5/%s/container/kubernetes/multi-cloud/clusters/" % PROJECT,
            "enterprise_project_id=0",
            "content-type:application/json;charset=UTF-8",
            "host:hss.cn-north-4.myhuaweicloud.com",
            "x-project-id:%s" % PROJECT,
            "x-sdk-date:20250101T000000Z",
            "",
            signed,
            "5f9f3336dd53a301ce5ca651b06349931849655b5ee6e9bb1c4d53fbe482777a",
        )
    )
    assert (
        huawei_signature(SK, canonical, "20250101T000000Z")
        == "5cbae1093b1e98cfcd5668643d19baa0260185ee88a9bfdf09ca64ff448003ca"
    )


@pytest.mark.parametrize(
    "path,uri",
    [
        ("", "/"),
        ("/", "/"),
        ("/v1/clusters", "/v1/clusters/"),
        ("/v1/a%20b/", "/v1/a%20b/"),
        ("/v1/a:b@c", "/v1/a%3Ab%40c/"),
        ("/v1/a%2Fb", "/v1/a/b/"),
        ("/v1/caf\u00e9~", "/v1/caf%C3%A9~/"),
    ],
)
def test_canonical_uri(path, uri):
    assert huawei_canonical_uri(path) == uri


def test_canonical_query_sorts_pairs_and_escapes_spaces_as_percent_20():
    assert huawei_canonical_query([("b", "x y"), ("a", "2"), ("a", "1"), ("c", "~/+")]) == "a=1&a=2&b=x%20y&c=~%2F%2B"


def test_headers_with_underscores_are_not_signed():
    _canonical, signed = huawei_canonical_request("GET", "https://h.example/", {"X_Custom": "1", "X-Ok": "2"})
    assert signed == "host;x-ok"


def test_unsigned_payload_header_replaces_the_body_hash_only_with_a_body():
    headers = {"X-Sdk-Content-Sha256": "UNSIGNED-PAYLOAD"}
    assert huawei_canonical_request("PUT", "https://h/", headers, b"data")[0].endswith("\nUNSIGNED-PAYLOAD")
    assert huawei_canonical_request("PUT", "https://h/", headers, b"")[0].endswith(
        "\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    )


def test_handler_sends_the_signed_query_and_scope_headers():
    auth = HuaweiAuth(AK, SK, project_id=PROJECT, clock=lambda: NEW_YEAR_2025 + 0.5)
    prepared = requests.Request(
        "POST",
        HSS,
        params={"enterprise_project_id": "0"},
        headers={"Content-Type": "application/json;charset=UTF-8", "User-Agent": "x"},
        data=V1_BODY,
    ).prepare()
    auth(prepared)
    assert prepared.headers["X-Project-Id"] == PROJECT
    assert prepared.headers["Authorization"] == authorization(
        "content-type;host;x-project-id;x-sdk-date", "5cbae1093b1e98cfcd5668643d19baa0260185ee88a9bfdf09ca64ff448003ca"
    )


def test_handler_rewrites_the_query_in_canonical_order():
    auth = HuaweiAuth(AK, SK, domain_id="d1", security_token="STS-TOKEN", clock=lambda: NEW_YEAR_2025)
    prepared = requests.Request(
        "GET", "https://ucs.myhuaweicloud.com/v1/clusters", params=[("offset", "0"), ("name", "a b"), ("limit", "10")]
    ).prepare()
    auth(prepared)
    assert urlsplit(prepared.url).query == "limit=10&name=a%20b&offset=0"
    assert prepared.headers["X-Domain-Id"] == "d1"
    assert prepared.headers["X-Security-Token"] == "STS-TOKEN"
    assert "SignedHeaders=host;x-domain-id;x-sdk-date;x-security-token," in prepared.headers["Authorization"]


def test_token_auth():
    prepared = requests.Request("GET", HSS).prepare()
    HuaweiTokenAuth("MIIToken", project_id=PROJECT)(prepared)
    assert prepared.headers["X-Auth-Token"] == "MIIToken"
    assert prepared.headers["X-Project-Id"] == PROJECT
    assert "Authorization" not in prepared.headers


def test_repr_hides_secrets():
    text = repr(HuaweiAuth(AK, SK, project_id=PROJECT, security_token="STS-TOKEN")) + repr(HuaweiTokenAuth("MIIToken"))
    for secret in (SK, "STS-TOKEN", "MIIToken"):
        assert secret not in text


# --- cross-check with huaweicloudsdkcore's Signer ---------------------------------------------------------------


def sdk_sign(method, host, resource_path, query_params, headers, body, date):
    request = SdkRequest(
        method=method,
        schema="https",
        host=host,
        resource_path=resource_path,
        query_params=list(query_params),
        header_params=dict(headers, **{"X-Sdk-Date": date}),
        body=body,
    )
    return Signer(SimpleNamespace(ak=AK, sk=SK)).sign(request)


# requests (urllib3) removes "." and ".." segments before sending, so the signer sees the path without them.
plain_segment = st.text(min_size=1, max_size=10).filter(lambda segment: segment not in (".", ".."))
header_value = st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1, max_size=12)


@st.composite
def huawei_requests(draw):
    segments = draw(st.lists(plain_segment, max_size=4))
    headers = draw(
        st.dictionaries(
            st.sampled_from(["X-Project-Id", "X-Domain-Id", "X-Security-Token", "X-Custom"]), header_value, max_size=3
        )
    )
    content_type = draw(st.sampled_from([None, "application/json", "application/json;charset=UTF-8"]))
    if content_type:
        headers["Content-Type"] = content_type
    return {
        "method": draw(st.sampled_from(["GET", "POST", "PUT", "DELETE"])),
        "host": draw(st.sampled_from(["hss.cn-north-4.myhuaweicloud.com", "ucs.myhuaweicloud.com", "127.0.0.1:8443"])),
        "path": "/" + "/".join(quote(segment, safe="") for segment in segments),
        "query": draw(st.lists(st.tuples(st.text(min_size=1, max_size=6), st.text(max_size=8)), max_size=4)),
        "headers": headers,
        "body": draw(st.one_of(st.just(b""), st.binary(min_size=1, max_size=64))),
        "timestamp": draw(st.integers(min_value=1_500_000_000, max_value=2_500_000_000)),
    }


@settings(max_examples=200, deadline=None)
@given(huawei_requests())
def test_pure_signer_matches_the_sdk(req):
    url = requests.Request("GET", "https://%s%s" % (req["host"], req["path"]), params=req["query"]).prepare().url
    ours = huawei_sign(AK, SK, req["method"], url, req["headers"], req["body"], req["timestamp"])

    reference = sdk_sign(
        req["method"], req["host"], req["path"], req["query"], req["headers"], req["body"], ours["X-Sdk-Date"]
    )
    assert ours["Authorization"] == reference.header_params["Authorization"]


@settings(max_examples=100, deadline=None)
@given(huawei_requests())
def test_handler_matches_the_sdk(req):
    auth = HuaweiAuth(AK, SK, project_id=req["headers"].get("X-Project-Id"), clock=lambda: req["timestamp"])
    prepared = requests.Request(
        req["method"],
        "https://%s%s" % (req["host"], req["path"]),
        params=req["query"],
        data=req["body"],
        headers={k: v for k, v in req["headers"].items() if k == "Content-Type"},
    ).prepare()
    auth(prepared)

    sdk_headers = {
        name: prepared.headers[name] for name in ("Content-Type", "X-Project-Id") if name in prepared.headers
    }
    reference = sdk_sign(
        req["method"], req["host"], req["path"], req["query"], sdk_headers, req["body"], prepared.headers["X-Sdk-Date"]
    )
    assert prepared.headers["Authorization"] == reference.header_params["Authorization"]
    assert urlsplit(prepared.url).query == urlsplit(reference.uri).query
