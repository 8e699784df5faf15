# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Exoscale SKS (API v2) under /sks/v2: clusters, versions, node pools, instance types, kubeconfigs, operations.

Behaviour, as the vendor's spec, SDKs and CLI describe it:
- every mutation answers a pending Operation; the resource moves through a transient state (creating, updating,
  upgrading, scaling, deleting) and the Operation turns to success when it settles (delays in emulated seconds);
- requests carry an EXO2-HMAC-SHA256 signature (the collection's own signer is reused to check it); a missing,
  wrong or expired one gets 403;
- request bodies and parameters are checked against the vendor's OpenAPI spec when the ``exoscale`` package is
  installed (openapi.py, through the frame); every error is ``{"message": ...}``: the SKS paths of the spec declare
  no error answer (its RFC 9457 ``error-response`` is used by the ai, kms-key and environmental-impact paths only),
  and egoscale v2 and v3 read ``message`` (terraform-provider-exoscale matches the text of such a message);
- a cluster that still has node pools cannot be deleted; upgrades go up one minor version at a time;
- add-ons: Karpenter needs the cloud controller (exo CLI sks create/update); after creation the cloud controller and
  metrics-server cannot change and the CSI driver cannot be removed (exo CLI, Terraform: "may only be set at
  creation time", "disabling the CSI addon is not supported");
- node pool names are lowercase only (the spec's description of ``name`` in create/update-sks-nodepool); a node pool
  can be scaled to 0 (scale-sks-nodepool ``size`` minimum 0);
- explicit actions: credential rotations (``PUT /sks-cluster/{id}/rotate-ccm-credentials``, ``rotate-csi-credentials``,
  ``rotate-karpenter-credentials``, ``rotate-operators-ca``) put the cluster in the spec's ``rotating-*`` state (the
  operators CA has none: ``updating``) and answer an Operation; ``:evict`` removes the given compute instances from
  a node pool and shrinks it by as many (spec ``evict-sks-nodepool-members``); ``GET /instance?manager-id=`` lists
  a node pool's members (as many as its size, kept in step lazily);
- audit: the bearer token is write-only (``sks-audit`` in answers has no bearer-token); the emulator keeps the last
  one sent per cluster in the ``audit-tokens`` kind of the store, for tests;
- auto-upgrade: ``POST /_admin/seed {"cloud": "sks", "count": 0, "maintenance": true}`` moves every cluster with
  ``auto-upgrade`` to the newest offered patch of its minor version, as the cloud does on its own.

Tests can make the next operations of a kind fail: ``POST /_admin/seed {"cloud": "sks", "count": 0,
"operation_failures": [{"command": "upgrade-sks-cluster", "reason": "unavailable", "message": "..."}]}``.
"""

from __future__ import annotations

import base64
import datetime
import pathlib
import sys
import time
import uuid

from flask import Blueprint, jsonify, request

from ..context import clock, store
from ..credentials import for_cloud
from ..openapi import load as load_contract
from ..spec import CloudSpec
from . import sks_kubeconfig

NAME = "sks"


def _exoscale_openapi():
    """The vendor's OpenAPI document, shipped in the PyPI exoscale package (test-only); None without it."""
    try:
        import exoscale  # pylint: disable=import-outside-toplevel
    except ImportError:
        return None
    path = pathlib.Path(exoscale.__file__).with_name("openapi.json")
    return load_contract(path) if path.is_file() else None


SPEC = _exoscale_openapi()
PREFIX = "/sks/v2"
ZONE = "ch-gva-2"

DELAYS = {
    "create-sks-cluster": 10,
    "update-sks-cluster": 2,
    "upgrade-sks-cluster": 8,
    "upgrade-sks-cluster-service-level": 4,
    "delete-sks-cluster": 5,
    "create-sks-nodepool": 8,
    "update-sks-nodepool": 2,
    "scale-sks-nodepool": 4,
    "delete-sks-nodepool": 4,
    "evict-sks-nodepool-members": 4,
    "rotate-sks-ccm-credentials": 3,
    "rotate-sks-csi-credentials": 3,
    "rotate-sks-karpenter-credentials": 3,
    "rotate-sks-operators-ca": 3,
}
# PUT /sks-cluster/{id}/<path>: (operation command, the cluster's state meanwhile). The spec's sks-cluster.state has
# rotating-ccm/csi/karpenter-credentials, nothing for the operators CA.
ROTATIONS = {
    "rotate-ccm-credentials": ("rotate-sks-ccm-credentials", "rotating-ccm-credentials"),
    "rotate-csi-credentials": ("rotate-sks-csi-credentials", "rotating-csi-credentials"),
    "rotate-karpenter-credentials": ("rotate-sks-karpenter-credentials", "rotating-karpenter-credentials"),
    "rotate-operators-ca": ("rotate-sks-operators-ca", "updating"),
}
DEFAULT_AUDIT_BACKOFF = "10s"
VERSIONS = ("1.33.2", "1.32.6", "1.31.10")
DEPRECATED_VERSIONS = ("1.30.14",)
DEFAULT_KUBECONFIG_TTL = 30 * 24 * 3600
CCM_ADDON = "exoscale-cloud-controller"
CSI_ADDON = "exoscale-container-storage-interface"
KARPENTER_ADDON = "karpenter"
METRICS_ADDON = "metrics-server"
CREATION_ONLY_ADDONS = (CCM_ADDON, METRICS_ADDON)

_NAMESPACE = uuid.UUID("5d0c7bb2-4a52-4c1e-9d36-6b6f636b636c")


def _instance_type(family, size, cpus, memory_gib, gpus=None):
    item = {
        "id": str(uuid.uuid5(_NAMESPACE, "%s.%s" % (family, size))),
        "family": family,
        "size": size,
        "cpus": cpus,
        "memory": memory_gib * 1024**3,
        "authorized": True,
        "zones": [ZONE],
    }
    if gpus:
        item["gpus"] = gpus
    return item


INSTANCE_TYPES = [
    _instance_type("standard", "micro", 1, 1),
    _instance_type("standard", "tiny", 1, 2),
    _instance_type("standard", "small", 2, 2),
    _instance_type("standard", "medium", 2, 4),
    _instance_type("standard", "large", 4, 8),
    _instance_type("standard", "extra-large", 4, 16),
    _instance_type("standard", "huge", 8, 32),
    _instance_type("cpu", "extra-large", 8, 16),
    _instance_type("memory", "extra-large", 4, 32),
    _instance_type("gpu3", "small", 12, 56, gpus=1),
]
INSTANCE_TYPE_IDS = {item["id"] for item in INSTANCE_TYPES}

DEPLOY_TARGETS = [
    {
        "id": str(uuid.uuid5(_NAMESPACE, "deploy-target-%s" % name)),
        "name": name,
        "type": kind,
        "description": description,
    }
    for name, kind, description in (
        ("dedicated-1", "dedicated", "Dedicated hypervisors"),
        ("edge-gva", "edge", "Edge location"),
    )
]
DEPLOY_TARGET_IDS = {item["id"] for item in DEPLOY_TARGETS}

blueprint = Blueprint("mockcloud_sks", __name__)


# --- the collection's signer, reused -------------------------------------------------------------------------


def _import_signer():
    """The collection's EXO2-HMAC-SHA256 module, importable from a checkout, its build/ tree or ansible-test's copy."""
    try:
        from ansible_collections.managedk8s.clusters.plugins.module_utils.auth import exoscale as signer

        return signer
    except ImportError:
        pass
    here = pathlib.Path(__file__).absolute()
    for root in (here.parents[3], here.resolve().parents[3]):
        candidates = [root / "build"]
        if root.parent.name == "managedk8s" and root.parent.parent.name == "ansible_collections":
            candidates.insert(0, root.parents[2])
        for candidate in candidates:
            if (candidate / "ansible_collections").is_dir() and str(candidate) not in sys.path:
                sys.path.append(str(candidate))
    from ansible_collections.managedk8s.clusters.plugins.module_utils.auth import exoscale as signer

    return signer


SIGNER = _import_signer()


# --- helpers -------------------------------------------------------------------------------------------------


def error(status, code, message):  # pylint: disable=unused-argument
    """Exoscale's error shape: only a message."""
    response = jsonify({"message": message})
    response.status_code = status
    return response


def clusters():
    return store().collection(NAME, "clusters")


def operations():
    return store().collection(NAME, "operations")


def _failures():
    return store().collection(NAME, "operation-failures")


def instances():
    return store().collection(NAME, "instances")


def audit_tokens():
    return store().collection(NAME, "audit-tokens")


def _keep_audit_token(cluster_id, audit):
    """The bearer token is write-only: kept apart for tests, never in an answer."""
    if audit and audit.get("bearer-token"):
        audit_tokens().put(cluster_id, {"id": cluster_id, "bearer-token": audit["bearer-token"]})
    return {key: value for key, value in (audit or {}).items() if key != "bearer-token"}


def _members(pool):
    """The compute instances of a node pool, as many as its size (added or removed as the size moved)."""
    pool_id = pool["instance-pool"]["id"]
    collection = instances()
    current = [item for item in collection.values() if item["manager"]["id"] == pool_id]  # oldest first
    while len(current) > pool["size"]:
        collection.pop(current.pop()["id"])
    while len(current) < pool["size"]:
        instance_id = store().new_id()
        current.append(
            collection.add(
                {
                    "id": instance_id,
                    "name": "%s-%s" % (pool.get("instance-prefix") or "pool", instance_id.replace("-", "")[:5]),
                    "state": "running",
                    "manager": {"id": pool_id, "type": "instance-pool"},
                    "template": {"id": pool["template"]["id"]},
                    "labels": {},
                    "created-at": _now_iso(),
                }
            )
        )
    return current


def _sync_members():
    """Every node pool's members in step with its size; members of node pools gone are gone too."""
    pools = [pool for cluster in clusters().values() for pool in cluster["nodepools"] if pool.get("instance-pool")]
    for pool in pools:
        _members(pool)
    alive = {pool["instance-pool"]["id"] for pool in pools}
    for item in list(instances().values()):
        if item["manager"]["id"] not in alive:
            instances().pop(item["id"])


def _now_iso():
    return clock().iso()


def _cluster_or_404(cluster_id):
    cluster = clusters().get(cluster_id)
    if cluster is None:
        return None, error(404, "NotFound", "SKS cluster %s not found" % cluster_id)
    return cluster, None


def _nodepool(cluster, nodepool_id):
    return next((pool for pool in cluster["nodepools"] if pool["id"] == nodepool_id), None)


def _busy(kind, record, allowed=("running",)):
    if record.get("state") in allowed:
        return None
    return error(
        409,
        "Conflict",
        "%s %s is busy (state: %s), try again when it is running" % (kind, record["id"], record.get("state")),
    )


def _take_failure(command):
    for failure in _failures().values():
        if failure.get("command") in (None, command):
            _failures().pop(failure["id"])
            return failure
    return None


def start_operation(command, record, busy_state, apply, reference_id, link, undo=None):
    """Put record in busy_state and answer a pending Operation; after the command's delay, apply(record) runs
    and the operation succeeds, or (when a failure was injected) undo(record) runs and it fails."""
    operation = operations().add(
        {  # changed later in place by finish(), which needs no request context
            "id": store().new_id(),
            "state": "pending",
            "reference": {"id": reference_id, "link": "/v2/%s" % link, "command": command},
        }
    )
    failure = _take_failure(command)
    previous = record.get("state")
    record["state"] = busy_state

    def finish(_record):
        if failure is None:
            apply(record)
            operation["state"] = "success"
            return
        if undo is not None:
            undo(record)
        else:
            record["state"] = previous
        operation.update(
            {
                "state": failure.get("state", "failure"),
                "reason": failure.get("reason", "fault"),
                "message": failure.get("message", "the operation failed"),
            }
        )

    store().schedule(record, DELAYS[command], finish)
    return jsonify(operation)


def _version_key(version):
    return tuple(int(part) for part in version.split("."))


def _kebab_body():
    return request.get_json(silent=True) or {}


def _addons_problem(addons):
    if KARPENTER_ADDON in addons and CCM_ADDON not in addons:
        return error(400, "BadRequest", "The %s addon requires the %s addon" % (KARPENTER_ADDON, CCM_ADDON))
    return None


def _addons_change_problem(current, wanted):
    if CSI_ADDON in current and CSI_ADDON not in wanted:
        return error(400, "BadRequest", "Disabling the %s addon is not supported" % CSI_ADDON)
    for addon in CREATION_ONLY_ADDONS:
        if (addon in current) != (addon in wanted):
            return error(400, "BadRequest", "The %s addon can only be set when the cluster is created" % addon)
    return _addons_problem(wanted)


def _nodepool_name_problem(body):
    name = body.get("name")
    if isinstance(name, str) and name != name.lower():
        return error(400, "BadRequest", "Invalid nodepool name %s: lowercase only" % name)
    return None


# --- signature and spec checks -------------------------------------------------------------------------------


def verify(incoming):
    """403 unless the request carries a valid, unexpired EXO2-HMAC-SHA256 signature of the emulator's key."""
    header = incoming.headers.get("Authorization")
    if not header:
        return error(403, "Forbidden", "Missing authentication: an EXO2-HMAC-SHA256 Authorization header is required")
    try:
        fields = SIGNER.parse_exoscale_authorization(header)
    except ValueError as problem:
        return error(403, "Forbidden", "Invalid authorization header: %s" % problem)
    credentials = for_cloud(NAME)
    if fields["credential"] != credentials["api_key"]:
        return error(403, "Forbidden", "Invalid API key")
    if fields["expires"] < time.time():
        return error(403, "Forbidden", "Request expired")
    raw_uri = incoming.environ.get("RAW_URI") or incoming.environ.get("REQUEST_URI") or incoming.full_path
    path, _sep, query = raw_uri.partition("?")
    pairs = [(name, value) for name, value in SIGNER.parse_query(query) if name in fields["signed_query_args"]]
    expected = SIGNER.exoscale_signature(
        credentials["api_secret"], incoming.method, path, incoming.get_data(cache=True), pairs, fields["expires"]
    )
    if expected != fields["signature"]:
        return error(403, "Forbidden", "Invalid request signature")
    return None


# --- clusters ------------------------------------------------------------------------------------------------


@blueprint.route("/sks-cluster", methods=["GET"])
def list_clusters():
    return jsonify({"sks-clusters": clusters().values()})


@blueprint.route("/sks-cluster", methods=["POST"])
def create_cluster():
    body = _kebab_body()
    if body["version"] not in VERSIONS:
        return error(
            400, "BadRequest", "Invalid version %s, available versions: %s" % (body["version"], ", ".join(VERSIONS))
        )
    problem = _addons_problem(body.get("addons") or [])
    if problem:
        return problem
    cluster_id = store().new_id()
    cni = body.get("cni")
    cluster = {
        "id": cluster_id,
        "name": body["name"],
        "description": body.get("description") or "",
        "labels": body.get("labels") or {},
        "level": body["level"],
        "version": body["version"],
        "auto-upgrade": bool(body.get("auto-upgrade", False)),
        "addons": sorted(set(body.get("addons") or [])),
        "feature-gates": list(body.get("feature-gates") or []),
        "enable-kube-proxy": body.get("enable-kube-proxy", cni != "cilium"),
        "enable-operators-ca": True,
        "endpoint": "https://%s.sks-%s.exo.io:443" % (cluster_id, ZONE),
        "created-at": _now_iso(),
        "state": "creating",
        "nodepools": [],
    }
    if cni:
        cluster["cni"] = cni
    if body.get("oidc"):
        cluster["oidc"] = body["oidc"]
    if body.get("create-default-security-group"):
        cluster["default-security-group-id"] = store().new_id()
    if body.get("audit"):
        audit = _keep_audit_token(cluster_id, body["audit"])
        cluster["audit"] = dict(audit, enabled=True)
        cluster["audit"].setdefault("initial-backoff", DEFAULT_AUDIT_BACKOFF)
    collection = clusters()  # captured: scheduled changes may run outside a request
    with store().lock:
        collection.add(cluster)
        return start_operation(
            "create-sks-cluster",
            cluster,
            "creating",
            lambda record: record.update(state="running"),
            cluster_id,
            "sks-cluster/%s" % cluster_id,
            undo=lambda record: collection.pop(record["id"]),
        )


@blueprint.route("/sks-cluster/<cluster_id>", methods=["GET"])
def get_cluster(cluster_id):
    cluster, missing = _cluster_or_404(cluster_id)
    return missing or jsonify(cluster)


@blueprint.route("/sks-cluster/<cluster_id>", methods=["PUT"])
def update_cluster(cluster_id):
    body = _kebab_body()
    with store().lock:
        cluster, problem = _cluster_or_404(cluster_id)
        problem = problem or _busy("SKS cluster", cluster)
        if problem:
            return problem
        if "addons" in body:
            problem = _addons_change_problem(cluster["addons"], body["addons"] or [])
            if problem:
                return problem
        changes = {
            key: value
            for key, value in body.items()
            if key
            in (
                "name",
                "description",
                "labels",
                "auto-upgrade",
                "oidc",
                "addons",
                "feature-gates",
                "enable-operators-ca",
                "audit",
            )
        }
        if "addons" in changes:
            changes["addons"] = sorted(set(changes["addons"]))
        if "feature-gates" in changes:
            changes["feature-gates"] = sorted(set(changes["feature-gates"] or []))
        if "audit" in changes:
            audit = _keep_audit_token(cluster_id, changes["audit"])
            changes["audit"] = dict(cluster.get("audit") or {"enabled": False}, **audit)
            if changes["audit"].get("endpoint"):
                changes["audit"].setdefault("initial-backoff", DEFAULT_AUDIT_BACKOFF)

        def apply(record):
            record.update(changes)
            for key in ("oidc", "description"):
                if key in changes and changes[key] is None:
                    record.pop(key, None)
            record["state"] = "running"

        return start_operation(
            "update-sks-cluster", cluster, "updating", apply, cluster_id, "sks-cluster/%s" % cluster_id
        )


@blueprint.route("/sks-cluster/<cluster_id>/upgrade", methods=["PUT"])
def upgrade_cluster(cluster_id):
    target = _kebab_body()["version"]
    with store().lock:
        cluster, problem = _cluster_or_404(cluster_id)
        problem = problem or _busy("SKS cluster", cluster)
        if problem:
            return problem
        current = _version_key(cluster["version"])
        if target not in VERSIONS:
            return error(
                400, "BadRequest", "Invalid version %s, available versions: %s" % (target, ", ".join(VERSIONS))
            )
        wanted = _version_key(target)
        if wanted <= current:
            return error(
                400,
                "BadRequest",
                "Cannot upgrade from %s to %s: the target must be newer" % (cluster["version"], target),
            )
        if wanted[:2] > (current[0], current[1] + 1):
            return error(
                400,
                "BadRequest",
                "Cannot upgrade from %s to %s: upgrade one minor version at a time" % (cluster["version"], target),
            )

        def apply(record):
            record.update(version=target, state="running")
            for pool in record["nodepools"]:
                pool["version"] = target

        return start_operation(
            "upgrade-sks-cluster", cluster, "upgrading", apply, cluster_id, "sks-cluster/%s" % cluster_id
        )


@blueprint.route("/sks-cluster/<cluster_id>/upgrade-service-level", methods=["PUT"])
def upgrade_service_level(cluster_id):
    with store().lock:
        cluster, problem = _cluster_or_404(cluster_id)
        problem = problem or _busy("SKS cluster", cluster)
        if problem:
            return problem
        if cluster["level"] == "pro":
            return error(400, "BadRequest", "SKS cluster %s is already at the pro service level" % cluster_id)
        return start_operation(
            "upgrade-sks-cluster-service-level",
            cluster,
            "updating",
            lambda record: record.update(level="pro", state="running"),
            cluster_id,
            "sks-cluster/%s" % cluster_id,
        )


def _rotate(cluster_id, path):
    command, busy_state = ROTATIONS[path]
    with store().lock:
        cluster, problem = _cluster_or_404(cluster_id)
        problem = problem or _busy("SKS cluster", cluster)
        if problem:
            return problem

        def apply(record):
            record["state"] = "running"

        return start_operation(command, cluster, busy_state, apply, cluster_id, "sks-cluster/%s" % cluster_id)


for _path in ROTATIONS:
    blueprint.add_url_rule(
        "/sks-cluster/<cluster_id>/%s" % _path,
        endpoint=_path.replace("-", "_"),
        view_func=lambda cluster_id, _path=_path: _rotate(cluster_id, _path),
        methods=["PUT"],
    )


@blueprint.route("/sks-cluster/<cluster_id>", methods=["DELETE"])
def delete_cluster(cluster_id):
    with store().lock:
        cluster, problem = _cluster_or_404(cluster_id)
        problem = problem or _busy("SKS cluster", cluster, allowed=("running", "error"))
        if problem:
            return problem
        if cluster["nodepools"]:
            return error(
                409,
                "Conflict",
                "SKS cluster %s still has %d nodepool(s): delete them first" % (cluster_id, len(cluster["nodepools"])),
            )
        collection = clusters()
        return start_operation(
            "delete-sks-cluster",
            cluster,
            "deleting",
            lambda record: collection.pop(record["id"]),
            cluster_id,
            "sks-cluster/%s" % cluster_id,
        )


@blueprint.route("/sks-cluster-version", methods=["GET"])
def list_versions():
    versions = list(VERSIONS)
    if request.args.get("include-deprecated") == "true":
        versions += list(DEPRECATED_VERSIONS)
    return jsonify({"sks-cluster-versions": versions})


@blueprint.route("/sks-cluster-kubeconfig/<cluster_id>", methods=["POST"])
def generate_kubeconfig(cluster_id):
    body = _kebab_body()
    cluster, missing = _cluster_or_404(cluster_id)
    if missing:
        return missing
    if cluster["state"] not in ("running", "updating", "upgrading"):
        return error(409, "Conflict", "SKS cluster %s is not ready (state: %s)" % (cluster_id, cluster["state"]))
    # Real time, not emulated time: kubectl and the modules judge the certificate by the real clock.
    now = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0)
    text = sks_kubeconfig.kubeconfig(
        cluster, body["user"], body["groups"], body.get("ttl") or DEFAULT_KUBECONFIG_TTL, now
    )
    return jsonify({"kubeconfig": base64.b64encode(text.encode("utf-8")).decode("ascii")})


# --- node pools ----------------------------------------------------------------------------------------------

NODEPOOL_FIELDS = (
    "name",
    "description",
    "instance-type",
    "size",
    "disk-size",
    "labels",
    "taints",
    "security-groups",
    "anti-affinity-groups",
    "private-networks",
    "instance-prefix",
    "public-ip-assignment",
    "kubelet-image-gc",
    "deploy-target",
    "addons",
    "kubelet-max-pods",
    "nvidia-mig-profiles",
)


def _check_instance_type(body):
    instance_type = (body.get("instance-type") or {}).get("id")
    if "instance-type" in body and instance_type not in INSTANCE_TYPE_IDS:
        return error(400, "BadRequest", "Invalid instance type %s" % instance_type)
    target = (body.get("deploy-target") or {}).get("id")
    if body.get("deploy-target") is not None and target not in DEPLOY_TARGET_IDS:
        return error(400, "BadRequest", "Invalid deploy target %s" % target)
    return None


@blueprint.route("/sks-cluster/<cluster_id>/nodepool", methods=["POST"])
def create_nodepool(cluster_id):
    body = _kebab_body()
    with store().lock:
        cluster, problem = _cluster_or_404(cluster_id)
        problem = problem or _busy("SKS cluster", cluster) or _check_instance_type(body) or _nodepool_name_problem(body)
        if problem:
            return problem
        pool_id = store().new_id()
        pool = {
            "labels": {},
            "taints": {},
            "security-groups": [],
            "anti-affinity-groups": [],
            "private-networks": [],
            "instance-prefix": "pool",
            "public-ip-assignment": "inet4",
            "description": "",
        }
        pool.update({key: value for key, value in body.items() if key in NODEPOOL_FIELDS})
        pool.update(
            {
                "id": pool_id,
                "state": "creating",
                "version": cluster["version"],
                "created-at": _now_iso(),
                "template": {"id": str(uuid.uuid5(_NAMESPACE, "template-" + cluster["version"]))},
                "instance-pool": {"id": store().new_id()},
            }
        )
        cluster["nodepools"].append(pool)
        return start_operation(
            "create-sks-nodepool",
            pool,
            "creating",
            lambda record: record.update(state="running"),
            pool_id,
            "sks-cluster/%s/nodepool/%s" % (cluster_id, pool_id),
            undo=cluster["nodepools"].remove,
        )


def _pool_or_error(cluster_id, nodepool_id):
    cluster, problem = _cluster_or_404(cluster_id)
    if problem:
        return None, None, problem
    pool = _nodepool(cluster, str(nodepool_id))
    if pool is None:
        return cluster, None, error(404, "NotFound", "SKS nodepool %s not found" % nodepool_id)
    return cluster, pool, None


@blueprint.route("/sks-cluster/<cluster_id>/nodepool/<uuid:nodepool_id>", methods=["GET"])
def get_nodepool(cluster_id, nodepool_id):
    _cluster, pool, problem = _pool_or_error(cluster_id, nodepool_id)
    return problem or jsonify(pool)


@blueprint.route("/sks-cluster/<cluster_id>/nodepool/<uuid:nodepool_id>", methods=["PUT"])
def update_nodepool(cluster_id, nodepool_id):
    body = _kebab_body()
    with store().lock:
        _cluster, pool, problem = _pool_or_error(cluster_id, nodepool_id)
        problem = problem or _busy("SKS nodepool", pool) or _check_instance_type(body) or _nodepool_name_problem(body)
        if problem:
            return problem
        changes = {key: value for key, value in body.items() if key in NODEPOOL_FIELDS and key != "size"}

        def apply(record):
            record.update(changes, state="running")
            for key in ("deploy-target", "nvidia-mig-profiles", "kubelet-max-pods"):
                if key in changes and changes[key] is None:
                    record.pop(key, None)

        return start_operation(
            "update-sks-nodepool",
            pool,
            "updating",
            apply,
            pool["id"],
            "sks-cluster/%s/nodepool/%s" % (cluster_id, pool["id"]),
        )


@blueprint.route("/sks-cluster/<cluster_id>/nodepool/<uuid:nodepool_id>:scale", methods=["PUT"])
def scale_nodepool(cluster_id, nodepool_id):
    size = _kebab_body()["size"]
    with store().lock:
        _cluster, pool, problem = _pool_or_error(cluster_id, nodepool_id)
        problem = problem or _busy("SKS nodepool", pool)
        if problem:
            return problem
        return start_operation(
            "scale-sks-nodepool",
            pool,
            "scaling",
            lambda record: record.update(size=size, state="running"),
            pool["id"],
            "sks-cluster/%s/nodepool/%s" % (cluster_id, pool["id"]),
        )


@blueprint.route("/sks-cluster/<cluster_id>/nodepool/<uuid:nodepool_id>:evict", methods=["PUT"])
def evict_nodepool_members(cluster_id, nodepool_id):
    wanted = sorted(set(_kebab_body().get("instances") or []))
    with store().lock:
        _cluster, pool, problem = _pool_or_error(cluster_id, nodepool_id)
        problem = problem or _busy("SKS nodepool", pool)
        if problem:
            return problem
        if not wanted:
            return error(400, "BadRequest", "No instances to evict")
        members = {item["id"] for item in _members(pool)}
        strangers = [instance_id for instance_id in wanted if instance_id not in members]
        if strangers:
            return error(
                400, "BadRequest", "Instance(s) %s not member(s) of nodepool %s" % (", ".join(strangers), pool["id"])
            )
        collection = instances()  # captured: the change is applied outside the request

        def apply(record):
            for instance_id in wanted:
                collection.pop(instance_id)
            record.update(size=max(record["size"] - len(wanted), 0), state="running")

        return start_operation(
            "evict-sks-nodepool-members",
            pool,
            "scaling",
            apply,
            pool["id"],
            "sks-cluster/%s/nodepool/%s" % (cluster_id, pool["id"]),
        )


@blueprint.route("/sks-cluster/<cluster_id>/nodepool/<uuid:nodepool_id>", methods=["DELETE"])
def delete_nodepool(cluster_id, nodepool_id):
    with store().lock:
        cluster, pool, problem = _pool_or_error(cluster_id, nodepool_id)
        problem = problem or _busy("SKS nodepool", pool, allowed=("running", "error", "degraded"))
        if problem:
            return problem

        def remove(record):
            if record in cluster["nodepools"]:
                cluster["nodepools"].remove(record)

        return start_operation(
            "delete-sks-nodepool",
            pool,
            "deleting",
            remove,
            pool["id"],
            "sks-cluster/%s/nodepool/%s" % (cluster_id, pool["id"]),
        )


# --- instance types and operations ---------------------------------------------------------------------------


@blueprint.route("/instance-type", methods=["GET"])
def list_instance_types():
    return jsonify({"instance-types": INSTANCE_TYPES})


@blueprint.route("/instance-type/<type_id>", methods=["GET"])
def get_instance_type(type_id):
    found = next((item for item in INSTANCE_TYPES if item["id"] == type_id), None)
    return jsonify(found) if found else error(404, "NotFound", "Instance type %s not found" % type_id)


@blueprint.route("/instance", methods=["GET"])
def list_instances():
    with store().lock:
        _sync_members()
        found = instances().values()
    manager_id = request.args.get("manager-id")
    if manager_id:
        found = [item for item in found if item["manager"]["id"] == manager_id]
    return jsonify({"instances": found})


@blueprint.route("/deploy-target", methods=["GET"])
def list_deploy_targets():
    return jsonify({"deploy-targets": DEPLOY_TARGETS})


@blueprint.route("/operation/<operation_id>", methods=["GET"])
def get_operation(operation_id):
    operation = operations().get(operation_id)
    return jsonify(operation) if operation else error(404, "NotFound", "Operation %s not found" % operation_id)


# --- admin: seed and reset -----------------------------------------------------------------------------------


def seed(seeded_store, params):
    """count running clusters (each with `nodepools` pools, default 1), plus any operation_failures to inject.

    Clusters are named name_prefix-0000, name_prefix-0001...; with `name`, they all get that name (names are
    not unique on Exoscale, and tests need duplicates). `version` and `auto_upgrade` set those of every seeded
    cluster (a version the API no longer offers stands for one offered when the cluster was made). With
    `maintenance`, every cluster (seeded before or now) whose auto-upgrade is on first moves to the newest offered
    patch of its minor version, as the cloud does on its own (the lifecycle documentation of SKS).
    """
    failures = seeded_store.collection(NAME, "operation-failures")
    for failure in params.get("operation_failures") or []:
        failures.add(dict(failure, id=seeded_store.new_id()))
    collection = seeded_store.collection(NAME, "clusters")
    if params.get("maintenance"):
        _auto_upgrade(collection.values())
    prefix = params.get("name_prefix", "seed-sks")
    pools_per_cluster = int(params.get("nodepools", 1))
    created_at = seeded_store.clock.iso()
    ids = []
    for index in range(int(params.get("count", 1))):
        cluster_id = str(uuid.uuid4())
        version = params.get("version") or VERSIONS[index % len(VERSIONS)]
        cluster = {
            "id": cluster_id,
            "name": params.get("name") or "%s-%04d" % (prefix, index),
            "description": "seeded cluster %d" % index,
            "labels": {"env": ("prod", "staging", "dev")[index % 3], "seeded": "true"},
            "level": ("pro", "starter")[index % 2],
            "cni": ("calico", "cilium")[index % 2],
            "version": version,
            "auto-upgrade": bool(params["auto_upgrade"]) if "auto_upgrade" in params else index % 4 == 0,
            "addons": ["exoscale-cloud-controller", "metrics-server"],
            "feature-gates": [],
            "enable-kube-proxy": index % 2 == 0,
            "enable-operators-ca": True,
            "endpoint": "https://%s.sks-%s.exo.io:443" % (cluster_id, ZONE),
            "created-at": created_at,
            "state": "running",
            "nodepools": [],
        }
        for pool_index in range(pools_per_cluster):
            cluster["nodepools"].append(
                {
                    "id": str(uuid.uuid4()),
                    "name": "pool-%d" % pool_index,
                    "description": "",
                    "state": "running",
                    "size": 1 + (index + pool_index) % 5,
                    "disk-size": 50,
                    "instance-type": {"id": INSTANCE_TYPES[3 + pool_index % 3]["id"]},
                    "labels": {},
                    "taints": {},
                    "security-groups": [],
                    "anti-affinity-groups": [],
                    "private-networks": [],
                    "instance-prefix": "pool",
                    "public-ip-assignment": "inet4",
                    "version": version,
                    "created-at": created_at,
                    "template": {"id": str(uuid.uuid5(_NAMESPACE, "template-" + version))},
                    "instance-pool": {"id": str(uuid.uuid4())},
                }
            )
        collection.add(cluster)
        ids.append(cluster_id)
    return ids


def _auto_upgrade(records):
    for cluster in records:
        if not cluster.get("auto-upgrade") or cluster.get("state") != "running":
            continue
        minor = _version_key(cluster["version"])[:2]
        patches = [version for version in VERSIONS if _version_key(version)[:2] == minor]
        newest = max(patches, key=_version_key) if patches else None
        if newest and _version_key(newest) > _version_key(cluster["version"]):
            cluster["version"] = newest


def reset(_store):
    sks_kubeconfig.reset()


CLOUD = CloudSpec(
    name=NAME,
    blueprint=blueprint,
    prefix=PREFIX,
    verify=verify,
    seed=seed,
    reset=reset,
    error=error,
    contract=SPEC,
)
