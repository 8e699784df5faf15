# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The tasks of the Huawei modules, as run() calls them, against the emulator run in-process."""

from __future__ import annotations

import datetime

import pytest

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.credentials import CredentialsError
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.errors import InputError, KubeconfigError
from ansible_collections.managedk8s.clusters.plugins.module_utils.huawei import tasks

pytest.importorskip("cryptography")

FIRST = datetime.datetime(2031, 1, 1, tzinfo=datetime.timezone.utc)


def make_kubeconfig(**kwargs):
    from mockcloud.clouds.huawei_kubeconfigs import kubeconfig as make  # pylint: disable=import-outside-toplevel

    return make(**kwargs)


@pytest.fixture
def hss(start_mockcloud):
    pytest.importorskip("flask")
    from mockcloud import credentials as mock_credentials  # pylint: disable=import-outside-toplevel
    from mockcloud.clouds import huawei as huawei_cloud  # pylint: disable=import-outside-toplevel

    emulator = start_mockcloud(extra_clouds=[huawei_cloud.CLOUD], config={"speed": 200}, discover=False)
    emulator.connection = dict(
        mock_credentials.for_cloud("huawei"),
        endpoint=emulator.cloud_url("huawei"),
        validate_certs=True,
        ca_path=None,
        request_timeout=10,
    )
    return emulator


def cluster_params(connection=None, **overrides):
    base = dict(
        connection or {},
        state="present",
        name="task-hss",
        provider="self_built_idc",
        server=None,
        kubeconfig=make_kubeconfig(not_after=FIRST),
        kubeconfig_path=None,
        force_kubeconfig_update=False,
        current_expiration_date=None,
        certificate_expiration_date=None,
        image_repo=None,
        image_repo_username=None,
        image_repo_password=None,
        organization=None,
        image_repo_type=None,
        image_arch=None,
        anp_proxy=None,
        hostguard_proxy=None,
        container_name=None,
        dns_policy=None,
        dns_config=None,
        enterprise_project_id=None,
        wait_for_connection=False,
        wait=True,
        wait_timeout=30,
    )
    base.update(overrides)
    return base


def info_params(connection=None, **overrides):
    base = dict(connection or {}, name=None, cluster_id=None, enterprise_project_id=None, page_size=200)
    base.update(overrides)
    return base


def methods(hss):
    return [entry["method"] for entry in hss.admin.log(cloud="huawei")]


def test_cluster_registers_then_finds_it_unchanged(hss):
    warnings = []
    result = tasks.cluster(cluster_params(hss.connection), warn=warnings.append)
    assert result["changed"] is True and result["cluster"]["cluster_id"]
    hss.admin.clear_log()
    again = tasks.cluster(cluster_params(hss.connection), check_mode=True, warn=warnings.append)
    assert again["changed"] is False and methods(hss) == ["GET"]
    assert warnings == []


def test_cluster_absent_unregisters(hss):
    tasks.cluster(cluster_params(hss.connection))
    result = tasks.cluster(cluster_params(hss.connection, state="absent", kubeconfig=None, provider=None))
    assert result["changed"] is True and result["cluster"] == {}


def test_bad_options_fail_before_the_credentials_are_looked_up():
    with pytest.raises(InputError, match="^dns_policy=none"):
        tasks.cluster(cluster_params(dns_policy="none"))
    with pytest.raises(KubeconfigError, match="^the content of kubeconfig is empty"):
        tasks.cluster(cluster_params(kubeconfig=" "))
    with pytest.raises(InputError, match="^page_size: "):
        tasks.cluster_info(info_params(page_size=5))
    with pytest.raises(CredentialsError):
        tasks.cluster_info(info_params(endpoint="http://127.0.0.1:1/huawei", project_id="p"))


def test_cluster_info_lists_and_filters(hss):
    registered = tasks.cluster(cluster_params(hss.connection))["cluster"]
    hss.admin.seed("huawei", count=3)
    assert len(tasks.cluster_info(info_params(hss.connection))["clusters"]) == 4
    by_name = tasks.cluster_info(info_params(hss.connection, name="task-hss"))
    assert by_name["changed"] is False
    assert [item["cluster_id"] for item in by_name["clusters"]] == [registered["cluster_id"]]
    by_id = tasks.cluster_info(info_params(hss.connection, cluster_id=registered["cluster_id"]))["clusters"]
    assert [item["name"] for item in by_id] == ["task-hss"]
    assert by_id[0]["certificate_expiration_time"] == "2031-01-01T00:00:00Z"


def test_an_exec_kubeconfig_is_refused_before_any_call(hss):
    text = make_kubeconfig(token="unused").replace(
        "    token: unused\n", "    exec:\n      command: aws\n      args: [eks, get-token, --cluster-name, web]\n"
    )
    with pytest.raises(KubeconfigError, match="cannot be registered: its user runs the command 'aws'"):
        tasks.cluster(cluster_params(hss.connection, kubeconfig=text))
    assert methods(hss) == []


UNREADABLE = {"image_repo_type": "harbor", "image_arch": "arm", "dns_policy": "clusterfirst"}


def test_options_hss_never_returns_are_sent_at_registration_and_said_unverifiable_afterwards(hss):
    warnings = []
    created = tasks.cluster(cluster_params(hss.connection, **UNREADABLE), warn=warnings.append)
    assert created["changed"] is True and warnings == []
    (record,) = hss.state.store.collection("huawei", "clusters").values()
    assert all(record["_registration"][key] == value for key, value in UNREADABLE.items())
    hss.admin.clear_log()
    changed = {**UNREADABLE, "image_arch": "x86", "dns_policy": "default"}
    for check_mode in (True, False):
        result = tasks.cluster(cluster_params(hss.connection, **changed), check_mode=check_mode, warn=warnings.append)
        assert result["changed"] is False
    assert methods(hss) == ["GET", "GET"]
    assert len(warnings) == 2
    assert warnings[0].startswith("image_repo_type, image_arch, dns_policy: sent only when a cluster is registered")
    assert "cannot tell whether the registration of 'task-hss'" in warnings[0] and "state=absent" in warnings[0]
