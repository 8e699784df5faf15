# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The OKS client and adapters run by the engine against the emulator (in-process, over real HTTP): waits, upgrades,
fail-fast, lost creates, the three authentication schemes with OTP and token refresh, kubeconfigs."""

from __future__ import annotations

import datetime

import pytest
import yaml

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.errors import ApiError
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.kubeconfig import certificate_not_after
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.resource import (
    ReplaceRefused,
    Resource,
    ResourceError,
)
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.waiter import WaitFailed
from ansible_collections.managedk8s.clusters.plugins.module_utils.oks import (
    adapters as res,
    client as oks,
    model,
    tasks,
)

pytest.importorskip("nacl")
pytest.importorskip("cryptography")

SPEED = 400


@pytest.fixture
def emulator(start_mockcloud):
    from mockcloud.clouds import oks as oks_cloud  # pylint: disable=import-outside-toplevel

    return start_mockcloud(extra_clouds=[oks_cloud.CLOUD], config={"speed": SPEED}, discover=False)


def credentials():
    from mockcloud.credentials import for_cloud  # pylint: disable=import-outside-toplevel

    return for_cloud("oks")


def connection(emulator, **overrides):
    creds = credentials()
    params = {
        "endpoint": emulator.cloud_url("oks"),
        "access_key": creds["access_key"],
        "secret_key": creds["secret_key"],
        "username": None,
        "password": None,
        "access_token": None,
        "refresh_token": None,
        "otp_code": None,
        "region": "eu-west-2",
        "profile": None,
        "validate_certs": True,
        "ca_path": None,
        "request_timeout": 10,
    }
    params.update(overrides)
    return params


@pytest.fixture(autouse=True)
def fast_waits(monkeypatch):
    monkeypatch.setattr(res.Waits, "first_delay", 0.02)
    monkeypatch.setattr(res.Waits, "max_delay", 0.1)


def make_client(emulator, **overrides):
    return oks.client_from_params(connection(emulator, **overrides))


PROJECT_KEYS = ("project_id", "name", "description", "cidr", "tags", "quirks", "disable_api_termination", "region")
CLUSTER_KEYS = (
    "cluster_id",
    "name",
    "project_id",
    "project_name",
    "description",
    "cp_subregions",
    "version",
    "admin_lbu",
    "admission_flags",
    "cidr_pods",
    "cidr_service",
    "cluster_dns",
    "tags",
    "auto_maintenances",
    "control_planes",
    "admin_whitelist",
    "quirks",
    "disable_api_termination",
)


def project_params(state="present", **options):
    params = dict.fromkeys(PROJECT_KEYS)
    params.update(state=state, wait=True, wait_timeout=30)
    params.update(options)
    return params


def cluster_params(state="present", **options):
    params = dict.fromkeys(CLUSTER_KEYS)
    params.update(state=state, wait=True, wait_timeout=30)
    params.update(options)
    return params


def run_project(client, check_mode=False, **options):
    params = model.normalise_project_params(project_params(**options))
    return Resource(
        res.PROJECT_SPEC, res.ProjectAdapter(client, params), check_mode=check_mode, wait=params["wait"]
    ).run(params["state"], params, name=params.get("name"))


def run_cluster(client, check_mode=False, **options):
    params = model.normalise_cluster_params(cluster_params(**options))
    return Resource(
        res.CLUSTER_SPEC, res.ClusterAdapter(client, params), check_mode=check_mode, wait=params["wait"]
    ).run(params["state"], params, name=params.get("name"))


def ready_project(client, name="p1", cidr="10.50.0.0/16"):
    return run_project(client, name=name, cidr=cidr)["project"]


def requests_of(emulator, method=None, path_regex=None):
    return emulator.admin.log(cloud="oks", method=method, path_regex=path_regex)


# --- projects ------------------------------------------------------------------------------------------------


def test_project_lifecycle(emulator):
    client = make_client(emulator)
    checked = run_project(client, check_mode=True, name="p1", cidr="10.50.0.0/16", tags={"a": 1})
    assert checked["changed"] and client.list_projects() == []

    created = run_project(client, name="p1", cidr="10.50.0.0/16", tags={"a": 1}, quirks=["q"])
    assert created["changed"]
    assert created["project"]["status"] == "ready"
    assert created["project"]["region"] == "eu-west-2"
    assert created["project"]["tags"] == {"a": "1"}

    emulator.admin.clear_log()
    again = run_project(client, name="p1", cidr="10.50.0.0/16", tags={"a": 1}, quirks=["q"])
    assert not again["changed"]
    assert [(entry["method"], entry["template"]) for entry in requests_of(emulator)] == [("GET", "/projects")]

    updated = run_project(client, name="p1", description="new", tags={})
    assert updated["changed"] and updated["project"]["tags"] == {} and updated["project"]["description"] == "new"

    with pytest.raises(ReplaceRefused) as refused:
        run_project(client, name="p1", cidr="10.60.0.0/16")
    assert refused.value.details["refused"]["cidr"] == {"current": "10.50.0.0/16", "desired": "10.60.0.0/16"}

    deleted = run_project(client, state="absent", name="p1")
    assert deleted["changed"] and client.get_project(created["project"]["id"]) is None
    assert not run_project(client, state="absent", name="p1")["changed"]


def test_a_project_create_whose_answer_is_lost_is_adopted(emulator):
    client = make_client(emulator)
    emulator.admin.once({"cloud": "oks", "method": "POST", "path_regex": "/projects$", "kind": "reset_after"})
    created = run_project(client, name="p1", cidr="10.50.0.0/16")
    assert created["project"]["status"] == "ready"
    assert len(requests_of(emulator, method="POST", path_regex="/projects$")) == 1
    assert len(client.projects_named("p1")) == 1


def test_project_create_requires_a_cidr(emulator):
    with pytest.raises(ResourceError, match="cidr: required"):
        run_project(make_client(emulator), name="p1")
    assert requests_of(emulator, method="POST") == []


def test_protected_project_and_project_with_clusters_are_not_deleted(emulator):
    client = make_client(emulator)
    project = ready_project(client)
    run_cluster(client, project_id=project["id"], name="c1", admin_whitelist=["203.0.113.0/24"])
    with pytest.raises(ApiError) as raised:
        run_project(client, state="absent", name="p1")
    assert raised.value.status == 403 and "1 active cluster(s): c1" in raised.value.message

    run_cluster(client, state="absent", project_id=project["id"], name="c1")
    run_project(client, name="p1", disable_api_termination=True)
    with pytest.raises(ApiError) as raised:
        run_project(client, state="absent", name="p1")
    assert raised.value.status == 403 and "disable_api_termination" in raised.value.message


# --- clusters ------------------------------------------------------------------------------------------------


def test_a_protected_cluster_is_deleted_only_when_the_task_lifts_the_protection(emulator):
    client = make_client(emulator)
    project = ready_project(client)
    options = {"project_id": project["id"], "name": "c1"}
    run_cluster(client, admin_whitelist=["203.0.113.0/24"], disable_api_termination=True, **options)

    emulator.admin.clear_log()
    for check_mode in (True, False):
        with pytest.raises(ResourceError, match="disable_api_termination: cluster 'c1'") as refused:
            run_cluster(client, check_mode=check_mode, state="absent", **options)
        assert "set disable_api_termination: false" in str(refused.value)
    assert requests_of(emulator, method="DELETE") == [] and requests_of(emulator, method="PATCH") == []

    planned = run_cluster(client, check_mode=True, state="absent", disable_api_termination=False, **options)
    assert planned["changed"] and planned["diff"]["before"]["disable_api_termination"]
    assert requests_of(emulator, method="DELETE") == [] and requests_of(emulator, method="PATCH") == []

    deleted = run_cluster(client, state="absent", disable_api_termination=False, **options)
    assert deleted["changed"] and client.clusters_named(project["id"], "c1") == []
    writes = [(entry["method"], entry["template"]) for entry in requests_of(emulator) if entry["method"] != "GET"]
    assert writes == [("PATCH", "/clusters/<cluster_id>"), ("DELETE", "/clusters/<cluster_id>")]
    assert not run_cluster(client, state="absent", disable_api_termination=False, **options)["changed"]


def test_cluster_create_waits_for_its_project(emulator):
    client = make_client(emulator)
    pending = run_project(client, name="p1", cidr="10.50.0.0/16", wait=False)["project"]
    assert pending["status"] == "pending"
    created = run_cluster(client, project_id=pending["id"], name="c1", admin_whitelist=["203.0.113.0/24"])
    assert created["cluster"]["status"] == "ready"
    project_reads = requests_of(emulator, method="GET", path_regex="/projects/%s$" % pending["id"])
    assert project_reads, "the project was not looked at before the cluster was created"
    posts = requests_of(emulator, method="POST", path_regex="/clusters$")
    assert [entry["status"] for entry in posts] == [200]


def test_cluster_needs_a_whitelist_to_be_created(emulator):
    client = make_client(emulator)
    project = ready_project(client)
    with pytest.raises(ResourceError, match="admin_whitelist: required"):
        run_cluster(client, check_mode=True, project_id=project["id"], name="c1")


def test_cluster_update_upgrade_and_refusals(emulator):
    client = make_client(emulator)
    project = ready_project(client)
    options = dict(
        project_id=project["id"],
        name="c1",
        admin_whitelist=["203.0.113.0/24"],
        version="1.30",
        admission_flags={"enable_admission_plugins": ["NodeRestriction"], "disable_admission_plugins": None},
    )
    created = run_cluster(client, **options)["cluster"]

    updated = run_cluster(
        client,
        **{
            **options,
            "description": "d",
            "tags": {"env": "test"},
            "auto_maintenances": {"minor_upgrade_maintenance": {"start_hour": 2}},
        },
    )
    assert updated["changed"]
    record = client.get_cluster(created["id"])
    assert record["description"] == "d" and record["tags"] == {"env": "test"}
    assert record["auto_maintenances"]["minor_upgrade_maintenance"]["start_hour"] == 2
    assert record["admission_flags"]["enable_admission_plugins"] == ["NodeRestriction"]

    with pytest.raises(ReplaceRefused) as refused:
        run_cluster(client, **{**options, "cidr_service": "10.100.0.0/16", "cp_subregions": ["2a", "2b", "2c"]})
    assert set(refused.value.details["refused"]) == {"cidr_service", "cp_subregions"}

    with pytest.raises(ResourceError, match="the latest version OKS offers for it, 1.31; set version to 1.31"):
        run_cluster(client, check_mode=True, **{**options, "version": "1.32"})

    emulator.admin.clear_log()
    upgraded = run_cluster(client, **{**options, "version": "1.31"})
    assert upgraded["changed"]
    assert upgraded["cluster"]["version"] == "1.31" and upgraded["cluster"]["status"] == "ready"
    patches = [entry["template"] for entry in requests_of(emulator, method="PATCH")]
    assert patches == ["/clusters/<cluster_id>", "/clusters/<cluster_id>/upgrade"]
    assert not run_cluster(client, **{**options, "version": "1.31"})["changed"]


def test_control_plane_change_goes_through_the_upgrade(emulator):
    """PATCH .../upgrade takes the cluster to the latest version: a plan change with it is accepted."""
    client = make_client(emulator)
    project = ready_project(client)
    options = dict(project_id=project["id"], name="c1", admin_whitelist=["203.0.113.0/24"], version="1.31")
    run_cluster(client, **options)
    resized = run_cluster(client, **{**options, "control_planes": "cp.3.masters.medium", "version": "1.32"})
    assert (resized["cluster"]["control_planes"], resized["cluster"]["version"]) == ("cp.3.masters.medium", "1.32")


def test_a_plan_change_with_the_version_pinned_is_refused_before_any_call(emulator):
    """Point 2 of the fidelity issue: the upgrade would reach 1.32, not the pinned 1.31 (it used to wait for ever)."""
    client = make_client(emulator)
    project = ready_project(client)
    options = dict(project_id=project["id"], name="c1", admin_whitelist=["203.0.113.0/24"], version="1.31")
    run_cluster(client, **options)
    emulator.admin.clear_log()
    with pytest.raises(ResourceError) as refused:
        run_cluster(client, **{**options, "control_planes": "cp.3.masters.medium"})
    assert refused.value.args[0].startswith("control_planes:") and "set version to 1.32" in refused.value.args[0]
    assert requests_of(emulator, method="PATCH") == []


def test_a_version_below_the_clusters_after_its_automatic_maintenance_warns_and_changes_nothing(emulator):
    """Point 4: the cloud upgraded the cluster itself; the playbook's older version is no failure."""
    client = make_client(emulator)
    project = ready_project(client)
    options = dict(project_id=project["id"], name="c1", admin_whitelist=["203.0.113.0/24"], version="1.30")
    created = run_cluster(client, **options)["cluster"]
    emulator.admin.seed("oks", count=0, maintain=[created["id"]])
    warnings = []
    emulator.admin.clear_log()
    result = tasks.cluster(connection(emulator, **cluster_params(**options)), warn=warnings.append)
    assert not result["changed"] and result["cluster"]["version"] == "1.31"
    assert len(warnings) == 1 and "runs Kubernetes 1.31, newer than the 1.30" in warnings[0]
    assert requests_of(emulator, method="PATCH") == []


def test_several_subregions_make_a_multi_az_control_plane(emulator):
    """Point 1: cp_multi_az goes with more than one subregion; two subregions are refused before any call."""
    client = make_client(emulator)
    project = ready_project(client)
    options = dict(project_id=project["id"], admin_whitelist=["203.0.113.0/24"], version="1.31")
    created = run_cluster(client, name="c1", cp_subregions=["2a", "2b", "2c"], **options)["cluster"]
    assert created["cp_multi_az"] is True and sorted(created["cp_subregions"]) == ["2a", "2b", "2c"]
    emulator.admin.clear_log()
    with pytest.raises(ResourceError, match="cp_subregions: .* at least 3 subregions"):
        tasks.cluster(connection(emulator, **cluster_params(name="c2", cp_subregions=["2a", "2b"], **options)))
    assert requests_of(emulator) == []


def test_defaults_come_from_the_cluster_template(emulator):
    """Point 3: a cluster created without version takes the template's (1.31 here), not an invented 1.30."""
    client = make_client(emulator)
    project = ready_project(client)
    emulator.admin.clear_log()
    created = run_cluster(client, project_id=project["id"], name="c1", admin_whitelist=["203.0.113.0/24"])
    assert created["cluster"]["version"] == "1.31"
    assert requests_of(emulator, method="GET", path_regex="/templates/cluster$")
    assert created["cluster"]["cp_subregions"] == ["2a"] and created["cluster"]["cp_multi_az"] is False


def test_a_failing_cluster_fails_at_once_with_the_api_reason(emulator):
    client = make_client(emulator)
    project = ready_project(client)
    with pytest.raises(WaitFailed) as failed:
        run_cluster(
            client,
            project_id=project["id"],
            name="c1",
            admin_whitelist=["203.0.113.0/24"],
            tags={"mockcloud-fail": "quota of control plane VMs reached"},
        )
    assert "status is failed: quota of control plane VMs reached" in str(failed.value)


def test_a_lost_create_answer_is_adopted_not_repeated(emulator):
    client = make_client(emulator)
    project = ready_project(client)
    emulator.admin.once({"cloud": "oks", "method": "POST", "path_regex": "/clusters$", "kind": "reset_after"})
    created = run_cluster(client, project_id=project["id"], name="c1", admin_whitelist=["203.0.113.0/24"])
    assert created["cluster"]["name"] == "c1" and created["cluster"]["status"] == "ready"
    assert len(requests_of(emulator, method="POST", path_regex="/clusters$")) == 1
    assert len(client.clusters_named(project["id"], "c1")) == 1


def test_a_refused_create_is_not_adopted(emulator):
    client = make_client(emulator)
    project = ready_project(client)
    with pytest.raises(ApiError) as raised:
        run_cluster(
            client,
            project_id=project["id"],
            name="c1",
            admin_whitelist=["203.0.113.0/24"],
            admission_flags={"enable_admission_plugins": ["NoSuchPlugin"], "disable_admission_plugins": None},
        )
    assert raised.value.status == 422 and "Invalid plugin(s): NoSuchPlugin" in raised.value.message


def test_cluster_task_finds_the_project_by_name_and_deletes_idempotently(emulator):
    ready_project(make_client(emulator))
    params = dict(
        cluster_params(project_name="p1", name="c1", admin_whitelist=["203.0.113.0/24"]), **connection(emulator)
    )
    assert tasks.cluster(params)["changed"]
    assert not tasks.cluster(params)["changed"]
    gone = dict(params, state="absent")
    assert tasks.cluster(gone)["changed"]
    assert not tasks.cluster(gone)["changed"]
    assert not tasks.cluster(dict(gone, project_name="no-such-project"))["changed"]
    with pytest.raises(ResourceError, match="no project named 'no-such-project'"):
        tasks.cluster(dict(params, project_name="no-such-project"))


def test_pages_of_the_later_api_are_followed(emulator):
    client = make_client(emulator)
    emulator.admin.seed("oks", count=7, projects=1)
    assert len(client.list_clusters(page_size=3)) == 7
    assert len(requests_of(emulator, path_regex="/clusters/all")) == 3


# --- authentication -----------------------------------------------------------------------------------------


def test_basic_authentication(emulator):
    creds = credentials()
    client = make_client(
        emulator, access_key=None, secret_key=None, username=creds["username"], password=creds["password"]
    )
    assert client.list_projects() == []
    wrong = make_client(
        emulator, access_key=None, secret_key=None, username=creds["username"], password="wrong-password"
    )
    with pytest.raises(ApiError) as raised:
        wrong.list_projects()
    assert raised.value.status == 401


def test_otp_is_sent_when_the_account_requires_it(emulator):
    emulator.admin.seed("oks", count=0, otp_code="424242")
    with pytest.raises(ApiError) as raised:
        make_client(emulator).list_projects()
    assert raised.value.status == 401 and "OTP" in raised.value.message
    assert make_client(emulator, otp_code="424242").list_projects() == []


def test_the_otp_answer_names_the_option(emulator):
    """Point 7: {"otp_required": true} says which option is missing, not a bare HTTP 401."""
    emulator.admin.seed("oks", count=0, otp_code="424242")
    with pytest.raises(ApiError) as raised:
        make_client(emulator).list_projects()
    assert raised.value.status == 401 and "otp_code" in raised.value.message


def test_an_expired_token_is_dropped_and_the_call_sent_again_with_the_key(emulator):
    """Point 5: the API answers 401 Invalid JWT; the tokens go, the same call is sent once more with the key."""
    client = make_client(emulator)
    client.http.auth.use_jwt = True  # what a profile with jwt: true turns on
    client.list_projects()
    assert client.http.auth.scheme == "AccessToken"
    emulator.admin.advance(100000)
    emulator.admin.clear_log()
    assert client.list_projects() == []
    assert [entry["status"] for entry in requests_of(emulator)] == [401, 200]
    assert client.http.auth.retried == 1
    client.list_projects()
    assert [entry["status"] for entry in requests_of(emulator)] == [401, 200, 200]


def test_an_expired_token_alone_is_refused_with_advice(emulator):
    tokens = emulator.admin.seed("oks", count=0, issue_tokens=True)["seeded"]["tokens"]
    emulator.admin.advance(100000)
    with pytest.raises(ApiError) as raised:
        make_client(emulator, access_key=None, secret_key=None, **tokens).list_projects()
    assert raised.value.status == 401 and "Invalid JWT" in raised.value.message
    assert "access_token" in raised.value.message


def test_tokens_are_used_only_with_jwt_enabled(emulator):
    """Point 6: the API hands tokens to key logins too; oks-cli uses them only when the profile enables jwt."""
    emulator.admin.clear_log()
    plain = make_client(emulator)
    plain.list_projects()
    plain.list_projects()
    assert plain.http.auth.scheme == "AccessKey"
    with_jwt = oks.OksClient(plain.http)
    with_jwt.http.auth.use_jwt = True
    with_jwt.list_projects()
    assert with_jwt.http.auth.scheme == "AccessToken"
    with_jwt.list_projects()
    used = [record["used"] for record in emulator.state.store.collection("oks", "tokens").values()]
    assert sum(used) == 1


def test_refreshed_tokens_are_used_for_the_rest_of_the_task(emulator):
    tokens = emulator.admin.seed("oks", count=0, issue_tokens=True)["seeded"]["tokens"]
    client = make_client(emulator, access_key=None, secret_key=None, **tokens)
    client.list_projects()
    client.list_projects()
    client.list_projects()
    used = sorted(record["used"] for record in emulator.state.store.collection("oks", "tokens").values())
    # The seeded pair was used once; each refreshed pair was used by the next request; the last one not yet.
    assert used == [0, 1, 1, 1]


def test_wrong_keys_are_refused(emulator):
    with pytest.raises(ApiError) as raised:
        make_client(emulator, secret_key="not-the-secret").list_projects()
    assert raised.value.status == 401
    assert "not-the-secret" not in str(raised.value)


# --- kubeconfigs --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("encrypt", [True, False])
def test_kubeconfig_fetch(emulator, encrypt):
    client = make_client(emulator)
    project = ready_project(client)
    cluster = run_cluster(client, project_id=project["id"], name="c1", admin_whitelist=["203.0.113.0/24"])["cluster"]
    text = client.kubeconfig(cluster["id"], user="alice", group="devs", ttl="3h", encrypt=encrypt)
    config = yaml.safe_load(text)
    assert config["clusters"][0]["cluster"]["server"].startswith("https://")
    not_after = certificate_not_after(config["users"][0]["user"]["client-certificate-data"])
    left = (not_after - datetime.datetime.now(datetime.timezone.utc)).total_seconds()
    assert 3 * 3600 - 120 < left <= 3 * 3600 + 5
    calls = requests_of(emulator, path_regex="/kubeconfig")
    assert [entry["method"] for entry in calls] == ["POST" if encrypt else "GET"]


def test_kubeconfig_of_a_deploying_cluster_is_not_ready(emulator):
    client = make_client(emulator)
    project = ready_project(client)
    emulator.admin.set_speed(0.001)  # at speed 400 a busy machine saw the cluster deployed before the kubeconfig call
    cluster = run_cluster(client, project_id=project["id"], name="c1", admin_whitelist=["203.0.113.0/24"], wait=False)
    client.http.max_retries = 0
    with pytest.raises(ApiError) as raised:
        client.kubeconfig(cluster["cluster"]["id"], encrypt=False)
    assert raised.value.status == 503


@pytest.mark.parametrize("kind", ["reset_after", "500"])
def test_deletes_whose_answer_is_lost_end_with_nothing_left(emulator, kind):
    # The DELETE acts, its answer is lost (or a 500 comes first), HttpClient sends it again: a 404 then means done.
    client = make_client(emulator)
    project = ready_project(client)
    cluster = run_cluster(client, project_id=project["id"], name="c1", admin_whitelist=["203.0.113.0/24"])["cluster"]
    emulator.admin.faults(
        once=[
            {"cloud": "oks", "method": "DELETE", "path_regex": "/clusters/", "kind": kind},
            {"cloud": "oks", "method": "DELETE", "path_regex": "/clusters/", "kind": "reset_after"},
            {"cloud": "oks", "method": "DELETE", "path_regex": "/projects/", "kind": "reset_after"},
        ]
    )
    assert run_cluster(client, state="absent", project_id=project["id"], name="c1")["changed"]
    assert run_project(client, state="absent", name="p1")["changed"]
    assert client.get_cluster(cluster["id"]) is None and client.get_project(project["id"]) is None
    assert len(requests_of(emulator, method="DELETE", path_regex="/clusters/")) >= 2


@pytest.mark.parametrize(
    "option, value, offered",
    [
        ("control_planes", "cp.huge", "cp.3.masters.small"),
        ("cp_subregions", ["2a", "zz"], "2b"),
    ],
)
def test_a_plan_or_subregion_oks_does_not_offer_is_refused_before_the_post(emulator, option, value, offered):
    client = make_client(emulator)
    project = ready_project(client)
    with pytest.raises(ResourceError) as refused:
        run_cluster(client, project_id=project["id"], name="c1", admin_whitelist=["203.0.113.0/24"], **{option: value})
    assert refused.value.args[0].startswith(option + ":") and offered in refused.value.args[0]
    assert requests_of(emulator, method="POST", path_regex="/clusters$") == []
