# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The SKE tasks (what each module runs) and their info and kubeconfig flows, against the emulator (the ske fixture,
conftest.py)."""

from __future__ import annotations

import os
import stat

import pytest

from ansible_collections.managedk8s.clusters.plugins.module_utils.core import kubeconfig
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.errors import ApiError, InputError
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.resource import ResourceError
from ansible_collections.managedk8s.clusters.plugins.module_utils.ske import client as ske_client, tasks

CREATE = {
    "name": "unit-c1",
    "kubernetes_version": "v1.31.8",
    "vpc_id": "vpc-1",
    "subnet_id": "subnet-1",
    "volume_id": "vol-1",
    "security_group_id_list": ["sg-1"],
}


def calls(ske, method=None):
    return list(ske.admin.log(cloud="ske", method=method))


# --- the tasks -----------------------------------------------------------------------------------------------


def cluster_params(ske, **extra):
    params = dict(
        ske.params,
        state="present",
        cluster_id=None,
        name=None,
        kubernetes_version=None,
        vpc_id=None,
        subnet_id=None,
        volume_id=None,
        security_group_id_list=None,
        cloud_logging_enabled=None,
        service_watch_logging_enabled=None,
        public_endpoint_access_control_ip=None,
        tags=None,
        wait=True,
        wait_timeout=30,
    )
    params.update(extra)
    return params


def test_cluster_task_checks_the_options_before_any_call(ske):
    with pytest.raises(InputError, match="api_version: 'ske 9' is not an SKE API version"):
        tasks.cluster(cluster_params(ske, api_version="ske 9", **CREATE))
    assert calls(ske) == []
    for check_mode in (True, False):
        with pytest.raises(InputError, match="creating it needs these options too: kubernetes_version"):
            tasks.cluster(cluster_params(ske, name="web-1"), check_mode=check_mode)
    assert calls(ske, "POST") == []


def test_an_existing_cluster_by_name_needs_no_creation_option(ske):
    tasks.cluster(cluster_params(ske, **CREATE))
    again = tasks.cluster(cluster_params(ske, name=CREATE["name"]))
    assert again["changed"] is False and again["cluster"]["name"] == CREATE["name"]


def test_cluster_task_in_check_mode_and_without_waiting(ske):
    planned = tasks.cluster(cluster_params(ske, **CREATE), check_mode=True)
    assert planned["changed"] is True and calls(ske, "POST") == []
    created = tasks.cluster(cluster_params(ske, wait=False, **CREATE))
    assert created["changed"] is True and created["cluster"]["name"] == "unit-c1"
    assert len(calls(ske, "POST")) == 1


def test_cluster_task_warns_about_a_deprecated_api_version(ske):
    warnings = []
    tasks.cluster(cluster_params(ske, api_version="ske 1.1", **CREATE), check_mode=True, warn=warnings.append)
    expected = tasks.checks.deprecation_warning("1.1")
    assert warnings == ([expected] if expected else [])


def info_params(ske, **extra):
    params = dict(ske.params, cluster_id=None, name=None, status=None, details=False, page_size=50)
    params.update(extra)
    return params


def test_cluster_info_task(ske):
    ske.admin.seed("ske", 3, name_prefix="task")
    assert len(tasks.cluster_info(info_params(ske))["clusters"]) == 3
    named = tasks.cluster_info(info_params(ske, name="task-0001"))["clusters"]
    assert [item["name"] for item in named] == ["task-0001"]
    with pytest.raises(InputError, match="page_size: 0 is out of range"):
        tasks.cluster_info(info_params(ske, page_size=0))


def test_kubeconfig_task(ske, tmp_path):
    cluster_id = ske.admin.seed("ske", 1, name_prefix="tk")["seeded"][0]
    params = dict(ske.params, **kubeconfig_params(tmp_path / "tk.yaml", cluster_name="tk-0000"))
    result = tasks.kubeconfig(params)
    assert result["changed"] is True and result["cluster_id"] == cluster_id and result["api_version"] == "ske 1.3"
    with pytest.raises(InputError, match="api_version: ske 1.0 of the user-kubeconfig API is deprecated"):
        tasks.kubeconfig(dict(params, api_version="ske 1.0"))


# --- the info flow -----------------------------------------------------------------------------------------


def test_cluster_facts_pages_filters_and_details(ske):
    ske.admin.seed("ske", 120, name_prefix="info")
    ske.admin.seed("ske", 3, name_prefix="busy", status="CREATING")
    everything = tasks.cluster_facts(ske.client, page_size=50)
    assert len(everything["clusters"]) == 123 and everything["changed"] is False
    assert len(calls(ske, "GET")) == 3
    creating = tasks.cluster_facts(ske.client, status=["CREATING"])
    assert sorted(item["name"] for item in creating["clusters"]) == ["busy-0120", "busy-0121", "busy-0122"]
    one = tasks.cluster_facts(ske.client, name="info-0007", details=True)["clusters"]
    assert len(one) == 1 and one[0]["vpc_id"] and one[0]["private_endpoint_url"]
    by_id = tasks.cluster_facts(ske.client, cluster_id=one[0]["id"])["clusters"]
    assert by_id[0]["name"] == "info-0007" and by_id[0]["status"] == "RUNNING"
    assert tasks.cluster_facts(ske.client, cluster_id="e" * 32)["clusters"] == []


# --- the kubeconfig flow -----------------------------------------------------------------------------------


def kubeconfig_params(dest, **extra):
    params = {
        "dest": str(dest),
        "force": False,
        "renew_before": 3600,
        "return_content": False,
        "mode": "0600",
        "cluster_id": None,
        "cluster_name": None,
        "kubeconfig_type": "private",
    }
    params.update(extra)
    return params


def test_kubeconfig_by_name_then_by_id_is_fetched_once(ske, tmp_path):
    cluster_id = ske.admin.seed("ske", 1, name_prefix="kc")["seeded"][0]
    dest = tmp_path / "kc.yaml"
    result = tasks.deliver_user_kubeconfig(ske.client, kubeconfig_params(dest, cluster_name="kc-0000"))
    assert result["changed"] is True and result["cluster_id"] == cluster_id
    assert stat.S_IMODE(os.stat(dest).st_mode) == 0o600
    assert "content" not in result
    config = kubeconfig.parse(dest.read_text())
    assert result["kubeconfig"]["server"].startswith("https://kc-0000-")
    assert result["kubeconfig"]["expires"] > "2026"
    assert kubeconfig.describe(config)["user"].startswith("scp-user-")

    ske.admin.clear_log()
    for params in (kubeconfig_params(dest, cluster_name="kc-0000"), kubeconfig_params(dest, cluster_id=cluster_id)):
        again = tasks.deliver_user_kubeconfig(ske.client, params)
        assert again["changed"] is False
    assert calls(ske) == []

    other_type = tasks.deliver_user_kubeconfig(
        ske.client, kubeconfig_params(dest, cluster_id=cluster_id, kubeconfig_type="public"), check_mode=True
    )
    assert other_type["changed"] is True and "no kubeconfig for this cluster" in other_type["reason"]
    # check mode reads the cluster a real run would fetch from (one GET), and fetches nothing
    assert [(call["method"], call["path"]) for call in calls(ske)] == [("GET", "/ske/v1/clusters/%s" % cluster_id)]
    ske.admin.clear_log()

    forced = tasks.deliver_user_kubeconfig(
        ske.client, kubeconfig_params(dest, cluster_id=cluster_id, force=True, return_content=True)
    )
    assert forced["changed"] is True and forced["content"].startswith("apiVersion: v1")
    assert len(calls(ske)) == 1


def test_kubeconfig_json_wrapper_cluster(ske, tmp_path):
    cluster_id = ske.admin.seed("ske", 1, name_prefix="wrap", kubeconfig_format="json", public_endpoint=True)["seeded"][
        0
    ]
    dest = tmp_path / "wrap.yaml"
    result = tasks.deliver_user_kubeconfig(
        ske.client, kubeconfig_params(dest, cluster_id=cluster_id, kubeconfig_type="public")
    )
    assert result["changed"] is True and ".public." in result["kubeconfig"]["server"]
    answer = ske.client.http.get("/v1/clusters/%s/user-kubeconfig" % cluster_id, params={"kubeconfig_type": "public"})
    assert answer.headers["Content-Type"].startswith("application/json") and "kubeconfig" in answer.json


@pytest.mark.parametrize(
    "seed,kind,status,fragment",
    [
        ({"forbidden": True}, "private", 403, "no permission"),
        ({}, "public", 400, "public kubeconfig needs the cluster's public endpoint"),
        ({"status": "CREATING"}, "private", 400, "is CREATING"),
    ],
)
def test_kubeconfig_refusals(ske, tmp_path, seed, kind, status, fragment):
    cluster_id = ske.admin.seed("ske", 1, **seed)["seeded"][0]
    dest = tmp_path / "no.yaml"
    with pytest.raises(ApiError) as caught:
        tasks.deliver_user_kubeconfig(ske.client, kubeconfig_params(dest, cluster_id=cluster_id, kubeconfig_type=kind))
    assert caught.value.status == status and fragment in caught.value.message
    assert not dest.exists()


def test_kubeconfig_of_a_missing_cluster(ske, tmp_path):
    with pytest.raises(ResourceError, match="no SKE cluster is named 'ghost'"):
        tasks.deliver_user_kubeconfig(ske.client, kubeconfig_params(tmp_path / "k", cluster_name="ghost"))
    with pytest.raises(ApiError) as caught:
        tasks.deliver_user_kubeconfig(ske.client, kubeconfig_params(tmp_path / "k", cluster_id="d" * 32))
    assert caught.value.status == 404 and "no such cluster" in caught.value.message


@pytest.mark.parametrize("version", ["1.1", "1.2", "1.3"])
def test_kubeconfig_for_each_api_version(ske, tmp_path, version):
    cluster_id = ske.admin.seed("ske", 1)["seeded"][0]
    client = ske_client.client_from_params(dict(ske.params, api_version=version))
    result = tasks.deliver_user_kubeconfig(client, kubeconfig_params(tmp_path / "k", cluster_id=cluster_id))
    assert result["changed"] is True and result["api_version"] == "ske " + version


def test_api_version_1_0_kubeconfig_is_retired(ske, tmp_path):
    """Seed 003: user-kubeconfig of ske 1.0 is DEPRECATED, unsupported from 2025-12-31. The API refuses it (the
    emulator answers 400 naming the date), and the task refuses it first, with that reason, before any call."""
    cluster_id = ske.admin.seed("ske", 1)["seeded"][0]
    client = ske_client.client_from_params(dict(ske.params, api_version="ske 1.0"))
    assert client.get_cluster(cluster_id)["id"] == cluster_id
    with pytest.raises(ApiError) as caught:
        client.user_kubeconfig(cluster_id, "private")
    assert caught.value.status == 400 and "no longer supported since 2025-12-31" in caught.value.message

    ske.admin.clear_log()
    params = dict(ske.params, api_version="ske 1.0", **kubeconfig_params(tmp_path / "k", cluster_id=cluster_id))
    with pytest.raises(
        InputError, match='ske 1.0 of the user-kubeconfig API is deprecated .* "not before" date 2025-12-31'
    ):
        tasks.kubeconfig(params)
    assert calls(ske) == [] and not (tmp_path / "k").exists()


def test_kubeconfig_of_a_missing_cluster_fails_in_check_mode_too(ske, tmp_path):
    """Check mode must not report a change that the real run cannot make."""
    with pytest.raises(ResourceError, match="no SKE cluster is named 'ghost'"):
        tasks.deliver_user_kubeconfig(
            ske.client, kubeconfig_params(tmp_path / "k", cluster_name="ghost"), check_mode=True
        )
    with pytest.raises(ResourceError, match="cluster_id: no SKE cluster has the id d{32}"):
        tasks.deliver_user_kubeconfig(
            ske.client, kubeconfig_params(tmp_path / "k", cluster_id="d" * 32), check_mode=True
        )
    cluster_id = ske.admin.seed("ske", 1)["seeded"][0]
    planned = tasks.deliver_user_kubeconfig(
        ske.client, kubeconfig_params(tmp_path / "k", cluster_id=cluster_id), check_mode=True
    )
    assert planned["changed"] is True and not (tmp_path / "k").exists()
