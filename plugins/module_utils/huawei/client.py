# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The typed client of Huawei Cloud HSS's multi-cloud cluster registry (container security).

HSS is a regional, project-scoped service: ``{endpoint of the region}/v5/{project_id}/...`` (regions.py). Without a
project id, the project of the region is asked of IAM first, as the SDK's BasicCredentials does:
``GET {iam}/v3/projects?name={region}`` answers ``{projects: [{id, name, ...}]}``, and exactly one project must come.
Under ``container/kubernetes/multi-cloud/``:

- ``POST clusters`` registers a cluster (body field ``kube_config``) and answers ``{cluster_id}``;
- ``GET clusters?enterprise_project_id&cluster_id&offset&limit`` (limit 10 to 200) answers
  ``{total_num, data_list}``; an entry has cluster_id, cluster_name, provider, server, image_repo, status,
  version (of the anp-agent), current_expiration_date, certificate_expiration_date, never the kubeconfig;
- ``PUT clusters/{cluster_id}`` takes ``{current_expiration_date, upgrade, kubeconfig}`` (``kubeconfig``, not
  ``kube_config`` as in the create body);
- ``DELETE clusters/{cluster_id}``; ``POST clusters/status-synchronize`` ``{total_num, data_list: [{cluster_id}]}``.

Dates are milliseconds since the epoch. Errors are ``{error_code, error_msg}`` with ``X-Request-Id``.
"""

from __future__ import annotations

from urllib.parse import quote

from ansible_collections.managedk8s.clusters.plugins.module_utils.auth.huawei import HuaweiAuth, HuaweiTokenAuth
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.credentials import CredentialsError
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.errors import ApiError, ErrorParser
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.http import http_client_for
from ansible_collections.managedk8s.clusters.plugins.module_utils.huawei import credentials

LIST_LIMIT_RANGE = (10, 200)
LIST_LIMIT = 200

CLUSTERS_PATH = "/v5/%s/container/kubernetes/multi-cloud/clusters"
IAM_PROJECTS_PATH = "/v3/projects"
JSON_CONTENT_TYPE = {"Content-Type": "application/json;charset=UTF-8"}


class HuaweiClient:
    """One method per call of the registry. http is an HttpClient whose auth is HuaweiAuth or HuaweiTokenAuth."""

    def __init__(self, http, project_id, enterprise_project_id=None, endpoint=None, region=None):
        self.http = http
        self.project_id = project_id
        self.enterprise_project_id = enterprise_project_id
        self.endpoint = endpoint
        self.region = region  # the region the resolver found (option, HW_REGION_NAME), None with an endpoint alone

    def _path(self, suffix=""):
        return CLUSTERS_PATH % quote(str(self.project_id), safe="") + suffix

    def _query(self, enterprise_project_id=None, **extra):
        query = {}
        project = enterprise_project_id or self.enterprise_project_id
        if project:
            query["enterprise_project_id"] = project
        query.update({key: value for key, value in extra.items() if value is not None})
        return query

    def list_page(self, offset=0, limit=LIST_LIMIT, cluster_id=None, enterprise_project_id=None):
        """One page: (entries, total_num)."""
        answer = (
            self.http.get(
                self._path(),
                params=self._query(enterprise_project_id, cluster_id=cluster_id, offset=offset, limit=limit),
            ).json
            or {}
        )
        entries = answer.get("data_list") or []
        total = answer.get("total_num")
        return entries, total if isinstance(total, int) else None

    def list_clusters(self, cluster_id=None, enterprise_project_id=None, limit=LIST_LIMIT):
        """Every registered cluster (every page), optionally only the one with cluster_id."""
        clusters, offset = [], 0
        while True:
            entries, total = self.list_page(offset, limit, cluster_id, enterprise_project_id)
            clusters.extend(entries)
            offset += len(entries)
            if not entries or len(entries) < limit or (total is not None and len(clusters) >= total):
                return clusters

    def clusters_named(self, name, enterprise_project_id=None):
        """The entries whose cluster_name is exactly name: the list API has no name filter, so every page is read."""
        return [
            entry
            for entry in self.list_clusters(enterprise_project_id=enterprise_project_id)
            if entry.get("cluster_name") == name
        ]

    def get_cluster(self, cluster_id):
        """The data_list entry of cluster_id, or None when it is not registered."""
        entries, _total = self.list_page(0, LIST_LIMIT_RANGE[0], cluster_id=cluster_id)
        return next((entry for entry in entries if entry.get("cluster_id") == cluster_id), None)

    def create_cluster(self, payload):
        """POST clusters; returns the new cluster_id."""
        answer = self.http.post(self._path(), params=self._query(), json=payload, headers=JSON_CONTENT_TYPE).json or {}
        cluster_id = answer.get("cluster_id")
        if not cluster_id:
            raise ApiError(
                status=200,
                code="UnexpectedAnswer",
                method="POST",
                url=self._path(),
                message="HSS accepted the cluster registration but returned no cluster_id",
            )
        return cluster_id

    def update_cluster(self, cluster_id, payload):
        self.http.put(
            self._path("/%s" % quote(str(cluster_id), safe="")),
            params=self._query(),
            json=payload,
            headers=JSON_CONTENT_TYPE,
        )

    def delete_cluster(self, cluster_id):
        """DELETE the registration; False when it was already gone."""
        answer = self.http.delete(
            self._path("/%s" % quote(str(cluster_id), safe="")), params=self._query(), allow_404=True
        )
        return answer.status != 404

    def synchronize_status(self, cluster_ids):
        """Ask HSS to refresh the connection status of these clusters."""
        body = {"total_num": len(cluster_ids), "data_list": [{"cluster_id": item} for item in cluster_ids]}
        self.http.post(
            self._path("/status-synchronize"),
            params=self._query(),
            json=body,
            headers=JSON_CONTENT_TYPE,
            idempotent=True,
        )


def _read_huawei_body(body):
    for code_key, message_key in (("error_code", "error_msg"), ("errorCode", "errorMsg")):
        if code_key in body or message_key in body:
            return body.get(code_key), body.get(message_key), None
    error = body.get("error")
    if isinstance(error, dict):
        return error.get("code"), error.get("message"), None
    return None


# Huawei answers {"error_code", "error_msg"} (the API gateway {"errorCode", "errorMsg"}; IAM {"error": {...}}).
parse_error = ErrorParser(read_body=_read_huawei_body, request_id_headers=("x-openstack-request-id",))


def _auth(resolved, project_id):
    if resolved.get("auth_method") == "token":
        return HuaweiTokenAuth(resolved["auth_token"], project_id)
    return HuaweiAuth(
        resolved["access_key"],
        resolved["secret_key"],
        project_id=project_id,
        security_token=resolved.get("security_token"),
    )


def project_id_of_region(http, region):
    """The id of the project named after region, from IAM's project list (as the SDK's BasicCredentials finds it)."""
    answer = http.get(IAM_PROJECTS_PATH, params={"name": region}).json or {}
    projects = [project for project in answer.get("projects") or [] if isinstance(project, dict)]
    where = "IAM (%s) lists" % http.base_url if getattr(http, "base_url", None) else "IAM lists"
    if not projects:
        raise CredentialsError(
            "Huawei Cloud: %s no project named %s for these credentials: check the region, or set the option "
            "project_id (or HUAWEICLOUD_SDK_PROJECT_ID)." % (where, region),
            options=("project_id", "region"),
            env_vars=("HUAWEICLOUD_SDK_PROJECT_ID",),
        )
    if len(projects) > 1:
        raise CredentialsError(
            "Huawei Cloud: %s several projects named %s (%s): set the option project_id (or "
            "HUAWEICLOUD_SDK_PROJECT_ID) to one of them."
            % (where, region, ", ".join(str(p.get("id")) for p in projects)),
            options=("project_id",),
            env_vars=("HUAWEICLOUD_SDK_PROJECT_ID",),
        )
    return projects[0].get("id")


def client_from_params(params, warn=None):
    """A HuaweiClient for the module's params: credentials, project (asked of IAM when not given), endpoint, TLS."""
    resolved = credentials.resolve(params)
    project_id = resolved["project_id"]
    if not project_id:
        iam = http_client_for(
            params,
            resolved["iam_endpoint"],
            _auth(resolved, None),
            error_parser=parse_error,
            ca_path=resolved.get("ca_path"),
        )
        project_id = project_id_of_region(iam, resolved["region"])
    resolved["project_id"] = project_id
    auth = _auth(resolved, project_id)
    http = http_client_for(
        params, resolved["endpoint"], auth, error_parser=parse_error, ca_path=resolved.get("ca_path"), warn=warn
    )
    return HuaweiClient(
        http,
        resolved["project_id"],
        params.get("enterprise_project_id"),
        endpoint=resolved["endpoint"],
        region=resolved.get("region"),
    )
