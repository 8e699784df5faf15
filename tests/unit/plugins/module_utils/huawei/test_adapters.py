# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The HSS registration adapter with the resource engine: register/compare/rotate/unregister against the emulator run
in-process, waiting for the connection, and a registration whose answer was lost."""

from __future__ import annotations

import datetime

import pytest

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.errors import InputError
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.resource import (
    DuplicateNameError,
    ReplaceRefused,
    Resource,
    ResourceError,
)
from ansible_collections.managedk8s.clusters.plugins.module_utils.huawei import (
    adapters,
    checks,
    client as huawei_client,
    model,
)

pytest.importorskip("cryptography")

UTC = datetime.timezone.utc
FIRST = datetime.datetime(2031, 1, 1, tzinfo=UTC)
ROTATED = datetime.datetime(2032, 6, 30, 12, tzinfo=UTC)


def make_kubeconfig(**kwargs):
    from mockcloud.clouds.huawei_kubeconfigs import kubeconfig as make  # pylint: disable=import-outside-toplevel

    return make(**kwargs)


def millis(moment):
    return int(moment.timestamp() * 1000)


def params(**overrides):
    base = {
        "state": "present",
        "name": "unit-hss",
        "provider": "self_built_idc",
        "server": None,
        "kubeconfig": make_kubeconfig(not_after=FIRST),
        "kubeconfig_path": None,
        "force_kubeconfig_update": False,
        "current_expiration_date": None,
        "certificate_expiration_date": None,
        "image_repo": None,
        "image_repo_username": None,
        "image_repo_password": None,
        "organization": None,
        "image_repo_type": None,
        "image_arch": None,
        "anp_proxy": None,
        "hostguard_proxy": None,
        "container_name": None,
        "dns_policy": None,
        "dns_config": None,
        "enterprise_project_id": None,
        "wait_for_connection": False,
        "wait": True,
        "wait_timeout": 30,
    }
    base.update(overrides)
    return base


# --- the adapter with the engine, against the emulator -----------------------------------------------------


@pytest.fixture
def hss(start_mockcloud):
    pytest.importorskip("flask")
    from mockcloud import credentials as mock_credentials  # pylint: disable=import-outside-toplevel
    from mockcloud.clouds import huawei as huawei_cloud  # pylint: disable=import-outside-toplevel

    emulator = start_mockcloud(extra_clouds=[huawei_cloud.CLOUD], config={"speed": 200}, discover=False)
    connection = dict(
        mock_credentials.for_cloud("huawei"),
        endpoint=emulator.cloud_url("huawei"),
        validate_certs=True,
        ca_path=None,
        request_timeout=10,
    )
    emulator.client = huawei_client.client_from_params(connection)
    return emulator


def fast_sleep(seconds):
    import time  # pylint: disable=import-outside-toplevel

    time.sleep(min(seconds, 0.02))


def run(hss, check_mode=False, warnings=None, **overrides):
    """What huawei_multicloud_cluster's main() does with these options."""
    values = params(**overrides)
    present = values["state"] == "present"
    facts = model.read_kubeconfig(values) if present else None
    options = checks.check_cluster_params(values, facts)
    adapter = adapters.ClusterAdapter(
        hss.client,
        values["name"],
        options,
        facts,
        wait_for_connection=values["wait_for_connection"],
        force_kubeconfig_update=values["force_kubeconfig_update"],
        wait_timeout=values["wait_timeout"],
        check_mode=check_mode,
        warn=(warnings.append if warnings is not None else None),
        sleep=fast_sleep,
    )
    engine = Resource(adapters.CLUSTER_SPEC, adapter, check_mode=check_mode, wait=values["wait"])
    desired = model.desired_state(options, facts) if present else {}
    return engine.run(values["state"], desired, name=values["name"])


def methods(hss):
    return [entry["method"] for entry in hss.admin.log(cloud="huawei")]


def test_check_mode_registers_nothing(hss):
    result = run(hss, check_mode=True)
    assert result["changed"] is True and result["diff"]["before"] == {}
    assert result["diff"]["after"]["kubeconfig_fingerprint"].startswith("sha256:")
    assert methods(hss) == ["GET"]


def test_register_then_rerun_with_one_read_and_no_write(hss):
    result = run(hss, image_repo="swr.example.com", image_repo_username="robot", image_repo_password="registry-pw")
    cluster = result["cluster"]
    assert result["changed"] is True
    assert cluster["cluster_id"] and cluster["server"] == "https://203.0.113.10:6443"
    assert cluster["certificate_expiration_date"] == cluster["current_expiration_date"] == millis(FIRST)
    assert "registry-pw" not in repr(result) and "client-key-data" not in repr(result)
    hss.admin.clear_log()
    again = run(hss, image_repo="swr.example.com", image_repo_username="robot", image_repo_password="registry-pw")
    assert again["changed"] is False and methods(hss) == ["GET"]
    assert again["diff"]["before"] == again["diff"]["after"]


def recompute(hss, value):
    """The emulator's switch: does a PUT with a kubeconfig recompute certificate_expiration_date (the vendor is silent)."""
    hss.admin.seed("huawei", count=0, put_recomputes_certificate_date=value)


@pytest.mark.parametrize("recomputes", [True, False], ids=["hss-recomputes", "hss-keeps-the-date"])
def test_a_rotated_kubeconfig_is_sent_in_place_once(hss, recomputes):
    recompute(hss, recomputes)
    first = run(hss)["cluster"]
    hss.admin.clear_log()
    rotated_text = make_kubeconfig(not_after=ROTATED)
    checked_run = run(hss, check_mode=True, kubeconfig=rotated_text)
    assert checked_run["changed"] is True and methods(hss) == ["GET"]
    warnings = []
    result = run(hss, kubeconfig=rotated_text, warnings=warnings)
    assert result["changed"] is True and warnings == []
    assert result["cluster"]["cluster_id"] == first["cluster_id"]
    expected_certificate = millis(ROTATED) if recomputes else millis(FIRST)
    assert result["cluster"]["certificate_expiration_date"] == expected_certificate
    assert result["cluster"]["current_expiration_date"] == millis(ROTATED)
    assert result["diff"]["before"]["kubeconfig_fingerprint"] == first["kubeconfig_fingerprint"]
    assert result["diff"]["after"]["kubeconfig_fingerprint"] == checked_run["diff"]["after"]["kubeconfig_fingerprint"]
    assert result["cluster"]["kubeconfig_fingerprint"] == result["diff"]["after"]["kubeconfig_fingerprint"]
    assert methods(hss).count("PUT") == 1
    hss.admin.clear_log()
    assert run(hss, kubeconfig=rotated_text)["changed"] is False
    assert methods(hss) == ["GET"]
    # and a second rotation is still seen
    assert run(hss, kubeconfig=make_kubeconfig(not_after=FIRST + datetime.timedelta(days=900)))["changed"] is True


@pytest.mark.parametrize("recomputes", [True, False], ids=["hss-recomputes", "hss-keeps-the-date"])
def test_a_rotation_with_a_given_expiry_date_warns_only_when_hss_keeps_the_date(hss, recomputes):
    recompute(hss, recomputes)
    run(hss, current_expiration_date="2030-06-30")
    warnings = []
    rotated = run(
        hss, current_expiration_date="2030-06-30", kubeconfig=make_kubeconfig(not_after=ROTATED), warnings=warnings
    )
    assert rotated["changed"] is True
    assert rotated["cluster"]["current_expiration_date"] == 1909008000000
    again = run(hss, current_expiration_date="2030-06-30", kubeconfig=make_kubeconfig(not_after=ROTATED))
    if recomputes:
        assert warnings == [] and again["changed"] is False
    else:
        # the registration cannot show the rotation: said once, and the kubeconfig is sent again
        assert len(warnings) == 1 and "current_expiration_date unset" in warnings[0]
        assert again["changed"] is True


def test_a_put_always_carries_current_expiration_date(hss):
    """UpdateMultiCloudClusterRequestBody requires it: a token kubeconfig forced without any date is refused first."""
    run(hss, kubeconfig=make_kubeconfig(token="first-token-0001"))
    hss.admin.clear_log()
    with pytest.raises(InputError, match="current_expiration_date"):
        run(hss, kubeconfig=make_kubeconfig(token="second-token-0002"), force_kubeconfig_update=True)
    assert methods(hss) == ["GET"]
    forced = run(
        hss,
        kubeconfig=make_kubeconfig(token="second-token-0002"),
        force_kubeconfig_update=True,
        current_expiration_date="2030-06-30",
    )
    assert forced["changed"] is True and forced["cluster"]["current_expiration_date"] == 1909008000000


def test_register_without_a_provider_and_in_all_granted_eps(hss):
    hss.client.enterprise_project_id = "all_granted_eps"  # what client_from_params makes of the option
    result = run(hss, provider=None, enterprise_project_id="all_granted_eps")
    assert result["changed"] is True and result["cluster"]["provider"] is None
    hss.admin.clear_log()
    again = run(hss, provider=None, enterprise_project_id="all_granted_eps")
    assert again["changed"] is False and again["cluster"]["cluster_id"] == result["cluster"]["cluster_id"]
    assert [entry["query"] for entry in hss.admin.log(cloud="huawei")] == [
        "enterprise_project_id=all_granted_eps&limit=200&offset=0"
    ]


def test_token_kubeconfigs_compare_by_server_and_force_sends_them(hss):
    run(hss, kubeconfig=make_kubeconfig(token="first-token-0001"), current_expiration_date="2030-06-30")
    assert run(hss, kubeconfig=make_kubeconfig(token="second-token-0002"))["changed"] is False
    hss.admin.clear_log()
    forced = run(
        hss,
        kubeconfig=make_kubeconfig(token="second-token-0002"),
        force_kubeconfig_update=True,
        current_expiration_date="2030-06-30",
    )
    assert forced["changed"] is True and methods(hss).count("PUT") == 1
    assert forced["diff"]["before"]["kubeconfig_fingerprint"] == model.FORCED


def test_expiry_date_changes_in_place_without_resending_the_kubeconfig(hss):
    cluster_id = run(hss, current_expiration_date="2030-06-30")["cluster"]["cluster_id"]
    hss.admin.clear_log()
    result = run(hss, current_expiration_date=1914000000000)
    assert result["changed"] is True and result["cluster"]["current_expiration_date"] == 1914000000000
    stored = hss.admin.store(cloud="huawei", kind="clusters")["huawei"]["clusters"][0]
    assert stored["cluster_id"] == cluster_id and stored["_updates"] == 1
    assert methods(hss).count("PUT") == 1


def test_registration_only_options_are_refused_when_returned_and_different(hss):
    run(hss, image_repo="swr.example.com")
    with pytest.raises(ReplaceRefused, match="provider"):
        run(hss, image_repo="swr.example.com", provider="azure")
    with pytest.raises(ReplaceRefused, match="image_repo"):
        run(hss, image_repo="other.example.com")
    with pytest.raises(ReplaceRefused, match="server"):
        run(hss, image_repo="swr.example.com", server="https://203.0.113.99:6443")


def test_wait_for_connection(hss):
    result = run(hss, wait_for_connection=True)
    assert result["cluster"]["status"] == "connect_success" and result["cluster"]["version"]
    hss.admin.clear_log()
    assert run(hss, wait_for_connection=True)["changed"] is False
    assert methods(hss) == ["GET"]


def test_a_connection_failure_fails_with_the_cluster_status_and_server(hss):
    unreachable = make_kubeconfig(server="https://api.dc2.example.invalid:6443", not_after=FIRST)
    with pytest.raises(ResourceError) as caught:
        run(hss, kubeconfig=unreachable, wait_for_connection=True)
    error = caught.value
    assert "connect_fail" in str(error) and "api.dc2.example.invalid" in str(error)
    assert error.details["connection_status"] == "connect_fail" and error.details["cluster_id"]
    hss.admin.clear_log()
    with pytest.raises(ResourceError):
        run(hss, kubeconfig=unreachable, wait_for_connection=True)
    assert methods(hss).count("POST") == 1  # the re-check, never a second registration


def test_check_mode_sends_no_status_re_check(hss):
    run(hss, kubeconfig=make_kubeconfig(server="https://10.9.9.9:1", not_after=FIRST))
    hss.admin.clear_log()
    result = run(
        hss,
        check_mode=True,
        kubeconfig=make_kubeconfig(server="https://10.9.9.9:1", not_after=FIRST),
        wait_for_connection=True,
    )
    assert result["changed"] is False and methods(hss) == ["GET"]


def test_unregister_waits_until_gone_and_again_is_a_no_op(hss):
    run(hss)
    hss.admin.clear_log()
    assert run(hss, check_mode=True, state="absent")["changed"] is True
    assert methods(hss) == ["GET"]
    result = run(hss, state="absent")
    assert result["changed"] is True and result["cluster"] == {}
    assert result["diff"]["before"]["name"] == "unit-hss" and result["diff"]["after"] == {}
    assert hss.client.clusters_named("unit-hss") == []
    hss.admin.clear_log()
    assert run(hss, state="absent")["changed"] is False
    assert methods(hss) == ["GET"]


def test_a_lost_registration_answer_adopts_the_cluster_instead_of_registering_twice(hss):
    hss.admin.once({"method": "POST", "path_regex": "/multi-cloud/clusters$", "kind": "reset_after"})
    result = run(hss)
    assert result["changed"] is True and result["cluster"]["cluster_id"]
    assert methods(hss).count("POST") == 1
    assert len(hss.client.clusters_named("unit-hss")) == 1


def test_a_5xx_registration_that_did_not_happen_is_sent_again_once(hss):
    hss.admin.once({"method": "POST", "path_regex": "/multi-cloud/clusters$", "kind": "500"})
    result = run(hss)
    assert result["changed"] is True
    assert methods(hss).count("POST") == 2
    assert len(hss.client.clusters_named("unit-hss")) == 1


def test_a_rate_limited_registration_is_sent_again_without_a_look_up(hss):
    # 429 says the server did not act: the HTTP client sends the same POST again after Retry-After.
    hss.admin.once({"method": "POST", "path_regex": "/multi-cloud/clusters$", "kind": "429"})
    assert run(hss)["changed"] is True
    assert methods(hss)[:3] == ["GET", "POST", "POST"]
    assert len(hss.client.clusters_named("unit-hss")) == 1


def test_paging_finds_a_registration_past_the_first_page(hss):
    hss.admin.seed("huawei", count=230)
    run(hss)
    hss.admin.clear_log()
    assert run(hss)["changed"] is False
    assert methods(hss) == ["GET", "GET"]


# --- with a fake client: what the emulator never does -----------------------------------------------------


class FakeClient:
    def __init__(self, entries):
        self.entries = entries
        self.updates = []

    def clusters_named(self, name):
        return [entry for entry in self.entries if entry["cluster_name"] == name]

    def get_cluster(self, cluster_id):
        return next((entry for entry in self.entries if entry["cluster_id"] == cluster_id), None)

    def update_cluster(self, cluster_id, payload):
        self.updates.append((cluster_id, payload))


def fake_adapter(client, text, warnings=None):
    values = params(kubeconfig=text)
    facts = model.read_kubeconfig(values)
    options = checks.check_cluster_params(values, facts)
    adapter = adapters.ClusterAdapter(
        client, "unit-hss", options, facts, warn=warnings.append if warnings is not None else None
    )
    return adapter, model.desired_state(options, facts)


def test_duplicate_names_are_an_error_listing_the_ids():
    entries = [{"cluster_id": "id-%d" % index, "cluster_name": "unit-hss"} for index in (1, 2)]
    adapter, _desired = fake_adapter(FakeClient(entries), make_kubeconfig(not_after=FIRST))
    with pytest.raises(DuplicateNameError, match="id-1, id-2"):
        adapter.find()


def test_a_warning_when_hss_keeps_the_old_certificate_date():
    entry = {
        "cluster_id": "c1",
        "cluster_name": "unit-hss",
        "provider": "self_built_idc",
        "server": "https://203.0.113.10:6443",
        "certificate_expiration_date": millis(FIRST),
        "status": "connect_success",
    }
    client = FakeClient([entry])
    warnings = []
    adapter, desired = fake_adapter(client, make_kubeconfig(not_after=ROTATED), warnings)
    engine = Resource(adapters.CLUSTER_SPEC, adapter)
    result = engine.run("present", desired, name="unit-hss")
    assert result["changed"] is True
    assert client.updates[0][1]["kubeconfig"].startswith("apiVersion: v1")
    assert client.updates[0][1]["current_expiration_date"] == millis(ROTATED)
    assert len(warnings) == 1 and "will send the kubeconfig again" in warnings[0]


def test_an_expiry_change_alone_does_not_resend_the_kubeconfig():
    entry = {
        "cluster_id": "c1",
        "cluster_name": "unit-hss",
        "provider": "self_built_idc",
        "server": "https://203.0.113.10:6443",
        "certificate_expiration_date": millis(FIRST),
        "current_expiration_date": 1,
        "status": "connect_success",
    }
    client = FakeClient([entry])
    values = params(current_expiration_date=1914000000000)
    facts = model.read_kubeconfig(values)
    options = checks.check_cluster_params(values, facts)
    adapter = adapters.ClusterAdapter(client, "unit-hss", options, facts)
    result = Resource(adapters.CLUSTER_SPEC, adapter).run("present", model.desired_state(options, facts))
    assert result["changed"] is True
    assert client.updates == [("c1", {"current_expiration_date": 1914000000000})]
