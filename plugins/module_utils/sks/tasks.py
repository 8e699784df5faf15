# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The work of each SKS module: task(params, check_mode=False, warn=None) -> the module's result."""

from __future__ import annotations

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.errors import ResourceError
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.kubeconfig import deliver
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.redact import redact, register_secret
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.resource import Resource
from ansible_collections.managedk8s.clusters.plugins.module_utils.sks import checks, model
from ansible_collections.managedk8s.clusters.plugins.module_utils.sks.adapters import (
    ClusterAdapter,
    NodepoolAdapter,
    cluster_by_reference,
    resolve_deploy_target,
    resolve_instance_type,
)
from ansible_collections.managedk8s.clusters.plugins.module_utils.sks.cloud import CLOUD


def cluster(params, check_mode=False, warn=None):
    """The cluster to its options, then the credential rotations asked for (an action: changed each time given)."""
    params = checks.cluster_params(params)
    if params.get("audit_bearer_token"):
        register_secret(params["audit_bearer_token"])
    client = CLOUD.client(params, warn=warn)
    adapter = ClusterAdapter(client, params, wait_timeout=params["wait_timeout"], warn=warn)
    rotations = params.get("rotate_credentials") or []
    if rotations:
        adapter.check_rotations(adapter.find(), rotations)
    result = Resource(model.CLUSTER_SPEC, adapter, check_mode=check_mode, wait=params["wait"]).run(
        params["state"], params
    )
    if rotations:
        result["changed"] = True
        result["rotated"] = list(rotations)
        if not check_mode:
            record = adapter.rotate(result["cluster"]["id"], rotations, params["wait"])
            result["cluster"] = redact(adapter.output(record))
    return result


def nodepool(params, check_mode=False, warn=None):
    """Evict the nodes asked for (an action), then the node pool to its options: a size given scales the pool
    back up after the eviction, with new nodes."""
    params = checks.nodepool_params(params)
    client = CLOUD.client(params, warn=warn)
    if params["state"] == "present" and params.get("instance_type"):
        params["instance_type"] = resolve_instance_type(client, params["instance_type"])
    if params["state"] == "present" and params.get("deploy_target"):
        params["deploy_target"] = resolve_deploy_target(client, params["deploy_target"])
    adapter = NodepoolAdapter(client, params, state=params["state"], wait_timeout=params["wait_timeout"])
    evicted = []
    if params.get("evict_nodes"):
        evicted = adapter.evict(params["evict_nodes"], check_mode=check_mode)
    result = Resource(model.NODEPOOL_SPEC, adapter, check_mode=check_mode, wait=params["wait"]).run(
        params["state"], params
    )
    if params.get("evict_nodes") is not None:
        result["evicted"] = evicted
        result["changed"] = result["changed"] or bool(evicted)
    return result


def cluster_infos(client, cluster_id=None, name=None):
    """The clusters for the info module: one by id, the ones named name, or all; each as cluster_output."""
    if cluster_id:
        found = client.get_cluster(cluster_id)
        records = [found] if found else []
    else:
        records = [record for record in client.list_clusters() if name is None or record.get("name") == name]
    return [model.cluster_output(record, client.zone) for record in records]


def cluster_info(params, check_mode=False, warn=None):
    params = checks.cluster_info_params(params)
    client = CLOUD.client(params, warn=warn)
    return {
        "changed": False,
        "clusters": cluster_infos(client, params.get("id"), params.get("name")),
        "versions": client.list_versions(params["include_deprecated_versions"]),
    }


def kubeconfig_cluster_id(client, reference):
    """The id of the cluster given by id (no call) or by name (one call)."""
    if model.is_uuid(reference):
        return reference
    found = cluster_by_reference(client, reference)
    if found is None:
        raise ResourceError("cluster: no SKS cluster %r in zone %s" % (reference, client.zone))
    return found["id"]


def kubeconfig(params, check_mode=False, warn=None):
    params = checks.kubeconfig_params(params)
    client = CLOUD.client(params, warn=warn)
    cluster_id = kubeconfig_cluster_id(client, params["cluster"])
    identity = {
        "provider": "sks",
        "zone": client.zone,
        "cluster_id": cluster_id,
        "user": params["user"],
        "groups": sorted(params["groups"]),
    }
    result = deliver(
        params,
        identity,
        lambda: client.generate_kubeconfig(cluster_id, params["user"], params["groups"], params.get("ttl")),
        check_mode=check_mode,
        ttl=params.get("ttl"),
        register=register_secret,
    )
    result["cluster_id"] = cluster_id
    return result
