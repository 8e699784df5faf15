# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Samsung Cloud Platform Kubernetes Engine (SKE), served under /ske.

Paths after the prefix are the vendor's: ``/v1/clusters``, ``/v1/clusters/<id>``,
``/v1/clusters/<id>/user-kubeconfig``, ``/v1/clusters/<id>/logging``, ``/v1/clusters/<id>/security-groups``,
``/v1/clusters/<id>/upgrade``, ``/v1/clusters/<id>/public-access-control``, ``/v1/clusters/<id>/private-access-control``,
``/v1/kubernetes-versions``, ``/v1/clusters/<id>/nodepools``, ``/v1/nodepools``, ``/v1/nodepools/<id>`` and
``/v1/nodepools/<id>/upgrade``.

Every request must carry the Scp-* headers signed with the emulator's SKE credentials
(tests/mockcloud/credentials.json): wrong key or signature -> 401, a Scp-Timestamp more than 15 minutes away
from real time -> 401, another account in Scp-AccountId -> 403. The signature is checked with the collection's
own pure functions (plugins/module_utils/auth/scp.py), so both sides share one reading of the vendor SDK.

Scp-API-Version: "ske 1.0" to "ske 1.3" are served (a missing header means the latest), except that the
user-kubeconfig path refuses "ske 1.0" with a 400 once its "not before" date (2025-12-31) has passed: the vendor's
reference (seed 003) documents 1.0 for that path as DEPRECATED, unsupported from that date on.

Errors are ``{"errors": [{"code": ..., "detail": ...}, ...]}`` as the vendor's Terraform provider reads them
(``GetDetailFromError``): there can be several errors, and a ``detail`` can be a list of strings. A create body
with several problems gets one error each; a request the vendor's contract refuses gets a ``detail`` list.

Every request and every 2xx JSON answer is checked against the vendor's OpenAPI document
(``contracts/ske-openapi.yaml``, the SDK's ``library/ske/api/openapi.yaml``), see ``Contract`` below.

Clusters: POST answers 202 and the cluster is CREATING for 10 s of emulated time, then RUNNING; the logging and
security-group PUTs make it UPDATING for 4 s; DELETE makes it DELETING for 6 s, then it is gone (404). DELETE is
accepted in every status but CREATING and UPDATING (so also in a status the vendor does not document, such as a
seeded ``ERROR``), as the vendor's Terraform provider deletes without waiting for RUNNING.
A well-formed but unknown id (32 hex digits) is 404; a malformed id is 400.

Upgrades (``PUT /v1/clusters/<id>/upgrade``) go to a version of ``GET /v1/kubernetes-versions`` (KUBERNETES_VERSIONS),
never down, and one minor version at a time: a jump of several minors is a 400 naming the allowed next version.
The cluster is UPDATING for 8 s and has the new version once RUNNING again. The public access control PUT makes
the cluster UPDATING for 4 s (the vendor's Terraform provider waits for it); the private one is applied at once
(the provider does not wait).

Node pools: POST answers 201 with the pool, ``ScalingUp`` for 8 s, then ``Running`` with its nodes; a PUT that
changes the node count makes it ``ScalingUp`` or ``ScalingDown`` for 4 s (other changes apply at once); the upgrade
PUT (no body) takes the pool to its cluster's version (``Updating`` for 6 s); DELETE makes it ``Deleting`` for 5 s,
then it is gone (404). A pool is created at its cluster's version, in a RUNNING cluster only; changes are refused
(400) while the pool is not ``Running``. The cluster's ``node_count`` is the sum of its pools' nodes. Deleting a
cluster deletes its pools with it.

The user kubeconfig is generated on each call with a fresh client certificate signed by the emulator's CA
(``ske_certs``). Its body has two forms, because the vendor does not document it:

- raw YAML (``application/x-yaml``), the default;
- a JSON wrapper ``{"kubeconfig": "<the YAML text>"}`` (``application/json``) for clusters that carry the tag
  ``mockcloud-kubeconfig-format: json`` (set it in the create body's tags, or seed with
  ``{"cloud": "ske", "kubeconfig_format": "json"}``).

Other switches, also as tags or seed parameters: ``mockcloud-kubeconfig-forbidden: "true"`` (seed
``forbidden: true``) makes the kubeconfig answer 403; a public kubeconfig needs a public endpoint (create with
``public_endpoint_access_control_ip``, or seed ``public_endpoint: true``), otherwise 400, as does an unknown
``kubeconfig_type`` or a cluster that is not RUNNING.

Seeding: ``POST /_admin/seed {"cloud": "ske", "count": N, "name_prefix": "seed", "status": "RUNNING",
"kubernetes_version": "v1.31.8", "public_endpoint": false, "kubeconfig_format": "yaml", "forbidden": false}``
returns the new ids.
"""

from __future__ import annotations

import datetime
import hashlib
import importlib
import pathlib
import re
import sys
import time
import uuid

from flask import Blueprint, jsonify, request

from .. import credentials as mock_credentials, openapi
from ..context import clock, store
from ..spec import CloudSpec
from . import ske_certs

NAME = "ske"
PREFIX = "/ske"
API_VERSIONS = ("ske 1.0", "ske 1.1", "ske 1.2", "ske 1.3")
LATEST_API_VERSION = API_VERSIONS[-1]
KUBECONFIG_API_VERSIONS = ("ske 1.1", "ske 1.2", "ske 1.3")
# Seed 003: "ske 1.0" of user-kubeconfig is DEPRECATED, "not before" 20251231; from that day on it is not supported.
RETIRED_KUBECONFIG_API_VERSIONS = {"ske 1.0": datetime.date(2025, 12, 31)}
TRANSIENT_STATUSES = ("CREATING", "UPDATING")
TIMESTAMP_WINDOW_MS = 15 * 60 * 1000
CREATE_SECONDS = 10
UPDATE_SECONDS = 4
UPGRADE_SECONDS = 8
DELETE_SECONDS = 6
NODEPOOL_CREATE_SECONDS = 8
NODEPOOL_SCALE_SECONDS = 4
NODEPOOL_UPGRADE_SECONDS = 6
NODEPOOL_DELETE_SECONDS = 5
# What GET /v1/kubernetes-versions offers (the emulator's own list, oldest first).
KUBERNETES_VERSIONS = ("v1.29.8", "v1.30.10", "v1.31.8", "v1.32.1", "v1.32.5", "v1.33.1")
NODEPOOL_NAME = re.compile(r"^[a-z][a-z0-9-]*[a-z0-9]$")
NODEPOOL_NAME_LENGTH = (3, 20)
NODEPOOL_CREATE_REQUIRED = (
    "cluster_id",
    "image_os",
    "image_os_version",
    "is_auto_recovery",
    "is_auto_scale",
    "keypair_name",
    "kubernetes_version",
    "name",
    "server_type_id",
    "volume_size",
    "volume_type_name",
)
DEFAULT_PAGE_SIZE = 20

CLUSTER_ID = re.compile(r"^[0-9a-f]{32}$")
CLUSTER_NAME = re.compile(r"^[a-z][a-z0-9-]*[a-z0-9]$")
KUBERNETES_VERSION = re.compile(r"^v[0-9]\.[0-9]{1,2}\.[0-9]{1,2}$")
FORMAT_TAG = "mockcloud-kubeconfig-format"
FORBIDDEN_TAG = "mockcloud-kubeconfig-forbidden"
CREATE_REQUIRED = (
    "name",
    "kubernetes_version",
    "vpc_id",
    "subnet_id",
    "volume_id",
    "security_group_id_list",
    "cloud_logging_enabled",
)

blueprint = Blueprint("mockcloud_ske", __name__)


# --- the collection's signer -------------------------------------------------------------------------------


def _signer():
    """plugins/module_utils/auth/scp.py, importable when the collection is (ansible-test, build/ tree, PYTHONPATH)."""
    name = "ansible_collections.managedk8s.clusters.plugins.module_utils.auth.scp"
    try:
        return importlib.import_module(name)
    except ImportError:
        root = pathlib.Path(__file__).resolve().parents[3]
        candidates = [root / "build"] + ([root.parents[2]] if len(root.parents) > 2 else [])
        for candidate in candidates:
            if (candidate / "ansible_collections" / "managedk8s" / "clusters").exists() and str(
                candidate
            ) not in sys.path:
                sys.path.append(str(candidate))
        return importlib.import_module(name)


_SCP = _signer()


# --- the vendor's contract ---------------------------------------------------------------------------------

CONTRACT_PATH = pathlib.Path(__file__).resolve().parents[1] / "contracts" / "ske-openapi.yaml"
# Seed 003 documents this path (API versions 1.0 to 1.3, 200 without a schema); the SDK's document does not have it.
SEED_ONLY_PATHS = (("GET", re.compile(r"^/v1/clusters/[^/]+/user-kubeconfig$")),)


class _NullableSpec(openapi.OpenApiSpec):
    """The SDK's document says ``openapi: 3.1.0`` but is written with OpenAPI 3.0's ``nullable: true``, and the Go
    SDK generated from it reads those fields as nullable (``NullableString`` in ``model_cluster.go``): translate
    its schemas as 3.0 ones (the document has no ``exclusiveMinimum``/``exclusiveMaximum`` the translation would
    change)."""

    def translate(self, schema):
        return openapi.translate(schema)


class Contract:
    """check_request/check_response of the vendor's document, plus the seed's user-kubeconfig path."""

    def __init__(self, spec):
        self.spec = spec

    @staticmethod
    def _seed_only(method, path):
        return any(method == wanted and pattern.match(path) for wanted, pattern in SEED_ONLY_PATHS)

    def check_request(self, method, path, query, body_text):
        if self._seed_only(method, path):
            return None
        return self.spec.check_request(method, path, query, body_text)

    def check_response(self, method, path, status, body):
        if self._seed_only(method, path):
            return []
        return self.spec.check_response(method, path, status, body)


def load_contract(path=CONTRACT_PATH):
    """The Contract of the vendor's document, or None when jsonschema is missing (openapi.load)."""
    loaded = openapi.load(path)
    return Contract(_NullableSpec(loaded.document)) if loaded is not None else None


# --- answers ---------------------------------------------------------------------------------------------


def errors(status, problems):
    """One {"code", "detail"} per problem, as the vendor answers several errors at once."""
    response = jsonify({"errors": [{"code": code, "detail": detail} for code, detail in problems]})
    response.status_code = status
    return response


def error(status, code, message):
    return errors(status, [(code, message)])


def bad_request(message):
    """A request the vendor's contract refuses: ``detail`` as a list, as GetDetailFromError expects it may be."""
    return errors(400, [("BadRequest", [message])])


def _clusters():
    return store().collection(NAME, "clusters")


def _public(record):
    return {key: value for key, value in record.items() if not key.startswith("_")}


def _summary(record):
    keys = ("account_id", "created_at", "id", "kubernetes_version", "modified_at", "name", "node_count", "status")
    summary = {key: record.get(key) for key in keys}
    summary["subnet_id"] = record["subnet"]["id"]
    return summary


def _async_answer(record):
    return jsonify(
        {"account_id": record["account_id"], "request_id": uuid.uuid4().hex, "resource_id": record["id"]}
    ), 202


def _api_version():
    return (request.headers.get("Scp-API-Version") or LATEST_API_VERSION).strip().lower()


# --- signature --------------------------------------------------------------------------------------------


def _expected():
    return mock_credentials.for_cloud(NAME)


def verify(incoming):
    headers = incoming.headers
    access_key = headers.get("Scp-AccessKey")
    signature = headers.get("Scp-Signature")
    timestamp = headers.get("Scp-Timestamp")
    if not access_key or not signature or not timestamp:
        return error(401, "Unauthorized", "Scp-AccessKey, Scp-Signature and Scp-Timestamp headers are required")
    if headers.get("Scp-ClientType") != _SCP.CLIENT_TYPE:
        return error(401, "Unauthorized", "Scp-ClientType must be %s" % _SCP.CLIENT_TYPE)
    expected = _expected()
    if access_key != expected["access_key"]:
        return error(401, "Unauthorized", "the access key is not valid")
    try:
        timestamp_ms = int(timestamp)
    except ValueError:
        return error(401, "Unauthorized", "Scp-Timestamp must be milliseconds since the epoch")
    if abs(time.time() * 1000 - timestamp_ms) > TIMESTAMP_WINDOW_MS:
        return error(401, "Unauthorized", "the request timestamp is more than 15 minutes away from the server time")
    account_id = headers.get("Scp-AccountId", "")
    wanted = _SCP.scp_signature(
        expected["secret_key"], incoming.method, incoming.url, timestamp_ms, access_key, account_id
    )
    if signature != wanted:
        return error(401, "Unauthorized", "the signature does not match")
    if account_id and account_id != expected.get("account_id"):
        return error(403, "Forbidden", "the access key has no permission on account %s" % account_id)
    version = _api_version()
    if version not in API_VERSIONS:
        return error(
            400,
            "InvalidApiVersion",
            "Scp-API-Version %r is not supported (supported: %s)" % (version, ", ".join(API_VERSIONS)),
        )
    return None


# --- clusters ---------------------------------------------------------------------------------------------


def _lookup(cluster_id):
    """(record, None) or (None, error answer)."""
    if not CLUSTER_ID.match(cluster_id):
        return None, error(400, "InvalidParameter", "cluster_id must be 32 lowercase hexadecimal digits")
    record = _clusters().get(cluster_id)
    if record is None:
        return None, error(404, "NotFound", "cluster %s not found" % cluster_id)
    return record, None


def _resource(kind, resource_id):
    return {"id": resource_id, "name": "%s-%s" % (kind, resource_id[:8])}


def _tags(raw):
    if isinstance(raw, dict):
        return {str(key): str(value) for key, value in raw.items()}
    return {str(item.get("key")): str(item.get("value")) for item in raw or [] if isinstance(item, dict)}


def new_cluster(
    name,
    kubernetes_version,
    vpc_id,
    subnet_id,
    volume_id,
    security_group_ids,
    cloud_logging_enabled=False,
    service_watch_logging_enabled=False,
    public_ip=None,
    tags=None,
    status="CREATING",
    account_id=None,
    now=None,
):
    cluster_id = uuid.uuid4().hex
    now = now or clock().iso()
    account_id = account_id or _expected().get("account_id", "")
    tags = tags or {}
    public = bool(public_ip)
    return {
        "id": cluster_id,
        "name": name,
        "account_id": account_id,
        "status": status,
        "kubernetes_version": kubernetes_version,
        "cloud_logging_enabled": bool(cloud_logging_enabled),
        "service_watch_logging_enabled": bool(service_watch_logging_enabled),
        "cluster_namespace": "%s-%05d" % (name, int(cluster_id[:8], 16) % 100000),
        "created_at": now,
        "created_by": hashlib.md5(account_id.encode()).hexdigest(),
        "modified_at": now,
        "modified_by": hashlib.md5(account_id.encode()).hexdigest(),
        "node_count": 0,
        "max_node_count": 0,
        "vpc": _resource("vpc", vpc_id),
        "subnet": _resource("subnet", subnet_id),
        "volume": _resource("volume", volume_id),
        "security_group_list": [_resource("sg", item) for item in security_group_ids],
        "managed_security_group": _resource("managed-sg", cluster_id),
        "private_endpoint_url": "https://%s-%s.private.ske.mockcloud.test:6443" % (name, cluster_id[:6]),
        "private_endpoint_access_control_resources": [],
        "private_kubeconfig_download_yn": "Y",
        "public_endpoint_url": "https://%s-%s.public.ske.mockcloud.test:6443" % (name, cluster_id[:6])
        if public
        else None,
        "public_endpoint_access_control_ip": public_ip or None,
        "public_kubeconfig_download_yn": "Y" if public else "N",
        "_tags": tags,
        "_kubeconfig_format": "json" if tags.get(FORMAT_TAG) == "json" else "yaml",
        "_forbidden": tags.get(FORBIDDEN_TAG) == "true",
    }


def _validate_create(body):
    """Every problem of a create body (the contract has already checked the documented fields)."""
    if not isinstance(body, dict):
        return ["the body must be a JSON object"]
    missing = [key for key in CREATE_REQUIRED if body.get(key) is None]
    if missing:
        return ["missing required fields: %s" % ", ".join(missing)]
    problems = []
    name = body["name"]
    if not isinstance(name, str) or not 3 <= len(name) <= 30 or not CLUSTER_NAME.match(name):
        problems.append("name must be 3 to 30 characters matching ^[a-z][a-z0-9-]*[a-z0-9]$")
    if not KUBERNETES_VERSION.match(str(body["kubernetes_version"])):
        problems.append("kubernetes_version must look like v1.31.8")
    groups = body["security_group_id_list"]
    if not isinstance(groups, list) or not groups or not all(isinstance(item, str) and item for item in groups):
        problems.append("security_group_id_list must be a non-empty list of ids")
    for key in ("cloud_logging_enabled", "service_watch_logging_enabled"):
        if key in body and body[key] is not None and not isinstance(body[key], bool):
            problems.append("%s must be a boolean" % key)
    return problems


@blueprint.route("/v1/clusters", methods=["POST"])
def create_cluster():
    body = request.get_json(silent=True)
    problems = _validate_create(body)
    if problems:
        return errors(400, [("InvalidParameter", problem) for problem in problems])
    if _clusters().find(name=body["name"]):
        return error(409, "Conflict", "a cluster named %s already exists" % body["name"])
    record = new_cluster(
        body["name"],
        body["kubernetes_version"],
        body["vpc_id"],
        body["subnet_id"],
        body["volume_id"],
        body["security_group_id_list"],
        body.get("cloud_logging_enabled"),
        body.get("service_watch_logging_enabled"),
        body.get("public_endpoint_access_control_ip"),
        _tags(body.get("tags")),
    )
    _clusters().add(record)
    store().schedule(record, CREATE_SECONDS, {"status": "RUNNING"})
    return _async_answer(record)


def _int_arg(name, default):
    value = request.args.get(name)
    if value in (None, ""):
        return default, None
    try:
        number = int(value)
    except ValueError:
        return None, error(400, "InvalidParameter", "%s must be an integer" % name)
    if number < 0:
        return None, error(400, "InvalidParameter", "%s must be 0 or more" % name)
    return number, None


def _listed(records, page, size):
    """One page of a list answer, in the asked order (?sort=created_at:desc, the default, or created_at:asc)."""
    descending = request.args.get("sort", "created_at:desc").endswith(":desc")
    records.sort(key=lambda record: (record["created_at"], record["id"]), reverse=descending)
    return records[page * size : (page + 1) * size] if size else records


@blueprint.route("/v1/clusters", methods=["GET"])
def list_clusters():
    size, problem = _int_arg("size", DEFAULT_PAGE_SIZE)
    if problem:
        return problem
    page, problem = _int_arg("page", 0)
    if problem:
        return problem
    name = request.args.get("name")
    statuses = [item.upper() for item in request.args.getlist("status") if item]
    versions = [item for item in request.args.getlist("kubernetes_version") if item]
    subnet_id = request.args.get("subnet_id")
    matching = [
        record
        for record in _clusters().values()
        if (not name or name in record["name"])
        and (not statuses or record["status"] in statuses)
        and (not versions or record["kubernetes_version"] in versions)
        and (not subnet_id or record["subnet"]["id"] == subnet_id)
    ]
    page_items = _listed(matching, page, size)
    return jsonify({"clusters": [_summary(record) for record in page_items], "count": len(matching), "links": []})


@blueprint.route("/v1/clusters/<cluster_id>", methods=["GET"])
def show_cluster(cluster_id):
    record, problem = _lookup(cluster_id)
    if problem:
        return problem
    return jsonify({"cluster": _public(record)})


@blueprint.route("/v1/clusters/<cluster_id>", methods=["DELETE"])
def delete_cluster(cluster_id):
    record, problem = _lookup(cluster_id)
    if problem:
        return problem
    if record["status"] == "DELETING":
        return _async_answer(record)
    if record["status"] in TRANSIENT_STATUSES:
        return error(
            400,
            "InvalidState",
            "cluster %s is %s; it can be deleted once that is over" % (cluster_id, record["status"]),
        )
    store().cancel(record)
    record.update(status="DELETING", modified_at=clock().iso())
    held = store()

    def gone(deleted):
        held.collection(NAME, "clusters").pop(deleted["id"])
        for pool in _pools_of(deleted["id"], held):
            held.cancel(pool)
            _nodepools(held).pop(pool["id"])

    held.schedule(record, DELETE_SECONDS, gone)
    return _async_answer(record)


def _update(cluster_id, changes):
    record, problem = _lookup(cluster_id)
    if problem:
        return problem
    if record["status"] != "RUNNING":
        return error(
            400, "InvalidState", "cluster %s is %s; it can be changed once RUNNING" % (cluster_id, record["status"])
        )
    record.update(status="UPDATING", modified_at=clock().iso(), **changes)
    store().schedule(record, UPDATE_SECONDS, {"status": "RUNNING"})
    return None


@blueprint.route("/v1/clusters/<cluster_id>/logging", methods=["PUT"])
def set_logging(cluster_id):
    body = request.get_json(silent=True) or {}
    if not isinstance(body.get("cloud_logging_enabled"), bool):
        return error(400, "InvalidParameter", "cloud_logging_enabled (boolean) is required")
    problem = _update(cluster_id, {"cloud_logging_enabled": body["cloud_logging_enabled"]})
    return problem or _async_answer(_clusters().get(cluster_id))


@blueprint.route("/v1/clusters/<cluster_id>/security-groups", methods=["PUT"])
def set_security_groups(cluster_id):
    body = request.get_json(silent=True) or {}
    groups = body.get("security_group_id_list")
    if not isinstance(groups, list) or not groups or not all(isinstance(item, str) and item for item in groups):
        return error(400, "InvalidParameter", "security_group_id_list must be a non-empty list of ids")
    problem = _update(cluster_id, {"security_group_list": [_resource("sg", item) for item in groups]})
    if problem:
        return problem
    return jsonify({"cluster": _public(_clusters().get(cluster_id))}), 202


def _minor(version):
    """(major, minor, patch) of 'v1.31.8'."""
    return tuple(int(part) for part in version.lstrip("v").split("."))


@blueprint.route("/v1/kubernetes-versions", methods=["GET"])
def list_kubernetes_versions():
    return jsonify(
        {
            "kubernetes_versions": [
                {"kubernetes_version": version, "description": "Kubernetes %s" % version}
                for version in KUBERNETES_VERSIONS
            ]
        }
    )


def next_minor_version(current):
    """The newest version on offer of the minor after current's, or None."""
    major, minor, _patch = _minor(current)
    candidates = [item for item in KUBERNETES_VERSIONS if _minor(item)[:2] == (major, minor + 1)]
    return max(candidates, key=_minor) if candidates else None


@blueprint.route("/v1/clusters/<cluster_id>/upgrade", methods=["PUT"])
def upgrade_cluster(cluster_id):
    record, problem = _lookup(cluster_id)
    if problem:
        return problem
    if record["status"] != "RUNNING":
        return error(
            400, "InvalidState", "cluster %s is %s; it can be changed once RUNNING" % (cluster_id, record["status"])
        )
    wanted = (request.get_json(silent=True) or {}).get("kubernetes_version")
    if wanted not in KUBERNETES_VERSIONS:
        return error(
            400,
            "InvalidParameter",
            "kubernetes_version %s is not offered; the versions are %s" % (wanted, ", ".join(KUBERNETES_VERSIONS)),
        )
    current = record["kubernetes_version"]
    if _minor(wanted) <= _minor(current):
        return error(
            400, "InvalidParameter", "kubernetes_version %s is not newer than the cluster's %s" % (wanted, current)
        )
    following = next_minor_version(current)
    if _minor(wanted)[:2] not in (_minor(current)[:2], _minor(following)[:2] if following else None):
        return error(
            400,
            "InvalidParameter",
            "cluster %s is at %s and can be upgraded one minor version at a time; the next version is %s"
            % (cluster_id, current, following or "none"),
        )
    record.update(status="UPDATING", modified_at=clock().iso())
    store().schedule(record, UPGRADE_SECONDS, {"status": "RUNNING", "kubernetes_version": wanted})
    return _async_answer(record)


@blueprint.route("/v1/clusters/<cluster_id>/public-access-control", methods=["PUT"])
def set_public_access_control(cluster_id):
    body = request.get_json(silent=True) or {}
    allowed = body.get("public_endpoint_access_control_ip")
    if not isinstance(allowed, str):
        return error(400, "InvalidParameter", "public_endpoint_access_control_ip (string) is required")
    record, problem = _lookup(cluster_id)
    if problem:
        return problem
    public = bool(allowed.strip())
    url = record["public_endpoint_url"] or "https://%s-%s.public.ske.mockcloud.test:6443" % (
        record["name"],
        record["id"][:6],
    )
    changes = {
        "public_endpoint_access_control_ip": allowed if public else None,
        "public_endpoint_url": url if public else None,
        "public_kubeconfig_download_yn": "Y" if public else "N",
    }
    problem = _update(cluster_id, changes)
    return problem or _async_answer(record)


@blueprint.route("/v1/clusters/<cluster_id>/private-access-control", methods=["PUT"])
def set_private_access_control(cluster_id):
    body = request.get_json(silent=True) or {}
    resources = body.get("private_endpoint_access_control_resources")
    if not isinstance(resources, list):
        return error(400, "InvalidParameter", "private_endpoint_access_control_resources (list) is required")
    record, problem = _lookup(cluster_id)
    if problem:
        return problem
    if record["status"] != "RUNNING":
        return error(
            400, "InvalidState", "cluster %s is %s; it can be changed once RUNNING" % (cluster_id, record["status"])
        )
    record.update(
        private_endpoint_access_control_resources=[
            {"id": str(item.get("id", "")), "name": str(item.get("name", "")), "type": str(item.get("type", ""))}
            for item in resources
        ],
        modified_at=clock().iso(),
    )
    return _async_answer(record)


# --- node pools -------------------------------------------------------------------------------------------


def _nodepools(held=None):
    return (held or store()).collection(NAME, "nodepools")


def _pools_of(cluster_id, held=None):
    return [pool for pool in _nodepools(held).values() if pool["cluster"]["id"] == cluster_id]


def _count_nodes(cluster_id, held):
    """The cluster's node_count (and max_node_count): the nodes of its pools. held is the store (scheduled changes
    run with it)."""
    cluster = held.collection(NAME, "clusters").get(cluster_id)
    if cluster is not None:
        pools = _pools_of(cluster_id, held)
        cluster["node_count"] = sum(pool["current_node_count"] for pool in pools)
        cluster["max_node_count"] = sum(pool["max_node_count"] for pool in pools)


def _nodepool_public(record):
    return {key: value for key, value in record.items() if not key.startswith("_")}


def _nodepool_summary(record):
    keys = (
        "account_id",
        "auto_recovery_enabled",
        "auto_scale_enabled",
        "current_node_count",
        "desired_node_count",
        "id",
        "image",
        "kubernetes_version",
        "name",
        "server_type",
        "status",
    )
    summary = {key: record[key] for key in keys}
    summary["volume_type"] = {"id": record["volume_type"]["id"], "name": record["volume_type"]["name"]}
    return summary


def _nodepool_lookup(nodepool_id):
    record = _nodepools().get(nodepool_id)
    if record is None:
        return None, error(404, "NotFound", "nodepool %s not found" % nodepool_id)
    return record, None


def _counts(body, current=None):
    """(desired, min, max, problems) of a create or update body."""
    problems = []
    auto_scale = body.get("is_auto_scale")
    if auto_scale is None and current is not None:
        auto_scale = current["auto_scale_enabled"]
    for key in ("desired_node_count", "min_node_count", "max_node_count"):
        value = body.get(key)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
            problems.append("%s must be an integer, 0 or more" % key)
    if problems:
        return None, None, None, problems
    if auto_scale:
        low = body.get("min_node_count", current["min_node_count"] if current else None)
        high = body.get("max_node_count", current["max_node_count"] if current else None)
        if low is None or high is None:
            return None, None, None, ["min_node_count and max_node_count are required when is_auto_scale is true"]
        if low > high:
            return None, None, None, ["min_node_count must not be more than max_node_count"]
        if low < 1:
            return None, None, None, ["min_node_count must be 1 or more"]
        desired = min(max(current["current_node_count"], low), high) if current else low
        return desired, low, high, []
    desired = body.get("desired_node_count")
    if desired is None and current is not None:
        desired = current["desired_node_count"]
    if desired is None:
        return None, None, None, ["desired_node_count is required when is_auto_scale is false"]
    return desired, desired, desired, []


def _nodepool_problems(body):
    missing = [key for key in NODEPOOL_CREATE_REQUIRED if body.get(key) is None]
    if missing:
        return ["missing required fields: %s" % ", ".join(missing)]
    problems = []
    name = body["name"]
    low, high = NODEPOOL_NAME_LENGTH
    if not isinstance(name, str) or not low <= len(name) <= high or not NODEPOOL_NAME.match(name):
        problems.append("name must be %d to %d characters matching ^[a-z][a-z0-9-]*[a-z0-9]$" % (low, high))
    if not isinstance(body["volume_size"], int) or body["volume_size"] < 1:
        problems.append("volume_size must be a positive integer")
    return problems


def _settle_nodepool(pool, seconds, changes):
    cluster_id, held = pool["cluster"]["id"], store()

    def apply(record):
        record.update(changes(record) if callable(changes) else changes)
        _count_nodes(cluster_id, held)

    held.schedule(pool, seconds, apply)


@blueprint.route("/v1/nodepools", methods=["POST"])
def create_nodepool():
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return error(400, "InvalidParameter", "the body must be a JSON object")
    problems = _nodepool_problems(body)
    desired = low = high = None
    if not problems:
        desired, low, high, problems = _counts(body)
    if problems:
        return errors(400, [("InvalidParameter", problem) for problem in problems])
    cluster, problem = _lookup(str(body["cluster_id"]))
    if problem:
        return problem
    if cluster["status"] != "RUNNING":
        return error(
            400,
            "InvalidState",
            "cluster %s is %s; node pools can be added once RUNNING" % (cluster["id"], cluster["status"]),
        )
    if body["kubernetes_version"] != cluster["kubernetes_version"]:
        return error(
            400,
            "InvalidParameter",
            "kubernetes_version %s is not the cluster's version %s"
            % (body["kubernetes_version"], cluster["kubernetes_version"]),
        )
    if any(pool["name"] == body["name"] for pool in _pools_of(cluster["id"])):
        return error(409, "Conflict", "cluster %s already has a node pool named %s" % (cluster["id"], body["name"]))
    now = clock().iso()
    creator = hashlib.md5(cluster["account_id"].encode()).hexdigest()
    custom_image = body.get("custom_image_id")
    record = {
        "id": str(uuid.uuid4()),
        "name": body["name"],
        "account_id": cluster["account_id"],
        "cluster": {"id": cluster["id"]},
        "status": "ScalingUp",
        "kubernetes_version": cluster["kubernetes_version"],
        "auto_recovery_enabled": bool(body["is_auto_recovery"]),
        "auto_scale_enabled": bool(body["is_auto_scale"]),
        "desired_node_count": desired,
        "min_node_count": low,
        "max_node_count": high,
        "current_node_count": 0,
        "image": {
            "os": body["image_os"],
            "os_version": body["image_os_version"],
            "custom_image_name": "custom-%s" % custom_image[:8] if custom_image else None,
        },
        "keypair": {"name": body["keypair_name"]},
        "server_type": {"id": body["server_type_id"], "description": "server type %s" % body["server_type_id"]},
        "volume_type": {
            "id": hashlib.md5(body["volume_type_name"].encode()).hexdigest(),
            "name": body["volume_type_name"],
            "encrypt": False,
        },
        "volume_size": body["volume_size"],
        "created_at": now,
        "created_by": creator,
        "modified_at": now,
        "modified_by": creator,
    }
    _nodepools().add(record)
    _settle_nodepool(
        record,
        NODEPOOL_CREATE_SECONDS,
        lambda pool: {"status": "Running", "current_node_count": pool["desired_node_count"]},
    )
    return jsonify({"nodepool": _nodepool_public(record)}), 201


@blueprint.route("/v1/clusters/<cluster_id>/nodepools", methods=["GET"])
def list_nodepools(cluster_id):
    cluster, problem = _lookup(cluster_id)
    if problem:
        return problem
    size, problem = _int_arg("size", DEFAULT_PAGE_SIZE)
    if problem:
        return problem
    page, problem = _int_arg("page", 0)
    if problem:
        return problem
    name = request.args.get("nodepool_name")
    matching = [pool for pool in _pools_of(cluster["id"]) if not name or name in pool["name"]]
    page_items = _listed(matching, page, size)
    return jsonify({"nodepools": [_nodepool_summary(pool) for pool in page_items], "count": len(matching), "links": []})


@blueprint.route("/v1/nodepools/<nodepool_id>", methods=["GET"])
def show_nodepool(nodepool_id):
    record, problem = _nodepool_lookup(nodepool_id)
    if problem:
        return problem
    return jsonify({"nodepool": _nodepool_public(record)})


def _not_running(record):
    if record["status"] != "Running":
        return error(
            400, "InvalidState", "nodepool %s is %s; it can be changed once Running" % (record["id"], record["status"])
        )
    return None


@blueprint.route("/v1/nodepools/<nodepool_id>", methods=["PUT"])
def set_nodepool(nodepool_id):
    record, problem = _nodepool_lookup(nodepool_id)
    if problem:
        return problem
    body = request.get_json(silent=True) or {}
    problem = _not_running(record)
    if problem:
        return problem
    desired, low, high, problems = _counts(body, record)
    if problems:
        return errors(400, [("InvalidParameter", item) for item in problems])
    changes = {"desired_node_count": desired, "min_node_count": low, "max_node_count": high}
    if body.get("is_auto_scale") is not None:
        changes["auto_scale_enabled"] = bool(body["is_auto_scale"])
    if body.get("is_auto_recovery") is not None:
        changes["auto_recovery_enabled"] = bool(body["is_auto_recovery"])
    record.update(modified_at=clock().iso(), **changes)
    if desired != record["current_node_count"]:
        record["status"] = "ScalingUp" if desired > record["current_node_count"] else "ScalingDown"
        _settle_nodepool(record, NODEPOOL_SCALE_SECONDS, {"status": "Running", "current_node_count": desired})
    return _async_answer(record)


@blueprint.route("/v1/nodepools/<nodepool_id>/upgrade", methods=["PUT"])
def upgrade_nodepool(nodepool_id):
    record, problem = _nodepool_lookup(nodepool_id)
    if problem:
        return problem
    problem = _not_running(record)
    if problem:
        return problem
    cluster = _clusters().get(record["cluster"]["id"])
    target = cluster["kubernetes_version"] if cluster else record["kubernetes_version"]
    if target == record["kubernetes_version"]:
        return error(
            400,
            "InvalidParameter",
            "nodepool %s is already at its cluster's version %s" % (nodepool_id, record["kubernetes_version"]),
        )
    record.update(status="Updating", modified_at=clock().iso())
    _settle_nodepool(record, NODEPOOL_UPGRADE_SECONDS, {"status": "Running", "kubernetes_version": target})
    return _async_answer(record)


@blueprint.route("/v1/nodepools/<nodepool_id>", methods=["DELETE"])
def delete_nodepool(nodepool_id):
    record, problem = _nodepool_lookup(nodepool_id)
    if problem:
        return problem
    if record["status"] != "Deleting":
        store().cancel(record)
        record.update(status="Deleting", modified_at=clock().iso())
        held, cluster_id = store(), record["cluster"]["id"]

        def gone(deleted):
            _nodepools(held).pop(deleted["id"])
            _count_nodes(cluster_id, held)

        held.schedule(record, NODEPOOL_DELETE_SECONDS, gone)
    return _async_answer(record)


# --- the user kubeconfig ----------------------------------------------------------------------------------


def user_kubeconfig(record, kubeconfig_type, access_key):
    """The kubeconfig text of record for the IAM user behind access_key."""
    user = "scp-user-%s" % hashlib.sha256(access_key.encode()).hexdigest()[:10]
    server = record["private_endpoint_url"] if kubeconfig_type == "private" else record["public_endpoint_url"]
    cluster_name = "%s-%s" % (record["name"], kubeconfig_type)
    cert_pem, key_pem = ske_certs.client_credentials(user)
    context = "%s@%s" % (user, cluster_name)
    return "\n".join(
        (
            "apiVersion: v1",
            "kind: Config",
            "clusters:",
            "- cluster:",
            "    certificate-authority-data: %s" % ske_certs.b64(ske_certs.authority().pem),
            "    server: %s" % server,
            "  name: %s" % cluster_name,
            "contexts:",
            "- context:",
            "    cluster: %s" % cluster_name,
            "    user: %s" % user,
            "  name: %s" % context,
            "current-context: %s" % context,
            "preferences: {}",
            "users:",
            "- name: %s" % user,
            "  user:",
            "    client-certificate-data: %s" % ske_certs.b64(cert_pem),
            "    client-key-data: %s" % ske_certs.b64(key_pem),
            "",
        )
    )


@blueprint.route("/v1/clusters/<cluster_id>/user-kubeconfig", methods=["GET"])
def show_user_kubeconfig(cluster_id):
    retired = RETIRED_KUBECONFIG_API_VERSIONS.get(_api_version())
    if retired is not None and datetime.date.today() >= retired:
        return error(
            400,
            "UnsupportedApiVersion",
            "Scp-API-Version %s of GET /v1/clusters/{cluster_id}/user-kubeconfig is deprecated and no longer "
            "supported since %s; use %s" % (_api_version(), retired.isoformat(), LATEST_API_VERSION),
        )
    if _api_version() not in KUBECONFIG_API_VERSIONS:
        return error(
            404, "NotFound", "no such path %s for Scp-API-Version %s" % (request.path[len(PREFIX) :], _api_version())
        )
    kubeconfig_type = request.args.get("kubeconfig_type")
    if kubeconfig_type not in ("private", "public"):
        return error(400, "InvalidParameter", "kubeconfig_type is required and must be private or public")
    record, problem = _lookup(cluster_id)
    if problem:
        return problem
    if record["_forbidden"]:
        return error(403, "Forbidden", "you have no permission to download the kubeconfig of cluster %s" % cluster_id)
    if record["status"] != "RUNNING":
        return error(
            400,
            "InvalidState",
            "cluster %s is %s; its kubeconfig is available once RUNNING" % (cluster_id, record["status"]),
        )
    if kubeconfig_type == "public" and not record["public_endpoint_url"]:
        return error(
            400, "InvalidParameter", "cluster %s has no public endpoint; ask for the private kubeconfig" % cluster_id
        )
    text = user_kubeconfig(record, kubeconfig_type, request.headers.get("Scp-AccessKey", ""))
    if record["_kubeconfig_format"] == "json":
        return jsonify({"kubeconfig": text})
    return text, 200, {"Content-Type": "application/x-yaml"}


# --- admin hooks ------------------------------------------------------------------------------------------


def seed(seeded_store, params):
    count = int(params.get("count", 1))
    prefix = str(params.get("name_prefix") or "seed")
    status = str(params.get("status") or "RUNNING").upper()
    version = str(params.get("kubernetes_version") or "v1.31.8")
    tags = {}
    if params.get("kubeconfig_format") == "json":
        tags[FORMAT_TAG] = "json"
    if params.get("forbidden"):
        tags[FORBIDDEN_TAG] = "true"
    public_ip = "203.0.113.10/32" if params.get("public_endpoint") else None
    collection = seeded_store.collection(NAME, "clusters")
    now = seeded_store.clock.iso()
    account_id = _expected().get("account_id", "")
    existing = len(collection)
    ids = []
    for index in range(count):
        number = existing + index
        record = new_cluster(
            "%s-%04d" % (prefix, number),
            version,
            "vpc%028x" % number,
            "subnet%025x" % number,
            "volume%025x" % number,
            ["sg%030x" % number],
            public_ip=public_ip,
            tags=dict(tags),
            status=status,
            account_id=account_id,
            now=now,
        )
        collection.add(record)
        ids.append(record["id"])
    return ids


CLOUD = CloudSpec(
    name=NAME,
    blueprint=blueprint,
    prefix=PREFIX,
    verify=verify,
    seed=seed,
    error=error,
    contract=load_contract(),
    bad_request=bad_request,
)
