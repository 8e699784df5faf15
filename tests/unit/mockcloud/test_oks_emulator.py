# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The OKS emulator on its own (Flask test client): wrappers, error shapes, statuses over time, refusals, sealed
kubeconfigs, pagination, authentication and the seeder."""

from __future__ import annotations

import base64
import time

import pytest
import yaml

nacl_public = pytest.importorskip("nacl.public")
nacl_encoding = pytest.importorskip("nacl.encoding")
pytest.importorskip("cryptography")

from mockcloud.app import create_app  # noqa: E402  pylint: disable=wrong-import-position
from mockcloud.clouds import oks as oks_cloud  # noqa: E402  pylint: disable=wrong-import-position
from mockcloud.context import state  # noqa: E402  pylint: disable=wrong-import-position
from mockcloud.credentials import for_cloud  # noqa: E402  pylint: disable=wrong-import-position

API = "/oks/api/v2"
CREDS = for_cloud("oks")
KEYS = {"AccessKey": CREDS["access_key"], "SecretKey": CREDS["secret_key"]}


@pytest.fixture
def app():
    return create_app({"speed": 1}, extra_clouds=[oks_cloud.CLOUD], discover=False)


@pytest.fixture
def api(app):
    return app.test_client()


def advance(app, seconds):
    state(app).store.clock.advance(seconds)
    state(app).store.tick()


def create_project(api, name="p1", cidr="10.50.0.0/16"):
    answer = api.post(API + "/projects", json={"name": name, "cidr": cidr, "region": "eu-west-2"}, headers=KEYS)
    assert answer.status_code == 200, answer.json
    return answer.json["Project"]


def ready_project(app, api, **kwargs):
    project = create_project(api, **kwargs)
    advance(app, 60)
    return project


def create_cluster(api, project_id, name="c1", **extra):
    body = dict({"name": name, "project_id": project_id, "admin_whitelist": ["203.0.113.0/24"]}, **extra)
    return api.post(API + "/clusters", json=body, headers=KEYS)


def status(api, cluster_id):
    return api.get(API + "/clusters/" + cluster_id, headers=KEYS).json["Cluster"]["statuses"]["status"]


def test_answers_wrap_their_payload_next_to_the_response_context(api):
    project = api.post(
        API + "/projects", json={"name": "p1", "cidr": "10.50.0.0/16", "region": "eu-west-2"}, headers=KEYS
    ).json
    assert set(project) == {"ResponseContext", "Project"} and project["ResponseContext"]["RequestId"]
    assert project["Project"]["status"] == "pending"
    assert "_quirks" not in project["Project"]
    listing = api.get(API + "/projects", headers=KEYS).json
    assert set(listing) == {"ResponseContext", "Projects"}
    assert api.get(API + "/clusters/limits/kubernetes_versions", headers=KEYS).json["Versions"]
    assert api.get(API + "/templates/nodepool", headers=KEYS).json["Template"]["kind"] == "NodePool"


def test_validation_errors_use_the_seed_shape(api):
    answer = api.post(API + "/projects", json={"name": "Bad_Name", "cidr": "10.50.0.0/8"}, headers=KEYS)
    assert answer.status_code == 422
    locations = {tuple(item["loc"]) for item in answer.json["detail"]}
    assert locations == {("body", "name"), ("body", "cidr"), ("body", "region")}
    assert all(set(item) == {"loc", "msg", "type"} for item in answer.json["detail"])


def test_other_errors_use_the_errors_shape(api):
    answer = api.get(API + "/clusters/nope", headers=KEYS)
    assert answer.status_code == 404
    assert answer.json["Errors"] == [{"Type": "NotFoundError", "Details": "Cluster nope not found.", "Code": "404"}]


def test_statuses_move_over_time_and_clusters_wait_for_a_ready_project(app, api):
    project = create_project(api)
    refused = create_cluster(api, project["id"])
    assert refused.status_code == 503 and refused.json["Errors"][0]["Details"] == "Project not ready: pending"
    advance(app, 3)
    assert api.get(API + "/projects/" + project["id"], headers=KEYS).json["Project"]["status"] == "deploying"
    advance(app, 10)
    cluster = create_cluster(api, project["id"]).json["Cluster"]
    assert cluster["statuses"]["status"] == "pending"
    advance(app, 5)
    assert status(api, cluster["id"]) == "deploying"
    advance(app, 15)
    assert status(api, cluster["id"]) == "ready"
    assert create_cluster(api, project["id"]).status_code == 409


def test_upgrade_follows_the_patched_version(app, api):
    project = ready_project(app, api)
    cluster = create_cluster(api, project["id"], version="1.30").json["Cluster"]
    advance(app, 60)
    skip = api.patch(API + "/clusters/" + cluster["id"], json={"version": "1.32"}, headers=KEYS)
    assert skip.status_code == 422 and "Only +1 minor version" in skip.json["detail"][0]["msg"]
    patched = api.patch(API + "/clusters/" + cluster["id"], json={"version": "1.31"}, headers=KEYS).json["Cluster"]
    assert patched["statuses"]["status"] == "updating" and patched["version"] == "1.30"
    assert api.patch(API + "/clusters/%s/upgrade" % cluster["id"], headers=KEYS).status_code == 503
    advance(app, 10)
    upgrading = api.patch(API + "/clusters/%s/upgrade" % cluster["id"], headers=KEYS).json["Cluster"]
    assert upgrading["statuses"]["status"] == "upgrading"
    advance(app, 20)
    done = api.get(API + "/clusters/" + cluster["id"], headers=KEYS).json["Cluster"]
    assert (done["version"], done["statuses"]["status"], done["statuses"]["available_upgrade"]) == (
        "1.31",
        "ready",
        "1.32",
    )


def test_protected_resources_and_projects_with_clusters_are_not_deleted(app, api):
    project = ready_project(app, api)
    cluster = create_cluster(api, project["id"], disable_api_termination=True).json["Cluster"]
    advance(app, 60)
    answer = api.delete(API + "/projects/" + project["id"], headers=KEYS)
    assert answer.status_code == 403 and "1 active cluster(s): c1" in answer.json["Errors"][0]["Details"]
    answer = api.delete(API + "/clusters/" + cluster["id"], headers=KEYS)
    assert answer.status_code == 403 and "disable_api_termination" in answer.json["Errors"][0]["Details"]
    api.patch(API + "/clusters/" + cluster["id"], json={"disable_api_termination": False}, headers=KEYS)
    advance(app, 10)
    assert api.delete(API + "/clusters/" + cluster["id"], headers=KEYS).json["detail"]
    assert status(api, cluster["id"]) == "deleting"
    advance(app, 10)
    assert api.get(API + "/clusters/" + cluster["id"], headers=KEYS).status_code == 404
    deleted = api.get(API + "/clusters/all?deleted=true", headers=KEYS).json["Clusters"]
    assert [item["id"] for item in deleted] == [cluster["id"]] and deleted[0]["statuses"]["deleted_at"]
    assert api.delete(API + "/projects/" + project["id"], headers=KEYS).status_code == 200


def test_the_fail_tag_makes_a_cluster_fail_with_its_message(app, api):
    project = ready_project(app, api)
    cluster = create_cluster(api, project["id"], tags={"mockcloud-fail": "no capacity"}).json["Cluster"]
    advance(app, 60)
    statuses = api.get(API + "/clusters/" + cluster["id"], headers=KEYS).json["Cluster"]["statuses"]
    assert statuses["status"] == "failed" and statuses["message"] == "no capacity"


def test_kubeconfig_sealed_for_the_given_key_and_plain_otherwise(app, api):
    project = ready_project(app, api)
    cluster = create_cluster(api, project["id"]).json["Cluster"]
    assert api.get(API + "/clusters/%s/kubeconfig" % cluster["id"], headers=KEYS).status_code == 503
    advance(app, 60)
    private_key = nacl_public.PrivateKey.generate()
    public_key = private_key.public_key.encode(nacl_encoding.Base64Encoder).decode("ascii")
    sealed = api.post(
        API + "/clusters/%s/kubeconfig?user=alice&group=devs&ttl=1h" % cluster["id"],
        headers=dict(KEYS, **{"x-encrypt-nacl": public_key}),
    ).json["Cluster"]
    assert sealed["data"]["name"] == "c1"
    text = nacl_public.SealedBox(private_key).decrypt(
        sealed["data"]["kubeconfig"].encode(), encoder=nacl_encoding.Base64Encoder
    )
    config = yaml.safe_load(text)
    assert config["clusters"][0]["cluster"]["certificate-authority-data"]
    plain = api.get(API + "/clusters/%s/kubeconfig" % cluster["id"], headers=KEYS).json["Cluster"]["data"]["kubeconfig"]
    assert yaml.safe_load(plain)["kind"] == "Config"
    bad_key = api.post(
        API + "/clusters/%s/kubeconfig" % cluster["id"], headers=dict(KEYS, **{"x-encrypt-nacl": "bm9wZQ=="})
    )
    assert bad_key.status_code == 400
    reserved = api.get(API + "/clusters/%s/kubeconfig?group=system:masters" % cluster["id"], headers=KEYS)
    assert reserved.status_code == 422 and reserved.json["detail"][0]["loc"] == ["query", "group"]


def test_pages_when_asked_with_limit(app, api):
    oks_cloud.seed(state(app).store, {"count": 5, "projects": 1})
    first = api.get(API + "/clusters/all?limit=2", headers=KEYS).json
    assert len(first["Clusters"]) == 2 and first["Pagination"]["cursor"]["next_cursor"] == "2"
    last = api.get(API + "/clusters/all?limit=2&cursor=4", headers=KEYS).json
    assert len(last["Clusters"]) == 1 and last["Pagination"]["cursor"]["next_cursor"] is None
    offset = api.get(API + "/clusters/all?limit=2&page=3", headers=KEYS).json
    assert offset["Pagination"]["offset"] == {"page": 3, "limit": 2, "total": 5} and len(offset["Clusters"]) == 1


def test_authentication_schemes(app, api):
    assert api.get(API + "/projects").status_code == 401
    assert api.get(API + "/projects", headers={"AccessKey": CREDS["access_key"], "SecretKey": "x"}).status_code == 401
    basic = base64.b64encode(("%s:%s" % (CREDS["username"], CREDS["password"])).encode()).decode()
    assert api.get(API + "/projects", headers={"Authorization": "Basic " + basic}).status_code == 200
    with app.test_request_context():
        tokens = oks_cloud.seed(state(app).store, {"issue_tokens": True})["tokens"]
    answer = api.get(
        API + "/projects", headers={"AccessToken": tokens["access_token"], "RefreshToken": tokens["refresh_token"]}
    )
    assert answer.status_code == 200
    assert answer.headers["Access-Token"] != tokens["access_token"] and answer.headers["Refresh-Token"]
    assert (
        api.get(API + "/projects", headers={"AccessToken": "a.b.c"}).json["Errors"][0]["Details"]
        == "Unauthorized: Invalid JWT."
    )


def test_otp_required_when_set(app, api):
    with app.test_request_context():
        oks_cloud.seed(state(app).store, {"otp_code": "123456"})
    answer = api.get(API + "/projects", headers=KEYS)
    assert answer.status_code == 401 and answer.json["otp_required"] is True
    assert api.get(API + "/projects", headers=dict(KEYS, **{"X-OTP-Code": "123456"})).status_code == 200


def test_seeding_a_thousand_clusters_is_fast(app, api):
    started = time.monotonic()
    seeded = oks_cloud.seed(state(app).store, {"count": 1000})
    assert time.monotonic() - started < 5
    assert len(seeded["clusters"]) == 1000 and len(seeded["projects"]) == 20
    clusters = api.get(API + "/clusters/all", headers=KEYS).json["Clusters"]
    assert len(clusters) == 1000 and {item["statuses"]["status"] for item in clusters} == {"ready"}
