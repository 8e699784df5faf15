# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The SKS adapters: the Operation follower and the waits, the lost-create rule, and the cluster and node pool
adapters run by the engine against the emulator (in-process, over real HTTP and real EXO2-HMAC-SHA256 signatures)."""

from __future__ import annotations

import time

import pytest

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.errors import ApiError, InputError
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.resource import (
    DuplicateNameError,
    ReplaceRefused,
    Resource,
    ResourceError,
)
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.waiter import WaitFailed, WaitTimeout
from ansible_collections.managedk8s.clusters.plugins.module_utils.sks import adapters, checks, model
from ansible_collections.managedk8s.clusters.plugins.module_utils.sks.client import SksClient

CLUSTER_ID = "8561ee34-09f0-42da-a765-abde807f944b"


def short_sleep(seconds):
    time.sleep(min(seconds, 0.02))


def cluster_options(**overrides):
    params = {
        "id": None,
        "name": "c1",
        "description": None,
        "labels": None,
        "version": None,
        "oidc": None,
        "addons": None,
    }
    params.update(overrides)
    return params


def nodepool_options(**overrides):
    params = {
        "name": "workers",
        "description": None,
        "instance_prefix": None,
        "size": None,
        "disk_size": None,
        "labels": None,
        "taints": None,
        "security_groups": None,
        "anti_affinity_groups": None,
        "private_networks": None,
    }
    params.update(overrides)
    return params


# --- the Operation follower and the waits --------------------------------------------------------------------


class FakeResponse:
    def __init__(self, body, status=200):
        self.json = body
        self.status = status


class FakeHttp:
    """Answers every GET from a list of bodies; records every call."""

    def __init__(self, answers=None):
        self.answers = list(answers or [])
        self.calls = []

    def get(self, path, **kwargs):
        self.calls.append(("GET", path, kwargs))
        return FakeResponse(self.answers.pop(0))


class FakeClock:
    def __init__(self):
        self.now = 0.0
        self.slept = []

    def sleep(self, seconds):
        self.slept.append(seconds)
        self.now += seconds

    def __call__(self):
        return self.now


def adapter_with(answers, timeout=60):
    clock = FakeClock()
    client = SksClient(FakeHttp(answers), zone="ch-gva-2")
    return adapters.SksAdapter(client, wait_timeout=timeout, sleep=clock.sleep, clock=clock), clock


def operation(state, **extra):
    return dict({"id": "op-1", "state": state, "reference": {"id": CLUSTER_ID}}, **extra)


def test_follow_polls_until_success():
    adapter, clock = adapter_with([operation("pending"), operation("success")])
    result = adapter.follow(operation("pending"), "creation of c1")
    assert result["state"] == "success"
    assert [call[1] for call in adapter.client.http.calls] == ["/operation/op-1", "/operation/op-1"]
    assert len(clock.slept) == 2


def test_follow_costs_nothing_when_the_operation_already_succeeded():
    adapter, clock = adapter_with([])
    assert adapter.follow(operation("success"), "anything")["state"] == "success"
    assert adapter.client.http.calls == []
    assert clock.slept == []


@pytest.mark.parametrize("state", ["failure", "timeout"])
def test_follow_fails_with_the_reason_and_message(state):
    adapter, _clock = adapter_with([operation(state, reason="unavailable", message="zone under maintenance")])
    with pytest.raises(WaitFailed) as raised:
        adapter.follow(operation("pending"), "upgrade of c1")
    text = str(raised.value)
    assert "upgrade of c1" in text and "op-1" in text
    assert "unavailable" in text and "zone under maintenance" in text and state in text


def test_follow_fails_on_an_unknown_state():
    adapter, _clock = adapter_with([operation("exploded")])
    with pytest.raises(WaitFailed, match="unexpected state"):
        adapter.follow(operation("pending"), "update of c1")


def test_follow_times_out_with_the_last_state():
    adapter, clock = adapter_with([operation("pending")] * 100, timeout=20)
    with pytest.raises(WaitTimeout, match="last state: pending"):
        adapter.follow(operation("pending"), "creation of c1")
    assert clock.now == pytest.approx(20)


def test_follow_of_no_operation_is_a_no_op():
    adapter, _clock = adapter_with([])
    assert adapter.follow(None, "nothing") is None


def test_wait_cluster_fails_fast_on_error_and_when_the_cluster_vanishes():
    adapter, _clock = adapter_with([{"id": CLUSTER_ID, "state": "error"}])
    with pytest.raises(WaitFailed, match="status is error"):
        adapter.wait_cluster({"id": CLUSTER_ID, "name": "c1", "state": "creating"})
    adapter, _clock = adapter_with([])
    adapter.client.get_cluster = lambda cluster_id: None
    with pytest.raises(WaitFailed, match="deleted while waiting"):
        adapter.wait_cluster({"id": CLUSTER_ID, "name": "c1"})


# --- a create whose answer is lost ---------------------------------------------------------------------------


class Poster:
    def __init__(self, *outcomes):
        self.outcomes = list(outcomes)
        self.calls = 0

    def __call__(self):
        self.calls += 1
        outcome = self.outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome


@pytest.mark.parametrize(
    "error",
    [
        ApiError(code="ConnectionLost", message="reset"),
        ApiError(code="Timeout", message="slow"),
        ApiError(status=502, message="bad gateway"),
    ],
)
def test_create_once_adopts_what_the_lost_create_made(error):
    post = Poster(error)
    assert adapters.create_once(post, lambda: {"id": "c1"}) == (None, {"id": "c1"})
    assert post.calls == 1


def test_create_once_posts_again_only_after_looking():
    post = Poster(ApiError(code="ConnectionLost", message="reset"), {"id": "op"})
    looked = []
    assert adapters.create_once(post, lambda: looked.append(True)) == ({"id": "op"}, None)
    assert post.calls == 2 and looked == [True]


def test_create_once_never_retries_a_refusal():
    post = Poster(ApiError(status=400, message="Invalid request"))
    with pytest.raises(ApiError):
        adapters.create_once(post, lambda: pytest.fail("a refused create must not be looked up"))
    assert post.calls == 1


# --- adapters against the emulator ---------------------------------------------------------------------------


def sks_requests(emulator, method=None):
    return [(entry["method"], entry["template"]) for entry in emulator.admin.log(cloud="sks", method=method)]


def cluster_resource(client, check_mode=False, delete_nodepools=False, **params):
    params = checks.cluster_params(dict(cluster_options(), **params))
    adapter = adapters.ClusterAdapter(
        client, params, wait_timeout=30, delete_nodepools=delete_nodepools, sleep=short_sleep
    )
    return Resource(model.CLUSTER_SPEC, adapter, check_mode=check_mode, wait=True), params


def run_cluster(client, state="present", check_mode=False, delete_nodepools=False, **params):
    resource, params = cluster_resource(client, check_mode, delete_nodepools, **params)
    return resource.run(state, params)


def test_cluster_create_uses_the_newest_version_and_a_rerun_reads_once(client, emulator):
    created = run_cluster(client, name="c1", level="starter", labels={"a": "b"})
    assert created["changed"] and created["cluster"]["state"] == "running"
    assert created["cluster"]["version"] == "1.33.2"
    assert created["cluster"]["cni"] == "calico"
    emulator.admin.clear_log()
    again = run_cluster(client, name="c1", level="starter", labels={"a": "b"})
    assert not again["changed"]
    assert sks_requests(emulator) == [("GET", "/sks-cluster")]


def test_check_mode_writes_nothing(client, emulator):
    result = run_cluster(client, check_mode=True, name="c1", level="pro")
    assert result["changed"] and result["diff"]["after"]["level"] == "pro"
    assert all(method == "GET" for method, _template in sks_requests(emulator))
    assert emulator.admin.store(cloud="sks", kind="clusters") in ({}, {"sks": {"clusters": []}})


def test_cluster_update_runs_service_level_then_upgrade_then_put(client, emulator):
    run_cluster(client, name="c1", level="starter", version="1.32.6")
    emulator.admin.clear_log()
    result = run_cluster(client, name="c1", level="pro", version="1.33.2", description="new", auto_upgrade=True)
    assert result["changed"]
    assert result["cluster"]["level"] == "pro" and result["cluster"]["version"] == "1.33.2"
    assert result["cluster"]["description"] == "new" and result["cluster"]["auto_upgrade"] is True
    assert sks_requests(emulator, "PUT") == [
        ("PUT", "/sks-cluster/<cluster_id>/upgrade-service-level"),
        ("PUT", "/sks-cluster/<cluster_id>/upgrade"),
        ("PUT", "/sks-cluster/<cluster_id>"),
    ]
    assert result["diff"]["before"]["version"] == "1.32.6" and result["diff"]["after"]["version"] == "1.33.2"


@pytest.mark.parametrize(
    "change, message",
    [
        ({"level": "starter"}, "cannot go back to starter"),
        ({"version": "1.31.10"}, "can only be upgraded"),
        ({"addons": ["metrics-server"]}, "cannot be removed once enabled"),
    ],
)
def test_cluster_refusals_come_before_any_write(client, emulator, change, message):
    run_cluster(
        client,
        name="c1",
        level="pro",
        version="1.32.6",
        addons=["exoscale-container-storage-interface", "metrics-server"],
    )
    emulator.admin.clear_log()
    for check_mode in (True, False):
        with pytest.raises(ResourceError, match=message):
            run_cluster(client, check_mode=check_mode, name="c1", **change)
    assert all(method == "GET" for method, _template in sks_requests(emulator))


def test_cni_can_only_be_set_at_creation(client):
    run_cluster(client, name="c1", cni="calico")
    with pytest.raises(ReplaceRefused, match="cni"):
        run_cluster(client, name="c1", cni="cilium")


def test_duplicate_names_are_refused(client, emulator):
    emulator.admin.seed("sks", count=2, name="twin")
    with pytest.raises(DuplicateNameError, match="2 SKS clusters are named 'twin'"):
        run_cluster(client, name="twin", description="which?")


def test_a_reset_after_the_create_adopts_the_one_cluster(client, emulator):
    emulator.admin.once({"cloud": "sks", "method": "POST", "path_regex": "/sks-cluster$", "kind": "reset_after"})
    result = run_cluster(client, name="lost", level="starter")
    assert result["changed"] and result["cluster"]["state"] == "running"
    clusters = emulator.admin.store(cloud="sks", kind="clusters")["sks"]["clusters"]
    assert [cluster["id"] for cluster in clusters] == [result["cluster"]["id"]]
    assert sks_requests(emulator, "POST") == [("POST", "/sks-cluster")]


def test_a_server_error_before_the_create_posts_again_after_looking(client, emulator):
    emulator.admin.once({"cloud": "sks", "method": "POST", "path_regex": "/sks-cluster$", "kind": "500"})
    result = run_cluster(client, name="retried", level="starter")
    assert result["changed"]
    assert len(emulator.admin.store(cloud="sks", kind="clusters")["sks"]["clusters"]) == 1
    on_the_collection = [request for request in sks_requests(emulator) if request[1] == "/sks-cluster"]
    assert on_the_collection == [
        ("GET", "/sks-cluster"),
        ("POST", "/sks-cluster"),
        ("GET", "/sks-cluster"),
        ("POST", "/sks-cluster"),
    ]


def test_a_failed_operation_fails_the_task_with_its_reason(client, emulator):
    emulator.admin.seed(
        "sks",
        count=0,
        operation_failures=[{"command": "create-sks-cluster", "reason": "unavailable", "message": "no capacity"}],
    )
    with pytest.raises(WaitFailed, match=r"creation of SKS cluster 'c1'.*unavailable.*no capacity"):
        run_cluster(client, name="c1")


def pool_resource(client, check_mode=False, state="present", **params):
    params = checks.nodepool_params(dict(nodepool_options(), **params))
    adapter = adapters.NodepoolAdapter(client, params, state=state, wait_timeout=30, sleep=short_sleep)
    return Resource(model.NODEPOOL_SPEC, adapter, check_mode=check_mode, wait=True), params


def run_pool(client, state="present", check_mode=False, **params):
    resource, params = pool_resource(client, check_mode, state, **params)
    return resource.run(state, params)


def test_nodepool_lifecycle_and_cluster_delete(client, emulator):
    cluster = run_cluster(client, name="c1", level="starter")["cluster"]
    medium = adapters.resolve_instance_type(client, "standard.medium")
    created = run_pool(
        client,
        cluster="c1",
        name="workers",
        instance_type=medium,
        size=2,
        disk_size=50,
        taints=[{"key": "k", "value": "v", "effect": "NoSchedule"}],
    )
    assert created["changed"] and created["nodepool"]["state"] == "running"
    assert created["nodepool"]["cluster_id"] == cluster["id"]

    emulator.admin.clear_log()
    again = run_pool(
        client,
        cluster=cluster["id"],
        name="workers",
        instance_type=medium,
        size=2,
        disk_size=50,
        taints=[{"effect": "NoSchedule", "key": "k", "value": "v"}],
    )
    assert not again["changed"]
    assert sks_requests(emulator) == [("GET", "/sks-cluster/<cluster_id>")]

    emulator.admin.clear_log()
    scaled = run_pool(client, cluster="c1", name="workers", size=4, labels={"role": "batch"})
    assert scaled["nodepool"]["size"] == 4 and scaled["nodepool"]["labels"] == {"role": "batch"}
    assert [template for method, template in sks_requests(emulator, "PUT")] == [
        "/sks-cluster/<cluster_id>/nodepool/<uuid:nodepool_id>",
        "/sks-cluster/<cluster_id>/nodepool/<uuid:nodepool_id>:scale",
    ]

    with pytest.raises(ResourceError, match="still has 1 node pool"):
        run_cluster(client, state="absent", name="c1")
    deleted = run_cluster(client, state="absent", name="c1", delete_nodepools=True)
    assert deleted["changed"] and deleted["cluster"] == {}
    assert emulator.admin.store(cloud="sks", kind="clusters")["sks"]["clusters"] == []
    assert not run_cluster(client, state="absent", name="c1")["changed"]


def test_nodepool_needs_its_cluster(client):
    with pytest.raises(ResourceError, match="no SKS cluster 'nowhere'"):
        run_pool(client, cluster="nowhere", name="workers", size=1, disk_size=20, instance_type="standard.small")
    assert not run_pool(client, state="absent", cluster="nowhere", name="workers")["changed"]


def test_nodepool_create_needs_size_disk_and_type(client):
    run_cluster(client, name="c1")
    with pytest.raises(InputError, match="instance_type is required"):
        run_pool(client, cluster="c1", name="workers", size=1, disk_size=20)


def test_instance_type_lookup(client, emulator):
    emulator.admin.clear_log()
    medium = adapters.resolve_instance_type(client, "medium")
    assert adapters.resolve_instance_type(client, medium) == medium
    assert sks_requests(emulator) == [("GET", "/instance-type")]
    with pytest.raises(InputError, match="'standard.gigantic' is not an instance type"):
        adapters.resolve_instance_type(client, "standard.gigantic")


def test_deletes_sent_again_after_a_lost_answer_meet_a_busy_resource_and_count_as_done(client, emulator):
    # The first DELETE acts and its answer is lost; HttpClient sends it again at once and SKS answers 409 busy.
    cluster = run_cluster(client, name="c1", level="starter")["cluster"]
    medium = adapters.resolve_instance_type(client, "standard.medium")
    run_pool(client, cluster="c1", name="workers", instance_type=medium, size=1, disk_size=50)
    client.http.sleep = lambda seconds: None
    emulator.admin.set_speed(20)  # the deletions last a fifth of a second: the module must wait them out, not race them
    emulator.admin.faults(
        once=[
            {"cloud": "sks", "method": "DELETE", "path_regex": "/nodepool/", "kind": "reset_after"},
            {"cloud": "sks", "method": "DELETE", "path_regex": "/sks-cluster/[^/]+$", "kind": "reset_after"},
        ]
    )
    assert run_pool(client, state="absent", cluster=cluster["id"], name="workers")["changed"]
    assert run_cluster(client, state="absent", name="c1")["changed"]
    assert emulator.admin.store(cloud="sks", kind="clusters")["sks"]["clusters"] == []
    assert len(sks_requests(emulator, "DELETE")) == 4


def test_the_node_pool_guard_refuses_in_check_mode_too(client, emulator):
    cluster = run_cluster(client, name="c1", level="starter")["cluster"]
    medium = adapters.resolve_instance_type(client, "standard.medium")
    run_pool(client, cluster="c1", name="workers", instance_type=medium, size=1, disk_size=50)
    emulator.admin.clear_log()
    with pytest.raises(ResourceError, match="still has 1 node pool") as raised:
        run_cluster(client, state="absent", check_mode=True, name="c1")
    assert raised.value.details == {"nodepools": ["workers"]}
    assert all(method == "GET" for method, _template in sks_requests(emulator))
    planned = run_cluster(client, state="absent", check_mode=True, name="c1", delete_nodepools=True)
    assert planned["changed"] and planned["diff"]["after"] == {}
    assert emulator.admin.store(cloud="sks", kind="clusters")["sks"]["clusters"][0]["id"] == cluster["id"]


# --- vendor fidelity: add-ons, upgrades, auto-upgrade, node pools of size 0 ------------------------------------


def test_a_cluster_created_without_addons_gets_the_vendor_clients_defaults(client, emulator):
    # exo CLI sks create: exoscale-cloud-controller and metrics-server unless --no-...; Terraform: both default true
    created = run_cluster(client, name="c1", level="starter")
    assert created["cluster"]["addons"] == ["exoscale-cloud-controller", "metrics-server"]
    stored = emulator.admin.store(cloud="sks", kind="clusters")["sks"]["clusters"][0]
    assert stored["addons"] == ["exoscale-cloud-controller", "metrics-server"]
    assert not run_cluster(client, name="c1", level="starter")["changed"]
    bare = run_cluster(client, name="c2", level="starter", addons=[])
    assert bare["cluster"]["addons"] == []


def test_addons_change_after_creation_only_as_the_vendor_clients_do(client, emulator):
    run_cluster(client, name="c1", level="starter")
    base = ["exoscale-cloud-controller", "metrics-server"]
    with_csi = run_cluster(client, name="c1", addons=base + ["exoscale-container-storage-interface"])
    assert with_csi["changed"] and "exoscale-container-storage-interface" in with_csi["cluster"]["addons"]
    full = base + ["exoscale-container-storage-interface", "karpenter"]
    assert run_cluster(client, name="c1", addons=full)["cluster"]["addons"] == sorted(full)
    assert "karpenter" not in run_cluster(client, name="c1", addons=full[:-1])["cluster"]["addons"]
    emulator.admin.clear_log()
    for wanted in (
        ["metrics-server", "exoscale-container-storage-interface"],  # drops the cloud controller
        ["exoscale-cloud-controller", "exoscale-container-storage-interface"],  # drops metrics-server
    ):
        for check_mode in (True, False):
            with pytest.raises(ResourceError, match="can only be chosen when the cluster is created"):
                run_cluster(client, check_mode=check_mode, name="c1", addons=wanted)
    assert all(method == "GET" for method, _template in sks_requests(emulator))


def test_a_version_several_minors_ahead_is_reached_one_minor_at_a_time(client, emulator):
    run_cluster(client, name="c1", level="starter", version="1.31.10")
    emulator.admin.clear_log()
    planned = run_cluster(client, check_mode=True, name="c1", version="1.33.2")
    assert planned["changed"] and planned["diff"]["after"]["version"] == "1.33.2"
    assert all(method == "GET" for method, _template in sks_requests(emulator))
    upgraded = run_cluster(client, name="c1", version="1.33.2")
    assert upgraded["cluster"]["version"] == "1.33.2"
    puts = [entry["path"] for entry in emulator.admin.log(cloud="sks", method="PUT")]
    assert [path.rsplit("/", 1)[1] for path in puts] == ["upgrade", "upgrade"]
    assert [entry["template"] for entry in emulator.admin.log(cloud="sks", method="GET")].count(
        "/sks-cluster-version"
    ) >= 1


def test_upgrade_path_goes_through_the_newest_patch_of_each_minor():
    offered = ["1.33.2", "1.32.6", "1.32.5", "1.31.10"]
    assert model.upgrade_path("1.31.10", "1.33.2", offered) == (["1.32.6", "1.33.2"], None)
    assert model.upgrade_path("1.32.6", "1.33.2", offered) == (["1.33.2"], None)
    assert model.upgrade_path("1.30.1", "1.33.2", offered) == (["1.31.10", "1.32.6", "1.33.2"], None)
    assert model.upgrade_path("1.29.1", "1.31.10", offered) == ([], "1.30")


def auto_upgraded_cluster(emulator, auto_upgrade=True):
    emulator.admin.seed("sks", count=1, name="auto", version="1.33.1", auto_upgrade=auto_upgrade, nodepools=0)


def auto_options(**overrides):
    options = {"name": "auto", "level": "pro", "cni": "calico", "version": "1.33.1", "auto_upgrade": True}
    options.update(overrides)
    return options


def test_a_cluster_the_cloud_auto_upgraded_is_reported_not_downgraded(client, emulator):
    auto_upgraded_cluster(emulator)
    assert not run_cluster(client, **auto_options())["changed"]
    emulator.admin.seed("sks", count=0, maintenance=True)  # the cloud moves it to 1.33.2 on its own
    emulator.admin.clear_log()
    result = run_cluster(client, **auto_options())
    assert not result["changed"] and result["cluster"]["version"] == "1.33.2"
    warnings = []
    params = checks.cluster_params(dict(cluster_options(), **auto_options()))
    adapter = adapters.ClusterAdapter(client, params, wait_timeout=30, warn=warnings.append, sleep=short_sleep)
    assert not Resource(model.CLUSTER_SPEC, adapter, wait=True).run("present", params)["changed"]
    assert len(warnings) == 1 and "runs 1.33.2, newer than the 1.33.1 asked for" in warnings[0]
    assert all(method == "GET" for method, _template in sks_requests(emulator))


def test_a_newer_version_without_auto_upgrade_is_still_refused(client, emulator):
    auto_upgraded_cluster(emulator, auto_upgrade=False)
    emulator.admin.seed("sks", count=0, maintenance=True)
    with pytest.raises(ResourceError, match="can only be upgraded"):
        run_cluster(client, name="auto", version="1.32.6")
    assert not run_cluster(client, **auto_options(auto_upgrade=False))["changed"]


def test_a_node_pool_scales_to_zero(client, emulator):
    run_cluster(client, name="c1", level="starter")
    medium = adapters.resolve_instance_type(client, "standard.medium")
    run_pool(client, cluster="c1", name="workers", instance_type=medium, size=2, disk_size=50)
    scaled = run_pool(client, cluster="c1", name="workers", size=0)
    assert scaled["changed"] and scaled["nodepool"]["size"] == 0 and scaled["nodepool"]["state"] == "running"
    assert not run_pool(client, cluster="c1", name="workers", size=0)["changed"]
    with pytest.raises(InputError, match="size must be at least 1 to create"):
        run_pool(client, cluster="c1", name="idle", instance_type=medium, size=0, disk_size=50)


def test_every_refused_change_is_named_in_one_failure(client, emulator):
    run_cluster(client, name="both", level="pro", cni="calico")
    with pytest.raises(ResourceError) as raised:
        run_cluster(client, name="both", level="starter", cni="cilium")
    message = str(raised.value)
    assert "cannot change cni" in message and "level" in message and "starter" in message
    assert sorted(raised.value.details["refused"]) == ["cni", "level"]
