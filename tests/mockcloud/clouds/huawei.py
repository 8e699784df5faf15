# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Huawei Cloud HSS multi-cloud cluster registry, served under /huawei.

Paths after the prefix are the vendor's (read from the huaweicloudsdkhss models and the Terraform provider). Every
request and every 2xx answer is checked against huaweicloudsdkhss's request and response models
(huawei_contract.py): an unknown field, a wrong type or a missing required field is a 400 (a 500 in an answer).

- ``POST   /v5/<project_id>/container/kubernetes/multi-cloud/clusters``: register (body field ``kube_config``, the
  only required one: ``name`` and ``provider`` are optional, as the SDK's MultiCloudClusterCreateRequestBody and the
  seed mark them), answers ``{"cluster_id"}``;
- ``GET    .../clusters?enterprise_project_id&cluster_id&offset&limit``: ``{"total_num", "data_list"}``, limit
  10 to 200 (default 10), offset 0 to 2000000; entries have cluster_id, cluster_name, provider, server,
  image_repo, status, version, current_expiration_date, certificate_expiration_date (never the kubeconfig);
- ``PUT    .../clusters/<cluster_id>``: ``{current_expiration_date, upgrade, kubeconfig}`` (``kubeconfig`` here:
  a ``kube_config`` field is refused, so a client that mixes the two names up is caught; ``current_expiration_date``
  is required, as UpdateMultiCloudClusterRequestBody assigns it without a None guard);
- ``DELETE .../clusters/<cluster_id>``: the entry leaves the list 3 s (emulated) later;
- ``POST   .../clusters/status-synchronize`` ``{total_num, data_list: [{cluster_id}]}``: re-checks connections.

Enterprise projects: a registration belongs to the ``enterprise_project_id`` of its create request (default
``0``); the list shows one project (default ``0``) or all with ``all_granted_eps``. A registration sent with
``all_granted_eps`` (as the seed's own example request is) is accepted and belongs to the default project ``0``:
the vendor does not say which project it lands in.

Connection status: a registration (or a new kubeconfig) is ``not_connect``, then after 10 s of emulated time
``connect_success`` (the agent version becomes 1.3.2), or ``connect_fail`` when the API server of the
kubeconfig's current context (else the ``server`` field) is unreachable by this rule: its host ends with
``.invalid`` (RFC 6761 reserves that name) or its port is 1. status-synchronize puts a settled registration
back to ``not_connect`` and decides again 2 s later. The vendor's list gives no failure reason; neither does this.

certificate_expiration_date: the create body's value, else the notAfter (ms) of the kubeconfig's client
certificate (HSS reads kubeconfigs this way, as its config-analyze call shows). Whether a PUT with a new kubeconfig
recomputes it, nothing of the vendor's says: the emulator is neutral, and does either as a switch says,
``POST /_admin/seed {"cloud": "huawei", "count": 0, "put_recomputes_certificate_date": true|false}`` (default
false: the date stays the registration's); the tests run both ways.

Authentication: ``SDK-HMAC-SHA256`` signatures made with the emulator's Huawei credentials
(tests/mockcloud/credentials.json), checked with the collection's own pure functions
(plugins/module_utils/auth/huawei.py, cross-checked against huaweicloudsdkcore by its tests); ``X-Sdk-Date`` must be
within 15 minutes of real time. Or ``X-Auth-Token`` with a token from the IAM stand-in, huawei_iam.py
(``POST /huawei-iam/v3/auth/tokens``), which also answers the SDK's project look-up by region name.
A ``X-Security-Token`` is refused (the emulator has no temporary credentials). The ``project_id`` in the path must be
the credentials' project (and match ``X-Project-Id`` when sent), else 403.

Errors are ``{"error_code", "error_msg"}`` and every answer carries ``X-Request-Id``. The vendor does not publish this
API's error codes; ``HSS.*`` codes here are the emulator's own, ``APIGW.*`` follow the API gateway's.

Seeding: ``POST /_admin/seed {"cloud": "huawei", "count": N, "name_prefix": "seed", "provider": "self_built_idc",
"status": "connect_success", "enterprise_project_id": "0"}`` returns the new ids (fast: 1,000 in milliseconds).
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import importlib
import ipaddress
import itertools
import pathlib
import re
import sys
import time
import uuid
from urllib.parse import urlsplit

from flask import Blueprint, jsonify, request

from .. import credentials as mock_credentials
from ..context import store
from ..spec import CloudSpec
from . import huawei_contract

NAME = "huawei"
PREFIX = "/huawei"
CLUSTERS = "/v5/<project_id>/container/kubernetes/multi-cloud/clusters"
CONNECT_SECONDS = 10
SYNC_SECONDS = 2
DELETE_SECONDS = 3
DATE_WINDOW_SECONDS = 15 * 60
AGENT_VERSION = "1.3.2"
UPGRADED_AGENT_VERSION = "1.3.3"
LIMIT_RANGE = (10, 200)
DEFAULT_LIMIT = 10
MAX_OFFSET = 2000000
DEFAULT_PROJECT = "0"
ALL_PROJECTS = "all_granted_eps"
RECOMPUTE_SETTING = "put_recomputes_certificate_date"
SETTINGS = {RECOMPUTE_SETTING: False}

PROVIDERS = ("ali", "tencent", "azure", "aws", "self_built_hw", "self_built_idc")
CHOICES = {
    "provider": PROVIDERS,
    "image_repo_type": ("harbor", "quay", "jfrog", "other"),
    "image_arch": ("x86", "arm"),
    "dns_policy": ("default", "clusterfirst", "clusterfirstwithhostnet", "none"),
}
TEXT_FIELDS = (
    "name",
    "provider",
    "server",
    "image_repo",
    "image_repo_username",
    "image_repo_password",
    "organization",
    "image_repo_type",
    "kube_config",
    "image_arch",
    "anp_proxy",
    "hostguard_proxy",
    "container_name",
    "dns_policy",
    "dns_config",
)
DATE_FIELDS = ("current_expiration_date", "certificate_expiration_date")
PUBLIC_FIELDS = (
    "cluster_id",
    "cluster_name",
    "provider",
    "server",
    "image_repo",
    "status",
    "version",
    "current_expiration_date",
    "certificate_expiration_date",
)
AUTH_PATTERN = re.compile(r"^SDK-HMAC-SHA256\s+Access=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]+)$")

blueprint = Blueprint("mockcloud_huawei", __name__)
_sequence = itertools.count()


# --- the collection's pure functions (signature, kubeconfig parsing) ---------------------------------------


def _collection_module(name):
    """plugins/module_utils/<name>, importable when the collection is (ansible-test, build/ tree, PYTHONPATH)."""
    full_name = "ansible_collections.managedk8s.clusters.plugins.module_utils." + name
    try:
        return importlib.import_module(full_name)
    except ImportError:
        root = pathlib.Path(__file__).resolve().parents[3]
        candidates = [root / "build"] + ([root.parents[2]] if len(root.parents) > 2 else [])
        for candidate in candidates:
            if (candidate / "ansible_collections" / "managedk8s" / "clusters").exists() and str(
                candidate
            ) not in sys.path:
                sys.path.append(str(candidate))
        return importlib.import_module(full_name)


_SIGNER = _collection_module("auth.huawei")
_KUBECONFIG = _collection_module("core.kubeconfig")


# --- answers ---------------------------------------------------------------------------------------------


def error(status, code, message):
    response = jsonify({"error_code": code, "error_msg": message})
    response.status_code = status
    response.headers["X-Request-Id"] = uuid.uuid4().hex
    return response


def bad_request(message, code="HSS.1001"):
    return error(400, code, message)


@blueprint.after_request
def _request_id(response):
    response.headers.setdefault("X-Request-Id", uuid.uuid4().hex)
    return response


def _clusters():
    return store().collection(NAME, "clusters")


def _tokens():
    return store().collection(NAME, "tokens")


def _public(record):
    return {key: record.get(key) for key in PUBLIC_FIELDS}


def _expected():
    return mock_credentials.for_cloud(NAME)


# --- authentication ---------------------------------------------------------------------------------------


def _unauthorized(message):
    return error(401, "APIGW.0301", "Incorrect IAM authentication information: %s" % message)


def _check_signature(incoming, expected):
    match = AUTH_PATTERN.match((incoming.headers.get("Authorization") or "").strip())
    if not match:
        return _unauthorized("an SDK-HMAC-SHA256 Authorization header or an X-Auth-Token header is required")
    access_key, signed_names, signature = match.groups()
    if access_key != expected["access_key"]:
        return _unauthorized("the access key is not valid")
    names = signed_names.split(";")
    if "host" not in names or "x-sdk-date" not in names:
        return _unauthorized("SignedHeaders must include host and x-sdk-date")
    request_date = incoming.headers.get("X-Sdk-Date", "")
    try:
        moment = datetime.datetime.strptime(request_date, "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.timezone.utc)
    except ValueError:
        return _unauthorized("X-Sdk-Date must look like 20250101T000000Z")
    if abs(moment.timestamp() - time.time()) > DATE_WINDOW_SECONDS:
        return _unauthorized("X-Sdk-Date is more than 15 minutes away from the server time")
    missing = [name for name in names if incoming.headers.get(name) is None]
    if missing:
        return _unauthorized("signed headers missing from the request: %s" % ", ".join(missing))
    headers = [(name, incoming.headers.get(name)) for name in names]
    canonical, _signed = _SIGNER.huawei_canonical_request(incoming.method, incoming.url, headers, incoming.get_data())
    wanted = _SIGNER.huawei_signature(expected["secret_key"], canonical, request_date)
    if not hmac.compare_digest(wanted, signature):
        return _unauthorized("verify aksk signature fail")
    if incoming.headers.get("X-Security-Token"):
        return _unauthorized("the security token is not valid for this access key")
    return None


def _check_token(token):
    record = _tokens().get(token)
    if record is None or record["expires"] < time.time():
        return _unauthorized("the token is not valid or has expired")
    return None


def _path_project(path):
    parts = path[len(PREFIX) :].split("/")
    return parts[2] if len(parts) > 2 and parts[1] == "v5" else None


def verify(incoming):
    expected = _expected()
    token = incoming.headers.get("X-Auth-Token")
    problem = _check_token(token) if token else _check_signature(incoming, expected)
    if problem is not None:
        return problem
    project = _path_project(incoming.path)
    if project is None:
        return None
    if project != expected["project_id"]:
        return error(403, "APIGW.0302", "the credentials have no permission on project %s" % project)
    header = incoming.headers.get("X-Project-Id")
    if header and header != project:
        return error(403, "APIGW.0302", "X-Project-Id %s does not match the project %s of the path" % (header, project))
    return None


# --- kubeconfigs ------------------------------------------------------------------------------------------


def _kubeconfig_facts(text):
    """(api server, client certificate notAfter in ms or None), or raise ValueError."""
    try:
        config = _KUBECONFIG.parse(text, source="the kubeconfig")
    except _KUBECONFIG.KubeconfigError as problem:
        raise ValueError(str(problem)) from None
    server = _KUBECONFIG.describe(config).get("server")
    context = _KUBECONFIG.current_context(config) or {}
    user_name = (context.get("context") or {}).get("user")
    user = next((entry.get("user") or {} for entry in config.get("users") or [] if entry.get("name") == user_name), {})
    not_after = _KUBECONFIG.certificate_not_after(user.get("client-certificate-data"))
    return server, int(not_after.timestamp() * 1000) if not_after else None


def unreachable(server):
    """The emulator's rule for an API server the agent cannot reach: a host ending in .invalid, or port 1."""
    try:
        parts = urlsplit(server or "")
        port = parts.port
    except ValueError:
        return True
    host = (parts.hostname or "").rstrip(".").lower()
    return not host or host.endswith(".invalid") or host == "invalid" or port == 1


def _settle_connection(record):
    if unreachable(record["_connect_server"]):
        record["status"] = "connect_fail"
    else:
        record["status"] = "connect_success"
        record["version"] = record.get("version") or AGENT_VERSION


def _reconnect(record, after_seconds):
    store().cancel(record)
    record["status"] = "not_connect"
    store().schedule(record, after_seconds, _settle_connection)


# --- validation -------------------------------------------------------------------------------------------


def _body():
    body = request.get_json(silent=True)
    return body if isinstance(body, dict) else None


def _check_fields(body):
    """The first problem of a create body, or None."""
    for field in TEXT_FIELDS:
        value = body.get(field)
        if value is not None and not isinstance(value, str):
            return "%s must be a string" % field
        if value is not None and field not in ("kube_config", "dns_config", "server") and len(value) > 256:
            return "%s is longer than 256 characters" % field
    for field, allowed in CHOICES.items():
        if body.get(field) not in (None, "") and body[field] not in allowed:
            return "%s must be one of %s" % (field, ", ".join(allowed))
    for field in DATE_FIELDS:
        value = body.get(field)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value <= 0):
            return "%s must be a positive integer (milliseconds)" % field
    if body.get("dns_config"):
        for item in body["dns_config"].split(";"):
            try:
                ipaddress.ip_address(item.strip())
            except ValueError:
                return "dns_config must be IP addresses separated by semicolons"
    if body.get("dns_policy") == "none" and not body.get("dns_config"):
        return "dns_policy none needs dns_config"
    return None


def _int_arg(name, default, low, high):
    value = request.args.get(name)
    if value in (None, ""):
        return default, None
    try:
        number = int(value)
    except ValueError:
        return None, bad_request("%s must be an integer" % name, "HSS.1002")
    if not low <= number <= high:
        return None, bad_request("%s must be between %d and %d" % (name, low, high), "HSS.1002")
    return number, None


def _enterprise_project():
    return request.args.get("enterprise_project_id") or DEFAULT_PROJECT


# --- clusters ---------------------------------------------------------------------------------------------


def new_record(
    name,
    provider,
    server,
    kubeconfig_sha256,
    connect_server,
    enterprise_project=DEFAULT_PROJECT,
    image_repo=None,
    current_expiration_date=None,
    certificate_expiration_date=None,
    status="not_connect",
    registration=None,
):
    return {
        "cluster_id": str(uuid.uuid4()),
        "cluster_name": name,
        "provider": provider,
        "server": server,
        "image_repo": image_repo,
        "status": status,
        "version": AGENT_VERSION if status == "connect_success" else None,
        "current_expiration_date": current_expiration_date,
        "certificate_expiration_date": certificate_expiration_date,
        "_enterprise_project_id": enterprise_project,
        "_seq": next(_sequence),
        "_kubeconfig_sha256": kubeconfig_sha256,
        "_connect_server": connect_server,
        "_registration": registration or {},
        "_updates": 0,
        "_deleting": False,
    }


def _registration_extras(body):
    extras = {
        key: body[key]
        for key in (
            "image_repo_username",
            "organization",
            "image_repo_type",
            "image_arch",
            "anp_proxy",
            "hostguard_proxy",
            "container_name",
            "dns_policy",
            "dns_config",
        )
        if body.get(key) not in (None, "")
    }
    if body.get("image_repo_password"):
        extras["image_repo_password_sha256"] = hashlib.sha256(body["image_repo_password"].encode()).hexdigest()
    return extras


@blueprint.route(CLUSTERS, methods=["POST"])
def create_cluster(project_id):
    body = _body()
    if body is None:
        return bad_request("the body must be a JSON object")
    if not body.get("kube_config"):
        hint = " (the create body names it kube_config)" if body.get("kubeconfig") else ""
        return bad_request("kube_config is required%s" % hint)
    problem = _check_fields(body)
    if problem:
        return bad_request(problem)
    try:
        kubeconfig_server, not_after = _kubeconfig_facts(body["kube_config"])
    except ValueError as invalid:
        return bad_request("kube_config: %s" % invalid, "HSS.1003")
    server = body.get("server") or kubeconfig_server
    if not server:
        return bad_request("server is required when the kubeconfig names no cluster server")
    enterprise_project = _enterprise_project()
    if enterprise_project == ALL_PROJECTS:
        enterprise_project = DEFAULT_PROJECT
    with store().lock:
        if body.get("name") and any(
            item["cluster_name"] == body["name"] and item["_enterprise_project_id"] == enterprise_project
            for item in _clusters().values()
        ):
            return bad_request("a cluster named %s is already registered" % body["name"], "HSS.1004")
        record = new_record(
            body.get("name"),
            body.get("provider"),
            server,
            hashlib.sha256(body["kube_config"].encode()).hexdigest(),
            kubeconfig_server or server,
            enterprise_project,
            body.get("image_repo"),
            body.get("current_expiration_date"),
            body.get("certificate_expiration_date") or not_after,
            registration=_registration_extras(body),
        )
        _clusters().add(record, key="cluster_id")
        store().schedule(record, CONNECT_SECONDS, _settle_connection)
    return jsonify({"cluster_id": record["cluster_id"]})


@blueprint.route(CLUSTERS, methods=["GET"])
def list_clusters(project_id):
    limit, problem = _int_arg("limit", DEFAULT_LIMIT, *LIMIT_RANGE)
    if problem:
        return problem
    offset, problem = _int_arg("offset", 0, 0, MAX_OFFSET)
    if problem:
        return problem
    enterprise_project = _enterprise_project()
    cluster_id = request.args.get("cluster_id")
    matching = [
        record
        for record in _clusters().values()
        if (enterprise_project == ALL_PROJECTS or record["_enterprise_project_id"] == enterprise_project)
        and (not cluster_id or record["cluster_id"] == cluster_id)
    ]
    matching.sort(key=lambda record: record["_seq"])
    page = matching[offset : offset + limit]
    return jsonify({"total_num": len(matching), "data_list": [_public(record) for record in page]})


def _lookup(cluster_id):
    record = _clusters().get(cluster_id)
    if record is None:
        return None, error(404, "HSS.1005", "cluster %s is not registered" % cluster_id)
    return record, None


@blueprint.route(CLUSTERS + "/<cluster_id>", methods=["PUT"])
def update_cluster(project_id, cluster_id):
    body = _body()
    if body is None:
        return bad_request("the body must be a JSON object")
    if "kube_config" in body:
        return bad_request("kube_config is not a field of this request: the kubeconfig is sent as kubeconfig")
    if not any(key in body for key in ("kubeconfig", "current_expiration_date", "upgrade")):
        return bad_request("give at least one of kubeconfig, current_expiration_date, upgrade")
    if body.get("upgrade") is not None and not isinstance(body["upgrade"], bool):
        return bad_request("upgrade must be a boolean")
    problem = _check_fields({key: body.get(key) for key in ("current_expiration_date",)})
    if problem:
        return bad_request(problem)
    record, problem = _lookup(cluster_id)
    if problem:
        return problem
    if record["_deleting"]:
        return bad_request("cluster %s is being removed" % cluster_id, "HSS.1006")
    if body.get("kubeconfig") is not None:
        if not isinstance(body["kubeconfig"], str):
            return bad_request("kubeconfig must be a string")
        try:
            kubeconfig_server, not_after = _kubeconfig_facts(body["kubeconfig"])
        except ValueError as invalid:
            return bad_request("kubeconfig: %s" % invalid, "HSS.1003")
        with store().lock:
            record["_kubeconfig_sha256"] = hashlib.sha256(body["kubeconfig"].encode()).hexdigest()
            record["_connect_server"] = kubeconfig_server or record["server"]
            if not_after is not None and _setting(RECOMPUTE_SETTING):
                record["certificate_expiration_date"] = not_after
            _reconnect(record, CONNECT_SECONDS)
    with store().lock:
        if body.get("current_expiration_date") is not None:
            record["current_expiration_date"] = body["current_expiration_date"]
        if body.get("upgrade") and record.get("version"):
            record["version"] = UPGRADED_AGENT_VERSION
        record["_updates"] += 1
    return jsonify({})


@blueprint.route(CLUSTERS + "/<cluster_id>", methods=["DELETE"])
def delete_cluster(project_id, cluster_id):
    record, problem = _lookup(cluster_id)
    if problem:
        return problem
    with store().lock:
        if not record["_deleting"]:
            store().cancel(record)
            record["_deleting"] = True
            clusters = _clusters()
            store().schedule(record, DELETE_SECONDS, lambda gone: clusters.pop(gone["cluster_id"], None))
    return jsonify({})


@blueprint.route(CLUSTERS + "/status-synchronize", methods=["POST"])
def synchronize_status(project_id):
    body = _body()
    items = body.get("data_list") if body else None
    if (
        not isinstance(items, list)
        or not items
        or not all(isinstance(item, dict) and item.get("cluster_id") for item in items)
    ):
        return bad_request("data_list must list at least one {cluster_id}")
    if body.get("total_num") is not None and body["total_num"] != len(items):
        return bad_request("total_num must be the number of entries of data_list")
    records = []
    for item in items:
        record, problem = _lookup(item["cluster_id"])
        if problem:
            return problem
        records.append(record)
    with store().lock:
        for record in records:
            if record["_deleting"] or store().pending(record):
                continue
            _reconnect(record, SYNC_SECONDS)
    return jsonify({})


# --- admin hooks ------------------------------------------------------------------------------------------


def _settings(seeded_store=None):
    return (seeded_store or store()).collection(NAME, "settings")


def _setting(name):
    record = _settings().get(name)
    return record["value"] if record else SETTINGS[name]


def seed(seeded_store, params):
    """Seeds registrations; with put_recomputes_certificate_date, also sets that switch (count 0: only that)."""
    for name in SETTINGS:
        if name in params:
            _settings(seeded_store).put(name, {"value": bool(params[name])})
    count = int(params.get("count", 1))
    prefix = str(params.get("name_prefix") or "seed")
    provider = str(params.get("provider") or "self_built_idc")
    status = str(params.get("status") or "connect_success")
    enterprise_project = str(params.get("enterprise_project_id") or DEFAULT_PROJECT)
    expires = int(seeded_store.clock.wall() * 1000) + 365 * 24 * 3600 * 1000
    collection = seeded_store.collection(NAME, "clusters")
    existing = len(collection)
    ids = []
    for index in range(count):
        number = existing + index
        server = "https://10.%d.%d.%d:6443" % (number // 65536 % 256, number // 256 % 256, number % 256)
        record = new_record(
            "%s-%04d" % (prefix, number),
            provider,
            server,
            hashlib.sha256(b"seed%d" % number).hexdigest(),
            server,
            enterprise_project,
            current_expiration_date=expires,
            certificate_expiration_date=expires,
            status=status,
        )
        collection.add(record, key="cluster_id")
        ids.append(record["cluster_id"])
    return ids


CLOUD = CloudSpec(
    name=NAME,
    blueprint=blueprint,
    prefix=PREFIX,
    verify=verify,
    seed=seed,
    error=error,
    contract=huawei_contract.load(),
    bad_request=bad_request,
)
