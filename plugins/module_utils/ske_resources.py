# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the SKE modules hand the resource engine and the kubeconfig flow: the cluster adapter and its spec."""

from __future__ import annotations

import ipaddress

from ansible_collections.managedk8s.clusters.plugins.module_utils import kubeconfig, ske_client
from ansible_collections.managedk8s.clusters.plugins.module_utils.adopt import create_or_adopt
from ansible_collections.managedk8s.clusters.plugins.module_utils.redact import register_secret
from ansible_collections.managedk8s.clusters.plugins.module_utils.resource import ResourceError, ResourceSpec, pick_one
from ansible_collections.managedk8s.clusters.plugins.module_utils.waiter import status_waiter, wait_for

CLUSTER_SPEC = ResourceSpec(
    "cluster",
    update_keys=("cloud_logging_enabled", "security_group_id_list"),
    create_only=("name", "kubernetes_version", "vpc_id", "subnet_id", "volume_id", "service_watch_logging_enabled",
                 "public_endpoint_access_control_ip"),
    unordered=("security_group_id_list",),
)

# What a failed create POST may hide: the cluster may exist although no answer came back.


def _status(cluster):
    return cluster.get("status") if cluster else None


class ClusterAdapter:
    """find/state/create/update/delete/wait for one SKE cluster, by cluster_id or by unique name.

    tags are sent with the create request only: SKE does not return them with the cluster, so they are not
    compared afterwards.
    """

    def __init__(self, client, cluster_id=None, name=None, tags=None, wait_timeout=900, state="present", sleep=None):
        self.client = client
        self.state_wanted = state
        self.cluster_id = cluster_id
        self.name = name
        self.tags = tags
        self.wait_timeout = wait_timeout
        self.wait_options = {"sleep": sleep} if sleep is not None else {}

    # --- lookup ---
    def find(self):
        if self.cluster_id:
            record = self.client.get_cluster(self.cluster_id)
            if record is None and self.state_wanted == "present":
                raise ResourceError("cluster_id: no SKE cluster has the id %s; to create a cluster, leave cluster_id out "
                                    "and give name and the other creation options" % self.cluster_id)
            return record
        summary = pick_one(self.client.clusters_named(self.name), self.name, "SKE cluster")
        if summary is None:
            return None
        return self.client.get_cluster(summary["id"])

    def state(self, record):
        state = ske_client.cluster_state(record)
        state.pop("id", None)
        state.pop("status", None)
        return state

    def output(self, record):
        return ske_client.cluster_info(record)

    # --- changes ---
    def create(self, desired):
        payload = ske_client.create_payload(desired, self.tags)
        cluster_id = create_or_adopt(lambda: self.client.create_cluster(payload), self._id_of_cluster_named)
        self.cluster_id = cluster_id
        return self.client.get_cluster(cluster_id) or {"id": cluster_id, "name": self.name, "status": "CREATING"}

    def _id_of_cluster_named(self):
        """After a create POST with an unknown outcome: the id of the cluster if it appeared, else None."""
        found = pick_one(self.client.clusters_named(self.name), self.name, "SKE cluster")
        return found["id"] if found else None

    def update(self, record, changes, desired):
        cluster_id = record["id"]
        record = self._settled(record)
        if "cloud_logging_enabled" in changes:
            self.client.set_logging(cluster_id, changes["cloud_logging_enabled"])
            if "security_group_id_list" in changes:
                record = self._settled(None, cluster_id)
        if "security_group_id_list" in changes:
            self.client.set_security_groups(cluster_id, changes["security_group_id_list"])
        return self.client.get_cluster(cluster_id) or record

    def delete(self, record):
        if _status(record) == "DELETING":
            return
        self._settled(record)
        self.client.delete_cluster(record["id"])

    # --- waiting ---
    def _settled(self, record, cluster_id=None):
        """Wait until the cluster is RUNNING (an API change is refused while it is CREATING or UPDATING)."""
        cluster_id = cluster_id or record["id"]
        ready, failed = status_waiter(_status, ske_client.CLUSTER_SETTLED, transient=ske_client.CLUSTER_TRANSIENT)
        options = dict(self.wait_options)
        if record is not None:
            options["initial"] = record
        return wait_for(lambda: self.client.get_cluster(cluster_id), ready, failed, timeout=self.wait_timeout,
                        what="SKE cluster %s to be RUNNING" % cluster_id, describe=_status, **options)

    def wait_ready(self, record):
        return self._settled(record)

    def wait_deleted(self, record):
        cluster_id = record["id"]
        ready, failed = status_waiter(_status, (None,), transient=("DELETING", "RUNNING"))
        wait_for(lambda: self.client.get_cluster(cluster_id), ready, failed, timeout=self.wait_timeout,
                 what="SKE cluster %s to be deleted" % cluster_id, describe=_status, **self.wait_options)


def find_cluster_id(client, cluster_id=None, cluster_name=None):
    """The id of the cluster given by id (returned as is) or by unique name (looked up)."""
    if cluster_id:
        return cluster_id
    found = pick_one(client.clusters_named(cluster_name), cluster_name, "SKE cluster")
    if found is None:
        raise ResourceError("no SKE cluster is named '%s' (cluster_name)" % cluster_name)
    return found["id"]


# --- the kubeconfig flow -----------------------------------------------------------------------------------

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

    result = kubeconfig.deliver(params, identity, fetch, check_mode=check_mode, register=register_secret, now=now)
    result.update(cluster_id=identity.get("cluster_id"), kubeconfig_type=params["kubeconfig_type"],
                  api_version=ske_client.API_VERSION_PREFIX + client.api_version)
    return result


# --- the info flow -----------------------------------------------------------------------------------------

def cluster_facts(client, cluster_id=None, name=None, status=None, details=False, page_size=ske_client.LIST_PAGE_SIZE):
    """{"changed": False, "clusters": [...]}: one cluster by id, or every cluster matching name and status."""
    if cluster_id:
        cluster = client.get_cluster(cluster_id)
        return {"changed": False, "clusters": [ske_client.cluster_info(cluster)] if cluster else []}
    summaries = client.list_clusters(name=name, status=status or None, page_size=page_size)
    if name:
        summaries = [item for item in summaries if item.get("name") == name]
    if details:
        clusters = [client.get_cluster(item["id"]) for item in summaries]
        summaries = [cluster for cluster in clusters if cluster]
    return {"changed": False, "clusters": [ske_client.cluster_info(item) for item in summaries]}


# --- option checks made before any API call ----------------------------------------------------------------

CREATE_REQUIRED = ("name", "kubernetes_version", "vpc_id", "subnet_id", "volume_id", "security_group_id_list")


def check_cluster_params(params):
    """ValueError naming the option and what is allowed, for the first invalid option of ske_cluster."""
    if params.get("cluster_id"):
        ske_client.check_cluster_id(params["cluster_id"])
    if params.get("name") is not None:
        ske_client.check_cluster_name(params["name"])
    if params.get("kubernetes_version") is not None:
        ske_client.check_kubernetes_version(params["kubernetes_version"])
    groups = params.get("security_group_id_list")
    if groups is not None and (not groups or not all(isinstance(item, str) and item.strip() for item in groups)):
        raise ValueError("security_group_id_list: give at least one security group id, with no empty item")
    for option in ("vpc_id", "subnet_id", "volume_id"):
        if params.get(option) is not None and not str(params[option]).strip():
            raise ValueError("%s: must not be empty" % option)
    address = params.get("public_endpoint_access_control_ip")
    if address:
        for item in str(address).split(","):
            try:
                ipaddress.ip_network(item.strip(), strict=False)
            except ValueError:
                raise ValueError("public_endpoint_access_control_ip: %r is not an IP address or CIDR block "
                                 "(such as 203.0.113.10 or 203.0.113.0/24; separate several with commas)" % item.strip()) from None
    if params.get("wait_timeout") is not None and params["wait_timeout"] < 0:
        raise ValueError("wait_timeout: must be 0 or more seconds")
    if params.get("state", "present") == "present" and not params.get("cluster_id"):
        missing = [option for option in CREATE_REQUIRED if params.get(option) in (None, "", [])]
        if missing:
            raise ValueError("state=present without cluster_id creates the cluster when it does not exist, which needs "
                             "these options too: %s" % ", ".join(missing))
    if params.get("state") == "absent" and not params.get("cluster_id") and not params.get("name"):
        raise ValueError("state=absent needs cluster_id or name")
