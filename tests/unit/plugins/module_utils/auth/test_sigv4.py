# -*- coding: utf-8 -*-
from __future__ import annotations

import base64
import calendar
import datetime
import os
import pathlib
import re
from unittest import mock
from urllib.parse import parse_qsl, quote, urlsplit

import botocore.auth as botocore_auth
import botocore.session
import pytest
import requests
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from hypothesis import HealthCheck, given, settings, strategies as st

from ansible_collections.managedk8s.clusters.plugins.module_utils.auth.sigv4 import (
    SigV4Auth,
    canonical_path,
    eks_token,
    presign_url,
    remove_dot_segments,
    sigv4_canonical_request,
    sigv4_sign,
)

SUITE_DIR = pathlib.Path(
    os.environ.get(
        "MANAGEDK8S_AWS4_SUITE_DIR", pathlib.Path(__file__).resolve().parents[3] / ".cache" / "aws4_testsuite"
    )
)
SUITE_ACCESS_KEY = "AKIDEXAMPLE"
SUITE_SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
SUITE_TIMESTAMP = calendar.timegm((2015, 8, 30, 12, 36, 0))
SUITE_CASE_COUNT = 34

AK = "AKIAIOSFODNN7EXAMPLE"
SK = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"


def suite_cases():
    if not SUITE_DIR.is_dir():
        return []
    return sorted(path.relative_to(SUITE_DIR).as_posix() for path in SUITE_DIR.rglob("*.req"))


def parse_raw_request(raw: str):
    """Method, request target, header pairs (repeats kept, folded lines joined) and body of a .req file."""
    head, _sep, body = raw.replace("\r\n", "\n").partition("\n\n")
    request_line, *header_lines = head.split("\n")
    method, rest = request_line.split(" ", 1)
    target = rest.rsplit(" ", 1)[0]
    headers = []
    for line in filter(None, header_lines):
        if line[:1] in (" ", "\t"):
            name, value = headers.pop()
            headers.append((name, value + " " + line.strip()))
        else:
            name, _colon, value = line.partition(":")
            headers.append((name, value))
    return method, target, headers, body.encode("utf-8")


def read_case(case: str):
    stem = SUITE_DIR / case[: -len(".req")]
    text = {
        ext: stem.with_suffix(ext).read_text(encoding="utf-8").replace("\r", "") for ext in (".creq", ".sts", ".authz")
    }
    token = re.search(r"^x-amz-security-token:(.*)$", text[".creq"], re.MULTILINE)
    return (SUITE_DIR / case).read_text(encoding="utf-8"), text, token.group(1) if token else None


def test_aws4_suite_is_present():
    if not SUITE_DIR.is_dir():
        message = "aws4_testsuite missing from %s: run python tests/unit/fetch_aws4_testsuite.py" % SUITE_DIR
        if os.environ.get("MANAGEDK8S_REQUIRE_AWS4_SUITE") == "1":
            pytest.fail(message)
        pytest.skip(message)
    assert len(suite_cases()) == SUITE_CASE_COUNT


# Unlike botocore's own run, no case is skipped: the raw parser above reads the request line with a space
# (normalize-path/get-space) and repeated query keys are signed as the suite expects.
@pytest.mark.parametrize("case", suite_cases())
def test_aws4_testsuite(case):
    raw, expected, token = read_case(case)
    method, target, headers, body = parse_raw_request(raw)
    host = {name.lower(): value for name, value in headers}["host"]
    url = "https://%s%s" % (host, target)

    signed = sigv4_sign(
        method,
        url,
        headers,
        body,
        SUITE_ACCESS_KEY,
        SUITE_SECRET_KEY,
        "us-east-1",
        "service",
        SUITE_TIMESTAMP,
        session_token=token,
    )

    assert signed.canonical_request == expected[".creq"]
    assert signed.string_to_sign == expected[".sts"]
    assert signed.headers["Authorization"] == expected[".authz"]
    assert signed.headers["X-Amz-Date"] == "20150830T123600Z"


@pytest.mark.parametrize(
    "path,expected",
    [
        ("", "/"),
        ("/", "/"),
        ("//", "/"),
        ("/a/./b/../c/", "/a/c/"),
        ("/a/b/..", "/a"),
        ("/..", "/"),
        ("/a//b", "/a/b"),
    ],
)
def test_remove_dot_segments(path, expected):
    assert remove_dot_segments(path) == expected


def test_non_s3_path_is_encoded_twice():
    arn = "arn:aws:eks:eu-west-1:123456789012:cluster/c1"
    assert canonical_path("/tags/" + quote(arn, safe="")) == "/tags/" + quote(quote(arn, safe=""), safe="")
    assert canonical_path("/tags/arn%3Aaws%3Aeks%2Fc1") == "/tags/arn%253Aaws%253Aeks%252Fc1"


def test_payload_hash_header_replaces_the_body_hash():
    canonical = sigv4_canonical_request("PUT", "https://h/", {"X-Amz-Content-SHA256": "UNSIGNED-PAYLOAD"}, b"data")
    assert canonical.endswith("\nUNSIGNED-PAYLOAD")


def test_plus_in_a_query_is_a_space():
    canonical = sigv4_canonical_request("GET", "https://h/?q=a+b&r=c%2Bd", {}, b"")
    assert canonical.split("\n")[2] == "q=a%20b&r=c%2Bd"


# --- cross-checks with botocore --------------------------------------------------------------------------------


def frozen_botocore(timestamp):
    now = datetime.datetime.fromtimestamp(timestamp, datetime.timezone.utc).replace(tzinfo=None)
    return mock.patch.object(botocore_auth, "get_current_datetime", return_value=now)


def botocore_sign(method, url, headers, body, region, service, timestamp, token):
    request = AWSRequest(method=method, url=url, headers=dict(headers), data=body)
    with frozen_botocore(timestamp):
        botocore_auth.SigV4Auth(Credentials(AK, SK, token), service, region).add_auth(request)
    return request


def botocore_canonical_request(request, region, service):
    headers = {name: value for name, value in request.headers.items() if name.lower() != "authorization"}
    unsigned = AWSRequest(method=request.method, url=request.url, headers=headers, data=request.body)
    return botocore_auth.SigV4Auth(Credentials(AK, SK), service, region).canonical_request(unsigned)


segment_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=12)
arn = st.builds(
    "arn:aws:eks:{0}:123456789012:{1}/{2}".format,
    st.sampled_from(["us-east-1", "eu-west-3"]),
    st.sampled_from(["cluster", "nodegroup"]),
    segment_text,
)
path_segment = st.one_of(segment_text, arn, st.sampled_from([".", "..", "a b", "x+y", "~tilde", "50%"]))
query_pairs = st.lists(st.tuples(st.text(min_size=1, max_size=8), st.text(max_size=10)), max_size=4)
header_values = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=20)
extra_headers = st.dictionaries(
    st.sampled_from(["x-amz-target", "content-type", "x-custom", "accept", "user-agent"]), header_values, max_size=3
)


def rfc3986(text):
    return quote(text, safe="-_.~")


@st.composite
def aws_requests(draw):
    segments = draw(st.lists(path_segment, max_size=4))
    path = "/" + "/".join(quote(segment, safe=draw(st.sampled_from(["", ":@", "~"]))) for segment in segments)
    query = "&".join("%s=%s" % (rfc3986(k), rfc3986(v)) for k, v in draw(query_pairs))
    region = draw(st.sampled_from(["us-east-1", "eu-west-3"]))
    url = "https://eks.%s.amazonaws.com%s%s" % (region, path, "?" + query if query else "")
    return {
        "method": draw(st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"])),
        "url": url,
        "headers": draw(extra_headers),
        "body": draw(st.one_of(st.just(b""), st.binary(max_size=64), st.text(max_size=40).map(str.encode))),
        "token": draw(st.one_of(st.none(), st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1))),
        "timestamp": draw(st.integers(min_value=1_000_000_000, max_value=4_000_000_000)),
    }


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(aws_requests())
def test_headers_match_botocore(req):
    region = urlsplit(req["url"]).hostname.split(".")[1]
    reference = botocore_sign(
        req["method"], req["url"], req["headers"], req["body"], region, "eks", req["timestamp"], req["token"]
    )

    ours = sigv4_sign(
        req["method"],
        req["url"],
        req["headers"],
        req["body"],
        AK,
        SK,
        region,
        "eks",
        req["timestamp"],
        session_token=req["token"],
    )

    assert ours.canonical_request == botocore_canonical_request(reference, region, "eks")
    assert ours.headers["Authorization"] == reference.headers["Authorization"]
    assert ours.headers["X-Amz-Date"] == reference.headers["X-Amz-Date"]
    assert ours.headers.get("X-Amz-Security-Token") == reference.headers.get("X-Amz-Security-Token")


@settings(max_examples=60, deadline=None)
@given(
    params=st.lists(st.tuples(st.text(min_size=1, max_size=6), st.text(max_size=8)), max_size=3),
    payload=st.one_of(st.none(), st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=3)),
    token=st.one_of(st.none(), st.just("FwoGZXIvYXdzEXAMPLE//token==")),
    timestamp=st.integers(min_value=1_500_000_000, max_value=2_500_000_000),
)
def test_auth_handler_signs_what_requests_sends(params, payload, token, timestamp):
    auth = SigV4Auth(AK, SK, "eu-west-3", "eks", session_token=token, clock=lambda: timestamp + 0.75)
    request = requests.Request(
        "POST" if payload is not None else "GET",
        "https://eks.eu-west-3.amazonaws.com/clusters",
        params=params,
        json=payload,
        headers={"User-Agent": "managedk8s"},
    )
    prepared = requests.Session().prepare_request(request)
    prepared = auth(prepared)

    assert "+" not in urlsplit(prepared.url).query
    assert parse_qsl(urlsplit(prepared.url).query, keep_blank_values=True) == params
    signed_names = [
        name for name in prepared.headers if name.lower() in ("content-type", "x-amz-date", "x-amz-security-token")
    ]
    reference = botocore_sign(
        prepared.method,
        prepared.url,
        {name: prepared.headers[name] for name in signed_names},
        prepared.body or b"",
        "eu-west-3",
        "eks",
        timestamp,
        token,
    )
    assert prepared.headers["Authorization"] == reference.headers["Authorization"]


def test_auth_handler_resigns_a_retried_request():
    times = iter([1_700_000_000, 1_700_000_100])
    auth = SigV4Auth(AK, SK, "us-east-1", "eks", session_token="tok", clock=lambda: next(times))
    prepared = requests.Request("GET", "https://eks.us-east-1.amazonaws.com/clusters").prepare()
    first = auth(prepared).headers["Authorization"]
    second = auth(prepared).headers["Authorization"]
    assert first != second
    assert prepared.headers["X-Amz-Date"] == "20231114T221500Z"
    assert prepared.headers["X-Amz-Security-Token"] == "tok"
    assert "SignedHeaders=host;x-amz-date;x-amz-security-token," in second


def test_auth_handler_refuses_a_streamed_body():
    prepared = requests.Request("PUT", "https://eks.us-east-1.amazonaws.com/x", data=iter([b"a", b"b"])).prepare()
    with pytest.raises(TypeError):
        SigV4Auth(AK, SK, "us-east-1", "eks", clock=lambda: 0)(prepared)


def test_repr_hides_secrets():
    text = repr(SigV4Auth(AK, SK, "us-east-1", "eks", session_token="SESSIONTOKENVALUE"))
    assert SK not in text and "SESSIONTOKENVALUE" not in text
    assert "us-east-1" in text


# --- presigned URLs and the EKS token ---------------------------------------------------------------------------


def botocore_presign(url, headers, region, service, expires, timestamp, token):
    request = AWSRequest(method="GET", url=url, headers=headers)
    with frozen_botocore(timestamp):
        botocore_auth.SigV4QueryAuth(Credentials(AK, SK, token), service, region, expires=expires).add_auth(request)
    return request.url


@settings(max_examples=100, deadline=None)
@given(
    name=st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1, max_size=20),
    region=st.sampled_from(["us-east-1", "eu-west-3", "ap-southeast-2"]),
    token=st.one_of(st.none(), st.just("IQoJb3JpZ2luX2VjEXAMPLE+/=")),
    timestamp=st.integers(min_value=1_500_000_000, max_value=2_500_000_000),
)
def test_presign_matches_botocore(name, region, token, timestamp):
    url = "https://sts.%s.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15" % region
    headers = {"x-k8s-aws-id": name}
    ours = presign_url(
        "GET", url, AK, SK, region, "sts", expires=60, headers=headers, session_token=token, timestamp=timestamp
    )
    assert ours == botocore_presign(url, headers, region, "sts", 60, timestamp, token)


def decode_token(token):
    assert token.startswith("k8s-aws-v1.")
    body = token[len("k8s-aws-v1.") :]
    assert "=" not in body
    return base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)).decode()


def test_eks_token_is_the_presigned_get_caller_identity():
    timestamp = 1_700_000_000
    token, expires_at = eks_token("prod-1", AK, SK, "eu-west-3", session_token="S3SS10N", clock=lambda: timestamp + 0.4)

    url = decode_token(token)
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    assert parts.netloc == "sts.eu-west-3.amazonaws.com"
    assert url.startswith(
        "https://sts.eu-west-3.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm="
    )
    assert query["X-Amz-Expires"] == "60"
    assert query["X-Amz-SignedHeaders"] == "host;x-k8s-aws-id"
    assert query["X-Amz-Security-Token"] == "S3SS10N"
    assert query["X-Amz-Credential"] == "%s/20231114/eu-west-3/sts/aws4_request" % AK
    assert expires_at == datetime.datetime(2023, 11, 14, 22, 27, 20, tzinfo=datetime.timezone.utc)
    expected_url = botocore_presign(
        "https://sts.eu-west-3.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15",
        {"x-k8s-aws-id": "prod-1"},
        "eu-west-3",
        "sts",
        60,
        timestamp,
        "S3SS10N",
    )
    assert url == expected_url


def test_eks_token_matches_the_aws_cli_recipe():
    """The awscli builds the URL with an STS client and event hooks; do the same with botocore."""
    session = botocore.session.get_session()
    client = session.create_client(
        "sts",
        region_name="us-west-2",
        aws_access_key_id=AK,
        aws_secret_access_key=SK,
        endpoint_url="https://sts.us-west-2.amazonaws.com",
    )

    def carry_cluster_name(params, context, **_kwargs):
        context["eks_cluster"] = params.pop("ClusterName")

    def add_cluster_header(request, **_kwargs):
        request.headers["x-k8s-aws-id"] = request.context["eks_cluster"]

    client.meta.events.register("provide-client-params.sts.GetCallerIdentity", carry_cluster_name)
    client.meta.events.register("before-sign.sts.GetCallerIdentity", add_cluster_header)
    timestamp = 1_650_000_000
    with frozen_botocore(timestamp):
        url = client.generate_presigned_url(
            "get_caller_identity", Params={"ClusterName": "blue"}, ExpiresIn=60, HttpMethod="GET"
        )
    token, _expires_at = eks_token("blue", AK, SK, "us-west-2", clock=lambda: timestamp)
    assert decode_token(token) == url
