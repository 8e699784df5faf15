# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The work of each EKS module: task(params, check_mode, warn) -> the module's result."""

from __future__ import annotations

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.kubeconfig import deliver
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.redact import register_secret
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.resource import Resource
from ansible_collections.managedk8s.clusters.plugins.module_utils.eks.adapters import (
    AccessEntryAdapter,
    AddonAdapter,
    ClusterAdapter,
    FargateProfileAdapter,
    NodegroupAdapter,
)
from ansible_collections.managedk8s.clusters.plugins.module_utils.eks.checks import (
    check_access_entry_options,
    check_addon_options,
    check_cluster_options,
    check_fargate_profile_options,
    check_info_options,
    check_kubeconfig_options,
    check_nodegroup_options,
)
from ansible_collections.managedk8s.clusters.plugins.module_utils.eks.cloud import CLOUD
from ansible_collections.managedk8s.clusters.plugins.module_utils.eks.kubeconfig import TOKEN_TTL, fetcher, identity
from ansible_collections.managedk8s.clusters.plugins.module_utils.eks.model import (
    ADDON_VERSION_ALIASES,
    access_entry_spec,
    addon_spec,
    cluster_output,
    cluster_spec,
    desired_access_policies,
    fargate_profile_spec,
    fargate_selectors,
    nodegroup_spec,
)


def _run_engine(adapter, spec, params, check_mode):
    resource = Resource(spec, adapter, check_mode=check_mode, wait=params["wait"])
    result = resource.run(params["state"], params, name=params["name"])
    result["updates"] = adapter.planned if check_mode else adapter.updates
    return result


def cluster(params, check_mode=False, warn=None):
    """eks_cluster: the cluster named name made present (as the options say) or absent."""
    check_cluster_options(params)
    adapter = ClusterAdapter(CLOUD.client(params, warn=warn), params, wait=params["wait"], warn=warn)
    return _run_engine(adapter, cluster_spec(params["purge_tags"]), params, check_mode)


def nodegroup(params, check_mode=False, warn=None):
    """eks_nodegroup: the node group named name of cluster_name made present or absent."""
    check_nodegroup_options(params)
    adapter = NodegroupAdapter(CLOUD.client(params, warn=warn), params, wait=params["wait"], warn=warn)
    return _run_engine(adapter, nodegroup_spec(params["purge_tags"]), params, check_mode)


def addon(params, check_mode=False, warn=None):
    """eks_addon: the managed add-on name of cluster_name made present or absent; addon_version latest or default is
    resolved to a version first (DescribeAddonVersions for the cluster's Kubernetes version)."""
    check_addon_options(params)
    adapter = AddonAdapter(CLOUD.client(params, warn=warn), params, wait=params["wait"], warn=warn)
    if params["state"] == "present" and params.get("addon_version") in ADDON_VERSION_ALIASES:
        params = dict(params, addon_version=adapter.resolve_version(params["addon_version"]))
        adapter.params = params
    return _run_engine(adapter, addon_spec(params["purge_tags"]), params, check_mode)


def access_entry(params, check_mode=False, warn=None):
    """eks_access_entry: the access entry of principal_arn in cluster_name, with its access policies, made present or
    absent; refused on a cluster whose authentication mode is CONFIG_MAP."""
    check_access_entry_options(params)
    if params.get("access_policies") is not None:
        params = dict(params, access_policies=desired_access_policies(params["access_policies"]))
    adapter = AccessEntryAdapter(CLOUD.client(params, warn=warn), params, wait=False, warn=warn)
    resource = Resource(access_entry_spec(params["purge_tags"]), adapter, check_mode=check_mode, wait=False)
    result = resource.run(params["state"], params, name=params["principal_arn"])
    result["updates"] = adapter.planned if check_mode else adapter.updates
    return result


def fargate_profile(params, check_mode=False, warn=None):
    """eks_fargate_profile: the Fargate profile name of cluster_name created (then only its tags change) or deleted."""
    check_fargate_profile_options(params)
    if params.get("selectors") is not None:
        params = dict(params, selectors=fargate_selectors(params["selectors"]))
    adapter = FargateProfileAdapter(CLOUD.client(params, warn=warn), params, wait=params["wait"], warn=warn)
    return _run_engine(adapter, fargate_profile_spec(params["purge_tags"]), params, check_mode)


def cluster_infos(client, name=None):
    """cluster_output of the cluster named name (none when it does not exist), or of every cluster of the region."""
    names = [name] if name else sorted(client.list_cluster_names())
    found = (client.describe_cluster(cluster_name) for cluster_name in names)
    return [cluster_output(record) for record in found if record is not None]


def cluster_info(params, check_mode=False, warn=None):
    """eks_cluster_info: the cluster named name, or every cluster of the region."""
    check_info_options(params)
    return {"changed": False, "clusters": cluster_infos(CLOUD.client(params, warn=warn), params.get("name"))}


def kubeconfig(params, check_mode=False, warn=None):
    """eks_kubeconfig: the kubeconfig of the cluster named name, written or returned as the options say."""
    check_kubeconfig_options(params)
    client = CLOUD.client(params, warn=warn)
    auth = params["auth"]
    return deliver(
        params,
        identity(client, params["name"], auth),
        fetcher(client, params["name"], auth),
        check_mode=check_mode,
        ttl=TOKEN_TTL if auth == "token" else None,
        register=register_secret,
    )
