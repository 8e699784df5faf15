# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The work of each SKE module: task(params, check_mode=False, warn=None) -> the module's result."""

from __future__ import annotations

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.kubeconfig import deliver
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.redact import register_secret
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.resource import Resource, ResourceError
from ansible_collections.managedk8s.clusters.plugins.module_utils.ske import checks, model
from ansible_collections.managedk8s.clusters.plugins.module_utils.ske.adapters import (
    ClusterAdapter,
    NodepoolAdapter,
    find_cluster_id,
)
from ansible_collections.managedk8s.clusters.plugins.module_utils.ske.client import LIST_PAGE_SIZE
from ansible_collections.managedk8s.clusters.plugins.module_utils.ske.cloud import CLOUD


def cluster(params, check_mode=False, warn=None):
    """ske_cluster: create, update or delete one cluster."""
    checks.cluster_options(params)
    client = CLOUD.client(params, warn=warn)
    adapter = ClusterAdapter(
        client,
        cluster_id=params["cluster_id"],
        name=params["name"],
        tags=params["tags"],
        wait_timeout=params["wait_timeout"],
        state=params["state"],
    )
    engine = Resource(model.CLUSTER_SPEC, adapter, check_mode=check_mode, wait=params["wait"])
    return engine.run(params["state"], params, name=params["name"])


def nodepool(params, check_mode=False, warn=None):
    """ske_nodepool: create, scale, upgrade or delete one node pool."""
    checks.nodepool_options(params)
    client = CLOUD.client(params, warn=warn)
    adapter = NodepoolAdapter(
        client,
        cluster_id=params["cluster_id"],
        cluster_name=params["cluster_name"],
        nodepool_id=params["nodepool_id"],
        name=params["name"],
        custom_image_id=params["custom_image_id"],
        wait_timeout=params["wait_timeout"],
        state=params["state"],
    )
    engine = Resource(model.NODEPOOL_SPEC, adapter, check_mode=check_mode, wait=params["wait"])
    return engine.run(params["state"], params, name=params["name"])


def cluster_info(params, check_mode=False, warn=None):
    """ske_cluster_info: one cluster by id, or the clusters matching name and status; on request, each cluster's
    node pools and the Kubernetes versions on offer."""
    checks.cluster_info_options(params)
    client = CLOUD.client(params, warn=warn)
    result = cluster_facts(
        client, params["cluster_id"], params["name"], params["status"], params["details"], params["page_size"]
    )
    if params.get("nodepools"):
        for cluster in result["clusters"]:
            cluster["nodepools"] = [
                model.nodepool_info(pool)
                for pool in client.list_nodepools(cluster["id"], page_size=params["page_size"])
            ]
    if params.get("kubernetes_versions"):
        result["kubernetes_versions"] = client.list_kubernetes_versions()
    return result


def kubeconfig(params, check_mode=False, warn=None):
    """ske_kubeconfig: the user kubeconfig of a cluster in params['dest']."""
    checks.kubeconfig_options(params)
    client = CLOUD.client(params, warn=warn)
    return deliver_user_kubeconfig(client, params, check_mode=check_mode)


def cluster_facts(client, cluster_id=None, name=None, status=None, details=False, page_size=LIST_PAGE_SIZE):
    """{"changed": False, "clusters": [...]}: one cluster by id, or every cluster matching name and status."""
    if cluster_id:
        found = client.get_cluster(cluster_id)
        return {"changed": False, "clusters": [model.cluster_info(found)] if found else []}
    summaries = client.list_clusters(name=name, status=status or None, page_size=page_size)
    if name:
        summaries = [item for item in summaries if item.get("name") == name]
    if details:
        clusters = [client.get_cluster(item["id"]) for item in summaries]
        summaries = [item for item in clusters if item]
    return {"changed": False, "clusters": [model.cluster_info(item) for item in summaries]}


def deliver_user_kubeconfig(client, params, check_mode=False, now=None):
    """Write the user kubeconfig of the cluster to params['dest'] unless it already holds it (kubeconfig.deliver)."""
    identity = {"provider": "ske", "endpoint": client.endpoint, "kubeconfig_type": params["kubeconfig_type"]}
    if params.get("cluster_id"):
        identity["cluster_id"] = params["cluster_id"]
    else:
        identity["cluster_name"] = params["cluster_name"]

    def fetch():
        cluster_id = find_cluster_id(client, params.get("cluster_id"), params.get("cluster_name"))
        # deliver() stamps the file with identity after fetch() returns: record the id found by name as well,
        # so a later run by id recognises the file.
        identity["cluster_id"] = cluster_id
        return client.user_kubeconfig(cluster_id, params["kubeconfig_type"])

    result = deliver(params, identity, fetch, check_mode=check_mode, register=register_secret, now=now)
    if check_mode and result["changed"]:
        # A real run would fetch the cluster's kubeconfig: check mode fails as it would when the cluster is not
        # there, instead of reporting a change that cannot happen.
        identity["cluster_id"] = find_cluster_id(client, params.get("cluster_id"), params.get("cluster_name"))
        if client.get_cluster(identity["cluster_id"]) is None:
            raise ResourceError("cluster_id: no SKE cluster has the id %s" % identity["cluster_id"])
    result.update(
        cluster_id=identity.get("cluster_id"),
        kubeconfig_type=params["kubeconfig_type"],
        api_version=model.API_VERSION_PREFIX + client.api_version,
    )
    return result
