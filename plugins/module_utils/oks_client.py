# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The typed client of the OUTSCALE OKS API (v1.0, base .../api/v2): paths, wrappers, payload mapping, statuses.

Answers wrap their payload next to ``ResponseContext``: ``Project``, ``Projects``, ``Cluster``, ``Clusters``,
``Template``, ``Versions``, ``CPSubregions``, ``ControlPlanes``, ``detail``. Lists may carry the later API's
``Pagination`` (a cursor or an offset), which is followed. Option names are the API's own (snake_case), so the
mapping is mostly about defaults at creation, merging partial updates and normalising for comparison.
"""

from __future__ import annotations

import binascii
import ipaddress
import time

from ansible_collections.managedk8s.clusters.plugins.module_utils.auth.outscale import OutscaleAuth
from ansible_collections.managedk8s.clusters.plugins.module_utils.credentials import CredentialsError, resolve_oks
from ansible_collections.managedk8s.clusters.plugins.module_utils.errors import ApiError
from ansible_collections.managedk8s.clusters.plugins.module_utils.http import HttpClient
from ansible_collections.managedk8s.clusters.plugins.module_utils.kubeconfig import KubeconfigError
from ansible_collections.managedk8s.clusters.plugins.module_utils.waiter import status_waiter, wait_for

WEEK_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
WINDOWS = ("minor_upgrade_maintenance", "patch_upgrade_maintenance")
PLUGIN_LISTS = ("disable_admission_plugins", "enable_admission_plugins")

SETTLED = ("ready",)
FAILED = ("failed",)
TRANSIENT = ("pending", "deploying", "updating", "upgrading", "deleting")
GONE = ("deleted",)

# Seed defaults, applied only when creating (never compared on an existing resource).
WINDOW_DEFAULTS = {"enabled": True, "duration_hours": 0, "start_hour": 12, "week_day": "Tue", "tz": "UTC"}
CLUSTER_CREATE_DEFAULTS = {
    "cp_subregions": ["2a"],
    "version": "1.30",
    "admin_lbu": False,
    "control_planes": "cp.3.masters.small",
    "cidr_pods": "10.91.0.0/16",
    "cidr_service": "10.92.0.0/16",
    "disable_api_termination": False,
}
DEFAULT_CLUSTER_DNS_OFFSET = 10

PROJECT_CREATE_FIELDS = ("name", "description", "cidr", "region", "tags", "quirks", "disable_api_termination")
PROJECT_UPDATE_FIELDS = ("description", "tags", "quirks", "disable_api_termination")
CLUSTER_CREATE_FIELDS = ("name", "project_id", "description", "cp_subregions", "version", "admin_lbu", "admission_flags",
                         "cidr_pods", "cidr_service", "cluster_dns", "tags", "auto_maintenances", "control_planes",
                         "admin_whitelist", "quirks", "disable_api_termination")
CLUSTER_UPDATE_FIELDS = ("description", "admission_flags", "tags", "auto_maintenances", "admin_whitelist", "quirks",
                         "disable_api_termination", "version", "control_planes")
FAILURE_MESSAGE_KEYS = ("message", "reason", "detail", "status_message", "error")

MAX_PAGES = 1000


# --- normalisation and payload mapping ----------------------------------------------------------------------

def canonical_network(value):
    """'203.0.113.7' and '203.0.113.7/32' compare equal; anything unparsable is kept as it is."""
    try:
        return str(ipaddress.ip_network(value, strict=False))
    except (TypeError, ValueError):
        return value


def string_tags(tags):
    if tags is None:
        return None
    return {str(key): "" if value is None else str(value) for key, value in tags.items()}


def unique_sorted(values):
    return sorted(set(values or []))


def short_version(version):
    """'1.30.4' -> '1.30' (the API takes X.Y); None stays None."""
    if not version:
        return version
    return ".".join(str(version).split(".")[:2])


def version_key(version):
    return tuple(int(part) if part.isdigit() else -1 for part in str(version).split("."))


def normalise_cluster_params(params):
    """A copy of the cluster options in the form the API reports them, so comparisons are fair."""
    params = dict(params)
    params["tags"] = string_tags(params.get("tags"))
    if params.get("admin_whitelist") is not None:
        params["admin_whitelist"] = [canonical_network(value) for value in params["admin_whitelist"]]
    flags = params.get("admission_flags")
    if flags is not None:
        params["admission_flags"] = {key: unique_sorted(flags[key]) for key in PLUGIN_LISTS if flags.get(key) is not None}
    return params


def normalise_project_params(params):
    params = dict(params)
    params["tags"] = string_tags(params.get("tags"))
    return params


def _pick(source, fields):
    return {key: source[key] for key in fields if source.get(key) is not None}


def project_payload(desired):
    """The body of POST /projects."""
    return _pick(desired, PROJECT_CREATE_FIELDS)


def project_update_payload(changes):
    """The body of PATCH /projects/{id}: only what changes."""
    return _pick(changes, PROJECT_UPDATE_FIELDS)


def project_state(record, assumed_quirks=None):
    """A project in option names. The API does not report quirks: they read as configured (as the vendor's
    Terraform provider does), unless a later API version returns them."""
    return {
        "id": record.get("id"),
        "name": record.get("name"),
        "description": record.get("description") or "",
        "cidr": record.get("cidr"),
        "region": record.get("region"),
        "tags": string_tags(record.get("tags")) or {},
        "quirks": list(record["quirks"] or []) if "quirks" in record else assumed_quirks,
        "disable_api_termination": bool(record.get("disable_api_termination")),
    }


def project_output(record, assumed_quirks=None):
    output = project_state(record, assumed_quirks)
    output.update({key: record.get(key) for key in ("status", "created_at", "updated_at", "deleted_at")})
    return output


def window_with_defaults(window):
    merged = dict(WINDOW_DEFAULTS)
    merged.update({key: value for key, value in (window or {}).items() if value is not None})
    return merged


def default_cluster_dns(cidr_service):
    network = ipaddress.ip_network(cidr_service, strict=False)
    return str(network.network_address + DEFAULT_CLUSTER_DNS_OFFSET)


def cluster_create_payload(desired):
    """The body of POST /clusters: the seed's defaults for everything the user left out."""
    body = dict(CLUSTER_CREATE_DEFAULTS)
    body.update(_pick(desired, CLUSTER_CREATE_FIELDS))
    if "cluster_dns" not in body:
        body["cluster_dns"] = default_cluster_dns(body["cidr_service"])
    flags = desired.get("admission_flags") or {}
    body["admission_flags"] = {key: list(flags.get(key) or []) for key in PLUGIN_LISTS}
    maintenances = desired.get("auto_maintenances") or {}
    body["auto_maintenances"] = {window: window_with_defaults(maintenances.get(window)) for window in WINDOWS}
    body["cp_subregions"] = list(body["cp_subregions"])
    return body


def cluster_update_payload(changes, record):
    """The body of PATCH /clusters/{id}. admission_flags and auto_maintenances are sent whole (the API replaces
    them), so the parts the user did not set keep the cluster's current values."""
    body = _pick(changes, [key for key in CLUSTER_UPDATE_FIELDS if key not in ("admission_flags", "auto_maintenances")])
    if "admission_flags" in changes:
        current = record.get("admission_flags") or {}
        wanted = changes["admission_flags"] or {}
        body["admission_flags"] = {key: list(wanted[key] if wanted.get(key) is not None else current.get(key) or [])
                                   for key in PLUGIN_LISTS}
    if "auto_maintenances" in changes:
        current = record.get("auto_maintenances") or {}
        wanted = changes["auto_maintenances"] or {}
        body["auto_maintenances"] = {}
        for window in WINDOWS:
            merged = window_with_defaults(current.get(window))
            merged.update({key: value for key, value in (wanted.get(window) or {}).items() if value is not None})
            body["auto_maintenances"][window] = merged
    return body


def project_status(record):
    return (record or {}).get("status")


def cluster_status(record):
    if not record:
        return None
    statuses = record.get("statuses") or {}
    return statuses.get("status") or record.get("status")


def cluster_state(record, assumed_quirks=None):
    """A cluster in option names, normalised for comparison (plugin lists sorted, whitelist canonical)."""
    flags = record.get("admission_flags") or {}
    maintenances = record.get("auto_maintenances")
    return {
        "id": record.get("id"),
        "name": record.get("name"),
        "project_id": record.get("project_id"),
        "description": record.get("description") or "",
        "cp_subregions": list(record.get("cp_subregions") or []),
        "version": short_version(record.get("version")),
        "admin_lbu": bool(record.get("admin_lbu")),
        "admission_flags": {key: unique_sorted(flags.get(key)) for key in PLUGIN_LISTS},
        "cidr_pods": record.get("cidr_pods"),
        "cidr_service": record.get("cidr_service"),
        "cluster_dns": record.get("cluster_dns"),
        "tags": string_tags(record.get("tags")) or {},
        "auto_maintenances": {window: window_with_defaults(maintenances.get(window)) for window in WINDOWS}
        if maintenances else None,
        "control_planes": record.get("control_planes"),
        "admin_whitelist": [canonical_network(value) for value in record.get("admin_whitelist") or []],
        "quirks": list(record["quirks"] or []) if "quirks" in record else assumed_quirks,
        "disable_api_termination": bool(record.get("disable_api_termination")),
    }


def cluster_output(record, assumed_quirks=None):
    output = cluster_state(record, assumed_quirks)
    statuses = record.get("statuses") or {}
    output.update({
        "status": cluster_status(record),
        "full_version": record.get("version"),
        "available_upgrade": statuses.get("available_upgrade") or "",
        "created_at": statuses.get("created_at"),
        "updated_at": statuses.get("updated_at"),
        "cni": record.get("cni"),
        "cp_multi_az": record.get("cp_multi_az"),
        "applied_admission_plugins": list((record.get("admission_flags") or {}).get("applied_admission_plugins") or []),
    })
    return output


def failure_reason(record):
    """The explanation the API gives for a failed resource, when it gives one."""
    for source in ((record or {}).get("statuses") or {}, record or {}):
        for key in FAILURE_MESSAGE_KEYS:
            if isinstance(source.get(key), str) and source[key]:
                return source[key]
    return None


# --- NaCl sealed boxes (x-encrypt-nacl) ------------------------------------------------------------------------

def _nacl():
    try:
        from nacl.encoding import Base64Encoder
        from nacl.exceptions import CryptoError
        from nacl.public import PrivateKey, SealedBox
    except ImportError as error:
        raise KubeconfigError("the Python library PyNaCl is required to receive an encrypted kubeconfig (pip install "
                              "pynacl), or set encrypt=false") from error
    return PrivateKey, SealedBox, Base64Encoder, CryptoError


def nacl_key_pair():
    """An ephemeral Curve25519 key pair: (private key object, base64 public key for the x-encrypt-nacl header)."""
    private_key_class, _sealed_box, encoder, _error = _nacl()
    private_key = private_key_class.generate()
    return private_key, private_key.public_key.encode(encoder).decode("ascii")


def open_sealed_box(private_key, sealed):
    """The plaintext of a base64 NaCl sealed box made for private_key's public key."""
    _private_key_class, sealed_box, encoder, crypto_error = _nacl()
    try:
        data = sealed.encode("ascii") if isinstance(sealed, str) else sealed
        return sealed_box(private_key).decrypt(data, encoder=encoder).decode("utf-8")
    except (crypto_error, binascii.Error, ValueError, UnicodeError):
        raise KubeconfigError("the kubeconfig the API returned is not a NaCl sealed box for the key that was sent; if "
                              "this endpoint does not support x-encrypt-nacl, set encrypt=false") from None


# --- the client -----------------------------------------------------------------------------------------------

def _next_page(pagination, seen, page_size):
    """The query parameters of the next page, or None when the list is complete."""
    if not isinstance(pagination, dict) or page_size == 0:
        return None
    cursor = pagination.get("cursor") or {}
    if isinstance(cursor, dict) and cursor.get("next_cursor"):
        return {"cursor": cursor["next_cursor"]}
    offset = pagination.get("offset") or {}
    if isinstance(offset, dict) and offset.get("page") is not None and offset.get("total") is not None:
        if seen < int(offset["total"]):
            return {"page": int(offset["page"]) + 1}
    return None


def _query(**values):
    return {key: value for key, value in values.items() if value is not None}


class OksClient:
    """One method per OKS API call; the waits the modules need on top."""

    def __init__(self, http, region=None, sleep=time.sleep, clock=time.monotonic):
        self.http = http
        self.region = region
        self.sleep = sleep
        self.clock = clock
        self.poll_first_delay = 1.0
        self.poll_max_delay = 12.0

    # --- plumbing
    @staticmethod
    def _payload(response, key):
        body = response.json
        if not isinstance(body, dict) or key not in body:
            raise ApiError(status=response.status, code="UnexpectedAnswer", method=response.method, url=response.url,
                           message="the answer has no %r field" % key, request_id=response.request_id)
        return body[key]

    def _list(self, path, key, params=None, page_size=None):
        params = dict(params or {})
        if page_size:
            params["limit"] = page_size
        items = []
        for _page in range(MAX_PAGES):
            response = self.http.get(path, params=params)
            page = self._payload(response, key) or []
            items.extend(page)
            following = _next_page(response.json.get("Pagination"), len(items), len(page))
            if following is None:
                break
            params.update(following)
        return items

    def _get_or_none(self, path, key):
        response = self.http.get(path, allow_404=True)
        if response.status == 404:
            return None
        return self._payload(response, key)

    # --- projects
    def list_projects(self, name=None, status=None, cidr=None, deleted=None, page_size=None):
        return self._list("projects", "Projects", _query(name=name, status=status, cidr=cidr, deleted=deleted), page_size)

    def projects_named(self, name):
        """The projects whose name is exactly name (the API filter may match more loosely)."""
        return [project for project in self.list_projects(name=name) if project.get("name") == name]

    def get_project(self, project_id):
        return self._get_or_none("projects/%s" % project_id, "Project")

    def create_project(self, body):
        return self._payload(self.http.post("projects", json=body), "Project")

    def update_project(self, project_id, body):
        return self._payload(self.http.patch("projects/%s" % project_id, json=body), "Project")

    def delete_project(self, project_id):
        # A DELETE sent again after its answer was lost finds nothing: 404 means the project is gone, as asked.
        return (self.http.delete("projects/%s" % project_id, allow_404=True).json or {}).get("detail")

    def project_quotas(self, project_id):
        project = self._payload(self.http.get("projects/%s/quotas" % project_id), "Project") or {}
        return ((project.get("data") or {}).get("quotas")) or []

    # --- clusters
    def list_clusters(self, project_id=None, name=None, status=None, version=None, deleted=None, page_size=None):
        """Clusters of one project (GET /clusters), or of every project when project_id is None (GET /clusters/all)."""
        filters = _query(name=name, status=status, version=version, deleted=deleted)
        if project_id is None:
            return self._list("clusters/all", "Clusters", filters, page_size)
        return self._list("clusters", "Clusters", dict(filters, project_id=project_id), page_size)

    def clusters_named(self, project_id, name):
        return [cluster for cluster in self.list_clusters(project_id, name=name)
                if cluster.get("name") == name and cluster.get("project_id", project_id) == project_id]

    def get_cluster(self, cluster_id):
        return self._get_or_none("clusters/%s" % cluster_id, "Cluster")

    def create_cluster(self, body):
        return self._payload(self.http.post("clusters", json=body), "Cluster")

    def update_cluster(self, cluster_id, body):
        return self._payload(self.http.patch("clusters/%s" % cluster_id, json=body), "Cluster")

    def upgrade_cluster(self, cluster_id):
        return self._payload(self.http.patch("clusters/%s/upgrade" % cluster_id), "Cluster")

    def delete_cluster(self, cluster_id):
        # A DELETE sent again after its answer was lost finds nothing: 404 means the cluster is gone, as asked.
        return (self.http.delete("clusters/%s" % cluster_id, allow_404=True).json or {}).get("detail")

    def kubeconfig(self, cluster_id, user=None, group=None, ttl=None, encrypt=True):
        """The kubeconfig text. With encrypt, it travels as a NaCl sealed box for an ephemeral key made here."""
        params = _query(user=user or None, group=group or None, ttl=ttl or None)
        path = "clusters/%s/kubeconfig" % cluster_id
        if not encrypt:
            return self._kubeconfig_text(self.http.get(path, params=params))
        private_key, public_key = nacl_key_pair()
        response = self.http.post(path, params=params, headers={"x-encrypt-nacl": public_key}, idempotent=True)
        return open_sealed_box(private_key, self._kubeconfig_text(response))

    def _kubeconfig_text(self, response):
        body = response.json if isinstance(response.json, dict) else {}
        holder = body.get("Cluster") or body.get("Data") or body
        data = holder.get("data") or holder.get("Data") or holder
        text = data.get("kubeconfig") if isinstance(data, dict) else None
        if not text:
            raise ApiError(status=response.status, code="UnexpectedAnswer", method=response.method, url=response.url,
                           message="the answer holds no kubeconfig", request_id=response.request_id)
        return text

    # --- limits and templates
    def kubernetes_versions(self):
        return self._payload(self.http.get("clusters/limits/kubernetes_versions"), "Versions")

    def cp_subregions(self):
        return self._payload(self.http.get("clusters/limits/cp_subregions"), "CPSubregions")

    def control_plane_plans(self):
        return self._payload(self.http.get("clusters/limits/control_plane_plans"), "ControlPlanes")

    def template(self, kind):
        """kind: project, cluster or nodepool."""
        return self._payload(self.http.get("templates/%s" % kind), "Template")

    # --- waiting
    def _wait(self, fetch, ready, failed, timeout, what, describe, initial=None):
        """wait_for with this client's pace; initial (a record already read) is judged before any new read."""
        extra = {"initial": initial} if initial is not None else {}
        return wait_for(fetch, ready, failed, timeout=timeout, what=what, describe=describe,
                        first_delay=self.poll_first_delay, max_delay=self.poll_max_delay, sleep=self.sleep,
                        clock=self.clock, **extra)

    def wait_project(self, record, timeout):
        """Wait until the project is ready; a failed project ends the wait at once."""
        what = "project '%s' (%s) to be ready" % (record.get("name"), record.get("id"))
        ready, failed = status_waiter(project_status, SETTLED, FAILED, TRANSIENT)
        return self._wait(lambda: self._must_exist(self.get_project(record["id"]), "project", record), ready,
                          _with_reason(failed), timeout, what, project_status, record)

    def wait_cluster(self, record, timeout, version=None):
        """Wait until the cluster is ready (and runs version X.Y when given); failed ends the wait at once."""
        what = "cluster '%s' (%s) to be ready" % (record.get("name"), record.get("id"))
        if version:
            what += " with Kubernetes %s" % version
        status_ready, failed = status_waiter(cluster_status, SETTLED, FAILED, TRANSIENT)

        def ready(value):
            return status_ready(value) and (not version or short_version(value.get("version")) == version)

        def describe(value):
            return "%s, version %s" % (cluster_status(value), (value or {}).get("version"))

        return self._wait(lambda: self._must_exist(self.get_cluster(record["id"]), "cluster", record), ready,
                          _with_reason(failed), timeout, what, describe, record)

    def wait_project_gone(self, record, timeout):
        what = "project '%s' (%s) to be deleted" % (record.get("name"), record.get("id"))
        self._wait(lambda: self.get_project(record["id"]), _gone(project_status), _with_reason(_failed(project_status)),
                   timeout, what, project_status)

    def wait_cluster_gone(self, record, timeout):
        what = "cluster '%s' (%s) to be deleted" % (record.get("name"), record.get("id"))
        self._wait(lambda: self.get_cluster(record["id"]), _gone(cluster_status), _with_reason(_failed(cluster_status)),
                   timeout, what, cluster_status)

    @staticmethod
    def _must_exist(value, kind, record):
        if value is None:
            raise ApiError(status=404, code="NotFoundError",
                           message="%s '%s' (%s) disappeared while waiting for it" % (kind, record.get("name"), record.get("id")))
        return value


def _gone(get_status):
    def ready(value):
        return value is None or get_status(value) in GONE
    return ready


def _failed(get_status):
    def check(value):
        status = get_status(value)
        return "status is %s" % status if status in FAILED else None
    return check


def _with_reason(failed):
    """failed(value) with the API's explanation appended when it gives one."""
    def check(value):
        message = failed(value)
        reason = failure_reason(value) if message else None
        return "%s: %s" % (message, reason) if reason else message
    return check


def client_from_params(params, warn=None):
    """An OksClient for the module options: credentials resolved as the vendor tools do, one HTTP session."""
    resolved = resolve_oks(params)
    try:
        auth = OutscaleAuth(access_key=resolved.get("access_key"), secret_key=resolved.get("secret_key"),
                            username=resolved.get("username"), password=resolved.get("password"),
                            access_token=resolved.get("access_token"), refresh_token=resolved.get("refresh_token"),
                            otp_code=resolved.get("otp_code"))
    except ValueError as error:
        raise CredentialsError(str(error)) from None
    http = HttpClient(resolved["endpoint"], auth=auth, validate_certs=params.get("validate_certs", True),
                      ca_path=resolved.get("ca_path") or params.get("ca_path"), timeout=params.get("request_timeout") or 30)
    for message in http.warnings:
        if warn is not None:
            warn(message)
    return OksClient(http, region=resolved.get("region"))
