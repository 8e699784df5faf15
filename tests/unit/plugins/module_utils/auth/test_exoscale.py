# -*- coding: utf-8 -*-
from __future__ import annotations

import copy
import json
from urllib.parse import quote

import pytest
import requests
from exoscale_auth import ExoscaleV2Auth
from hypothesis import given, settings, strategies as st

from ansible_collections.managedk8s.clusters.plugins.module_utils.auth.exoscale import (
    ExoscaleAuth,
    exoscale_authorization,
    exoscale_signature,
    exoscale_signed_query,
    parse_exoscale_authorization,
)

KEY = "EXOxxxxxxxxxxxxxxxxxxxxxxxx"
SECRET = "X" * 43
EXPIRES = 1700000600


def signature_of(header):
    return parse_exoscale_authorization(header)["signature"]


@pytest.mark.parametrize(
    "method,url,body,expires,signed_args,signature",
    [
        (
            "GET",
            "https://api-ch-gva-2.exoscale.com/v2/sks-cluster",
            None,
            EXPIRES,
            [],
            "+hcNHUuHopGwU+FNVcWiKGqLaYw44tz10JaQx2Zk/oY=",
        ),
        (
            "GET",
            "https://api-ch-gva-2.exoscale.com/v2/sks-cluster-version?include-deprecated=true",
            None,
            EXPIRES,
            ["include-deprecated"],
            "4RKscP5GtHc1TmbD2NyCiK2El+qy4q+UvJufBRnXzVc=",
        ),
        (
            "POST",
            "https://api-ch-gva-2.exoscale.com/v2/sks-cluster",
            json.dumps({"name": "c1", "level": "starter", "cni": "cilium", "version": "1.31.1"}),
            EXPIRES,
            [],
            "YoKz36nE27bdeR/QNQJ+rh7G09d/FUZwDEZSuZH4P1E=",
        ),
        (
            "POST",
            "https://api-ch-gva-2.exoscale.com/v2/sks-cluster-kubeconfig/8561ee34-09f0-42da-a765-abde807f944b",
            json.dumps({"user": "admin", "groups": ["system:masters"], "ttl": 3600}),
            EXPIRES,
            [],
            "lfgsJbTpPJ0eLf2YbwocTR/O1baE61AKmXZxyLFCqOw=",
        ),
        # egoscale's own vectors
        (
            "GET",
            "https://api.exoscale.com/v2/zone",
            None,
            3376684800,
            [],
            "Ntbq/p0HVmA3Zg1HHY+Lq1vjFGi7HeMrrgXDS5jRNlY=",
        ),
        (
            "GET",
            "https://api.exoscale.com/v2/zone?k1=v1&k2=v2",
            None,
            3376684800,
            ["k1", "k2"],
            "iqOBz13+44L5j0uJclE8hmUhQQcvtCSoPEOXYK6liqY=",
        ),
    ],
)
def test_vectors(method, url, body, expires, signed_args, signature):
    header = exoscale_authorization(KEY, SECRET, method, url, body, expires)

    fields = parse_exoscale_authorization(header)
    assert fields == {"credential": KEY, "signed_query_args": signed_args, "expires": expires, "signature": signature}
    expected = "EXO2-HMAC-SHA256 credential=%s%s,expires=%d,signature=%s" % (
        KEY,
        ",signed-query-args=" + ";".join(signed_args) if signed_args else "",
        expires,
        signature,
    )
    assert header == expected


def test_pure_signature_takes_decoded_pairs():
    pairs = [("k2", "v2"), ("k1", "v1")]
    assert (
        exoscale_signature(SECRET, "GET", "/v2/zone", b"", pairs, 3376684800)
        == "iqOBz13+44L5j0uJclE8hmUhQQcvtCSoPEOXYK6liqY="
    )


def test_only_single_non_empty_parameters_are_signed():
    pairs = [("b", "2"), ("a", "1"), ("multi", "x"), ("multi", "y"), ("empty", ""), ("blank", "")]
    assert exoscale_signed_query(pairs) == [("a", "1"), ("b", "2")]
    header = exoscale_authorization(
        KEY, SECRET, "GET", "https://h/v2/x?b=2&a=1&multi=x&multi=y&empty=&blank", None, EXPIRES
    )
    assert parse_exoscale_authorization(header)["signed_query_args"] == ["a", "b"]
    assert signature_of(header) == exoscale_signature(SECRET, "GET", "/v2/x", b"", [("a", "1"), ("b", "2")], EXPIRES)


def test_every_part_of_the_message_matters():
    base = exoscale_signature(SECRET, "GET", "/v2/zone", b"", [("k", "v")], EXPIRES)
    assert base != exoscale_signature(SECRET, "POST", "/v2/zone", b"", [("k", "v")], EXPIRES)
    assert base != exoscale_signature(SECRET, "GET", "/v2/zones", b"", [("k", "v")], EXPIRES)
    assert base != exoscale_signature(SECRET, "GET", "/v2/zone", b"{}", [("k", "v")], EXPIRES)
    assert base != exoscale_signature(SECRET, "GET", "/v2/zone", b"", [("k", "w")], EXPIRES)
    assert base != exoscale_signature(SECRET, "GET", "/v2/zone", b"", [("k", "v")], EXPIRES + 1)
    assert base != exoscale_signature(SECRET + "Y", "GET", "/v2/zone", b"", [("k", "v")], EXPIRES)


@pytest.mark.parametrize(
    "header",
    [
        "",
        "Bearer abc",
        "EXO2-HMAC-SHA256 credential=K,expires=1",
        "EXO2-HMAC-SHA256 credential=K,signature=S",
        "EXO2-HMAC-SHA256 credential=K,expires=soon,signature=S",
        "EXO2-HMAC-SHA256 credential=K,junk,expires=1,signature=S",
    ],
)
def test_parse_rejects_malformed_headers(header):
    with pytest.raises(ValueError):
        parse_exoscale_authorization(header)


def test_handler_signs_with_expiry_from_the_clock():
    auth = ExoscaleAuth(KEY, SECRET, clock=lambda: 1700000000.9)
    prepared = requests.Request("GET", "https://api-ch-gva-2.exoscale.com/v2/sks-cluster").prepare()
    header = auth(prepared).headers["Authorization"]
    assert parse_exoscale_authorization(header)["expires"] == EXPIRES
    assert signature_of(header) == "+hcNHUuHopGwU+FNVcWiKGqLaYw44tz10JaQx2Zk/oY="
    assert (
        ExoscaleAuth(KEY, SECRET, expires_in=60, clock=lambda: 100)(prepared)
        .headers["Authorization"]
        .count("expires=160,")
        == 1
    )


def test_repr_hides_the_secret():
    assert SECRET not in repr(ExoscaleAuth(KEY, SECRET))


segment = st.text(min_size=1, max_size=10).map(lambda text: quote(text, safe=""))
unique_params = st.dictionaries(st.text(min_size=1, max_size=8), st.text(min_size=1, max_size=10), max_size=4)


@settings(max_examples=200, deadline=None)
@given(
    method=st.sampled_from(["GET", "POST", "PUT", "DELETE"]),
    segments=st.lists(segment, max_size=3),
    params=unique_params,
    payload=st.one_of(st.none(), st.dictionaries(st.text(max_size=6), st.integers() | st.text(max_size=6), max_size=3)),
    now=st.integers(min_value=1_500_000_000, max_value=2_000_000_000),
)
def test_matches_requests_exoscale_auth(method, segments, params, payload, now):
    url = "https://api-de-fra-1.exoscale.com/v2/" + "/".join(segments)
    prepared = requests.Request(method, url, params=params, json=payload).prepare()
    reference = copy.deepcopy(prepared)
    ExoscaleV2Auth(KEY, SECRET)._sign_request(reference, now + 600)  # pylint: disable=protected-access

    ours = ExoscaleAuth(KEY, SECRET, clock=lambda: now)(prepared)

    assert ours.headers["Authorization"] == reference.headers["Authorization"]
