# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""OKS option checks (oks_checks), payload mapping, normalisation and diffing, pagination and the NaCl round trip (no network)."""

from __future__ import annotations

import base64

import pytest

from ansible_collections.managedk8s.clusters.plugins.module_utils import oks_checks as checks
from ansible_collections.managedk8s.clusters.plugins.module_utils import oks_client as oks
from ansible_collections.managedk8s.clusters.plugins.module_utils.kubeconfig import KubeconfigError
from ansible_collections.managedk8s.clusters.plugins.module_utils.oks_resources import CLUSTER_SPEC, PROJECT_SPEC
from ansible_collections.managedk8s.clusters.plugins.module_utils.resource import Resource

nacl_public = pytest.importorskip("nacl.public")
nacl_encoding = pytest.importorskip("nacl.encoding")


# --- option checks -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["ab", "a1", "prod-eu-2", "a" * 40])
def test_valid_names(name):
    checks.check_name("name", name)


@pytest.mark.parametrize("name", ["A1", "1abc", "abc-", "a_b", "a" * 41, "a", ""])
def test_invalid_names_name_the_option_and_the_pattern(name):
    with pytest.raises(checks.OksInputError) as raised:
        checks.check_name("project_name", name)
    assert str(raised.value).startswith("project_name: ")
    assert checks.NAME_PATTERN.pattern in str(raised.value)


@pytest.mark.parametrize("cidr, fragment", [
    ("10.50.0.0/16", None),
    ("192.168.0.0/23", None),
    ("10.50.0.0/24", "between /16 and /23"),
    ("10.0.0.0/8", "between /16 and /23"),
    ("8.8.0.0/16", "RFC 1918"),
    ("10.50.0.1/16", "not a valid CIDR"),
    ("fd00::/64", "IPv6"),
    ("nonsense", "not a valid CIDR"),
])
def test_project_cidr(cidr, fragment):
    params = {"name": "p1", "cidr": cidr}
    if fragment is None:
        checks.validate_project_params(params)
    else:
        with pytest.raises(checks.OksInputError, match=fragment):
            checks.validate_project_params(params)


def cluster_params(**overrides):
    params = {"state": "present", "name": "c1", "project_name": None, "version": None, "cidr_pods": None,
              "cidr_service": None, "cluster_dns": None, "admin_whitelist": None, "cp_subregions": None,
              "auto_maintenances": None}
    params.update(overrides)
    return params


@pytest.mark.parametrize("overrides, fragment", [
    ({"version": "1.30.2"}, "version: '1.30.2' is not a Kubernetes version in the form X.Y"),
    ({"cidr_pods": "100.64.0.0/16"}, "cidr_pods"),
    ({"cidr_service": "10.100.0.0/16", "cluster_dns": "10.92.0.10"}, "cluster_dns: 10.92.0.10 is not inside cidr_service"),
    ({"cluster_dns": "10.100.0.10"}, "not inside the default cidr_service"),
    ({"cluster_dns": "fd00::10"}, "IPv6"),
    ({"admin_whitelist": ["10.1.2.3"]}, "private RFC 1918"),
    ({"admin_whitelist": ["127.0.0.1/32"]}, "loopback"),
    ({"admin_whitelist": ["2001:db8::/32"]}, "IPv6"),
    ({"admin_whitelist": ["203.0.113.7/24"]}, "admin_whitelist"),
    ({"cp_subregions": []}, "at least one subregion"),
    ({"cp_subregions": ["2a", "2a"]}, "unique"),
    ({"auto_maintenances": {"minor_upgrade_maintenance": {"start_hour": 24}}},
     "auto_maintenances.minor_upgrade_maintenance.start_hour: 24 is out of range, use an hour from 0 to 23"),
    ({"auto_maintenances": {"patch_upgrade_maintenance": {"duration_hours": -1}}},
     "auto_maintenances.patch_upgrade_maintenance.duration_hours"),
])
def test_cluster_options_refused(overrides, fragment):
    with pytest.raises(checks.OksInputError) as raised:
        checks.validate_cluster_params(cluster_params(**overrides))
    assert fragment in str(raised.value)


def test_cluster_options_accepted():
    checks.validate_cluster_params(cluster_params(
        version="1.31", cidr_pods="10.91.0.0/16", cidr_service="10.100.0.0/16", cluster_dns="10.100.0.10",
        admin_whitelist=["203.0.113.0/24", "198.51.100.7", "0.0.0.0/0"], cp_subregions=["2a", "2b", "2c"],
        auto_maintenances={"minor_upgrade_maintenance": {"start_hour": 0, "duration_hours": 23}}))


@pytest.mark.parametrize("ttl, seconds", [("30s", 30), ("15m", 900), ("5h", 18000), ("1d", 86400), ("2w", 1209600),
                                          (None, None)])
def test_ttl_seconds(ttl, seconds):
    assert checks.ttl_seconds(ttl) == seconds


@pytest.mark.parametrize("ttl", ["3600", "1y", "0h", "h", "-1d"])
def test_ttl_refused(ttl):
    with pytest.raises(checks.OksInputError, match="ttl"):
        checks.ttl_seconds(ttl)


@pytest.mark.parametrize("option, value", [("user", "system:admin"), ("group", "oks:admins")])
def test_reserved_kubeconfig_identities(option, value):
    with pytest.raises(checks.OksInputError, match="reserved"):
        checks.validate_kubeconfig_params({option: value})


# --- payload mapping -----------------------------------------------------------------------------------------

def test_cluster_create_payload_fills_the_seed_defaults():
    body = oks.cluster_create_payload({"name": "c1", "project_id": "p", "admin_whitelist": ["203.0.113.0/24"],
                                       "auto_maintenances": {"minor_upgrade_maintenance": {"week_day": "Sun"}}})
    assert body["cp_subregions"] == ["2a"]
    assert body["version"] == "1.30"
    assert body["control_planes"] == "cp.3.masters.small"
    assert body["admin_lbu"] is False and body["disable_api_termination"] is False
    assert body["cidr_pods"] == "10.91.0.0/16"
    assert (body["cidr_service"], body["cluster_dns"]) == ("10.92.0.0/16", "10.92.0.10")
    assert body["admission_flags"] == {"disable_admission_plugins": [], "enable_admission_plugins": []}
    assert body["auto_maintenances"]["minor_upgrade_maintenance"] == {
        "enabled": True, "duration_hours": 0, "start_hour": 12, "week_day": "Sun", "tz": "UTC"}
    assert body["auto_maintenances"]["patch_upgrade_maintenance"]["week_day"] == "Tue"
    assert "quirks" not in body and "description" not in body


def test_cluster_dns_follows_a_custom_service_range():
    body = oks.cluster_create_payload({"name": "c1", "project_id": "p", "cidr_service": "172.20.0.0/16"})
    assert body["cluster_dns"] == "172.20.0.10"


def test_cluster_update_payload_merges_partial_values_with_the_cluster():
    record = {
        "admission_flags": {"disable_admission_plugins": ["PodSecurity"], "enable_admission_plugins": ["NodeRestriction"],
                            "applied_admission_plugins": ["X"]},
        "auto_maintenances": {
            "minor_upgrade_maintenance": {"enabled": True, "duration_hours": 2, "start_hour": 3, "week_day": "Sun", "tz": "UTC"},
            "patch_upgrade_maintenance": {"enabled": False, "duration_hours": 1, "start_hour": 5, "week_day": "Wed", "tz": "UTC"},
        },
    }
    changes = {"description": "d", "version": "1.31",
               "admission_flags": {"enable_admission_plugins": ["AlwaysPullImages"]},
               "auto_maintenances": {"patch_upgrade_maintenance": {"start_hour": 6}}}
    body = oks.cluster_update_payload(changes, record)
    assert body["description"] == "d" and body["version"] == "1.31"
    assert body["admission_flags"] == {"disable_admission_plugins": ["PodSecurity"], "enable_admission_plugins": ["AlwaysPullImages"]}
    assert body["auto_maintenances"]["minor_upgrade_maintenance"]["week_day"] == "Sun"
    assert body["auto_maintenances"]["patch_upgrade_maintenance"] == {
        "enabled": False, "duration_hours": 1, "start_hour": 6, "week_day": "Wed", "tz": "UTC"}


def test_project_payloads_keep_only_what_the_api_takes():
    desired = {"name": "p1", "cidr": "10.50.0.0/16", "region": "eu-west-2", "tags": {"a": "1"}, "quirks": ["q"],
               "description": None, "disable_api_termination": True}
    assert oks.project_payload(desired) == {"name": "p1", "cidr": "10.50.0.0/16", "region": "eu-west-2",
                                            "tags": {"a": "1"}, "quirks": ["q"], "disable_api_termination": True}
    assert oks.project_update_payload({"tags": {}, "description": "x"}) == {"tags": {}, "description": "x"}


# --- normalisation and diffing ---------------------------------------------------------------------------------

CLUSTER_RECORD = {
    "id": "c-1", "project_id": "p-1", "name": "web", "description": None, "cp_subregions": ["2a", "2b", "2c"],
    "version": "1.30", "admin_lbu": False, "cidr_pods": "10.91.0.0/16", "cidr_service": "10.92.0.0/16",
    "cluster_dns": "10.92.0.10", "tags": {"team": "platform", "tier": "1"}, "control_planes": "cp.3.masters.small",
    "admission_flags": {"disable_admission_plugins": [], "enable_admission_plugins": ["NodeRestriction", "AlwaysPullImages"],
                        "applied_admission_plugins": ["NamespaceLifecycle"]},
    "auto_maintenances": {"minor_upgrade_maintenance": {"enabled": True, "duration_hours": 0, "start_hour": 3,
                                                        "week_day": "Sun", "tz": "UTC"},
                          "patch_upgrade_maintenance": {"enabled": True, "duration_hours": 0, "start_hour": 12,
                                                        "week_day": "Tue", "tz": "UTC"}},
    "admin_whitelist": ["198.51.100.7", "203.0.113.0/24"], "disable_api_termination": False,
    "statuses": {"status": "ready", "available_upgrade": "1.31"},
}


def cluster_changes(**options):
    desired = CLUSTER_SPEC.desired(oks.normalise_cluster_params(options))
    engine = Resource(CLUSTER_SPEC, api=None)
    return engine.changes(desired, oks.cluster_state(CLUSTER_RECORD, options.get("quirks")))


def test_lists_where_order_is_meaningless_compare_as_sets():
    assert cluster_changes(
        cp_subregions=["2c", "2a", "2b"],
        admin_whitelist=["203.0.113.0/24", "198.51.100.7/32"],
        admission_flags={"enable_admission_plugins": ["AlwaysPullImages", "NodeRestriction", "AlwaysPullImages"],
                         "disable_admission_plugins": None},
        tags={"tier": 1, "team": "platform"},
        quirks=["q1"],
    ) == {}


def test_tags_compare_exactly():
    assert cluster_changes(tags={"team": "platform"}) == {"tags": {"team": "platform"}}
    assert cluster_changes(tags={"team": "platform", "tier": "1", "env": "test"})["tags"]["env"] == "test"


def test_real_differences_are_found():
    changes = cluster_changes(admission_flags={"enable_admission_plugins": ["NodeRestriction"]},
                              admin_whitelist=["203.0.113.0/24"], version="1.31",
                              auto_maintenances={"minor_upgrade_maintenance": {"start_hour": 4, "week_day": None}})
    assert set(changes) == {"admission_flags", "admin_whitelist", "version", "auto_maintenances"}


def test_only_the_maintenance_settings_given_are_compared():
    assert cluster_changes(auto_maintenances={"minor_upgrade_maintenance": {"start_hour": 3, "week_day": "Sun"}}) == {}


def test_full_patch_versions_compare_by_minor_version():
    record = dict(CLUSTER_RECORD, version="1.30.4")
    assert oks.cluster_state(record)["version"] == "1.30"
    assert oks.cluster_output(record)["full_version"] == "1.30.4"


def test_quirks_read_as_configured_unless_the_api_reports_them():
    assert oks.project_state({"name": "p"}, ["a"])["quirks"] == ["a"]
    assert oks.project_state({"name": "p", "quirks": ["b"]}, ["a"])["quirks"] == ["b"]


def test_project_tags_compare_exactly():
    engine = Resource(PROJECT_SPEC, api=None)
    current = oks.project_state({"name": "p", "tags": {"a": "1", "b": "2"}, "description": None})
    assert engine.changes({"tags": {"a": "1"}}, current) == {"tags": {"a": "1"}}
    assert engine.changes({"tags": {"b": "2", "a": "1"}, "description": ""}, current) == {}


def test_statuses_and_failure_reasons():
    assert oks.cluster_status({"statuses": {"status": "upgrading"}}) == "upgrading"
    assert oks.cluster_status(None) is None
    assert oks.failure_reason({"statuses": {"status": "failed", "message": "no capacity"}}) == "no capacity"
    assert oks.failure_reason({"statuses": {"status": "failed"}}) is None


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
    http = FakeHttp([
        {"Projects": [{"id": 1}, {"id": 2}], "Pagination": {"cursor": {"next_cursor": "abc"}, "offset": None}},
        {"Projects": [{"id": 3}], "Pagination": {"cursor": {"next_cursor": None}}},
    ])
    projects = oks.OksClient(http).list_projects(status="ready", page_size=2)
    assert [project["id"] for project in projects] == [1, 2, 3]
    assert http.queries == [("projects", {"status": "ready", "limit": 2}),
                            ("projects", {"status": "ready", "limit": 2, "cursor": "abc"})]


def test_offset_pagination_stops_at_the_total():
    http = FakeHttp([
        {"Clusters": [{"id": 1}, {"id": 2}], "Pagination": {"offset": {"page": 1, "limit": 2, "total": 3}}},
        {"Clusters": [{"id": 3}], "Pagination": {"offset": {"page": 2, "limit": 2, "total": 3}}},
    ])
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
    return nacl_public.SealedBox(public_key).encrypt(text.encode("utf-8"), encoder=nacl_encoding.Base64Encoder).decode("ascii")


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
