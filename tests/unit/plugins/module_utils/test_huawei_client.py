# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The HSS client: input checks, dates, payload mapping, and the calls against the emulator run in-process."""

from __future__ import annotations

import datetime

import pytest

from ansible_collections.managedk8s.clusters.plugins.module_utils import huawei_client
from ansible_collections.managedk8s.clusters.plugins.module_utils.auth.huawei import HuaweiAuth, HuaweiTokenAuth
from ansible_collections.managedk8s.clusters.plugins.module_utils.errors import ApiError

UTC = datetime.timezone.utc


# --- input checks ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["a", "dc1-prod", "x" * 64, "集群-1", "with space inside"])
def test_valid_names(name):
    assert huawei_client.check_name(name) == name


@pytest.mark.parametrize("name", ["", "x" * 65, " padded", "tab\there", None])
def test_invalid_names_name_the_option_and_the_rule(name):
    with pytest.raises(ValueError, match=r"^name: .*1 to 64 characters"):
        huawei_client.check_name(name)


@pytest.mark.parametrize("server", ["https://203.0.113.10:6443", "https://k8s.example.com", "http://[2001:db8::1]:6443"])
def test_valid_servers(server):
    assert huawei_client.check_server(server) == server


@pytest.mark.parametrize("server", ["203.0.113.10:6443", "ftp://host", "https://", "https://host:99999", "https://a b"])
def test_invalid_servers(server):
    with pytest.raises(ValueError, match=r"^server: "):
        huawei_client.check_server(server)


def test_dns_config_is_normalised_to_the_api_form():
    assert huawei_client.check_dns_config(" 10.0.0.10 ; 2001:db8::53;") == "10.0.0.10;2001:db8::53"


@pytest.mark.parametrize("value, fragment", [
    ("", "give one to 3"),
    ("10.0.0.10;dns.example.com", "'dns.example.com' is not an IP address"),
    ("10.0.0.1;10.0.0.2;10.0.0.3;10.0.0.4", "at most 3"),
    ("10.0.0.0/24", "is not an IP address"),
])
def test_invalid_dns_config(value, fragment):
    with pytest.raises(ValueError) as caught:
        huawei_client.check_dns_config(value)
    assert str(caught.value).startswith("dns_config: ") and fragment in str(caught.value)


def test_enterprise_project_all_is_for_listing_only():
    assert huawei_client.check_enterprise_project_id("all_granted_eps", allow_all=True) == "all_granted_eps"
    with pytest.raises(ValueError, match="only selects clusters to list"):
        huawei_client.check_enterprise_project_id("all_granted_eps")


@pytest.mark.parametrize("limit, ok", [(10, True), (200, True), (9, False), (201, False), ("50", False)])
def test_list_limit_range(limit, ok):
    if ok:
        assert huawei_client.check_list_limit(limit) == limit
    else:
        with pytest.raises(ValueError, match="page_size: .* 10 to 200"):
            huawei_client.check_list_limit(limit)


# --- dates -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    (1814079596667, 1814079596667),
    ("1814079596667", 1814079596667),
    ("2030-06-30", 1909008000000),
    ("2030-06-30T00:00:00Z", 1909008000000),
    ("2030-06-30T02:00:00+02:00", 1909008000000),
    ("2030-06-30T00:00:00", 1909008000000),
    (datetime.date(2030, 6, 30), 1909008000000),
    (None, None),
])
def test_dates_become_milliseconds(value, expected):
    assert huawei_client.to_millis(value, "current_expiration_date") == expected


@pytest.mark.parametrize("value", ["tomorrow", True, -5, 0, "2030-13-01", 10 ** 16])
def test_invalid_dates_name_the_option(value):
    with pytest.raises(ValueError, match=r"^certificate_expiration_date: "):
        huawei_client.to_millis(value, "certificate_expiration_date")


def test_milliseconds_as_iso():
    assert huawei_client.millis_to_iso(1909008000000) == "2030-06-30T00:00:00Z"
    assert huawei_client.millis_to_iso(None) is None


# --- payloads --------------------------------------------------------------------------------------------

def test_create_payload_maps_options_and_sends_the_kubeconfig_as_kube_config():
    options = {"name": "dc1", "provider": "self_built_idc", "server": "https://10.0.0.1:6443", "image_repo": None,
               "image_repo_password": "pw", "dns_policy": "none", "dns_config": "10.0.0.10", "container_name": "",
               "current_expiration_date": 1, "state": "present", "kubeconfig": "must not be copied"}
    body = huawei_client.create_payload(options, "apiVersion: v1\nkind: Config\n")
    assert body == {"name": "dc1", "provider": "self_built_idc", "server": "https://10.0.0.1:6443",
                    "image_repo_password": "pw", "dns_policy": "none", "dns_config": "10.0.0.10",
                    "current_expiration_date": 1, "kube_config": "apiVersion: v1\nkind: Config\n"}


def test_update_payload_names_the_kubeconfig_kubeconfig():
    assert huawei_client.update_payload("text", 5) == {"current_expiration_date": 5, "kubeconfig": "text"}
    assert huawei_client.update_payload(current_expiration_date=7) == {"current_expiration_date": 7}
    assert "kube_config" not in huawei_client.update_payload("text")


def test_cluster_info_uses_option_names_and_adds_iso_times():
    info = huawei_client.cluster_info({"cluster_id": "c1", "cluster_name": "dc1", "provider": "aws", "status": "connect_success",
                                       "current_expiration_date": 1909008000000, "unknown": "dropped"})
    assert info["name"] == "dc1" and info["cluster_id"] == "c1" and "cluster_name" not in info
    assert info["current_expiration_time"] == "2030-06-30T00:00:00Z" and info["certificate_expiration_time"] is None
    assert "unknown" not in info


# --- against the emulator --------------------------------------------------------------------------------

@pytest.fixture
def hss(start_mockcloud):
    pytest.importorskip("flask")
    from mockcloud import credentials as mock_credentials  # pylint: disable=import-outside-toplevel
    from mockcloud.clouds import huawei as huawei_cloud  # pylint: disable=import-outside-toplevel

    emulator = start_mockcloud(extra_clouds=[huawei_cloud.CLOUD], config={"speed": 100}, discover=False)
    emulator.params = dict(mock_credentials.for_cloud("huawei"), endpoint=emulator.cloud_url("huawei"),
                           validate_certs=True, ca_path=None, request_timeout=10)
    emulator.client = huawei_client.client_from_params(emulator.params)
    return emulator


def kubeconfig(**kwargs):
    from mockcloud.clouds.huawei_kubeconfigs import kubeconfig as make  # pylint: disable=import-outside-toplevel

    return make(**kwargs)


def test_client_from_params_signs_with_the_access_key_or_sends_the_token(hss):
    assert isinstance(hss.client.http.auth, HuaweiAuth)
    assert hss.client.project_id == hss.params["project_id"]
    token_params = dict(hss.params, access_key=None, secret_key=None, auth_token="MIIMsometoken")
    token_client = huawei_client.client_from_params(token_params)
    assert isinstance(token_client.http.auth, HuaweiTokenAuth)


def test_register_list_update_delete(hss):
    client = hss.client
    cluster_id = client.create_cluster(huawei_client.create_payload({"name": "dc1", "provider": "aws"}, kubeconfig()))
    entry = client.get_cluster(cluster_id)
    assert entry["cluster_name"] == "dc1" and entry["server"] == "https://203.0.113.10:6443"
    assert [item["cluster_id"] for item in client.clusters_named("dc1")] == [cluster_id]
    rotated = kubeconfig(not_after=datetime.datetime(2032, 1, 1, tzinfo=UTC))
    client.update_cluster(cluster_id, huawei_client.update_payload(rotated, 1900000000000))
    assert client.get_cluster(cluster_id)["certificate_expiration_date"] == 1956528000000
    client.synchronize_status([cluster_id])
    assert client.delete_cluster(cluster_id) is True
    hss.admin.advance(5)
    assert client.get_cluster(cluster_id) is None
    assert client.delete_cluster(cluster_id) is False


def test_listing_walks_every_page_of_200(hss):
    ids = hss.admin.seed("huawei", count=450)["seeded"]
    hss.admin.clear_log()
    listed = hss.client.list_clusters()
    assert [item["cluster_id"] for item in listed] == ids
    queries = [entry["query"] for entry in hss.admin.log(cloud="huawei")]
    assert queries == ["limit=200&offset=0", "limit=200&offset=200", "limit=200&offset=400"]


def test_a_full_last_page_ends_the_walk_by_total_num(hss):
    hss.admin.seed("huawei", count=20)
    hss.admin.clear_log()
    assert len(hss.client.list_clusters(limit=10)) == 20
    assert len(hss.admin.log(cloud="huawei")) == 2


def test_enterprise_project_goes_in_every_query(hss):
    hss.admin.seed("huawei", count=2, enterprise_project_id="eps-1")
    client = huawei_client.HuaweiClient(hss.client.http, hss.params["project_id"], "eps-1")
    assert len(client.list_clusters()) == 2
    assert hss.client.list_clusters() == []
    assert all("enterprise_project_id=eps-1" in entry["query"] for entry in hss.admin.log(cloud="huawei")
               if "eps-1" in entry["query"])


def test_api_errors_carry_code_message_and_request_id(hss):
    with pytest.raises(ApiError) as caught:
        hss.client.list_page(limit=5)
    error = caught.value
    assert error.status == 400 and error.code == "HSS.1002"
    assert "limit" in error.message and error.request_id
    with pytest.raises(ApiError) as refused:
        hss.client.create_cluster({"name": "no-kubeconfig"})
    assert "kube_config" in refused.value.message


def test_a_wrong_secret_is_an_api_error_without_the_secret(hss):
    client = huawei_client.client_from_params(dict(hss.params, secret_key="wrong-secret-value"))
    with pytest.raises(ApiError) as caught:
        client.list_clusters()
    assert caught.value.status == 401 and caught.value.code == "APIGW.0301"
    assert "wrong-secret-value" not in caught.value.describe()
