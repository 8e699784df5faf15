# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The OKS side of the resource engine: projects and clusters (find, create, update, delete), and their waits."""

from __future__ import annotations

import ipaddress
import time

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.adopt import create_or_adopt
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.errors import ApiError, InputError
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.resource import (
    Adapter,
    ResourceError,
    ResourceSpec,
    pick_one,
)
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.waiter import status_waiter, wait_for
from ansible_collections.managedk8s.clusters.plugins.module_utils.oks import model

PROJECT_SPEC = ResourceSpec(
    "project",
    update_keys=model.PROJECT_UPDATE_FIELDS,
    create_only=("name", "cidr", "region"),
    unordered=("quirks",),
    exact=("tags",),
)

CLUSTER_SPEC = ResourceSpec(
    "cluster",
    update_keys=model.CLUSTER_UPDATE_FIELDS,
    create_only=("project_id", "name", "cidr_pods", "cidr_service", "cluster_dns", "admin_lbu", "cp_subregions"),
    unordered=("cp_subregions", "admin_whitelist", "quirks"),
    exact=("tags",),
)

# A change of these makes the cluster roll its control plane: PATCH, wait until ready, then PATCH .../upgrade.
UPGRADE_KEYS = ("version", "control_planes")


# --- waits ----------------------------------------------------------------------------------------------------


def _gone(get_status):
    def ready(value):
        return value is None or get_status(value) in model.GONE

    return ready


def _failed(get_status):
    def check(value):
        status = get_status(value)
        return "status is %s" % status if status in model.FAILED else None

    return check


def _with_reason(failed):
    """failed(value) with the API's explanation appended when it gives one."""

    def check(value):
        message = failed(value)
        reason = model.failure_reason(value) if message else None
        return "%s: %s" % (message, reason) if reason else message

    return check


def _must_exist(value, kind, record):
    if value is None:
        raise ApiError(
            status=404,
            code="NotFoundError",
            message="%s '%s' (%s) disappeared while waiting for it" % (kind, record.get("name"), record.get("id")),
        )
    return value


class Waits:
    """Polls an OKS project or cluster until it settles or goes, for at most timeout seconds each."""

    first_delay = 1.0
    max_delay = 12.0

    def __init__(self, client, timeout, sleep=time.sleep, clock=time.monotonic):
        self.client = client
        self.timeout = timeout
        self.sleep = sleep
        self.clock = clock

    def _wait(self, fetch, ready, failed, what, describe, initial=None):
        """wait_for at this pace; initial (a record already read) is judged before any new read."""
        extra = {"initial": initial} if initial is not None else {}
        return wait_for(
            fetch,
            ready,
            failed,
            timeout=self.timeout,
            what=what,
            describe=describe,
            first_delay=self.first_delay,
            max_delay=self.max_delay,
            sleep=self.sleep,
            clock=self.clock,
            **extra,
        )

    def until(self, fetch, ready, what, describe, initial=None):
        """Poll fetch() at this pace until ready(value)."""
        return self._wait(fetch, ready, None, what, describe, initial)

    def project(self, record):
        """Wait until the project is ready; a failed project ends the wait at once."""
        what = "project '%s' (%s) to be ready" % (record.get("name"), record.get("id"))
        ready, failed = status_waiter(model.project_status, model.SETTLED, model.FAILED, model.TRANSIENT)
        return self._wait(
            lambda: _must_exist(self.client.get_project(record["id"]), "project", record),
            ready,
            _with_reason(failed),
            what,
            model.project_status,
            record,
        )

    def cluster(self, record, version=None):
        """Wait until the cluster is ready (and runs version X.Y when given); failed ends the wait at once."""
        what = "cluster '%s' (%s) to be ready" % (record.get("name"), record.get("id"))
        if version:
            what += " with Kubernetes %s" % version
        status_ready, failed = status_waiter(model.cluster_status, model.SETTLED, model.FAILED, model.TRANSIENT)

        def ready(value):
            return status_ready(value) and (not version or model.short_version(value.get("version")) == version)

        def describe(value):
            return "%s, version %s" % (model.cluster_status(value), (value or {}).get("version"))

        return self._wait(
            lambda: _must_exist(self.client.get_cluster(record["id"]), "cluster", record),
            ready,
            _with_reason(failed),
            what,
            describe,
            record,
        )

    def project_gone(self, record):
        what = "project '%s' (%s) to be deleted" % (record.get("name"), record.get("id"))
        self._wait(
            lambda: self.client.get_project(record["id"]),
            _gone(model.project_status),
            _with_reason(_failed(model.project_status)),
            what,
            model.project_status,
        )

    def cluster_gone(self, record):
        what = "cluster '%s' (%s) to be deleted" % (record.get("name"), record.get("id"))
        self._wait(
            lambda: self.client.get_cluster(record["id"]),
            _gone(model.cluster_status),
            _with_reason(_failed(model.cluster_status)),
            what,
            model.cluster_status,
        )


# --- adapters -------------------------------------------------------------------------------------------------


class ProjectAdapter(Adapter):
    def __init__(self, client, params):
        self.client = client
        self.params = params
        self.waits = Waits(client, params["wait_timeout"])

    def find(self):
        if self.params.get("project_id"):
            record = self.client.get_project(self.params["project_id"])
            if record is None and self.params["state"] == "present":
                raise ResourceError(
                    "project_id: no project %s exists; leave project_id out and give name, cidr and "
                    "region to create a project" % self.params["project_id"]
                )
            return record
        return pick_one(self.client.projects_named(self.params["name"]), self.params["name"], "project")

    def state(self, record):
        return model.project_state(record, self.params.get("quirks"))

    def output(self, record):
        return model.project_output(record, self.params.get("quirks"))

    def create(self, desired):
        body = model.project_payload(desired)
        body.setdefault("region", self.client.region)
        if not body.get("cidr"):
            raise InputError(
                "cidr: required to create project '%s' (the CIDR block of its Net, /16 to /23)" % body.get("name")
            )
        return create_or_adopt(
            lambda: self.client.create_project(body),
            lambda: pick_one(self.client.projects_named(body["name"]), body["name"], "project"),
            adopt_on_conflict=True,
        )

    def update(self, record, changes, desired):
        record = self._settled(record)
        return self.client.update_project(record["id"], model.project_update_payload(changes))

    def delete(self, record):
        if record.get("status") != "deleting":
            self.client.delete_project(record["id"])

    def wait_ready(self, record):
        return self.waits.project(record)

    def wait_deleted(self, record):
        self.waits.project_gone(record)

    def _settled(self, record):
        """The API refuses changes to a project that is not ready (503): let it settle first."""
        if record.get("status") in model.TRANSIENT:
            return self.waits.project(record)
        return record


class ClusterAdapter(Adapter):
    def __init__(self, client, params, project=None, warn=None):
        self.client = client
        self.params = params
        self.project = project
        self.warn = warn or (lambda message: None)
        self.waits = Waits(client, params["wait_timeout"])
        self.wait_version = params.get("version")

    def find(self):
        if self.params.get("cluster_id"):
            record = self.client.get_cluster(self.params["cluster_id"])
            if record is None and self.params["state"] == "present":
                raise ResourceError(
                    "cluster_id: no cluster %s exists; leave cluster_id out to create a cluster"
                    % self.params["cluster_id"]
                )
        else:
            record = pick_one(
                self.client.clusters_named(self.params["project_id"], self.params["name"]),
                self.params["name"],
                "cluster",
            )
        if record is None and self.params["state"] == "present":
            self._check_creatable()
        return record

    def review(self, record, current, changes):
        """Before any write (check mode too): a version below the cluster's is left alone with a warning (the cloud
        upgraded the cluster itself), and an upgrade is refused unless it reaches the version the options ask for."""
        if "version" in changes:
            changes = self._review_version(record, changes)
        if "control_planes" in changes:
            self._review_plan_change(record, changes)
        return changes

    def _check_creatable(self):
        if not self.params.get("admin_whitelist"):
            raise InputError(
                "admin_whitelist: required to create cluster '%s': list the IPv4 addresses or CIDR blocks "
                "allowed to reach its Kubernetes API" % self.params.get("name")
            )

    @staticmethod
    def _offered(record):
        """The version PATCH .../upgrade takes the cluster to: the latest one available for it, or '' when none."""
        return model.short_version(((record or {}).get("statuses") or {}).get("available_upgrade") or "") or ""

    def _review_version(self, record, changes):
        wanted, current = self.params.get("version"), model.short_version(record.get("version"))
        if not wanted or not current or wanted == current:
            return changes
        name = record.get("name")
        if model.version_key(wanted) < model.version_key(current):
            self.warn(
                "version: cluster '%s' runs Kubernetes %s, newer than the %s asked for (an automatic maintenance "
                "or someone else upgraded it); OKS cannot downgrade, so the version is left as it is. Set version "
                "to %s to silence this warning" % (name, current, wanted, current)
            )
            self.wait_version = None
            return {key: value for key, value in changes.items() if key != "version"}
        offered = self._offered(record)
        if wanted != offered:
            reason = (
                "the upgrade takes it to the latest version OKS offers for it, %s; set version to %s first"
                % (offered, offered)
                if offered
                else "OKS offers no upgrade for it now (available_upgrade is empty)"
            )
            raise ResourceError(
                "version: cluster '%s' runs Kubernetes %s and cannot go to %s: %s" % (name, current, wanted, reason),
                current=current,
                desired=wanted,
                available_upgrade=offered,
            )
        return changes

    def _review_plan_change(self, record, changes):
        """A new plan is applied by PATCH .../upgrade, which also takes the cluster to the latest version."""
        offered = self._offered(record)
        if not offered or changes.get("version") == offered:
            return
        current = model.short_version(record.get("version"))
        raise ResourceError(
            "control_planes: a new control plane plan is applied by an upgrade of cluster '%s' (PATCH .../upgrade), "
            "which also takes it from Kubernetes %s to %s, the latest version OKS offers for it; set version to %s "
            "as well to accept that upgrade" % (record.get("name"), current, offered, offered),
            current=current,
            available_upgrade=offered,
        )

    def state(self, record):
        return model.cluster_state(record, self.params.get("quirks"))

    def output(self, record):
        return model.cluster_output(record, self.params.get("quirks"))

    def create(self, desired):
        self._ready_project()
        self._check_offered(desired)
        body = model.cluster_create_payload(desired, self.client.template("cluster"))
        self._check_body(body)
        return create_or_adopt(
            lambda: self.client.create_cluster(body),
            lambda: pick_one(self.client.clusters_named(body["project_id"], body["name"]), body["name"], "cluster"),
            adopt_on_conflict=True,
        )

    def _check_offered(self, desired):
        """control_planes and cp_subregions must be among those the API lists (two GETs), so a refusal needs no POST."""
        for option, list_offered in (
            ("control_planes", self.client.control_plane_plans),
            ("cp_subregions", self.client.cp_subregions),
        ):
            wanted = desired.get(option)
            if not wanted:
                continue
            offered = [item if isinstance(item, str) else (item or {}).get("name") for item in list_offered() or []]
            unknown = [value for value in (wanted if isinstance(wanted, list) else [wanted]) if value not in offered]
            if offered and unknown:
                raise InputError(
                    "%s: %s is not offered by OKS; use one of %s"
                    % (option, ", ".join(unknown), ", ".join(str(item) for item in offered))
                )

    def _check_body(self, body):
        """What the template could not fill: the API has no default Kubernetes version."""
        if not body.get("version"):
            raise InputError(
                "version: required to create cluster '%s': the cluster template of OKS offers no default version "
                "(managedk8s.clusters.oks_cluster_info with include=kubernetes_versions lists them)" % body.get("name")
            )
        for option in ("cidr_pods", "cidr_service"):
            if not body.get(option):
                raise InputError(
                    "%s: required to create cluster '%s': the cluster template of OKS offers no default"
                    % (option, body.get("name"))
                )
        if body.get("cluster_dns") and self.params.get("cidr_service") is None:
            service = ipaddress.ip_network(body["cidr_service"], strict=False)
            if ipaddress.ip_address(body["cluster_dns"]) not in service:
                raise InputError(
                    "cluster_dns: %s is not inside the cidr_service %s of the cluster template; set cidr_service too"
                    % (body["cluster_dns"], service)
                )

    def _ready_project(self):
        """Clusters can only be created in a ready project: wait for it (bounded by wait_timeout)."""
        project = self.project or self.client.get_project(self.params["project_id"])
        if project is None:
            raise ResourceError(
                "project_id: no project %s exists; create it first with managedk8s.clusters.oks_project"
                % self.params["project_id"]
            )
        return self.waits.project(project)

    def update(self, record, changes, desired):
        record = self._settled(record)
        record = self.client.update_cluster(record["id"], model.cluster_update_payload(changes, record))
        if any(key in changes for key in UPGRADE_KEYS):
            self.waits.cluster(record)
            record = self.client.upgrade_cluster(record["id"])
        return record

    def review_delete(self, record, current):
        """A protected cluster is deleted only when the task lifts the protection (disable_api_termination: false);
        otherwise the delete is refused here, before any call (the API would answer 403)."""
        if not current.get("disable_api_termination") or self.params.get("disable_api_termination") is False:
            return
        raise ResourceError(
            "disable_api_termination: cluster '%s' (%s) is protected against deletion (disable_api_termination is "
            "true); set disable_api_termination: false in this task to lift the protection and delete it"
            % (record.get("name"), record.get("id")),
            disable_api_termination=True,
        )

    def delete(self, record):
        if model.cluster_status(record) == "deleting":
            return
        if record.get("disable_api_termination") and self.params.get("disable_api_termination") is False:
            # The protection is lifted first (PATCH), and the cluster is let settle before the DELETE.
            record = self.client.update_cluster(self._settled(record)["id"], {"disable_api_termination": False})
            record = self.waits.cluster(record)
        self.client.delete_cluster(record["id"])

    def wait_ready(self, record):
        return self.waits.cluster(record, version=self.wait_version)

    def wait_deleted(self, record):
        self.waits.cluster_gone(record)

    def _settled(self, record):
        if model.cluster_status(record) in model.TRANSIENT:
            return self.waits.cluster(record)
        return record


# --- node pools -----------------------------------------------------------------------------------------------

NODEPOOL_SPEC = ResourceSpec(
    "nodepool",
    update_keys=model.NODEPOOL_UPDATE_FIELDS,
    create_only=model.NODEPOOL_CREATE_ONLY,
    unordered=("zones", "volumes"),
    exact=("node_labels",),
)


class NodePoolAdapter(Adapter):
    """A NodePool object of the cluster's Kubernetes API (client.NodePools). template() -> the OKS nodepool template,
    or {} when the API is not used (a kubeconfig given as a file)."""

    def __init__(self, nodepools, params, template=None, cluster_id=None):
        self.nodepools = nodepools
        self.params = params
        self.template = template or (lambda: {})
        self.cluster_id = cluster_id
        self.waits = Waits(None, params["wait_timeout"])

    def find(self):
        record = self.nodepools.get(self.params["name"])
        if record and (record.get("metadata") or {}).get("deletionTimestamp") and self.params["state"] == "present":
            raise ResourceError(
                "name: node pool '%s' is being deleted (its nodes are going away); run the task again once it is gone "
                "to create it anew" % self.params["name"]
            )
        return record

    def state(self, record):
        return model.nodepool_state(record)

    def output(self, record):
        return model.nodepool_output(record, self.cluster_id)

    def review_create(self, desired):
        """nodeType is required by the CRD, and a zone by oks-cli (``Missing option '--zone'``): from the options or
        the template, before any write (check mode too)."""
        spec = self.template().get("spec") or {}
        name = self.params["name"]
        if not desired.get("node_type") and not spec.get("nodeType"):
            raise InputError("node_type: required to create node pool '%s', for example 'tinav6.c2r4p3'" % name)
        if not desired.get("zones") and not spec.get("zones"):
            raise InputError("zones: required to create node pool '%s', for example ['eu-west-2a']" % name)

    def create(self, desired):
        manifest = model.nodepool_manifest(self.params["name"], desired, self.template())
        return create_or_adopt(
            lambda: self.nodepools.create(manifest),
            lambda: self.nodepools.get(self.params["name"]),
            adopt_on_conflict=True,
        )

    def update(self, record, changes, desired):
        return self.nodepools.patch(self.params["name"], model.nodepool_patch(changes, model.nodepool_state(record)))

    def delete(self, record):
        if not (record.get("metadata") or {}).get("deletionTimestamp"):
            self.nodepools.delete(self.params["name"])

    def wait_ready(self, record):
        what = "the nodes of node pool '%s' to be ready" % self.params["name"]

        def describe(value):
            progress = model.nodepool_progress(value)
            return "%s of %s nodes ready (%s)" % (
                progress["ready"],
                ((value or {}).get("spec") or {}).get("desiredNodes", 0),
                model.nodepool_status(value),
            )

        return self.waits.until(
            lambda: _must_exist(self.nodepools.get(self.params["name"]), "node pool", {"name": self.params["name"]}),
            model.nodepool_ready,
            what,
            describe,
            record,
        )

    def wait_deleted(self, record):
        what = "node pool '%s' to be deleted" % self.params["name"]
        self.waits.until(
            lambda: self.nodepools.get(self.params["name"]), lambda value: value is None, what, model.nodepool_status
        )
