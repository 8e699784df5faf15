# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The OKS client without network: pagination, the NaCl round trip, the error parser."""

from __future__ import annotations

import base64
import json

import pytest

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.kubeconfig import KubeconfigError
from ansible_collections.managedk8s.clusters.plugins.module_utils.oks import client as oks

nacl_public = pytest.importorskip("nacl.public")
nacl_encoding = pytest.importorskip("nacl.encoding")


# --- pagination ----------------------------------------------------------------------------------------------


class FakeResponse:
    def __init__(self, body, status=200):
        self.json = body
        self.status = status
        self.method = "GET"
        self.url = "https://oks.example/api/v2/x"
        self.request_id = None


class FakeHttp:
    """Answers GETs from a list of bodies and records the query parameters it was asked."""

    def __init__(self, bodies):
        self.bodies = list(bodies)
        self.queries = []
        self.base_url = "https://oks.example/api/v2"

    def get(self, path, params=None, **kwargs):
        self.queries.append((path, dict(params or {})))
        return FakeResponse(self.bodies.pop(0))


def test_cursor_pagination_is_followed():
    http = FakeHttp(
        [
            {"Projects": [{"id": 1}, {"id": 2}], "Pagination": {"cursor": {"next_cursor": "abc"}, "offset": None}},
            {"Projects": [{"id": 3}], "Pagination": {"cursor": {"next_cursor": None}}},
        ]
    )
    projects = oks.OksClient(http).list_projects(status="ready", page_size=2)
    assert [project["id"] for project in projects] == [1, 2, 3]
    assert http.queries == [
        ("projects", {"status": "ready", "limit": 2}),
        ("projects", {"status": "ready", "limit": 2, "cursor": "abc"}),
    ]


def test_offset_pagination_stops_at_the_total():
    http = FakeHttp(
        [
            {"Clusters": [{"id": 1}, {"id": 2}], "Pagination": {"offset": {"page": 1, "limit": 2, "total": 3}}},
            {"Clusters": [{"id": 3}], "Pagination": {"offset": {"page": 2, "limit": 2, "total": 3}}},
        ]
    )
    clusters = oks.OksClient(http).list_clusters("p-1")
    assert [cluster["id"] for cluster in clusters] == [1, 2, 3]
    assert http.queries[1] == ("clusters", {"project_id": "p-1", "page": 2})


def test_the_seed_shape_without_pagination_is_one_call():
    http = FakeHttp([{"ResponseContext": {"RequestId": "r"}, "Clusters": [{"id": 1}]}])
    assert oks.OksClient(http).list_clusters() == [{"id": 1}]
    assert http.queries == [("clusters/all", {})]


# --- NaCl sealed boxes -----------------------------------------------------------------------------------------


def seal_for(public_key_b64, text):
    public_key = nacl_public.PublicKey(public_key_b64.encode("ascii"), encoder=nacl_encoding.Base64Encoder)
    return (
        nacl_public.SealedBox(public_key)
        .encrypt(text.encode("utf-8"), encoder=nacl_encoding.Base64Encoder)
        .decode("ascii")
    )


def test_nacl_round_trip():
    private_key, public_key = oks.nacl_key_pair()
    assert len(base64.b64decode(public_key)) == 32
    sealed = seal_for(public_key, "apiVersion: v1\nkind: Config\n")
    assert "Config" not in sealed
    assert oks.open_sealed_box(private_key, sealed) == "apiVersion: v1\nkind: Config\n"


def test_a_box_for_another_key_is_refused():
    private_key, _public_key = oks.nacl_key_pair()
    _other_private, other_public = oks.nacl_key_pair()
    with pytest.raises(KubeconfigError, match="not a NaCl sealed box"):
        oks.open_sealed_box(private_key, seal_for(other_public, "secret"))


def test_a_plain_kubeconfig_where_a_box_was_expected_is_refused():
    private_key, _public_key = oks.nacl_key_pair()
    with pytest.raises(KubeconfigError, match="encrypt=false"):
        oks.open_sealed_box(private_key, "apiVersion: v1\nkind: Config\nclusters: []\n")


def test_every_key_pair_is_new():
    assert oks.nacl_key_pair()[1] != oks.nacl_key_pair()[1]


# --- the error parser ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "status,headers,body,code,message,request_id",
    [
        (
            422,
            {},
            {"detail": [{"loc": ["body", "name"], "msg": "field required", "type": "value_error.missing"}]},
            "ValidationError",
            "name: field required",
            None,
        ),
        (
            403,
            {},
            {
                "Errors": [{"Type": "ForbiddenError", "Details": "project has clusters", "Code": "403"}],
                "ResponseContext": {"RequestId": "req-1"},
            },
            "ForbiddenError",
            "project has clusters",
            "req-1",
        ),
        (
            422,
            {},
            {
                "Errors": [
                    {"Type": "ValidationError", "Details": [{"loc": ["body", "cidr"], "msg": "bad"}], "Code": "422"}
                ]
            },
            "ValidationError",
            "cidr: bad",
            None,
        ),
        (404, {}, {"detail": "Cluster not found"}, None, "Cluster not found", None),
        (400, {}, {"message": "invalid zone"}, None, "invalid zone", None),
        (502, {}, "<html>Bad gateway</html>", None, "<html>Bad gateway</html>", None),
        (500, {}, "", None, "HTTP 500", None),
    ],
)
def test_the_oks_parser_reads_the_outscale_and_fastapi_shapes(status, headers, body, code, message, request_id):
    raw = json.dumps(body).encode() if isinstance(body, dict) else body.encode()
    error = oks.parse_error(status, headers, raw, "GET", "https://x/y")
    assert (error.status, error.code, error.message, error.request_id) == (status, code, message, request_id)
