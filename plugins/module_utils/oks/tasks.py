# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What each OKS module does: one function per module, ``<name>(params, check_mode=False, warn=None)`` -> its result.

Each one checks the options first (no API call is made for a value the API would refuse), builds the client, and
returns the module result.
"""

from __future__ import annotations

import os

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.errors import KubeconfigError
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.k8s import KubeClient
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.kubeconfig import deliver, parse, read_file
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.redact import register_secret
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.resource import Resource, ResourceError, pick_one
from ansible_collections.managedk8s.clusters.plugins.module_utils.oks import checks, model
from ansible_collections.managedk8s.clusters.plugins.module_utils.oks.adapters import (
    CLUSTER_SPEC,
    NODEPOOL_SPEC,
    PROJECT_SPEC,
    ClusterAdapter,
    NodePoolAdapter,
    ProjectAdapter,
    Waits,
)
from ansible_collections.managedk8s.clusters.plugins.module_utils.oks.client import NodePools
from ansible_collections.managedk8s.clusters.plugins.module_utils.oks.cloud import CLOUD


def _absent_result(kind):
    return {"changed": False, "diff": {"before": {}, "after": {}}, kind: {}}


def find_project(client, params):
    """The project named by project_id or project_name, or None when it does not exist."""
    if params.get("project_id"):
        return client.get_project(params["project_id"])
    return pick_one(client.projects_named(params["project_name"]), params["project_name"], "project")


def project(params, check_mode=False, warn=None):
    checks.validate_project_params(params)
    client = CLOUD.client(params, warn=warn)
    params = model.normalise_project_params(params)
    engine = Resource(PROJECT_SPEC, ProjectAdapter(client, params), check_mode=check_mode, wait=params["wait"])
    return engine.run(params["state"], params, name=params.get("name"))


def cluster(params, check_mode=False, warn=None):
    checks.validate_cluster_params(params)
    client = CLOUD.client(params, warn=warn)
    params = model.normalise_cluster_params(params)
    record = None
    if not params.get("project_id") and params.get("project_name"):
        record = find_project(client, params)
        if record is None:
            if params["state"] == "absent":
                return _absent_result("cluster")
            raise ResourceError(
                "project_name: no project named '%s' exists; create it first with "
                "managedk8s.clusters.oks_project" % params["project_name"]
            )
        params["project_id"] = record["id"]
    adapter = ClusterAdapter(client, params, record, warn=warn)
    engine = Resource(CLUSTER_SPEC, adapter, check_mode=check_mode, wait=params["wait"])
    return engine.run(params["state"], params, name=params.get("name"))


def project_info(params, check_mode=False, warn=None):
    checks.check_name("name", params.get("name"))
    client = CLOUD.client(params, warn=warn)
    if params.get("project_id"):
        record = client.get_project(params["project_id"])
        records = [record] if record is not None else []
    else:
        records = client.list_projects(
            name=params.get("name"), status=params.get("status"), deleted=params.get("deleted")
        )
        if params.get("name"):
            records = [record for record in records if record.get("name") == params["name"]]
    projects = []
    for record in records:
        output = model.project_output(record)
        output.pop("quirks", None)
        if params.get("quotas"):
            output["quotas"] = client.project_quotas(record["id"])
        projects.append(output)
    return {"changed": False, "projects": projects}


def _clusters(client, params):
    if params.get("cluster_id"):
        record = client.get_cluster(params["cluster_id"])
        return [record] if record is not None else []
    project_id = params.get("project_id")
    if not project_id and params.get("project_name"):
        record = find_project(client, params)
        if record is None:
            return []
        project_id = record["id"]
    records = client.list_clusters(
        project_id, name=params.get("name"), status=params.get("status"), version=params.get("version")
    )
    if params.get("name"):
        records = [record for record in records if record.get("name") == params["name"]]
    return records


# A kubeconfig fetched for the module's own calls to the cluster's Kubernetes API lives this long.
WORK_KUBECONFIG_TTL = "1h"
# The statuses in which a cluster's Kubernetes API answers.
API_SERVING = ("ready", "updating", "upgrading")


def work_kubeconfig(client, cluster_id, encrypt=True):
    """A short-lived kubeconfig (a dict) of the cluster, for this task's calls only; never written anywhere."""
    return parse(client.kubeconfig(cluster_id, ttl=WORK_KUBECONFIG_TTL, encrypt=encrypt), "the cluster's kubeconfig")


def _nodepool_cluster(client, params):
    """The cluster of the node pool (a record), or None when it does not exist."""
    if params.get("cluster_id"):
        return client.get_cluster(params["cluster_id"])
    project = find_project(client, params)
    if project is None:
        return None
    return pick_one(client.clusters_named(project["id"], params["cluster_name"]), params["cluster_name"], "cluster")


def _kubeconfig_file(path):
    try:
        text = read_file(os.path.expanduser(path))
    except OSError as error:
        raise KubeconfigError("kubeconfig: %s cannot be read (%s)" % (path, error.strerror or error)) from None
    if text is None:
        raise KubeconfigError("kubeconfig: %s does not exist" % path)
    return parse(text, "kubeconfig %s" % path)


def nodepool(params, check_mode=False, warn=None):
    checks.validate_nodepool_params(params)
    params = model.normalise_nodepool_params(params)
    client, cluster_id = None, params.get("cluster_id")
    if params.get("kubeconfig"):
        config = _kubeconfig_file(params["kubeconfig"])
    else:
        client = CLOUD.client(params, warn=warn)
        record = _nodepool_cluster(client, params)
        if record is None:
            if params["state"] == "absent":
                return _absent_result("nodepool")
            raise ResourceError(
                "cluster: no cluster %s exists; create it first with managedk8s.clusters.oks_cluster"
                % (params.get("cluster_id") or "named '%s'" % params["cluster_name"])
            )
        cluster_id = record["id"]
        if params["wait"]:
            record = Waits(client, params["wait_timeout"]).cluster(record)
        config = work_kubeconfig(client, cluster_id, encrypt=params["encrypt"])
    cached = {}

    def template():
        if client is None:
            return {}
        if "nodepool" not in cached:
            cached["nodepool"] = client.template("nodepool") or {}
        return cached["nodepool"]

    with KubeClient(config, timeout=params.get("request_timeout") or 30) as kube:
        adapter = NodePoolAdapter(NodePools(kube), params, template, cluster_id)
        engine = Resource(NODEPOOL_SPEC, adapter, check_mode=check_mode, wait=params["wait"])
        result = engine.run(params["state"], params, name=params["name"])
    result["cluster_id"] = cluster_id
    return result


def cluster_nodepools(client, record, encrypt=True, request_timeout=30):
    """The node pools of a cluster (module output shape), or None when its Kubernetes API does not answer yet."""
    if model.cluster_status(record) not in API_SERVING:
        return None
    with KubeClient(work_kubeconfig(client, record["id"], encrypt=encrypt), timeout=request_timeout) as kube:
        return [model.nodepool_output(item, record["id"]) for item in NodePools(kube).list()]


def cluster_info(params, check_mode=False, warn=None):
    checks.check_name("name", params.get("name"))
    checks.check_name("project_name", params.get("project_name"))
    client = CLOUD.client(params, warn=warn)
    wanted = params.get("include") or ["clusters"]
    result = {"changed": False}
    if "clusters" in wanted:
        result["clusters"] = []
        for record in _clusters(client, params):
            output = model.cluster_output(record)
            output.pop("quirks", None)
            if params.get("nodepools"):
                output["nodepools"] = cluster_nodepools(
                    client,
                    record,
                    encrypt=params.get("encrypt", True),
                    request_timeout=params.get("request_timeout") or 30,
                )
            result["clusters"].append(output)
    if "kubernetes_versions" in wanted:
        result["kubernetes_versions"] = client.kubernetes_versions()
    if "cp_subregions" in wanted:
        result["cp_subregions"] = client.cp_subregions()
    if "control_plane_plans" in wanted:
        result["control_plane_plans"] = client.control_plane_plans()
    templates = {
        kind: client.template(kind) for kind in ("project", "cluster", "nodepool") if kind + "_template" in wanted
    }
    if templates:
        result["templates"] = templates
    return result


def _kubeconfig_cluster(client, params):
    if params.get("cluster_id"):
        return {"id": params["cluster_id"]}
    record = find_project(client, params)
    if record is None:
        raise ResourceError(
            "project: no project %s exists" % (params.get("project_id") or "named '%s'" % params["project_name"])
        )
    found = pick_one(client.clusters_named(record["id"], params["name"]), params["name"], "cluster")
    if found is None:
        raise ResourceError(
            "name: no cluster named '%s' exists in project %s" % (params["name"], record.get("name") or record["id"])
        )
    return found


def kubeconfig(params, check_mode=False, warn=None):
    checks.validate_kubeconfig_params(params)
    client = CLOUD.client(params, warn=warn)
    target = _kubeconfig_cluster(client, params)
    identity = {
        "provider": "oks",
        "endpoint": client.http.base_url,
        "cluster_id": target["id"],
        "user": params.get("user") or "",
        "group": params.get("group") or "",
    }

    def fetch():
        if params["wait"]:
            record = target if target.get("statuses") else client.get_cluster(target["id"])
            if record is None:
                raise ResourceError("cluster_id: no cluster %s exists" % target["id"])
            Waits(client, params["wait_timeout"]).cluster(record)
        return client.kubeconfig(
            target["id"],
            params.get("user"),
            params.get("group"),
            checks.api_ttl(params.get("ttl")),
            encrypt=params["encrypt"],
        )

    result = deliver(
        params,
        identity,
        fetch,
        check_mode=check_mode,
        ttl=checks.ttl_seconds(params.get("ttl")),
        register=register_secret,
    )
    result["cluster_id"] = target["id"]
    return result
