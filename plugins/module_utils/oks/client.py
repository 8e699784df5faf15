# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The typed client of the OUTSCALE OKS API (v1.0, base .../api/v2): paths, pagination, the error parser.

Answers wrap their payload next to ``ResponseContext``: ``Project``, ``Projects``, ``Cluster``, ``Clusters``,
``Template``, ``Versions``, ``CPSubregions``, ``ControlPlanes``, ``detail``. Lists may carry the later API's
``Pagination`` (a cursor or an offset), which is followed. The kubeconfig may travel as a NaCl sealed box.
"""

from __future__ import annotations

import binascii

from ansible_collections.managedk8s.clusters.plugins.module_utils.auth.outscale import OutscaleAuth
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.credentials import CredentialsError
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.errors import (
    ApiError,
    ErrorParser,
    KubeconfigError,
    validation_messages,
)
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.http import http_client_for
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.k8s import object_path
from ansible_collections.managedk8s.clusters.plugins.module_utils.oks import credentials
from ansible_collections.managedk8s.clusters.plugins.module_utils.oks.model import NODEPOOL_API_VERSION, NODEPOOL_PLURAL

MAX_PAGES = 1000


# --- NaCl sealed boxes (x-encrypt-nacl) ------------------------------------------------------------------------


def _nacl():
    try:
        from nacl.encoding import Base64Encoder
        from nacl.exceptions import CryptoError
        from nacl.public import PrivateKey, SealedBox
    except ImportError as error:
        raise KubeconfigError(
            "the Python library PyNaCl is required to receive an encrypted kubeconfig (pip install "
            "pynacl), or set encrypt=false"
        ) from error
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
        raise KubeconfigError(
            "the kubeconfig the API returned is not a NaCl sealed box for the key that was sent; if "
            "this endpoint does not support x-encrypt-nacl, set encrypt=false"
        ) from None


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
    """One method per OKS API call."""

    def __init__(self, http, region=None):
        self.http = http
        self.region = region

    # --- plumbing
    @staticmethod
    def _payload(response, key):
        body = response.json
        if not isinstance(body, dict) or key not in body:
            raise ApiError(
                status=response.status,
                code="UnexpectedAnswer",
                method=response.method,
                url=response.url,
                message="the answer has no %r field" % key,
                request_id=response.request_id,
            )
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
        return self._list(
            "projects", "Projects", _query(name=name, status=status, cidr=cidr, deleted=deleted), page_size
        )

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
        return [
            cluster
            for cluster in self.list_clusters(project_id, name=name)
            if cluster.get("name") == name and cluster.get("project_id", project_id) == project_id
        ]

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
            raise ApiError(
                status=response.status,
                code="UnexpectedAnswer",
                method=response.method,
                url=response.url,
                message="the answer holds no kubeconfig",
                request_id=response.request_id,
            )
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


class NodePools:
    """The NodePool objects (oks.dev/v1beta2, cluster-scoped) of one cluster, through its Kubernetes API
    (a core.k8s.KubeClient made from the cluster's kubeconfig): what oks-cli does with kubectl."""

    def __init__(self, kube):
        self.kube = kube

    @staticmethod
    def path(name=None):
        return object_path(NODEPOOL_API_VERSION, NODEPOOL_PLURAL, name)

    def list(self):
        return self.kube.list(self.path())

    def get(self, name):
        return self.kube.get(self.path(name))

    def create(self, manifest):
        return self.kube.create(self.path(), manifest)

    def patch(self, name, changes):
        return self.kube.merge_patch(self.path(name), changes)

    def delete(self, name):
        return self.kube.delete(self.path(name))


INVALID_JWT = "Unauthorized: Invalid JWT."


def _read_outscale_body(body):
    if body.get("otp_required"):
        return (
            "OtpRequired",
            "the account requires a one-time password (multi-factor authentication): set otp_code, or the "
            "environment variable OKS_OTP_CODE, to the current code",
            None,
        )
    errors = body.get("Errors")
    if isinstance(errors, list) and errors:
        first = errors[0] if isinstance(errors[0], dict) else {}
        details = first.get("Details")
        message = validation_messages(details) if isinstance(details, list) else details
        return first.get("Type") or first.get("Code"), message or first.get("Type"), errors
    detail = body.get("detail")
    if isinstance(detail, list):
        return "ValidationError", validation_messages(detail), detail
    if isinstance(detail, str):
        return None, detail, None
    message = body.get("message")
    if message == INVALID_JWT:
        return (
            "InvalidJWT",
            "%s The access token is expired or invalid: give a fresh access_token and refresh_token, or an access "
            "key or a login to fall back on" % message,
            None,
        )
    if isinstance(message, str) and message:
        return None, message, None
    return None


def _read_response_context(body):
    context = body.get("ResponseContext")
    return context.get("RequestId") if isinstance(context, dict) else None


# OKS answers {"Errors": [{"Type", "Code", "Details"}], "ResponseContext": {"RequestId"}}, or FastAPI's {"detail": ...};
# its authentication layer answers {"message": "Unauthorized: Invalid JWT."} and {"otp_required": true} (oks-cli's
# handle_jwt_error and handle_otp_error look for these).
parse_error = ErrorParser(read_body=_read_outscale_body, read_request_id=_read_response_context)


def client_from_params(params, warn=None):
    """An OksClient for the module options: credentials resolved as the vendor tools do, one HTTP session."""
    resolved = credentials.resolve(params)
    try:
        auth = OutscaleAuth(
            access_key=resolved.get("access_key"),
            secret_key=resolved.get("secret_key"),
            username=resolved.get("username"),
            password=resolved.get("password"),
            access_token=resolved.get("access_token"),
            refresh_token=resolved.get("refresh_token"),
            otp_code=resolved.get("otp_code"),
            use_jwt=resolved.get("jwt"),
        )
    except ValueError as error:
        raise CredentialsError(str(error)) from None
    http = http_client_for(
        params, resolved["endpoint"], auth, error_parser=parse_error, ca_path=resolved.get("ca_path"), warn=warn
    )
    return OksClient(http, region=resolved.get("region"))
