# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Kubeconfigs for EKS clusters, built locally from DescribeCluster as `aws eks update-kubeconfig` writes them.

EKS has no kubeconfig API: the server and CA come from DescribeCluster, and the user either runs
`aws eks get-token` (exec) or carries a bearer token made from a presigned STS GetCallerIdentity URL.
"""

from __future__ import annotations

from ansible_collections.managedk8s.clusters.plugins.module_utils.auth.sigv4 import EKS_TOKEN_LIFETIME, eks_token
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.errors import ResourceError
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.kubeconfig import dump
from ansible_collections.managedk8s.clusters.plugins.module_utils.eks.model import CLUSTER_ACTIVE

AUTH_MODES = ("exec", "token")
EXEC_API_VERSION = "client.authentication.k8s.io/v1beta1"
TOKEN_TTL = int(EKS_TOKEN_LIFETIME.total_seconds())


def exec_user(cluster_name, region, profile=None):
    """The user entry that runs the AWS CLI for a fresh token at each kubectl call."""
    command = {
        "apiVersion": EXEC_API_VERSION,
        "command": "aws",
        "args": ["--region", region, "eks", "get-token", "--cluster-name", cluster_name, "--output", "json"],
    }
    if profile:
        command["env"] = [{"name": "AWS_PROFILE", "value": profile}]
    return {"exec": command}


def token_user(token):
    return {"token": token}


def kubeconfig(cluster, user):
    """A single-cluster kubeconfig whose cluster, user and context are all named by the cluster's ARN."""
    arn = cluster["arn"]
    return {
        "apiVersion": "v1",
        "kind": "Config",
        "preferences": {},
        "clusters": [
            {
                "name": arn,
                "cluster": {
                    "server": cluster["endpoint"],
                    "certificate-authority-data": cluster["certificateAuthority"]["data"],
                },
            }
        ],
        "users": [{"name": arn, "user": user}],
        "contexts": [{"name": arn, "context": {"cluster": arn, "user": arn}}],
        "current-context": arn,
    }


def ready_cluster(client, name):
    """The cluster, once it has an endpoint and a CA; a clear refusal otherwise."""
    cluster = client.describe_cluster(name)
    if cluster is None:
        raise ResourceError("name: EKS cluster '%s' does not exist in %s" % (name, client.region))
    if (
        cluster.get("status") != CLUSTER_ACTIVE
        or not cluster.get("endpoint")
        or not (cluster.get("certificateAuthority") or {}).get("data")
    ):
        raise ResourceError(
            "EKS cluster '%s' is %s and has no API endpoint yet; wait until it is ACTIVE (eks_cluster with "
            "wait: true) before writing its kubeconfig" % (name, cluster.get("status"))
        )
    return cluster


def identity(client, name, auth):
    """What tells this kubeconfig apart from others in the same file (never a credential)."""
    found = {"provider": "eks", "region": client.region, "cluster": name, "auth": auth}
    if auth == "exec" and client.profile:
        found["profile"] = client.profile
    return found


def fetcher(client, name, auth):
    """fetch() for kubeconfig.deliver: the kubeconfig text, with a new token in token mode."""

    def fetch():
        cluster = ready_cluster(client, name)
        if auth == "token":
            access_key, secret_key, session_token = client.signing_credentials
            token, _expires = eks_token(
                cluster["name"], access_key, secret_key, client.region, session_token=session_token
            )
            user = token_user(token)
        else:
            user = exec_user(cluster["name"], client.region, client.profile)
        return dump(kubeconfig(cluster, user))

    return fetch
