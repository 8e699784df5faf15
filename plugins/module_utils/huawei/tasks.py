# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The work of each Huawei module: task(params, check_mode=False, warn=None) -> the module's result."""

from __future__ import annotations

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.resource import Resource
from ansible_collections.managedk8s.clusters.plugins.module_utils.huawei import checks, model
from ansible_collections.managedk8s.clusters.plugins.module_utils.huawei.adapters import CLUSTER_SPEC, ClusterAdapter
from ansible_collections.managedk8s.clusters.plugins.module_utils.huawei.cloud import CLOUD


def cluster(params, check_mode=False, warn=None):
    """huawei_multicloud_cluster: register, compare, rotate or unregister one cluster."""
    present = params["state"] == "present"
    facts = model.read_kubeconfig(params) if present else None
    options = checks.check_cluster_params(params, facts)
    client = CLOUD.client(params, warn=warn)
    adapter = ClusterAdapter(
        client,
        params["name"],
        options,
        facts,
        wait_for_connection=params["wait_for_connection"],
        force_kubeconfig_update=params["force_kubeconfig_update"],
        wait_timeout=params["wait_timeout"],
        check_mode=check_mode,
        warn=warn,
    )
    engine = Resource(CLUSTER_SPEC, adapter, check_mode=check_mode, wait=params["wait"])
    desired = model.desired_state(options, facts) if present else {}
    result = engine.run(params["state"], desired, name=params["name"])
    if present and result["diff"]["before"]:
        _warn_unverifiable(params, warn)
    return result


def _warn_unverifiable(params, warn):
    """The registration existed: say which options given could not be compared, since HSS never returns them."""
    given = [option for option in model.UNREADABLE_OPTIONS if params.get(option) not in (None, "")]
    if given and warn is not None:
        warn(
            "%s: sent only when a cluster is registered, and HSS never returns them, so the module cannot tell "
            "whether the registration of '%s' has these values and changed nothing. To change them, unregister the "
            "cluster (state=absent) and register it again; to silence this warning, leave them out once the cluster "
            "is registered" % (", ".join(given), params["name"])
        )


def cluster_info(params, check_mode=False, warn=None):
    """huawei_multicloud_cluster_info: every registered cluster, or those with this name or id."""
    checks.check_info_params(params)
    client = CLOUD.client(params, warn=warn)
    cluster_id = params.get("cluster_id")
    entries = client.list_clusters(cluster_id=cluster_id or None, limit=params["page_size"])
    if cluster_id:
        entries = [entry for entry in entries if entry.get("cluster_id") == cluster_id]
    if params.get("name"):
        entries = [entry for entry in entries if entry.get("cluster_name") == params["name"]]
    return {"changed": False, "clusters": [model.cluster_info(entry) for entry in entries]}
