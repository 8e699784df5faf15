# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the OKS modules do: the engine adapters for projects and clusters, the info gatherers, the kubeconfig flow.

Each ``*_task(params, check_mode, warn)`` validates the options first (no API call is made for a value the API
would refuse), builds the client, and returns the module result.
"""

from __future__ import annotations

from ansible_collections.managedk8s.clusters.plugins.module_utils import oks_checks as checks
from ansible_collections.managedk8s.clusters.plugins.module_utils import oks_client as oks
from ansible_collections.managedk8s.clusters.plugins.module_utils.adopt import answer_lost, create_or_adopt
from ansible_collections.managedk8s.clusters.plugins.module_utils.kubeconfig import deliver
from ansible_collections.managedk8s.clusters.plugins.module_utils.redact import register_secret
from ansible_collections.managedk8s.clusters.plugins.module_utils.resource import (
    Resource, ResourceError, ResourceSpec, pick_one)

PROJECT_SPEC = ResourceSpec(
    "project",
    update_keys=oks.PROJECT_UPDATE_FIELDS,
    create_only=("name", "cidr", "region"),
    unordered=("quirks",),
    exact=("tags",),
)

CLUSTER_SPEC = ResourceSpec(
    "cluster",
    update_keys=oks.CLUSTER_UPDATE_FIELDS,
    create_only=("project_id", "name", "cidr_pods", "cidr_service", "cluster_dns", "admin_lbu", "cp_subregions"),
    unordered=("cp_subregions", "admin_whitelist", "quirks"),
    exact=("tags",),
)

# A change of these makes the cluster roll its control plane: PATCH, wait until ready, then PATCH .../upgrade.
UPGRADE_KEYS = ("version", "control_planes")


def outcome_unknown(error):
    """True when a create may have happened although it raised: look before trying anything else."""
    return answer_lost(error) or error.status == 409


class ProjectAdapter:
    def __init__(self, client, params):
        self.client = client
        self.params = params
        self.timeout = params["wait_timeout"]

    def find(self):
        if self.params.get("project_id"):
            record = self.client.get_project(self.params["project_id"])
            if record is None and self.params["state"] == "present":
                raise ResourceError("project_id: no project %s exists; leave project_id out and give name, cidr and "
                                    "region to create a project" % self.params["project_id"])
            return record
        return pick_one(self.client.projects_named(self.params["name"]), self.params["name"], "project")

    def state(self, record):
        return oks.project_state(record, self.params.get("quirks"))

    def output(self, record):
        return oks.project_output(record, self.params.get("quirks"))

    def create(self, desired):
        body = oks.project_payload(desired)
        body.setdefault("region", self.client.region)
        if not body.get("cidr"):
            raise ResourceError("cidr: required to create project '%s' (the CIDR block of its Net, /16 to /23)"
                                % body.get("name"))
        return create_or_adopt(lambda: self.client.create_project(body),
                               lambda: pick_one(self.client.projects_named(body["name"]), body["name"], "project"),
                               outcome_unknown)

    def update(self, record, changes, desired):
        record = self._settled(record)
        return self.client.update_project(record["id"], oks.project_update_payload(changes))

    def delete(self, record):
        if record.get("status") != "deleting":
            self.client.delete_project(record["id"])

    def wait_ready(self, record):
        return self.client.wait_project(record, self.timeout)

    def wait_deleted(self, record):
        self.client.wait_project_gone(record, self.timeout)

    def _settled(self, record):
        """The API refuses changes to a project that is not ready (503): let it settle first."""
        if record.get("status") in oks.TRANSIENT:
            return self.client.wait_project(record, self.timeout)
        return record


class ClusterAdapter:
    def __init__(self, client, params, project=None):
        self.client = client
        self.params = params
        self.project = project
        self.timeout = params["wait_timeout"]

    def find(self):
        if self.params.get("cluster_id"):
            record = self.client.get_cluster(self.params["cluster_id"])
            if record is None and self.params["state"] == "present":
                raise ResourceError("cluster_id: no cluster %s exists; leave cluster_id out to create a cluster"
                                    % self.params["cluster_id"])
        else:
            record = pick_one(self.client.clusters_named(self.params["project_id"], self.params["name"]),
                              self.params["name"], "cluster")
        if record is None and self.params["state"] == "present":
            self._check_creatable()
        return record

    def review(self, record, current, changes):
        """Refuse, before any write (check mode too), a version change OKS cannot make."""
        if "version" in changes:
            self._check_version_change(record)
        return changes

    def _check_creatable(self):
        if not self.params.get("admin_whitelist"):
            raise ResourceError("admin_whitelist: required to create cluster '%s': list the IPv4 addresses or CIDR blocks "
                                "allowed to reach its Kubernetes API" % self.params.get("name"))

    def _check_version_change(self, record):
        wanted, current = self.params.get("version"), oks.short_version(record.get("version"))
        if not wanted or not current or wanted == current:
            return
        name = record.get("name")
        if oks.version_key(wanted) < oks.version_key(current):
            raise ResourceError("version: cluster '%s' runs Kubernetes %s; OKS cannot downgrade it to %s"
                                % (name, current, wanted), current=current, desired=wanted)
        major, minor = oks.version_key(current)[:2]
        following = "%d.%d" % (major, minor + 1)
        if wanted != following:
            raise ResourceError("version: cluster '%s' runs Kubernetes %s; OKS upgrades one minor version at a time, so "
                                "set version to %s first, then to the next one" % (name, current, following),
                                current=current, desired=wanted)

    def state(self, record):
        return oks.cluster_state(record, self.params.get("quirks"))

    def output(self, record):
        return oks.cluster_output(record, self.params.get("quirks"))

    def create(self, desired):
        self._ready_project()
        self._check_offered(desired)
        body = oks.cluster_create_payload(desired)
        return create_or_adopt(
            lambda: self.client.create_cluster(body),
            lambda: pick_one(self.client.clusters_named(body["project_id"], body["name"]), body["name"], "cluster"),
            outcome_unknown)

    def _check_offered(self, desired):
        """control_planes and cp_subregions must be among those the API lists (two GETs), so a refusal needs no POST."""
        for option, list_offered in (("control_planes", self.client.control_plane_plans),
                                     ("cp_subregions", self.client.cp_subregions)):
            wanted = desired.get(option)
            if not wanted:
                continue
            offered = [item if isinstance(item, str) else (item or {}).get("name") for item in list_offered() or []]
            unknown = [value for value in (wanted if isinstance(wanted, list) else [wanted]) if value not in offered]
            if offered and unknown:
                raise ResourceError("%s: %s is not offered by OKS; use one of %s"
                                    % (option, ", ".join(unknown), ", ".join(str(item) for item in offered)))

    def _ready_project(self):
        """Clusters can only be created in a ready project: wait for it (bounded by wait_timeout)."""
        project = self.project or self.client.get_project(self.params["project_id"])
        if project is None:
            raise ResourceError("project_id: no project %s exists; create it first with managedk8s.clusters.oks_project"
                                % self.params["project_id"])
        return self.client.wait_project(project, self.timeout)

    def update(self, record, changes, desired):
        record = self._settled(record)
        record = self.client.update_cluster(record["id"], oks.cluster_update_payload(changes, record))
        if any(key in changes for key in UPGRADE_KEYS):
            self.client.wait_cluster(record, self.timeout)
            record = self.client.upgrade_cluster(record["id"])
        return record

    def delete(self, record):
        if oks.cluster_status(record) != "deleting":
            self.client.delete_cluster(record["id"])

    def wait_ready(self, record):
        return self.client.wait_cluster(record, self.timeout, version=self.params.get("version"))

    def wait_deleted(self, record):
        self.client.wait_cluster_gone(record, self.timeout)

    def _settled(self, record):
        if oks.cluster_status(record) in oks.TRANSIENT:
            return self.client.wait_cluster(record, self.timeout)
        return record


# --- tasks --------------------------------------------------------------------------------------------------

def _absent_result(kind):
    return {"changed": False, "diff": {"before": {}, "after": {}}, kind: {}}


def project_task(params, check_mode=False, warn=None):
    checks.validate_project_params(params)
    if params["state"] == "present" and not params.get("name") and not params.get("project_id"):
        raise ResourceError("name: required to manage a project (or give project_id)")
    client = oks.client_from_params(params, warn)
    params = oks.normalise_project_params(params)
    engine = Resource(PROJECT_SPEC, ProjectAdapter(client, params), check_mode=check_mode, wait=params["wait"])
    return engine.run(params["state"], params, name=params.get("name"))


def find_project(client, params):
    """The project named by project_id or project_name, or None when it does not exist."""
    if params.get("project_id"):
        return client.get_project(params["project_id"])
    return pick_one(client.projects_named(params["project_name"]), params["project_name"], "project")


def cluster_task(params, check_mode=False, warn=None):
    checks.validate_cluster_params(params)
    client = oks.client_from_params(params, warn)
    params = oks.normalise_cluster_params(params)
    project = None
    if not params.get("project_id") and params.get("project_name"):
        project = find_project(client, params)
        if project is None:
            if params["state"] == "absent":
                return _absent_result("cluster")
            raise ResourceError("project_name: no project named '%s' exists; create it first with "
                                "managedk8s.clusters.oks_project" % params["project_name"])
        params["project_id"] = project["id"]
    engine = Resource(CLUSTER_SPEC, ClusterAdapter(client, params, project), check_mode=check_mode, wait=params["wait"])
    return engine.run(params["state"], params, name=params.get("name"))


def project_info_task(params, warn=None):
    client = oks.client_from_params(params, warn)
    quirks = None
    if params.get("project_id"):
        record = client.get_project(params["project_id"])
        records = [record] if record is not None else []
    else:
        records = client.list_projects(name=params.get("name"), status=params.get("status"), deleted=params.get("deleted"))
        if params.get("name"):
            records = [record for record in records if record.get("name") == params["name"]]
    projects = []
    for record in records:
        project = oks.project_output(record, quirks)
        project.pop("quirks", None)
        if params.get("quotas"):
            project["quotas"] = client.project_quotas(record["id"])
        projects.append(project)
    return {"changed": False, "projects": projects}


CLUSTER_INFO_PARTS = ("clusters", "kubernetes_versions", "cp_subregions", "control_plane_plans", "project_template",
                      "cluster_template", "nodepool_template")


def _clusters(client, params):
    if params.get("cluster_id"):
        record = client.get_cluster(params["cluster_id"])
        return [record] if record is not None else []
    project_id = params.get("project_id")
    if not project_id and params.get("project_name"):
        project = find_project(client, params)
        if project is None:
            return []
        project_id = project["id"]
    records = client.list_clusters(project_id, name=params.get("name"), status=params.get("status"),
                                   version=params.get("version"))
    if params.get("name"):
        records = [record for record in records if record.get("name") == params["name"]]
    return records


def cluster_info_task(params, warn=None):
    checks.check_name("name", params.get("name"))
    checks.check_name("project_name", params.get("project_name"))
    client = oks.client_from_params(params, warn)
    wanted = params.get("include") or ["clusters"]
    result = {"changed": False}
    if "clusters" in wanted:
        result["clusters"] = []
        for record in _clusters(client, params):
            cluster = oks.cluster_output(record)
            cluster.pop("quirks", None)
            result["clusters"].append(cluster)
    if "kubernetes_versions" in wanted:
        result["kubernetes_versions"] = client.kubernetes_versions()
    if "cp_subregions" in wanted:
        result["cp_subregions"] = client.cp_subregions()
    if "control_plane_plans" in wanted:
        result["control_plane_plans"] = client.control_plane_plans()
    templates = {kind: client.template(kind) for kind in ("project", "cluster", "nodepool") if kind + "_template" in wanted}
    if templates:
        result["templates"] = templates
    return result


def _kubeconfig_cluster(client, params):
    if params.get("cluster_id"):
        return {"id": params["cluster_id"]}
    project = find_project(client, params)
    if project is None:
        raise ResourceError("project: no project %s exists" % (params.get("project_id") or "named '%s'" % params["project_name"]))
    cluster = pick_one(client.clusters_named(project["id"], params["name"]), params["name"], "cluster")
    if cluster is None:
        raise ResourceError("name: no cluster named '%s' exists in project %s" % (params["name"], project.get("name") or project["id"]))
    return cluster


def kubeconfig_task(params, check_mode=False, warn=None):
    checks.validate_kubeconfig_params(params)
    if not params.get("cluster_id") and not (params.get("project_id") or params.get("project_name")):
        raise ResourceError("name: give the project of cluster '%s' with project_id or project_name, or give cluster_id"
                            % params.get("name"))
    client = oks.client_from_params(params, warn)
    cluster = _kubeconfig_cluster(client, params)
    identity = {"provider": "oks", "endpoint": client.http.base_url, "cluster_id": cluster["id"],
                "user": params.get("user") or "", "group": params.get("group") or ""}

    def fetch():
        if params["wait"]:
            record = cluster if cluster.get("statuses") else client.get_cluster(cluster["id"])
            if record is None:
                raise ResourceError("cluster_id: no cluster %s exists" % cluster["id"])
            client.wait_cluster(record, params["wait_timeout"])
        return client.kubeconfig(cluster["id"], params.get("user"), params.get("group"), params.get("ttl"),
                                 encrypt=params["encrypt"])

    result = deliver(params, identity, fetch, check_mode=check_mode, ttl=checks.ttl_seconds(params.get("ttl")),
                     register=register_secret)
    result["cluster_id"] = cluster["id"]
    return result
