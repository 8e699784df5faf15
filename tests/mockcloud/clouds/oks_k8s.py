# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Kubernetes API of each OKS cluster, as far as node pools go: NodePool objects (oks.dev/v1beta2) and Nodes.

Where: a TLS listener of its own (started with the first kubeconfig the OKS emulator hands out while this cloud is
served), one path prefix per cluster: ``https://127.0.0.1:<port>/oks-k8s/<cluster_id>``, which is the ``server`` of
the kubeconfigs of clouds/oks.py. Its certificate is signed by a test CA made for the listener, which is the
kubeconfig's ``certificate-authority-data``.

Behaviour (sources in ../FIDELITY.md and /tmp/fidelity-oks.md):
- authentication by the client certificate of a kubeconfig of that cluster (signed by the cluster's CA, see
  oks_certs.py), checked as kube-apiserver does: no certificate, another cluster's, or an expired one answers 401
  ``Status`` Unauthorized; a cluster that does not exist (or no longer) has no API server: 404;
- NodePools are cluster-scoped (``/apis/oks.dev/v1beta2/nodepools[/name]``): list, get, create (201; 409
  AlreadyExists; 422 Invalid with the CRD's schema and rules), merge-patch (``application/merge-patch+json``
  only; 415 otherwise), delete (the pool keeps a finalizer while its nodes go, then disappears);
- a pool's nodes go pending -> running -> ready over emulated time (``status.progress``), and away when scaled down
  or deleted; ``GET /api/v1/nodes`` lists them; a cluster's deletion removes its pools (``forget_cluster``).
"""

from __future__ import annotations

import copy
import datetime
import itertools
import json
import os
import re
import ssl
import threading

from cryptography import x509
from flask import Blueprint, current_app, g, jsonify, request

from ..context import state, store
from ..server import make_mock_server
from ..spec import CloudSpec
from . import oks_certs as certs, oks_k8s_schema as schema

NAME = "oks_k8s"
PREFIX = "/oks-k8s"
GROUP, VERSION, KIND, PLURAL = "oks.dev", "v1beta2", "NodePool", "nodepools"
API_VERSION = "%s/%s" % (GROUP, VERSION)
FINALIZER = "oks.dev/nodepool"
POOL_LABEL = "oks.dev/nodepool"
# Emulated seconds (the emulator's own timings): a new node's VM boots, then the node joins and is Ready; a removed
# node drains and stops; a pool whose nodes are gone loses its finalizer.
NODE_BOOT = 40
NODE_JOIN = 20
NODE_DRAIN = 20
STATE_TTL = 3600
# OpenSSL's X509_V_FLAG_NO_CHECK_TIME: the handshake accepts an expired client certificate, so that the API server
# itself answers 401 for it, as kube-apiserver does (it verifies client certificates in its authenticator).
NO_CHECK_TIME = 0x200000
NAME_PATTERN = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
MERGE_PATCH = "application/merge-patch+json"
_VERSIONS = itertools.count(1000)
_LOCK = threading.Lock()
EXTENSION = "mockcloud_oks_k8s"

blueprint = Blueprint("mockcloud_oks_k8s", __name__)


# --- answers --------------------------------------------------------------------------------------------------


def status(code, reason, message, details=None):
    """A Kubernetes Status answer (what kube-apiserver answers on every error)."""
    body = {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure", "message": message}
    body["reason"] = reason
    if details is not None:
        body["details"] = details
    body["code"] = code
    response = jsonify(body)
    response.status_code = code
    return response


def error(code, reason, message):
    return status(code, reason, message)


class Refusal(Exception):
    def __init__(self, response):
        super().__init__(response.get_json().get("message"))
        self.response = response


@blueprint.errorhandler(Refusal)
def _refusal(refusal):
    return refusal.response


def not_found(name):
    return Refusal(
        status(
            404,
            "NotFound",
            '%s.%s "%s" not found' % (PLURAL, GROUP, name),
            {"name": name, "group": GROUP, "kind": PLURAL},
        )
    )


def invalid(name, causes):
    """422 Invalid, as the API server answers a CRD object that breaks its schema or its rules."""
    listing = ", ".join("%s: %s" % (field, message) for field, message in causes)
    return Refusal(
        status(
            422,
            "Invalid",
            '%s.%s "%s" is invalid: %s' % (KIND, GROUP, name, listing),
            {
                "name": name,
                "group": GROUP,
                "kind": KIND,
                "causes": [
                    {"reason": "FieldValueInvalid", "message": message, "field": field} for field, message in causes
                ],
            },
        )
    )


def answer(body, code=200):
    response = jsonify(body)
    response.status_code = code
    return response


def now_iso():
    return store().clock.iso()


# --- the TLS listener -----------------------------------------------------------------------------------------


class Listener:
    """HTTPS for the clusters' API servers: one port, the same app, client certificates asked for (not required)."""

    def __init__(self, app, host="127.0.0.1", port=0):
        import trustme  # pylint: disable=import-outside-toplevel

        self.authority = trustme.CA(organization_name="mockcloud OKS Kubernetes API")
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.authority.issue_cert("127.0.0.1", "localhost").configure_cert(self.context)
        self.context.verify_mode = ssl.CERT_OPTIONAL
        self.context.verify_flags |= NO_CHECK_TIME
        certs.on_new_authority(self.trust)
        self.server = make_mock_server(app, host, port, ssl_context=self.context)
        self.url = "https://%s:%d" % (host, self.server.port)
        self.ca_pem = self.authority.cert_pem.bytes()
        threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, name="mockcloud-oks-k8s", daemon=True
        ).start()

    def trust(self, certificate):
        """Client certificates signed by this cluster CA pass the handshake (the view still checks the cluster)."""
        from cryptography.hazmat.primitives import serialization  # pylint: disable=import-outside-toplevel

        self.context.load_verify_locations(cadata=certificate.public_bytes(serialization.Encoding.PEM).decode())

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def listener(app=None):
    """The app's listener, started on first use (MOCKCLOUD_OKS_K8S_PORT picks the port; default a free one)."""
    app = app or current_app._get_current_object()  # pylint: disable=protected-access
    with _LOCK:
        if EXTENSION not in app.extensions:
            app.extensions[EXTENSION] = Listener(app, port=int(os.environ.get("MOCKCLOUD_OKS_K8S_PORT") or 0))
        return app.extensions[EXTENSION]


def served():
    """True when the running app serves this cloud (the OKS emulator then points kubeconfigs here)."""
    return NAME in state().clouds


def server_for(cluster_id):
    """(server URL, CA PEM of the listener) for a cluster's kubeconfig."""
    found = listener()
    return "%s%s/%s" % (found.url, PREFIX, cluster_id), found.ca_pem


# --- authentication ---------------------------------------------------------------------------------------------


def _cluster(cluster_id):
    record = store().collection("oks", "clusters").get(cluster_id)
    if record is None or record.get("_deleted"):
        return None
    return record


def unauthorized():
    return status(401, "Unauthorized", "Unauthorized")


def verify(incoming):
    """The client certificate must be one the cluster's CA signed, and not expired; else 401 as kube-apiserver."""
    parts = incoming.path[len(PREFIX) :].split("/")
    cluster_id = parts[1] if len(parts) > 1 else ""
    if _cluster(cluster_id) is None:
        return status(404, "NotFound", "the server could not find the requested resource")
    pem = incoming.environ.get("SSL_CLIENT_CERT")
    authority = certs.known_authority(cluster_id)
    if not pem or authority is None:
        return unauthorized()
    try:
        certificate = x509.load_pem_x509_certificate(pem.encode("ascii"))
        certificate.verify_directly_issued_by(authority)
    except Exception:  # pylint: disable=broad-except  # any certificate the cluster CA did not sign
        return unauthorized()
    if certificate.not_valid_after_utc < datetime.datetime.now(datetime.timezone.utc):
        return unauthorized()
    g.oks_k8s_cluster = cluster_id
    return None


# --- node pools: storage and the passing of time -----------------------------------------------------------------


def pools():
    return store().collection(NAME, "nodepools")


def key(cluster_id, name):
    return "%s/%s" % (cluster_id, name)


def _progress(record):
    nodes = record["_nodes"]
    counts = dict.fromkeys(schema.COUNTS, 0)
    for node in nodes:
        if node["phase"] == "pending":
            counts["pending"] += 1
        elif node["phase"] == "stopping":
            counts["stopping"] += 1
        else:
            counts["running"] += 1
            if node["phase"] == "ready":
                counts["ready"] += 1
                counts["attached"] += 1
    return counts


def _refresh(record, clock):
    """status from the nodes: the state is idle once every wanted node is Ready and none is going away."""
    progress = _progress(record)
    wanted = record["spec"].get("desiredNodes", 0)
    settled = progress["ready"] == wanted and progress["pending"] == progress["stopping"] == 0
    # The two state names the vendor's Terraform documentation shows (oks_manifest wait_for: "idle|reconciliation").
    name = "idle" if settled and not record["metadata"].get("deletionTimestamp") else "reconciliation"
    stamp = datetime.datetime.fromtimestamp(clock.wall() + STATE_TTL, datetime.timezone.utc)
    record["status"] = {
        "last_error": record["status"]["last_error"] if record.get("status") else {"message": "", "posted": ""},
        "progress": progress,
        "state": {"name": name, "expires": stamp.strftime("%Y-%m-%dT%H:%M:%SZ")},
    }


def _node_step(node, phase, clock, collection, pool_key):
    def change(record):
        if node in record["_nodes"]:
            if phase is None:
                record["_nodes"].remove(node)
            else:
                node["phase"] = phase
        _refresh(record, clock)
        if record["metadata"].get("deletionTimestamp") and not record["_nodes"]:
            collection.pop(pool_key, None)

    return change


def reconcile(record, cluster_id):
    """Bring the pool's nodes to spec.desiredNodes (all of them away when the pool is being deleted)."""
    clock, collection = store().clock, pools()
    pool_key = key(cluster_id, record["metadata"]["name"])
    active = [node for node in record["_nodes"] if node["phase"] != "stopping"]
    wanted = 0 if record["metadata"].get("deletionTimestamp") else record["spec"].get("desiredNodes", 0)
    zones = record["spec"].get("zones") or ["eu-west-2a"]
    for index in range(len(active), wanted):
        node = {
            "name": "%s-%s" % (record["metadata"]["name"], store().new_id()[:5]),
            "zone": zones[index % len(zones)],
            "phase": "pending",
        }
        record["_nodes"].append(node)
        store().schedule(record, NODE_BOOT, _node_step(node, "running", clock, collection, pool_key))
        store().schedule(record, NODE_BOOT + NODE_JOIN, _node_step(node, "ready", clock, collection, pool_key))
    for node in reversed(active[wanted:] if wanted < len(active) else []):
        node["phase"] = "stopping"
        store().schedule(record, NODE_DRAIN, _node_step(node, None, clock, collection, pool_key))
    _refresh(record, clock)
    if record["metadata"].get("deletionTimestamp") and not record["_nodes"]:
        collection.pop(pool_key, None)


def public(record):
    return copy.deepcopy({name: value for name, value in record.items() if not name.startswith("_")})


def forget_cluster(collection, cluster_id):
    """A deleted cluster takes its node pools with it (called by clouds/oks.py when the cluster goes)."""
    for record in collection.values():
        if record["_cluster"] == cluster_id:
            collection.pop(key(cluster_id, record["metadata"]["name"]), None)


# --- validation -----------------------------------------------------------------------------------------------


def _type_name(value):
    return {bool: "boolean", int: "integer", float: "number", str: "string", list: "array", dict: "object"}.get(
        type(value), "null"
    )


def _schema_causes(body):
    import jsonschema  # pylint: disable=import-outside-toplevel

    causes = []
    validator = jsonschema.Draft7Validator(schema.NODEPOOL)
    for problem in sorted(validator.iter_errors(body), key=lambda item: list(item.absolute_path)):
        field = ".".join(str(part) if not isinstance(part, int) else "[%d]" % part for part in problem.absolute_path)
        field = field.replace(".[", "[")
        if problem.validator == "required":
            missing = problem.message.split("'")[1]
            causes.append(("%s.%s" % (field, missing) if field else missing, "Required value"))
        elif problem.validator == "type":
            kind = _type_name(problem.instance)
            causes.append(
                (
                    field,
                    'Invalid value: "%s": %s in body must be of type %s: "%s"'
                    % (kind, field, problem.validator_value, kind),
                )
            )
        else:
            causes.append((field, "Invalid value: %s: %s" % (json.dumps(problem.instance), problem.message)))
    return causes


def check(body, name):
    """422 when the object breaks the CRD's schema or its rules; 400 for a wrong apiVersion or kind."""
    if body.get("apiVersion") != API_VERSION or body.get("kind") != KIND:
        raise Refusal(
            status(
                400,
                "BadRequest",
                "the API version in the data (%s) does not match the expected API version (%s)"
                % (body.get("apiVersion"), API_VERSION),
            )
        )
    if not name or len(name) > 253 or not NAME_PATTERN.match(name):
        raise invalid(
            name,
            [
                (
                    "metadata.name",
                    "Invalid value: %s: a lowercase RFC 1123 subdomain must consist of lower case alphanumeric "
                    "characters, '-' or '.', and must start and end with an alphanumeric character" % json.dumps(name),
                )
            ],
        )
    causes = _schema_causes(body)
    if not causes:
        causes = schema.rule_violations(body.get("spec") or {})
    if causes:
        raise invalid(name, causes)


def with_defaults(spec):
    """The CRD's defaults: desiredNodes, minNodes, maxNodes 0, autoHealing true, autoscaling and taint false."""
    filled = {
        "autoHealing": True,
        "autoscaling": False,
        "desiredNodes": 0,
        "maxNodes": 0,
        "minNodes": 0,
        "taint": False,
    }
    filled.update(spec)
    for volume in filled.get("volumes") or []:
        if isinstance(volume, dict):
            volume.setdefault("iops", 0)
    return filled


def merge_patch(target, patch):
    """RFC 7386."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = dict(target) if isinstance(target, dict) else {}
    for name, value in patch.items():
        if value is None:
            result.pop(name, None)
        else:
            result[name] = merge_patch(result.get(name), value)
    return result


# --- views ----------------------------------------------------------------------------------------------------

COLLECTION = "/<cluster_id>/apis/%s/%s/%s" % (GROUP, VERSION, PLURAL)


def _body():
    try:
        body = json.loads(request.get_data(as_text=True) or "null")
    except ValueError as problem:
        raise Refusal(status(400, "BadRequest", "the body of the request could not be read: %s" % problem)) from None
    if not isinstance(body, dict):
        raise Refusal(status(400, "BadRequest", "the body of the request is not a JSON object"))
    return body


def _pool_or_404(cluster_id, name):
    record = pools().get(key(cluster_id, name))
    if record is None:
        raise not_found(name)
    return record


@blueprint.route(COLLECTION, methods=["GET"])
def list_pools(cluster_id):
    items = sorted(
        (public(record) for record in pools().values() if record["_cluster"] == cluster_id),
        key=lambda item: item["metadata"]["name"],
    )
    return answer(
        {
            "apiVersion": API_VERSION,
            "kind": "NodePoolList",
            "metadata": {"resourceVersion": str(next(_VERSIONS))},
            "items": items,
        }
    )


@blueprint.route(COLLECTION, methods=["POST"])
def create_pool(cluster_id):
    body = _body()
    metadata = body.get("metadata") or {}
    name = metadata.get("name")
    check(body, name)
    with store().lock:
        if pools().get(key(cluster_id, name)) is not None:
            raise Refusal(
                status(
                    409,
                    "AlreadyExists",
                    '%s.%s "%s" already exists' % (PLURAL, GROUP, name),
                    {"name": name, "group": GROUP, "kind": PLURAL},
                )
            )
        record = {
            "apiVersion": API_VERSION,
            "kind": KIND,
            "metadata": {
                "name": name,
                "uid": store().new_id(),
                "resourceVersion": str(next(_VERSIONS)),
                "generation": 1,
                "creationTimestamp": now_iso(),
                "finalizers": [FINALIZER],
            },
            "spec": with_defaults(copy.deepcopy(body["spec"])),
            "_cluster": cluster_id,
            "_nodes": [],
        }
        for field in ("labels", "annotations"):
            if metadata.get(field):
                record["metadata"][field] = dict(metadata[field])
        pools().put(key(cluster_id, name), record)
        reconcile(record, cluster_id)
    return answer(public(record), 201)


@blueprint.route(COLLECTION + "/<name>", methods=["GET"])
def get_pool(cluster_id, name):
    return answer(public(_pool_or_404(cluster_id, name)))


@blueprint.route(COLLECTION + "/<name>", methods=["PATCH"])
def patch_pool(cluster_id, name):
    content_type = (request.headers.get("Content-Type") or "").split(";")[0].strip()
    if content_type != MERGE_PATCH:
        raise Refusal(
            status(
                415,
                "UnsupportedMediaType",
                "the body of the request was in an unknown format - accepted media types include: "
                "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml",
            )
        )
    patch = _body()
    changes = patch.get("metadata") or {}
    with store().lock:
        record = _pool_or_404(cluster_id, name)
        spec = merge_patch(record["spec"], patch["spec"]) if "spec" in patch else record["spec"]
        check({"apiVersion": API_VERSION, "kind": KIND, "metadata": {"name": name}, "spec": spec}, name)
        spec = with_defaults(spec)
        if spec != record["spec"]:
            record["metadata"]["generation"] += 1
        record["spec"] = spec
        for field in ("labels", "annotations"):
            if field in changes:
                merged = merge_patch(record["metadata"].get(field) or {}, changes[field] or {})
                if merged:
                    record["metadata"][field] = merged
                else:
                    record["metadata"].pop(field, None)
        record["metadata"]["resourceVersion"] = str(next(_VERSIONS))
        reconcile(record, cluster_id)
    return answer(public(record))


@blueprint.route(COLLECTION + "/<name>", methods=["DELETE"])
def delete_pool(cluster_id, name):
    with store().lock:
        record = _pool_or_404(cluster_id, name)
        if not record["metadata"].get("deletionTimestamp"):
            record["metadata"]["deletionTimestamp"] = now_iso()
            record["metadata"]["resourceVersion"] = str(next(_VERSIONS))
            reconcile(record, cluster_id)
    return answer(public(record))


@blueprint.route("/<cluster_id>/api/v1/nodes", methods=["GET"])
def list_nodes(cluster_id):
    items = []
    for record in pools().values():
        if record["_cluster"] != cluster_id:
            continue
        for node in record["_nodes"]:
            if node["phase"] == "pending":
                continue
            ready = "True" if node["phase"] == "ready" else "False"
            items.append(
                {
                    "apiVersion": "v1",
                    "kind": "Node",
                    "metadata": {
                        "name": node["name"],
                        "labels": dict(
                            record["spec"].get("nodeLabels") or {},
                            **{
                                POOL_LABEL: record["metadata"]["name"],
                                "node.kubernetes.io/instance-type": record["spec"]["nodeType"],
                                "topology.kubernetes.io/zone": node["zone"],
                            },
                        ),
                    },
                    "spec": {"unschedulable": node["phase"] == "stopping"},
                    "status": {"conditions": [{"type": "Ready", "status": ready}]},
                }
            )
    selector = request.args.get("labelSelector")
    if selector and "=" in selector:
        label, _sep, value = selector.partition("=")
        items = [item for item in items if item["metadata"]["labels"].get(label) == value]
    return answer(
        {"apiVersion": "v1", "kind": "NodeList", "metadata": {"resourceVersion": str(next(_VERSIONS))}, "items": items}
    )


class Contract:
    """Answers are checked against the CRD's schema (a NodePool, or the items of a NodePoolList)."""

    @staticmethod
    def check_request(method, path, query, body_text):
        return None

    @staticmethod
    def check_response(method, path, status_code, body):
        import jsonschema  # pylint: disable=import-outside-toplevel

        if "/apis/%s/%s/%s" % (GROUP, VERSION, PLURAL) not in path or not isinstance(body, dict):
            return []
        objects = body.get("items", []) if body.get("kind") == "NodePoolList" else [body]
        validator = jsonschema.Draft7Validator(schema.NODEPOOL)
        return [
            "%s: %s" % ("/".join(str(part) for part in problem.absolute_path), problem.message)
            for item in objects
            for problem in validator.iter_errors(item)
        ]


def reset(_store):
    """Node pools live in the store, which the frame clears; the listener and its port stay."""


CLOUD = CloudSpec(
    name=NAME,
    blueprint=blueprint,
    prefix=PREFIX,
    verify=verify,
    reset=reset,
    error=error,
    contract=Contract(),
    bad_request=lambda message: status(400, "BadRequest", message),
)
