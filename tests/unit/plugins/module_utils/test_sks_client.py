# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The SKS client: payload mapping both ways, names of instance types, endpoints, and the Operation follower."""

from __future__ import annotations

import base64

import pytest

from ansible_collections.managedk8s.clusters.plugins.module_utils import sks_client as api
from ansible_collections.managedk8s.clusters.plugins.module_utils.errors import ApiError
from ansible_collections.managedk8s.clusters.plugins.module_utils.waiter import WaitFailed, WaitTimeout

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


class FakeClock:
    def __init__(self):
        self.now = 0.0
        self.slept = []

    def sleep(self, seconds):
        self.slept.append(seconds)
        self.now += seconds

    def __call__(self):
        return self.now


def client_with(answers):
    clock = FakeClock()
    return api.SksClient(FakeHttp(answers), zone="ch-gva-2", sleep=clock.sleep, clock=clock), clock


# --- payload mapping -----------------------------------------------------------------------------------------

def test_cluster_payload_uses_the_api_names_and_drops_unset_values():
    desired = {
        "name": "c1", "description": "d", "labels": {"a": "b"}, "level": "pro", "cni": "cilium", "auto_upgrade": True,
        "addons": ["metrics-server", "exoscale-cloud-controller", "metrics-server"], "version": "1.33.2",
        "oidc": {"client_id": "k8s", "issuer_url": "https://id.example.com", "groups_claim": None,
                 "required_claim": {"hd": "example.com"}},
    }
    assert api.cluster_payload(desired) == {
        "name": "c1", "description": "d", "labels": {"a": "b"}, "level": "pro", "cni": "cilium", "auto-upgrade": True,
        "addons": ["exoscale-cloud-controller", "metrics-server"], "version": "1.33.2",
        "oidc": {"client-id": "k8s", "issuer-url": "https://id.example.com", "required-claim": {"hd": "example.com"}},
    }


def test_update_payload_never_carries_version_level_or_cni():
    changes = {"version": "1.33.2", "level": "pro", "cni": "cilium", "description": "new", "auto_upgrade": False}
    assert api.cluster_payload(changes, api.CLUSTER_UPDATE_FIELDS) == {"description": "new", "auto-upgrade": False}


def test_cluster_state_round_trips_the_payload():
    desired = {"name": "c1", "description": "d", "labels": {"a": "b"}, "level": "starter", "cni": "calico",
               "auto_upgrade": False, "addons": ["metrics-server"], "version": "1.32.6",
               "oidc": {"client_id": "k8s", "issuer_url": "https://id.example.com", "username_claim": "email"}}
    record = dict(api.cluster_payload(desired), id=CLUSTER_ID, state="running")
    state = api.cluster_state(record)
    assert state.pop("id") == CLUSTER_ID
    assert state == desired


def test_cluster_state_normalises_missing_fields():
    state = api.cluster_state({"id": CLUSTER_ID, "name": "c1", "level": "pro", "version": "1.33.2"})
    assert state["description"] == ""
    assert state["labels"] == {}
    assert state["addons"] == []
    assert state["oidc"] is None
    assert state["auto_upgrade"] is False


def test_cluster_output_summarises_node_pools_and_adds_the_zone():
    record = {"id": CLUSTER_ID, "name": "c1", "state": "running", "endpoint": "https://x", "nodepools": [
        {"id": "p1", "name": "workers", "state": "running", "size": 3, "instance-type": {"id": "t1"}, "disk-size": 50,
         "version": "1.33.2", "labels": {"secret": "not returned"}}]}
    output = api.cluster_output(record, "de-fra-1")
    assert output["zone"] == "de-fra-1"
    assert output["nodepools"] == [{"id": "p1", "name": "workers", "state": "running", "size": 3, "instance_type": "t1",
                                    "disk_size": 50, "version": "1.33.2"}]


def test_nodepool_payload_maps_references_and_taints():
    desired = {"name": "workers", "instance_type": "t1", "size": 2, "disk_size": 50, "labels": {"role": "w"},
               "taints": [{"key": "dedicated", "value": "batch", "effect": "NoSchedule"}],
               "security_groups": ["sg2", "sg1"], "anti_affinity_groups": [], "private_networks": ["pn1"],
               "instance_prefix": "w", "description": None}
    assert api.nodepool_payload(desired) == {
        "name": "workers", "size": 2, "disk-size": 50, "labels": {"role": "w"}, "instance-prefix": "w",
        "instance-type": {"id": "t1"}, "taints": {"dedicated": {"value": "batch", "effect": "NoSchedule"}},
        "security-groups": [{"id": "sg1"}, {"id": "sg2"}], "anti-affinity-groups": [], "private-networks": [{"id": "pn1"}],
    }


def test_nodepool_update_payload_is_limited_to_the_fields_asked():
    assert api.nodepool_payload({"size": 4, "labels": {}}, ["labels"]) == {"labels": {}}


def test_nodepool_state_round_trips_the_payload():
    desired = {"name": "workers", "description": "", "instance_type": "t1", "size": 2, "disk_size": 50, "labels": {},
               "taints": [{"key": "a", "value": "1", "effect": "NoExecute"}, {"key": "b", "value": "2", "effect": "NoSchedule"}],
               "security_groups": ["sg1"], "anti_affinity_groups": ["aag1"], "private_networks": [],
               "instance_prefix": "pool"}
    state = api.nodepool_state(dict(api.nodepool_payload(desired), id="p1"))
    assert state.pop("id") == "p1"
    assert state == desired


@pytest.mark.parametrize("wanted, expected", [
    ("standard.medium", ["m"]), ("medium", ["m"]), ("STANDARD.Medium", ["m"]), ("cpu.medium", ["c"]),
    ("5d0c7bb2-0000-4c1e-9d36-000000000001", ["5d0c7bb2-0000-4c1e-9d36-000000000001"]), ("standard.huge", []),
])
def test_match_instance_type_accepts_ids_and_names_like_the_cli(wanted, expected):
    types = [{"id": "m", "family": "standard", "size": "medium"}, {"id": "c", "family": "cpu", "size": "medium"},
             {"id": "5d0c7bb2-0000-4c1e-9d36-000000000001", "family": "gpu", "size": "small"}]
    assert [item["id"] for item in api.match_instance_type(types, wanted)] == expected


def test_versions_are_compared_as_numbers():
    assert api.newest_version(["1.9.10", "1.31.2", "1.31.10", "1.30.14"]) == "1.31.10"
    assert api.newest_version([]) is None


@pytest.mark.parametrize("endpoint, zone, expected", [
    (None, "de-fra-1", "https://api-de-fra-1.exoscale.com/v2"),
    ("http://127.0.0.1:8765/sks/v2", "ch-gva-2", "http://127.0.0.1:8765/sks/v2"),
    ("https://api-{zone}.example.net/v2", "at-vie-1", "https://api-at-vie-1.example.net/v2"),
])
def test_endpoint_for(endpoint, zone, expected):
    assert api.endpoint_for(endpoint, zone) == expected


def test_endpoint_template_needs_a_zone():
    with pytest.raises(ValueError):
        api.endpoint_for(None, None)


# --- the Operation follower ----------------------------------------------------------------------------------

def operation(state, **extra):
    return dict({"id": "op-1", "state": state, "reference": {"id": CLUSTER_ID}}, **extra)


def test_follow_polls_until_success():
    client, clock = client_with([operation("pending"), operation("success")])
    result = client.follow(operation("pending"), "creation of c1", timeout=60)
    assert result["state"] == "success"
    assert [call[1] for call in client.http.calls] == ["/operation/op-1", "/operation/op-1"]
    assert len(clock.slept) == 2


def test_follow_costs_nothing_when_the_operation_already_succeeded():
    client, clock = client_with([])
    assert client.follow(operation("success"), "anything")["state"] == "success"
    assert client.http.calls == []
    assert clock.slept == []


@pytest.mark.parametrize("state", ["failure", "timeout"])
def test_follow_fails_with_the_reason_and_message(state):
    client, _clock = client_with([operation(state, reason="unavailable", message="zone under maintenance")])
    with pytest.raises(WaitFailed) as raised:
        client.follow(operation("pending"), "upgrade of c1", timeout=60)
    text = str(raised.value)
    assert "upgrade of c1" in text and "op-1" in text
    assert "unavailable" in text and "zone under maintenance" in text and state in text


def test_follow_fails_on_an_unknown_state():
    client, _clock = client_with([operation("exploded")])
    with pytest.raises(WaitFailed, match="unexpected state"):
        client.follow(operation("pending"), "update of c1", timeout=60)


def test_follow_times_out_with_the_last_state():
    client, clock = client_with([operation("pending")] * 100)
    with pytest.raises(WaitTimeout, match="last state: pending"):
        client.follow(operation("pending"), "creation of c1", timeout=20)
    assert clock.now == pytest.approx(20)


def test_follow_of_no_operation_is_a_no_op():
    client, _clock = client_with([])
    assert client.follow(None, "nothing") is None


def test_wait_cluster_fails_fast_on_error_and_when_the_cluster_vanishes():
    client, _clock = client_with([{"id": CLUSTER_ID, "state": "error"}])
    with pytest.raises(WaitFailed, match="status is error"):
        client.wait_cluster({"id": CLUSTER_ID, "name": "c1", "state": "creating"}, timeout=60)
    client, _clock = client_with([])
    client.get_cluster = lambda cluster_id: None
    with pytest.raises(WaitFailed, match="deleted while waiting"):
        client.wait_cluster({"id": CLUSTER_ID, "name": "c1"}, timeout=60)


# --- calls ---------------------------------------------------------------------------------------------------

def test_generate_kubeconfig_decodes_the_base64_answer_and_sends_the_ttl():
    text = "apiVersion: v1\nkind: Config\n"
    client, _clock = client_with([{"kubeconfig": base64.b64encode(text.encode()).decode()}])
    assert client.generate_kubeconfig(CLUSTER_ID, "admin", ["system:masters"], ttl=3600) == text
    method, path, kwargs = client.http.calls[0]
    assert (method, path) == ("POST", "/sks-cluster-kubeconfig/%s" % CLUSTER_ID)
    assert kwargs["json"] == {"user": "admin", "groups": ["system:masters"], "ttl": 3600}


def test_generate_kubeconfig_refuses_an_answer_that_is_not_base64():
    client, _clock = client_with([{"kubeconfig": "not base64 at all!"}])
    with pytest.raises(ApiError, match="not base64"):
        client.generate_kubeconfig(CLUSTER_ID, "admin", ["system:masters"])


def test_list_versions_sorts_newest_first_and_asks_for_deprecated_ones_on_request():
    client, _clock = client_with([{"sks-cluster-versions": ["1.31.10", "1.33.2", "1.32.6"]}])
    assert client.list_versions(include_deprecated=True) == ["1.33.2", "1.32.6", "1.31.10"]
    assert client.http.calls[0][2]["params"] == {"include-deprecated": "true"}


def test_scale_uses_the_colon_path():
    client, _clock = client_with([operation("pending")])
    client.scale_nodepool(CLUSTER_ID, "p1", 5)
    assert client.http.calls[0][:2] == ("PUT", "/sks-cluster/%s/nodepool/p1:scale" % CLUSTER_ID)
    assert client.http.calls[0][2]["json"] == {"size": 5}
