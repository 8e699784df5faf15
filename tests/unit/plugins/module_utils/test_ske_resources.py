# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The SKE adapters and flows against the emulator, run in-process."""

from __future__ import annotations

import os
import stat

import pytest

from ansible_collections.managedk8s.clusters.plugins.module_utils import kubeconfig, ske_client, ske_resources
from ansible_collections.managedk8s.clusters.plugins.module_utils.errors import ApiError
from ansible_collections.managedk8s.clusters.plugins.module_utils.resource import DuplicateNameError, ReplaceRefused, Resource, ResourceError

pytest.importorskip("flask")
pytest.importorskip("cryptography")

CREATE = {"name": "unit-c1", "kubernetes_version": "v1.31.8", "vpc_id": "vpc-1", "subnet_id": "subnet-1",
          "volume_id": "vol-1", "security_group_id_list": ["sg-1"]}


@pytest.fixture
def ske(start_mockcloud):
    from mockcloud import credentials as mock_credentials  # pylint: disable=import-outside-toplevel
    from mockcloud.clouds import ske as ske_cloud  # pylint: disable=import-outside-toplevel

    # Only SKE: the other clouds are not needed here (and stay independent of these tests).
    emulator = start_mockcloud(extra_clouds=[ske_cloud.CLOUD], config={"speed": 200}, discover=False)
    params = dict(mock_credentials.for_cloud("ske"), endpoint=emulator.cloud_url("ske"), api_version="ske 1.3",
                  validate_certs=True, ca_path=None, request_timeout=10)
    emulator.params = params
    emulator.client = ske_client.client_from_params(params)
    return emulator


def fast_sleep(seconds):
    import time  # pylint: disable=import-outside-toplevel
    time.sleep(min(seconds, 0.02))


def engine(ske, params, check_mode=False, wait=True, state="present"):
    adapter = ske_resources.ClusterAdapter(ske.client, cluster_id=params.get("cluster_id"), name=params.get("name"),
                                           tags=params.get("tags"), wait_timeout=30, state=state, sleep=fast_sleep)
    return Resource(ske_resources.CLUSTER_SPEC, adapter, check_mode=check_mode, wait=wait)


def calls(ske, method=None):
    return list(ske.admin.log(cloud="ske", method=method))


# --- the cluster lifecycle --------------------------------------------------------------------------------

def test_create_waits_until_running_and_rerun_changes_nothing(ske):
    result = engine(ske, CREATE).run("present", CREATE, name="unit-c1")
    cluster = result["cluster"]
    assert result["changed"] is True and cluster["status"] == "RUNNING"
    assert cluster["security_group_id_list"] == ["sg-1"] and cluster["cloud_logging_enabled"] is False
    assert result["diff"]["before"] == {} and result["diff"]["after"]["name"] == "unit-c1"

    ske.admin.clear_log()
    again = engine(ske, CREATE).run("present", CREATE, name="unit-c1")
    assert again["changed"] is False
    assert [entry["template"] for entry in calls(ske)] == ["/v1/clusters", "/v1/clusters/<cluster_id>"]

    ske.admin.clear_log()
    by_id = dict(CREATE, cluster_id=cluster["id"])
    assert engine(ske, by_id).run("present", by_id, name="unit-c1")["changed"] is False
    assert len(calls(ske)) == 1


def test_check_mode_creates_nothing(ske):
    result = engine(ske, CREATE, check_mode=True).run("present", CREATE, name="unit-c1")
    assert result["changed"] is True
    assert calls(ske, "POST") == []
    assert ske.client.clusters_named("unit-c1") == []


def test_update_in_place_and_refused_changes(ske):
    cluster = engine(ske, CREATE).run("present", CREATE)["cluster"]
    changed = dict(CREATE, cloud_logging_enabled=True, security_group_id_list=["sg-2", "sg-1"])
    result = engine(ske, changed).run("present", changed)
    assert result["changed"] is True
    assert result["diff"]["before"]["cloud_logging_enabled"] is False and result["diff"]["after"]["cloud_logging_enabled"] is True
    current = ske.client.get_cluster(cluster["id"])
    assert current["cloud_logging_enabled"] is True and current["status"] == "RUNNING"
    assert sorted(item["id"] for item in current["security_group_list"]) == ["sg-1", "sg-2"]

    reordered = dict(changed, security_group_id_list=["sg-1", "sg-2"])
    assert engine(ske, reordered).run("present", reordered)["changed"] is False

    upgraded = dict(changed, kubernetes_version="v1.32.1")
    ske.admin.clear_log()
    with pytest.raises(ReplaceRefused) as caught:
        engine(ske, upgraded).run("present", upgraded)
    assert "kubernetes_version" in str(caught.value)
    assert calls(ske, "PUT") == [] and calls(ske, "POST") == []


def test_check_mode_update_sends_no_write(ske):
    engine(ske, CREATE).run("present", CREATE)
    changed = dict(CREATE, cloud_logging_enabled=True)
    ske.admin.clear_log()
    result = engine(ske, changed, check_mode=True).run("present", changed)
    assert result["changed"] is True and result["diff"]["after"]["cloud_logging_enabled"] is True
    assert calls(ske, "PUT") == []


def test_delete_waits_until_gone_and_again_is_a_no_op(ske):
    cluster = engine(ske, CREATE).run("present", CREATE)["cluster"]
    result = engine(ske, CREATE, state="absent").run("absent", CREATE)
    assert result["changed"] is True and result["diff"]["after"] == {}
    assert ske.client.get_cluster(cluster["id"]) is None
    again = engine(ske, CREATE, state="absent").run("absent", CREATE)
    assert again["changed"] is False


def test_delete_of_a_creating_cluster_waits_for_running_first(ske):
    first = engine(ske, CREATE, wait=False).run("present", CREATE)["cluster"]
    assert first["status"] == "CREATING"
    engine(ske, CREATE, state="absent").run("absent", CREATE)
    assert ske.client.get_cluster(first["id"]) is None


def test_unknown_cluster_id_with_state_present_is_an_error(ske):
    params = {"cluster_id": "f" * 32, "cloud_logging_enabled": True}
    with pytest.raises(ResourceError, match="no SKE cluster has the id"):
        engine(ske, params, check_mode=True).run("present", params)


def test_duplicate_names_are_refused(ske):
    ske.admin.seed("ske", 2, name_prefix="dup")
    for record in ske.state.store.collection("ske", "clusters").values():
        record["name"] = "dup-twin"
    with pytest.raises(DuplicateNameError):
        engine(ske, dict(CREATE, name="dup-twin")).run("present", dict(CREATE, name="dup-twin"))


def test_lost_create_answer_adopts_the_cluster_without_a_second_post(ske):
    ske.admin.once({"method": "POST", "path_regex": "/v1/clusters$", "kind": "reset_after"})
    result = engine(ske, CREATE).run("present", CREATE)
    assert result["changed"] is True and result["cluster"]["status"] == "RUNNING"
    assert len(calls(ske, "POST")) == 1
    assert len(ske.client.clusters_named("unit-c1")) == 1


def test_create_refused_with_5xx_before_anything_happened_is_sent_once_more(ske):
    ske.admin.once({"method": "POST", "path_regex": "/v1/clusters$", "kind": "500"})
    result = engine(ske, CREATE).run("present", CREATE)
    assert result["changed"] is True
    assert [entry["status"] for entry in calls(ske, "POST")] == [500, 202]
    assert len(ske.client.clusters_named("unit-c1")) == 1


def test_create_validation_error_is_not_retried(ske):
    bad = dict(CREATE, kubernetes_version="latest")
    with pytest.raises(ApiError) as caught:
        engine(ske, bad).run("present", bad)
    assert caught.value.status == 400 and "kubernetes_version" in caught.value.message
    assert len(calls(ske, "POST")) == 1


def test_tags_and_public_endpoint_are_sent_at_creation(ske):
    params = dict(CREATE, public_endpoint_access_control_ip="203.0.113.0/24", tags={"team": "web"})
    cluster = engine(ske, params).run("present", params)["cluster"]
    assert cluster["public_endpoint_url"].startswith("https://")
    stored = ske.state.store.collection("ske", "clusters").get(cluster["id"])
    assert stored["_tags"] == {"team": "web"}
    assert engine(ske, params).run("present", params)["changed"] is False


# --- the info flow -----------------------------------------------------------------------------------------

def test_cluster_facts_pages_filters_and_details(ske):
    ske.admin.seed("ske", 120, name_prefix="info")
    ske.admin.seed("ske", 3, name_prefix="busy", status="CREATING")
    everything = ske_resources.cluster_facts(ske.client, page_size=50)
    assert len(everything["clusters"]) == 123 and everything["changed"] is False
    assert len(calls(ske, "GET")) == 3
    creating = ske_resources.cluster_facts(ske.client, status=["CREATING"])
    assert sorted(item["name"] for item in creating["clusters"]) == ["busy-0120", "busy-0121", "busy-0122"]
    one = ske_resources.cluster_facts(ske.client, name="info-0007", details=True)["clusters"]
    assert len(one) == 1 and one[0]["vpc_id"] and one[0]["private_endpoint_url"]
    by_id = ske_resources.cluster_facts(ske.client, cluster_id=one[0]["id"])["clusters"]
    assert by_id[0]["name"] == "info-0007" and by_id[0]["status"] == "RUNNING"
    assert ske_resources.cluster_facts(ske.client, cluster_id="e" * 32)["clusters"] == []


# --- the kubeconfig flow -----------------------------------------------------------------------------------

def kubeconfig_params(dest, **extra):
    params = {"dest": str(dest), "force": False, "renew_before": 3600, "return_content": False, "mode": "0600",
              "cluster_id": None, "cluster_name": None, "kubeconfig_type": "private"}
    params.update(extra)
    return params


def test_kubeconfig_by_name_then_by_id_is_fetched_once(ske, tmp_path):
    cluster_id = ske.admin.seed("ske", 1, name_prefix="kc")["seeded"][0]
    dest = tmp_path / "kc.yaml"
    result = ske_resources.deliver_user_kubeconfig(ske.client, kubeconfig_params(dest, cluster_name="kc-0000"))
    assert result["changed"] is True and result["cluster_id"] == cluster_id
    assert stat.S_IMODE(os.stat(dest).st_mode) == 0o600
    assert "content" not in result
    config = kubeconfig.parse(dest.read_text())
    assert result["kubeconfig"]["server"].startswith("https://kc-0000-")
    assert result["kubeconfig"]["expires"] > "2026"
    assert kubeconfig.describe(config)["user"].startswith("scp-user-")

    ske.admin.clear_log()
    for params in (kubeconfig_params(dest, cluster_name="kc-0000"), kubeconfig_params(dest, cluster_id=cluster_id)):
        again = ske_resources.deliver_user_kubeconfig(ske.client, params)
        assert again["changed"] is False
    assert calls(ske) == []

    other_type = ske_resources.deliver_user_kubeconfig(ske.client, kubeconfig_params(dest, cluster_id=cluster_id,
                                                                                     kubeconfig_type="public"), check_mode=True)
    assert other_type["changed"] is True and "no kubeconfig for this cluster" in other_type["reason"]
    assert calls(ske) == []

    forced = ske_resources.deliver_user_kubeconfig(ske.client, kubeconfig_params(dest, cluster_id=cluster_id, force=True,
                                                                                 return_content=True))
    assert forced["changed"] is True and forced["content"].startswith("apiVersion: v1")
    assert len(calls(ske)) == 1


def test_kubeconfig_json_wrapper_cluster(ske, tmp_path):
    cluster_id = ske.admin.seed("ske", 1, name_prefix="wrap", kubeconfig_format="json", public_endpoint=True)["seeded"][0]
    dest = tmp_path / "wrap.yaml"
    result = ske_resources.deliver_user_kubeconfig(ske.client, kubeconfig_params(dest, cluster_id=cluster_id,
                                                                                 kubeconfig_type="public"))
    assert result["changed"] is True and ".public." in result["kubeconfig"]["server"]
    answer = ske.client.http.get("/v1/clusters/%s/user-kubeconfig" % cluster_id, params={"kubeconfig_type": "public"})
    assert answer.headers["Content-Type"].startswith("application/json") and "kubeconfig" in answer.json


@pytest.mark.parametrize("seed,kind,status,fragment", [
    ({"forbidden": True}, "private", 403, "no permission"),
    ({}, "public", 400, "public kubeconfig needs the cluster's public endpoint"),
    ({"status": "CREATING"}, "private", 400, "is CREATING"),
])
def test_kubeconfig_refusals(ske, tmp_path, seed, kind, status, fragment):
    cluster_id = ske.admin.seed("ske", 1, **seed)["seeded"][0]
    dest = tmp_path / "no.yaml"
    with pytest.raises(ApiError) as caught:
        ske_resources.deliver_user_kubeconfig(ske.client, kubeconfig_params(dest, cluster_id=cluster_id, kubeconfig_type=kind))
    assert caught.value.status == status and fragment in caught.value.message
    assert not dest.exists()


def test_kubeconfig_of_a_missing_cluster(ske, tmp_path):
    with pytest.raises(ResourceError, match="no SKE cluster is named 'ghost'"):
        ske_resources.deliver_user_kubeconfig(ske.client, kubeconfig_params(tmp_path / "k", cluster_name="ghost"))
    with pytest.raises(ApiError) as caught:
        ske_resources.deliver_user_kubeconfig(ske.client, kubeconfig_params(tmp_path / "k", cluster_id="d" * 32))
    assert caught.value.status == 404 and "no such cluster" in caught.value.message


@pytest.mark.parametrize("version", ["1.1", "1.2", "1.3"])
def test_kubeconfig_for_each_api_version(ske, tmp_path, version):
    cluster_id = ske.admin.seed("ske", 1)["seeded"][0]
    client = ske_client.client_from_params(dict(ske.params, api_version=version))
    result = ske_resources.deliver_user_kubeconfig(client, kubeconfig_params(tmp_path / "k", cluster_id=cluster_id))
    assert result["changed"] is True and result["api_version"] == "ske " + version


def test_api_version_1_0_has_no_kubeconfig_path(ske):
    cluster_id = ske.admin.seed("ske", 1)["seeded"][0]
    client = ske_client.client_from_params(dict(ske.params, api_version="ske 1.0"))
    assert client.get_cluster(cluster_id)["id"] == cluster_id
    with pytest.raises(ApiError) as caught:
        client.user_kubeconfig(cluster_id, "private")
    assert caught.value.status == 404 and "ske 1.0" in caught.value.message


def test_client_warns_about_deprecated_versions(ske):
    warnings = []
    ske_client.client_from_params(dict(ske.params, api_version="1.1"), warn=warnings.append)
    expected = ske_client.deprecation_warning("1.1")
    assert warnings == ([expected] if expected else [])


def test_wrong_secret_key_is_refused(ske):
    client = ske_client.client_from_params(dict(ske.params, secret_key="not-the-secret"))
    with pytest.raises(ApiError) as caught:
        client.list_clusters()
    assert caught.value.status == 401 and "signature" in caught.value.message
    assert "check access_key, secret_key and account_id" in caught.value.message
    assert "not-the-secret" not in str(caught.value)


# --- option checks -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("params,fragment", [
    ({"name": "x"}, "name: 'x' is not a valid SKE cluster name"),
    (dict(CREATE, security_group_id_list=[]), "security_group_id_list: give at least one"),
    (dict(CREATE, public_endpoint_access_control_ip="300.1.1.1"), "public_endpoint_access_control_ip: '300.1.1.1'"),
    (dict(CREATE, kubernetes_version="1.31"), "kubernetes_version: '1.31'"),
    ({"name": "web-1", "state": "present"}, "needs these options too: kubernetes_version, vpc_id"),
    ({"state": "absent"}, "state=absent needs cluster_id or name"),
    ({"cluster_id": "xyz", "state": "absent"}, "cluster_id: 'xyz'"),
    (dict(CREATE, wait_timeout=-1), "wait_timeout"),
])
def test_check_cluster_params(params, fragment):
    with pytest.raises(ValueError) as caught:
        ske_resources.check_cluster_params(params)
    assert fragment in str(caught.value)


def test_check_cluster_params_accepts_a_full_create_and_an_update_by_id():
    ske_resources.check_cluster_params(dict(CREATE, state="present", public_endpoint_access_control_ip="203.0.113.1, 198.51.100.0/24"))
    ske_resources.check_cluster_params({"cluster_id": "a" * 32, "cloud_logging_enabled": True, "state": "present"})
