# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""OUTSCALE OKS API v1.0 (base /oks/api/v2 here): projects, clusters, kubeconfigs, upgrades, limits, templates.

Behaviour, from the seed, the vendor's OpenAPI description (contracts/oks-openapi.yaml, which checks every request
and every answer here), oks-cli and the answers recorded by the vendor's Terraform provider (see ../FIDELITY.md):
- answers wrap their payload next to ResponseContext (Project, Projects, Cluster, Clusters, Template, ...); lists
  always carry Pagination (required by ProjectResponseList and ClusterResponseList);
- every error answers ``{"Errors": [{Type, Details, Code}], "ResponseContext": {...}}``; a 422 is a
  ``ValidationError`` whose Details is the rule's message, or FastAPI's ``[{loc, msg, type}]`` for schema problems;
- projects go pending -> deploying -> ready; clusters pending -> deploying -> ready, updating after a PATCH,
  upgrading after PATCH .../upgrade (to the latest available version, statuses.available_upgrade, with the
  control plane plan a PATCH asked for), deleting, then 404;
- a cluster can only be created in a ready project (503 otherwise); deleting a protected project or cluster, or
  a project that still has clusters, answers 403;
- authentication: AccessKey/SecretKey, Basic, or AccessToken/RefreshToken; every authenticated answer carries a
  fresh Access-Token/Refresh-Token pair (oks-cli's save_tokens keeps them from any login), tokens expire on the
  emulator's clock, and an expired or unknown pair answers 401 ``{"message": "Unauthorized: Invalid JWT."}``
  (what oks-cli's handle_jwt_error looks for); X-OTP-Code is required when the account has an OTP code set, and
  its absence answers 401 ``{"otp_required": true}`` (oks-cli's handle_otp_error).

Test hooks (none of them are vendor behaviour): a ``mockcloud-fail`` tag makes the project or cluster fail,
with the tag's value as ``statuses.message``; ``POST /_admin/seed {"cloud": "oks", ...}`` accepts
``otp_code`` (set or, with null, clear the account's OTP), ``issue_tokens: true`` (returns an access/refresh
token pair), ``maintain: [cluster_id, ...]`` (the automatic maintenance upgrades those clusters to their
available upgrade at once) and ``count``/``projects`` (ready clusters spread over ready projects).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import ipaddress
import json
import math
import os
import pathlib
import uuid

from flask import Blueprint, g, jsonify, request

from .. import credentials as mock_credentials
from ..context import store
from ..openapi import load as load_contract
from ..spec import CloudSpec
from . import oks_certs as certs, oks_k8s, oks_model as model

NAME = "oks"
PREFIX = "/oks/api/v2"
CONTRACT = load_contract(pathlib.Path(__file__).resolve().parent.parent / "contracts" / "oks-openapi.yaml")
INVALID_JWT = "Unauthorized: Invalid JWT."
ACCESS_TOKEN_TTL = 900
REFRESH_TOKEN_TTL = 86400
_TOKEN_SECRET = os.urandom(32)

blueprint = Blueprint("mockcloud_oks", __name__)


# --- answers --------------------------------------------------------------------------------------------------


def request_id():
    if "oks_request_id" not in g:
        g.oks_request_id = str(uuid.uuid4())
    return g.oks_request_id


def answer(key, value, status=200):
    response = jsonify({"ResponseContext": {"RequestId": request_id()}, key: value})
    response.status_code = status
    return response


def error(status, code, message):
    response = jsonify(
        {
            "Errors": [{"Type": code, "Details": message, "Code": str(status)}],
            "ResponseContext": {"RequestId": request_id()},
        }
    )
    response.status_code = status
    return response


def validation_error(problems):
    """422 in the API's ErrorResponse: one ValidationError per rule broken (Details: its message), and one for
    the schema problems together (Details: FastAPI's list), as the 422 examples of oks-openapi.yaml show."""
    rules = [message for _loc, message, kind in problems if kind == "value_error"]
    schema = [{"loc": loc, "msg": message, "type": kind} for loc, message, kind in problems if kind != "value_error"]
    details = rules + ([schema] if schema else [])
    response = jsonify(
        {
            "Errors": [{"Type": "ValidationError", "Details": detail, "Code": "422"} for detail in details],
            "ResponseContext": {"RequestId": request_id()},
        }
    )
    response.status_code = 422
    return response


def contract_refusal(message):
    """The answer to a request the contract rejects: FastAPI refuses it before any view, with a 422."""
    return validation_error([(["request"], message, "contract")])


class Refusal(Exception):
    def __init__(self, status, code, message):
        super().__init__(message)
        self.response = error(status, code, message)


@blueprint.errorhandler(Refusal)
def _refusal(refusal):
    return refusal.response


@blueprint.errorhandler(model.Problems)
def _problems(problems):
    return validation_error(problems.problems)


def public(record):
    return {key: value for key, value in record.items() if not key.startswith("_")}


def now_iso():
    return store().clock.iso()


def body_json():
    body = request.get_json(silent=True)
    if body is None and request.get_data():
        raise model.Problems([(["body"], "JSON decode error", "json_invalid")])
    return body if body is not None else {}


# --- collections ----------------------------------------------------------------------------------------------


def projects():
    return store().collection(NAME, "projects")


def clusters():
    return store().collection(NAME, "clusters")


def account():
    """The emulated account's settings: its OTP code, if any."""
    settings = store().collection(NAME, "account")
    record = settings.get("account")
    if record is None:
        record = settings.put(
            "account", {"id": "account", "otp_code": mock_credentials.for_cloud(NAME).get("otp_code")}
        )
    return record


def live(record):
    return record is not None and not record.get("_deleted")


def project_or_404(project_id):
    project = projects().get(project_id)
    if not live(project):
        raise Refusal(404, "NotFoundError", "Project %s not found." % project_id)
    return project


def cluster_or_404(cluster_id):
    cluster = clusters().get(cluster_id)
    if not live(cluster):
        raise Refusal(404, "NotFoundError", "Cluster %s not found." % cluster_id)
    return cluster


def project_clusters(project_id):
    return [cluster for cluster in clusters().values() if cluster["project_id"] == project_id and live(cluster)]


def status_of(cluster):
    return cluster["statuses"]["status"]


# --- asynchronous changes --------------------------------------------------------------------------------------
# Each change is built in a request (where store() works) and keeps the clock it needs, because the frame may
# apply it later from anywhere (an admin tick, a test advancing the clock).


def fail_message(record):
    return (record.get("tags") or {}).get(model.FAIL_TAG)


def set_project_status(status, clock):
    def change(project):
        project["status"] = status
        project["updated_at"] = clock.iso()

    return change


def set_cluster_status(status, clock):
    def change(cluster):
        cluster["statuses"]["status"] = status
        cluster["statuses"]["updated_at"] = clock.iso()

    return change


def finish_project(clock):
    def change(project):
        message = fail_message(project)
        set_project_status("failed" if message else "ready", clock)(project)
        if message:
            project["message"] = message

    return change


def finish_cluster(clock):
    def change(cluster):
        message = fail_message(cluster)
        if message:
            cluster["statuses"]["message"] = message
        else:
            cluster["statuses"].pop("message", None)
        set_cluster_status("failed" if message else "ready", clock)(cluster)

    return change


def deploy_project(project):
    clock = store().clock
    store().schedule(project, model.PROJECT_PENDING, set_project_status("deploying", clock))
    store().schedule(project, model.PROJECT_PENDING + model.PROJECT_DEPLOYING, finish_project(clock))


def deploy_cluster(cluster):
    clock = store().clock
    store().schedule(cluster, model.CLUSTER_PENDING, set_cluster_status("deploying", clock))
    store().schedule(cluster, model.CLUSTER_PENDING + model.CLUSTER_DEPLOYING, finish_cluster(clock))


def remove(clock, statuses=None):
    def change(target):
        target["_deleted"] = True
        (statuses(target) if statuses else target)["deleted_at"] = clock.iso()

    return change


def cluster_removal(clock, nodepools):
    """The cluster goes, and the node pools of its Kubernetes API with it."""

    def change(cluster):
        remove(clock, lambda target: target["statuses"])(cluster)
        if nodepools is not None:
            oks_k8s.forget_cluster(nodepools, cluster["id"])

    return change


def upgrade_to(version, control_planes, clock):
    def change(cluster):
        cluster["version"] = version
        cluster["control_planes"] = control_planes
        cluster.pop("_expected_version", None)
        cluster.pop("_expected_control_planes", None)
        cluster["statuses"]["available_upgrade"] = model.next_version(version)
        finish_cluster(clock)(cluster)

    return change


def maintain(cluster, clock):
    """The automatic maintenance: the cloud upgrades the cluster to its available upgrade by itself."""
    target = cluster["statuses"].get("available_upgrade")
    if target:
        cluster["version"] = target
        cluster["statuses"]["available_upgrade"] = model.next_version(target)
        cluster["statuses"]["updated_at"] = clock.iso()


# --- authentication ---------------------------------------------------------------------------------------------


def _b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _now():
    """Token times follow the emulator's clock, so a test can make them expire by advancing it."""
    return store().clock.wall()


def make_token(kind, subject, ttl):
    header = _b64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    payload = _b64url(
        json.dumps({"sub": subject, "typ": kind, "exp": int(_now()) + ttl, "jti": str(uuid.uuid4())}).encode()
    )
    signature = _b64url(hmac.new(_TOKEN_SECRET, ("%s.%s" % (header, payload)).encode(), hashlib.sha256).digest())
    return "%s.%s.%s" % (header, payload, signature)


def read_token(token, kind):
    """The token's claims when it is one of ours, of that kind and not expired; else None."""
    try:
        header, payload, signature = token.split(".")
        expected = _b64url(hmac.new(_TOKEN_SECRET, ("%s.%s" % (header, payload)).encode(), hashlib.sha256).digest())
        claims = json.loads(_unb64url(payload))
    except (ValueError, binascii.Error, UnicodeError):
        return None
    if not hmac.compare_digest(expected, signature) or claims.get("typ") != kind or claims.get("exp", 0) < _now():
        return None
    return claims


def issue_tokens(subject):
    """A fresh access/refresh pair, remembered so tests can see which pair each request used."""
    pair = {
        "access_token": make_token("access", subject, ACCESS_TOKEN_TTL),
        "refresh_token": make_token("refresh", subject, REFRESH_TOKEN_TTL),
    }
    jti = read_token(pair["refresh_token"], "refresh")["jti"]
    store().collection(NAME, "tokens").put(jti, {"id": jti, "used": 0, "issued_at": _now()})
    return pair


def invalid_jwt():
    """oks-cli's handle_jwt_error recognises an invalid or expired token by this body (utils.py)."""
    response = jsonify({"message": INVALID_JWT})
    response.status_code = 401
    return response


def _token_login(headers):
    access = read_token(headers.get("AccessToken", ""), "access")
    refresh = read_token(headers.get("RefreshToken", ""), "refresh")
    if access is None and refresh is None:
        return invalid_jwt()
    if refresh is not None:
        used = store().collection(NAME, "tokens").get(refresh["jti"])
        if used is not None:
            used["used"] += 1
    g.oks_token_subject = (access or refresh)["sub"]
    return None


def _key_or_password_login(headers, expected):
    """The subject the tokens of this login are issued to, or the 401 answer."""
    if headers.get("AccessKey") or headers.get("SecretKey"):
        if headers.get("AccessKey") != expected.get("access_key") or headers.get("SecretKey") != expected.get(
            "secret_key"
        ):
            return None, error(401, "Unauthorized", "The AccessKey/SecretKey pair is not valid.")
        return headers["AccessKey"], None
    authorization = headers.get("Authorization", "")
    if authorization.startswith("Basic "):
        try:
            login, _sep, password = base64.b64decode(authorization[6:]).decode("utf-8").partition(":")
        except (binascii.Error, UnicodeError):
            return None, error(401, "Unauthorized", "The Authorization header is not valid Basic credentials.")
        if login != expected.get("username") or password != expected.get("password"):
            return None, error(401, "Unauthorized", "The login or password is not valid.")
        return login, None
    return None, error(
        401,
        "Unauthorized",
        "Missing authentication: send AccessKey and SecretKey, Basic credentials, or AccessToken and RefreshToken.",
    )


def verify(incoming):
    headers = incoming.headers
    if headers.get("AccessToken") or headers.get("RefreshToken"):
        return _token_login(headers)
    subject, refused = _key_or_password_login(headers, mock_credentials.for_cloud(NAME))
    if refused is not None:
        return refused
    otp_code = account().get("otp_code")
    if otp_code and headers.get("X-OTP-Code") != otp_code:
        response = jsonify({"otp_required": True, "detail": "A valid OTP code is required (X-OTP-Code header)."})
        response.status_code = 401
        return response
    g.oks_token_subject = subject
    return None


@blueprint.after_request
def _fresh_tokens(response):
    subject = g.get("oks_token_subject")
    if subject and response.status_code < 500:
        pair = issue_tokens(subject)
        response.headers["Access-Token"] = pair["access_token"]
        response.headers["Refresh-Token"] = pair["refresh_token"]
    return response


# --- lists ------------------------------------------------------------------------------------------------------


def _truthy(value):
    return str(value).lower() in ("1", "true", "yes")


def deleted_filter(record):
    wanted = request.args.get("deleted")
    if wanted is None:
        return live(record)
    return bool(record.get("_deleted")) == _truthy(wanted)


def paginate(key, items):
    """Every item with an empty cursor, or pages when the client asks with limit; Pagination is always there, as
    ProjectResponseList and ClusterResponseList require it."""
    limit = request.args.get("limit", type=int)
    if not limit:
        body = answer(key, items).get_json()
        body["Pagination"] = {"cursor": {"next_cursor": None}, "offset": None}
        return jsonify(body)
    if not 1 <= limit <= 100:
        raise model.Problems([(["query", "limit"], "Input should be less than or equal to 100", "less_than_equal")])
    if request.args.get("page") is not None:
        page = max(1, request.args.get("page", type=int) or 1)
        start = (page - 1) * limit
        pagination = {"cursor": None, "offset": {"page": page, "limit": limit, "total": len(items)}}
    else:
        start = int(request.args.get("cursor") or 0)
        following = start + limit if start + limit < len(items) else None
        pagination = {"cursor": {"next_cursor": str(following) if following is not None else None}, "offset": None}
    response = answer(key, items[start : start + limit])
    body = response.get_json()
    body["Pagination"] = pagination
    return jsonify(body)


# --- projects -----------------------------------------------------------------------------------------------------


@blueprint.route("/projects", methods=["POST"])
def create_project():
    body = body_json()
    model.check_project(body)
    with store().lock:
        if any(project["name"] == body["name"] for project in projects().values() if live(project)):
            raise Refusal(409, "ResourceConflict", "Project with this name already exists.")
        project = projects().add(model.new_project(store().new_id(), body, now_iso()))
    deploy_project(project)
    return answer("Project", public(project))


@blueprint.route("/projects", methods=["GET"])
def list_projects():
    args = request.args
    items = [
        public(project)
        for project in projects().values()
        if deleted_filter(project)
        and (not args.get("name") or project["name"] == args["name"])
        and (not args.get("status") or project["status"] == args["status"])
        and (not args.get("cidr") or project["cidr"] == args["cidr"])
    ]
    return paginate("Projects", sorted(items, key=lambda item: item["created_at"]))


@blueprint.route("/projects/<project_id>", methods=["GET"])
def get_project(project_id):
    return answer("Project", public(project_or_404(project_id)))


@blueprint.route("/projects/<project_id>", methods=["PATCH"])
def update_project(project_id):
    project = project_or_404(project_id)
    body = body_json()
    model.check_project_update(body)
    with store().lock:
        if project["status"] != "ready":
            raise Refusal(503, "ResourceIsNotReady", "Project not ready: %s" % project["status"])
        for key in ("description", "tags", "disable_api_termination"):
            if body.get(key) is not None:
                project[key] = body[key]
        if body.get("quirks") is not None:
            project["_quirks"] = list(body["quirks"])
        set_project_status("updating", store().clock)(project)
    store().schedule(project, model.PROJECT_UPDATING, finish_project(store().clock))
    return answer("Project", public(project))


@blueprint.route("/projects/<project_id>", methods=["DELETE"])
def delete_project(project_id):
    project = project_or_404(project_id)
    with store().lock:
        if project["disable_api_termination"]:
            raise Refusal(
                403,
                "ForbiddenError",
                "Project %s can't be deleted because disable_api_termination is enabled" % project_id,
            )
        active = project_clusters(project_id)
        if active:
            raise Refusal(
                403,
                "ForbiddenError",
                "The requested action cannot be performed because the project has %d "
                "active cluster(s): %s" % (len(active), ", ".join(sorted(c["name"] for c in active))),
            )
        if project["status"] not in ("ready", "failed", "deleting"):
            raise Refusal(503, "ResourceIsNotReady", "Project not ready: %s" % project["status"])
        if project["status"] != "deleting":
            store().cancel(project)
            set_project_status("deleting", store().clock)(project)
            store().schedule(project, model.PROJECT_DELETING, remove(store().clock))
    return answer("detail", "Project %s deletion has been started." % project_id)


@blueprint.route("/projects/<project_id>/quotas", methods=["GET"])
def project_quotas(project_id):
    project_or_404(project_id)
    used = len(project_clusters(project_id))
    quotas = [
        {
            "ShortDescription": "Clusters per project",
            "QuotaCollection": "OKS",
            "AccountId": "mockcloud-account",
            "Description": "The maximum number of clusters in a project.",
            "MaxValue": 100,
            "UsedValue": used,
            "Name": "clusters_per_project",
        },
        {
            "ShortDescription": "Control plane VMs",
            "QuotaCollection": "Compute",
            "AccountId": "mockcloud-account",
            "Description": "The maximum number of control plane VMs.",
            "MaxValue": 300,
            "UsedValue": used * 3,
            "Name": "cp_vms_limit",
        },
    ]
    project = projects().get(project_id)
    region = project["region"]
    # QuotasData requires the project's subregions too (oks-openapi.yaml: Subregion State/RegionName/...).
    subregions = [
        {"State": "available", "RegionName": region, "SubregionName": region + suffix[-1], "LocationCode": "PAR%d" % n}
        for n, suffix in enumerate(model.CP_SUBREGIONS, start=1)
    ]
    return answer("Project", {"request_id": request_id(), "data": {"quotas": quotas, "subregions": subregions}})


# --- clusters -------------------------------------------------------------------------------------------------------


def _check_networks(project, pods, service):
    sources = [("project", ipaddress.ip_network(project["cidr"])), ("cidr_pods", pods), ("cidr_service", service)]
    sources = [(name, network) for name, network in sources if network is not None]
    for index, (first, first_net) in enumerate(sources):
        for second, second_net in sources[index + 1 :]:
            if first_net.overlaps(second_net):
                raise Refusal(
                    409,
                    "ResourceConflict",
                    "Network overlap detected between %s (%s) and %s (%s). \nPlease "
                    "use non-overlapping network ranges." % (first, first_net, second, second_net),
                )


@blueprint.route("/clusters", methods=["POST"])
def create_cluster():
    body = body_json()
    pods, service = model.check_cluster(body)
    project = project_or_404(body["project_id"])
    if project["status"] != "ready":
        raise Refusal(503, "ResourceIsNotReady", "Project not ready: %s" % project["status"])
    if body["name"] == "default":
        raise Refusal(409, "ResourceConflict", "The name 'default' cannot be used because it is a reserved keyword.")
    _check_networks(project, pods, service)
    with store().lock:
        if any(cluster["name"] == body["name"] for cluster in project_clusters(project["id"])):
            raise Refusal(409, "ResourceConflict", "Cluster with this name already exists.")
        cluster = clusters().add(model.new_cluster(store().new_id(), body, now_iso()))
    deploy_cluster(cluster)
    return answer("Cluster", public(cluster))


def _cluster_filters(items):
    args = request.args
    return sorted(
        (
            public(cluster)
            for cluster in items
            if deleted_filter(cluster)
            and (not args.get("name") or cluster["name"] == args["name"])
            and (not args.get("status") or status_of(cluster) == args["status"])
            and (not args.get("version") or cluster["version"] == args["version"])
        ),
        key=lambda item: item["statuses"]["created_at"],
    )


@blueprint.route("/clusters", methods=["GET"])
def list_clusters():
    project_id = request.args.get("project_id")
    if project_id:
        project_or_404(project_id)
        return paginate("Clusters", _cluster_filters(c for c in clusters().values() if c["project_id"] == project_id))
    return paginate("Clusters", _cluster_filters(clusters().values()))


@blueprint.route("/clusters/all", methods=["GET"])
def list_all_clusters():
    return paginate("Clusters", _cluster_filters(clusters().values()))


@blueprint.route("/clusters/<cluster_id>", methods=["GET"])
def get_cluster(cluster_id):
    return answer("Cluster", public(cluster_or_404(cluster_id)))


def _apply_update(cluster, body):
    for key in ("description", "tags", "admin_whitelist", "disable_api_termination"):
        if body.get(key) is not None:
            cluster[key] = body[key]
    if body.get("quirks") is not None:
        cluster["_quirks"] = list(body["quirks"])
    if body.get("admission_flags") is not None:
        cluster["admission_flags"] = model.admission_flags(body["admission_flags"])
    if body.get("auto_maintenances") is not None:
        cluster["auto_maintenances"] = model.windows(body["auto_maintenances"])
    if body.get("version") is not None and body["version"] != cluster["version"]:
        cluster["_expected_version"] = body["version"]
    if body.get("control_planes") is not None and body["control_planes"] != cluster["control_planes"]:
        if cluster["control_planes"].startswith("cp.3") and body["control_planes"] == "cp.mono.master":
            raise Refusal(
                400,
                "InvalidResource",
                "Downgrade from a multi-master setup (cp.3) to a single master (cp.mono.master) is not allowed.",
            )
        cluster["_expected_control_planes"] = body["control_planes"]


@blueprint.route("/clusters/<cluster_id>", methods=["PATCH"])
def update_cluster(cluster_id):
    cluster = cluster_or_404(cluster_id)
    body = body_json()
    model.check_cluster_update(body, cluster)
    with store().lock:
        if status_of(cluster) != "ready":
            raise Refusal(503, "ResourceIsNotReady", "Cluster not ready: %s" % status_of(cluster))
        _apply_update(cluster, body)
        set_cluster_status("updating", store().clock)(cluster)
    store().schedule(cluster, model.CLUSTER_UPDATING, finish_cluster(store().clock))
    return answer("Cluster", public(cluster))


@blueprint.route("/clusters/<cluster_id>/upgrade", methods=["PATCH"])
def upgrade_cluster(cluster_id):
    """UpgradeCluster: to the latest available version (the seed and oks-openapi.yaml say so; oks-cli's
    ``cluster upgrade`` sends nothing else), whatever version a PATCH asked for; a control plane plan a PATCH
    asked for is applied with it (the vendor's Terraform provider upgrades after a control_planes change)."""
    cluster = cluster_or_404(cluster_id)
    with store().lock:
        if status_of(cluster) != "ready":
            raise Refusal(503, "ResourceIsNotReady", "Cluster not ready: %s" % status_of(cluster))
        version = cluster["statuses"]["available_upgrade"] or cluster["version"]
        control_planes = cluster.get("_expected_control_planes") or cluster["control_planes"]
        if (version, control_planes) != (cluster["version"], cluster["control_planes"]):
            set_cluster_status("upgrading", store().clock)(cluster)
            store().schedule(cluster, model.CLUSTER_UPGRADING, upgrade_to(version, control_planes, store().clock))
    return answer("Cluster", public(cluster))


@blueprint.route("/clusters/<cluster_id>", methods=["DELETE"])
def delete_cluster(cluster_id):
    cluster = cluster_or_404(cluster_id)
    with store().lock:
        if cluster["disable_api_termination"]:
            raise Refusal(
                403,
                "ForbiddenError",
                "Cluster %s can't be deleted because disable_api_termination is enabled" % cluster_id,
            )
        if status_of(cluster) != "deleting":
            store().cancel(cluster)
            set_cluster_status("deleting", store().clock)(cluster)
            store().schedule(
                cluster,
                model.CLUSTER_DELETING,
                cluster_removal(store().clock, oks_k8s.pools() if oks_k8s.served() else None),
            )
    return answer("detail", "Cluster %s deletion has been started." % cluster_id)


@blueprint.route("/clusters/<cluster_id>/kubeconfig", methods=["GET", "POST"])
def kubeconfig(cluster_id):
    cluster = cluster_or_404(cluster_id)
    user, group = request.args.get("user") or None, request.args.get("group") or None
    model.check_kube_identity(user, group)
    ttl = model.ttl_seconds(request.args.get("ttl"))
    if status_of(cluster) in ("pending", "deploying", "failed"):
        raise Refusal(
            503,
            "ResourceIsNotReady",
            "The cluster is currently being created and is not yet available. Please try in few minutes.",
        )
    project = projects().get(cluster["project_id"]) or {"region": "eu-west-2"}
    # The cluster's Kubernetes API, where the emulator serves it (clouds/oks_k8s.py), is the kubeconfig's server.
    server, server_ca = oks_k8s.server_for(cluster_id) if oks_k8s.served() else (None, None)
    text = certs.kubeconfig(
        cluster,
        project["region"],
        user or model.DEFAULT_USER,
        group or model.DEFAULT_GROUP,
        ttl,
        server=server,
        server_ca_pem=server_ca,
    )
    public_key = request.headers.get("x-encrypt-nacl") if request.method == "POST" else None
    if public_key:
        try:
            text = certs.seal(text, public_key)
        except ValueError:
            raise Refusal(
                400, "InvalidResource", "The x-encrypt-nacl header is not a base64 Curve25519 public key."
            ) from None
    return answer("Cluster", {"request_id": request_id(), "data": {"name": cluster["name"], "kubeconfig": text}})


# --- limits and templates --------------------------------------------------------------------------------------------


@blueprint.route("/clusters/limits/kubernetes_versions", methods=["GET"])
def kubernetes_versions():
    return answer("Versions", list(model.KUBERNETES_VERSIONS))


@blueprint.route("/clusters/limits/cp_subregions", methods=["GET"])
def cp_subregions():
    return answer("CPSubregions", list(model.CP_SUBREGIONS))


@blueprint.route("/clusters/limits/control_plane_plans", methods=["GET"])
def control_plane_plans():
    return answer("ControlPlanes", list(model.CONTROL_PLANE_PLANS))


def cluster_template():
    """GET /templates/cluster, in the later API's ClusterInputTemplate (oks-openapi.yaml): the default version,
    networks, plan and maintenance windows, and the caller's address as admin_whitelist (oks-cli's ``my-ip``
    takes it from there). It names no cluster and no subregions."""
    return {
        "project_id": "",
        "description": "",
        "version": model.TEMPLATE_VERSION,
        "admin_lbu": False,
        "admission_flags": {"disable_admission_plugins": [], "enable_admission_plugins": []},
        "cidr_pods": "10.91.0.0/16",
        "cidr_service": "10.92.0.0/16",
        "cluster_dns": "10.92.0.10",
        "tags": {},
        "auto_maintenances": model.windows(None),
        "control_planes": "cp.3.masters.small",
        "admin_whitelist": ["%s/32" % (request.headers.get("X-Real-IP") or request.remote_addr or "127.0.0.1")],
        "quirks": [],
        "disable_api_termination": False,
    }


TEMPLATES = {
    "project": {
        "name": "awesome-project",
        "description": "",
        "cidr": "10.50.0.0/18",
        "region": "eu-west-2",
        "tags": {},
        "quirks": [],
        "disable_api_termination": False,
    },
    "cluster": cluster_template,
    "nodepool": {
        "apiVersion": "oks.dev/v1beta2",
        "kind": "NodePool",
        "metadata": {"name": "nodepool-01"},
        "spec": {
            "desiredNodes": "2",  # a string in the contract (Spec.desiredNodes)
            "nodeType": "tinav6.c2r4p3",
            "zones": ["eu-west-2a"],
            "volumes": [{"device": "root", "type": "gp2", "size": 50, "dir": "/"}],
            "upgradeStrategy": {
                "maxUnavailable": 1,
                "maxSurge": 0,
                "autoUpgradeEnabled": True,
                "autoUpgradeMaintenance": {"durationHours": 1, "startHour": 12, "weekDay": "Tue"},
            },
            "autoHealing": True,
        },
    },
}


@blueprint.route("/templates/<kind>", methods=["GET"])
def template(kind):
    if kind not in TEMPLATES:
        raise Refusal(404, "NotFoundError", "Template %s not found." % kind)
    value = TEMPLATES[kind]
    return answer("Template", json.loads(json.dumps(value() if callable(value) else value)))


# --- admin hooks ----------------------------------------------------------------------------------------------------


def seed(seeded_store, params):
    """Ready clusters spread over ready projects; account settings (otp_code), tokens, and the automatic maintenance
    of some clusters (maintain: their ids) on request."""
    result = {}
    if "otp_code" in params:
        account()["otp_code"] = params["otp_code"] or None
        result["otp_code"] = bool(params["otp_code"])
    if params.get("issue_tokens"):
        result["tokens"] = issue_tokens(mock_credentials.for_cloud(NAME).get("username") or "mockcloud")
    if params.get("maintain"):
        result["maintained"] = {}
        for cluster_id in params["maintain"]:
            cluster = seeded_store.collection(NAME, "clusters").get(cluster_id)
            if live(cluster):
                maintain(cluster, seeded_store.clock)
                result["maintained"][cluster_id] = cluster["version"]
    count = int(params.get("count") or 0)
    if count:
        result.update(_seed_clusters(seeded_store, count, int(params.get("projects") or math.ceil(count / 50.0))))
    return result


def _seed_clusters(seeded_store, count, project_count):
    stamp = seeded_store.clock.iso()
    project_ids = []
    for index in range(project_count):
        body = {
            "name": "seed-project-%03d" % index,
            "cidr": "10.%d.0.0/16" % (50 + index % 40),
            "region": "eu-west-2",
            "tags": {"seeded": "true"},
        }
        project = model.new_project(seeded_store.new_id(), body, stamp)
        project["status"] = "ready"
        seeded_store.collection(NAME, "projects").add(project)
        project_ids.append(project["id"])
    cluster_ids = []
    for index in range(count):
        version = model.KUBERNETES_VERSIONS[index % len(model.KUBERNETES_VERSIONS)]
        body = {
            "name": "seed-cluster-%04d" % index,
            "project_id": project_ids[index % project_count],
            "version": version,
            "cidr_pods": "10.91.0.0/16",
            "cidr_service": "10.92.0.0/16",
            "admin_whitelist": ["0.0.0.0/0"],
            "tags": {"seeded": "true", "index": str(index)},
            "description": "seeded cluster %d" % index,
        }
        cluster = model.new_cluster(seeded_store.new_id(), body, stamp)
        cluster["statuses"]["status"] = "ready"
        seeded_store.collection(NAME, "clusters").add(cluster)
        cluster_ids.append(cluster["id"])
    return {"projects": project_ids, "clusters": cluster_ids}


def reset(_store):
    certs.forget_authorities()


CLOUD = CloudSpec(
    name=NAME,
    blueprint=blueprint,
    prefix=PREFIX,
    verify=verify,
    seed=seed,
    reset=reset,
    error=error,
    contract=CONTRACT,
    bad_request=contract_refusal,
)
