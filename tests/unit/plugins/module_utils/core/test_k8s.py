# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""core/k8s.py: the kubeconfig it reads (server, CA, client certificate and key in 0600 files removed on close,
bearer token), the calls (get, create, merge-patch, delete, list with continue tokens) and the Status errors, against
a small API server of the emulator frame (the client certificate path over TLS runs in the OKS emulator tests)."""

from __future__ import annotations

import base64
import os

import pytest

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.errors import ApiError, KubeconfigError
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.k8s import KubeClient, object_path
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.redact import known_secrets, redact_text

pytest.importorskip("requests")
flask = pytest.importorskip("flask")

from mockcloud.spec import CloudSpec  # noqa: E402  pylint: disable=wrong-import-position

TOKEN = "k8s-token-0123456789abcdef"
SEEN = []


def api_server():
    """Widgets (group example.dev/v1, cluster-scoped): what a Kubernetes API server answers, Status errors included."""
    blueprint = flask.Blueprint("k8s_example", __name__)
    widgets = {}

    def status(code, reason, message):
        response = flask.jsonify(
            {
                "kind": "Status",
                "apiVersion": "v1",
                "metadata": {},
                "status": "Failure",
                "message": message,
                "reason": reason,
                "code": code,
            }
        )
        response.status_code = code
        return response

    @blueprint.before_request
    def authenticate():
        SEEN.append((flask.request.method, flask.request.headers.get("Content-Type")))
        if flask.request.headers.get("Authorization") != "Bearer " + TOKEN:
            return status(401, "Unauthorized", "Unauthorized")
        return None

    @blueprint.route("/apis/example.dev/v1/widgets", methods=["GET"])
    def list_widgets():
        names = sorted(widgets)
        start = int(flask.request.args.get("continue") or 0)
        page = names[start : start + 2]
        metadata = {"continue": str(start + 2)} if start + 2 < len(names) else {}
        return flask.jsonify({"kind": "WidgetList", "metadata": metadata, "items": [widgets[name] for name in page]})

    @blueprint.route("/apis/example.dev/v1/widgets", methods=["POST"])
    def create_widget():
        body = flask.request.get_json()
        name = body["metadata"]["name"]
        if name in widgets:
            return status(409, "AlreadyExists", 'widgets.example.dev "%s" already exists' % name)
        widgets[name] = body
        return flask.jsonify(body), 201

    @blueprint.route("/apis/example.dev/v1/widgets/<name>", methods=["GET", "PATCH", "DELETE"])
    def one_widget(name):
        if name not in widgets:
            return status(404, "NotFound", 'widgets.example.dev "%s" not found' % name)
        if flask.request.method == "DELETE":
            return flask.jsonify(widgets.pop(name))
        if flask.request.method == "PATCH":
            widgets[name]["spec"].update(flask.request.get_json()["spec"])
        return flask.jsonify(widgets[name])

    return CloudSpec(name="k8s_example", blueprint=blueprint, prefix="/k8s-example")


@pytest.fixture
def server(start_mockcloud, monkeypatch):
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    SEEN.clear()
    return start_mockcloud(extra_clouds=[api_server()], discover=False)


def kubeconfig(server_url, user=None, cluster=None):
    return {
        "apiVersion": "v1",
        "kind": "Config",
        "clusters": [{"name": "c", "cluster": dict({"server": server_url}, **(cluster or {}))}],
        "users": [{"name": "u", "user": user if user is not None else {"token": TOKEN}}],
        "contexts": [{"name": "ctx", "context": {"cluster": "c", "user": "u"}}],
        "current-context": "ctx",
    }


WIDGETS = object_path("example.dev/v1", "widgets")


def widget(name):
    return {"apiVersion": "example.dev/v1", "kind": "Widget", "metadata": {"name": name}, "spec": {"size": 1}}


def test_paths_of_the_core_group_and_of_the_others():
    assert object_path("v1", "nodes") == "/api/v1/nodes"
    assert object_path("v1", "pods", "p", namespace="ns") == "/api/v1/namespaces/ns/pods/p"
    assert object_path("oks.example/v1beta2", "things", "t") == "/apis/oks.example/v1beta2/things/t"


def test_one_object_at_a_time_and_lists_across_pages(server):
    with KubeClient(kubeconfig(server.cloud_url("k8s_example")), retries=0) as client:
        assert client.get(WIDGETS + "/a") is None
        for name in ("a", "b", "c"):
            assert client.create(WIDGETS, widget(name))["metadata"]["name"] == name
        with pytest.raises(ApiError) as conflict:
            client.create(WIDGETS, widget("a"))
        assert (conflict.value.status, conflict.value.code) == (409, "AlreadyExists")
        assert conflict.value.message == 'widgets.example.dev "a" already exists'
        assert [item["metadata"]["name"] for item in client.list(WIDGETS)] == ["a", "b", "c"]
        assert client.merge_patch(WIDGETS + "/b", {"spec": {"size": 3}})["spec"]["size"] == 3
        assert ("PATCH", "application/merge-patch+json") in SEEN
        assert client.delete(WIDGETS + "/b") is True
        assert client.delete(WIDGETS + "/b") is False
        with pytest.raises(ApiError) as missing:
            client.merge_patch(WIDGETS + "/b", {"spec": {}})
        assert (missing.value.status, missing.value.code) == (404, "NotFound")


def test_the_bearer_token_is_sent_and_registered_as_a_secret(server):
    with KubeClient(
        kubeconfig(server.cloud_url("k8s_example"), user={"token": "wrong-token-0000"}), retries=0
    ) as client:
        with pytest.raises(ApiError) as refused:
            client.list(WIDGETS)
    assert (refused.value.status, refused.value.code) == (401, "Unauthorized")
    assert "wrong-token-0000" in known_secrets() and redact_text("x wrong-token-0000 y") == "x ******** y"


def test_inline_certificates_go_to_0600_files_removed_on_close(server):
    key = b"-----BEGIN EC PRIVATE KEY-----\nnot-a-real-key\n-----END EC PRIVATE KEY-----\n"
    user = {
        "token": TOKEN,
        "client-certificate-data": base64.b64encode(b"certificate").decode(),
        "client-key-data": base64.b64encode(key).decode(),
    }
    cluster = {"certificate-authority-data": base64.b64encode(b"authority").decode()}
    client = KubeClient(kubeconfig("https://127.0.0.1:1", user=user, cluster=cluster))
    files = list(client._files)  # pylint: disable=protected-access
    assert len(files) == 3 and all(os.stat(path).st_mode & 0o777 == 0o600 for path in files)
    assert client.http.session.cert == (files[1], files[2]) and client.http.verify == files[0]
    assert key.decode() in known_secrets()
    client.close()
    assert not any(os.path.exists(path) for path in files)


@pytest.mark.parametrize(
    "config, message",
    [
        ({"kind": "Config", "clusters": [], "contexts": []}, "has no context"),
        (kubeconfig("ftp://host"), "has no https:// server"),
        (kubeconfig("https://h", user={"client-certificate-data": "Y2VydA=="}), "client certificate without its key"),
        (
            kubeconfig("https://h", cluster={"certificate-authority-data": "%%%"}),
            "certificate-authority-data is not base64",
        ),
    ],
)
def test_unusable_kubeconfigs_are_refused_and_leave_no_file(config, message, monkeypatch):
    made = []
    real_mkstemp = __import__("tempfile").mkstemp

    def tracking(*args, **kwargs):
        handle, path = real_mkstemp(*args, **kwargs)
        made.append(path)
        return handle, path

    monkeypatch.setattr("tempfile.mkstemp", tracking)
    with pytest.raises(KubeconfigError, match=message):
        KubeClient(config)
    assert not any(os.path.exists(path) for path in made)
