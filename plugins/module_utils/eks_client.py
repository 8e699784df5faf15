# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Amazon EKS API (version 2017-11-01, rest-json) as typed calls: paths, bodies, answers.

No Ansible import here. Every call returns the API's own JSON objects (camelCase); the mapping to module
options lives in eks_resources.py.
"""

from __future__ import annotations

import uuid
from urllib.parse import quote

from ansible_collections.managedk8s.clusters.plugins.module_utils.auth.sigv4 import SigV4Auth
from ansible_collections.managedk8s.clusters.plugins.module_utils.credentials import resolve_eks
from ansible_collections.managedk8s.clusters.plugins.module_utils.errors import ApiError
from ansible_collections.managedk8s.clusters.plugins.module_utils.http import HttpClient

SERVICE = "eks"
NOT_FOUND = "ResourceNotFoundException"
TAGS_NOT_FOUND = "NotFoundException"

CLUSTER_ACTIVE = "ACTIVE"
CLUSTER_FAILED = "FAILED"
CLUSTER_DELETING = "DELETING"
CLUSTER_TRANSIENT = ("CREATING", "UPDATING", "PENDING")

NODEGROUP_ACTIVE = "ACTIVE"
NODEGROUP_FAILED = ("CREATE_FAILED", "DELETE_FAILED", "DEGRADED")
NODEGROUP_DELETING = "DELETING"
NODEGROUP_TRANSIENT = ("CREATING", "UPDATING")

UPDATE_SUCCESSFUL = "Successful"
UPDATE_FAILED = ("Failed", "Cancelled")

LOG_TYPES = ("api", "audit", "authenticator", "controllerManager", "scheduler")
LIST_PAGE_SIZE = 100
AMI_TYPES = (
    "AL2_x86_64", "AL2_x86_64_GPU", "AL2_ARM_64", "CUSTOM", "BOTTLEROCKET_ARM_64", "BOTTLEROCKET_x86_64",
    "BOTTLEROCKET_ARM_64_FIPS", "BOTTLEROCKET_x86_64_FIPS", "BOTTLEROCKET_ARM_64_NVIDIA", "BOTTLEROCKET_x86_64_NVIDIA",
    "BOTTLEROCKET_ARM_64_NVIDIA_FIPS", "BOTTLEROCKET_x86_64_NVIDIA_FIPS", "WINDOWS_CORE_2019_x86_64", "WINDOWS_FULL_2019_x86_64",
    "WINDOWS_CORE_2022_x86_64", "WINDOWS_FULL_2022_x86_64", "WINDOWS_CORE_2025_x86_64", "WINDOWS_FULL_2025_x86_64",
    "AL2023_x86_64_STANDARD", "AL2023_ARM_64_STANDARD", "AL2023_x86_64_NEURON", "AL2023_x86_64_NVIDIA", "AL2023_ARM_64_NVIDIA",
)


def default_endpoint(region):
    suffix = "amazonaws.com.cn" if region.startswith("cn-") else "amazonaws.com"
    return "https://eks.%s.%s" % (region, suffix)


def new_token():
    """A clientRequestToken: one per logical write, reused by every retry of that write."""
    return str(uuid.uuid4())


def _segment(value):
    """One path segment, every reserved character escaped (an ARN's ':' and '/' included)."""
    return quote(str(value), safe="")


def is_not_found(error):
    return isinstance(error, ApiError) and error.status == 404 and error.code in (NOT_FOUND, TAGS_NOT_FOUND)


class EksClient:
    """One method per EKS API call used by the collection."""

    def __init__(self, http, region, profile=None, credentials=None):
        self.http = http
        self.region = region
        self.profile = profile
        self._credentials = credentials or {}

    @property
    def signing_credentials(self):
        """(access_key, secret_key, session_token): for the kubeconfig token, never returned or logged."""
        return (self._credentials.get("access_key"), self._credentials.get("secret_key"),
                self._credentials.get("session_token"))

    # --- clusters -------------------------------------------------------------------------------------------

    def describe_cluster(self, name):
        """The cluster named name, or None when EKS answers ResourceNotFoundException."""
        try:
            return self.http.get("/clusters/%s" % _segment(name)).json["cluster"]
        except ApiError as error:
            if is_not_found(error):
                return None
            raise

    def list_cluster_names(self, page_size=LIST_PAGE_SIZE):
        """Every cluster name of the region, following nextToken."""
        names, token = [], None
        while True:
            params = {"maxResults": page_size}
            if token:
                params["nextToken"] = token
            answer = self.http.get("/clusters", params=params).json or {}
            names.extend(answer.get("clusters") or [])
            token = answer.get("nextToken")
            if not token:
                return names

    def create_cluster(self, payload):
        """POST /clusters; payload carries its clientRequestToken, so every retry is the same request."""
        return self.http.post("/clusters", json=payload, idempotent=True).json["cluster"]

    def delete_cluster(self, name):
        return self.http.delete("/clusters/%s" % _segment(name)).json.get("cluster")

    def update_cluster_config(self, name, payload):
        """POST update-config; returns the update (None from APIs that answer without one, such as moto)."""
        body = dict(payload, clientRequestToken=new_token())
        answer = self.http.post("/clusters/%s/update-config" % _segment(name), json=body, idempotent=True).json or {}
        return answer.get("update")

    def update_cluster_version(self, name, version):
        body = {"version": version, "clientRequestToken": new_token()}
        answer = self.http.post("/clusters/%s/updates" % _segment(name), json=body, idempotent=True).json or {}
        return answer.get("update")

    def describe_update(self, name, update_id, nodegroup=None):
        params = {"nodegroupName": nodegroup} if nodegroup else None
        path = "/clusters/%s/updates/%s" % (_segment(name), _segment(update_id))
        return self.http.get(path, params=params).json["update"]

    # --- tags -----------------------------------------------------------------------------------------------

    def list_tags(self, arn):
        return (self.http.get("/tags/%s" % _segment(arn)).json or {}).get("tags") or {}

    def tag_resource(self, arn, tags):
        self.http.post("/tags/%s" % _segment(arn), json={"tags": dict(tags)}, idempotent=True)

    def untag_resource(self, arn, keys):
        self.http.delete("/tags/%s" % _segment(arn), params=[("tagKeys", key) for key in sorted(keys)])

    # --- node groups ----------------------------------------------------------------------------------------

    def _nodegroup_path(self, cluster, nodegroup=None, suffix=""):
        path = "/clusters/%s/node-groups" % _segment(cluster)
        if nodegroup is not None:
            path += "/%s" % _segment(nodegroup)
        return path + suffix

    def describe_nodegroup(self, cluster, name):
        try:
            return self.http.get(self._nodegroup_path(cluster, name)).json["nodegroup"]
        except ApiError as error:
            if is_not_found(error):
                return None
            raise

    def list_nodegroup_names(self, cluster, page_size=LIST_PAGE_SIZE):
        names, token = [], None
        while True:
            params = {"maxResults": page_size}
            if token:
                params["nextToken"] = token
            answer = self.http.get(self._nodegroup_path(cluster), params=params).json or {}
            names.extend(answer.get("nodegroups") or [])
            token = answer.get("nextToken")
            if not token:
                return names

    def create_nodegroup(self, cluster, payload):
        return self.http.post(self._nodegroup_path(cluster), json=payload, idempotent=True).json["nodegroup"]

    def delete_nodegroup(self, cluster, name):
        return self.http.delete(self._nodegroup_path(cluster, name)).json.get("nodegroup")

    def update_nodegroup_config(self, cluster, name, payload):
        body = dict(payload, clientRequestToken=new_token())
        path = self._nodegroup_path(cluster, name, "/update-config")
        return (self.http.post(path, json=body, idempotent=True).json or {}).get("update")

    def update_nodegroup_version(self, cluster, name, payload):
        body = dict(payload, clientRequestToken=new_token())
        path = self._nodegroup_path(cluster, name, "/update-version")
        return (self.http.post(path, json=body, idempotent=True).json or {}).get("update")


def client_from_params(params, warn=None):
    """An EksClient from module params: credentials, region and endpoint resolved as the AWS CLI does."""
    resolved = resolve_eks(params)
    region = resolved["region"]
    auth = SigV4Auth(resolved["access_key"], resolved["secret_key"], region, SERVICE,
                     session_token=resolved.get("session_token"))
    http = HttpClient(resolved.get("endpoint") or default_endpoint(region), auth=auth,
                      validate_certs=params.get("validate_certs", True),
                      ca_path=resolved.get("ca_path") or params.get("ca_path"),
                      timeout=params.get("request_timeout") or 30)
    if warn is not None:
        for message in http.warnings:
            warn(message)
    return EksClient(http, region, profile=resolved.get("profile"), credentials=resolved)
