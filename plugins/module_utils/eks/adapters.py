# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The engine's view of EKS clusters and node groups: find, create, update through EKS updates, delete, and the waits."""

from __future__ import annotations

import time

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.errors import ApiError, InputError, ResourceError
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.resource import Adapter, ReplaceRefused
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.waiter import wait_for
from ansible_collections.managedk8s.clusters.plugins.module_utils.eks import model
from ansible_collections.managedk8s.clusters.plugins.module_utils.eks.checks import parse_version
from ansible_collections.managedk8s.clusters.plugins.module_utils.eks.client import is_not_found, new_token
from ansible_collections.managedk8s.clusters.plugins.module_utils.eks.model import (
    cluster_create_payload,
    cluster_output,
    cluster_state,
    health_note,
    merged_tags,
    nodegroup_create_payload,
    nodegroup_output,
    nodegroup_state,
    plan_cluster_updates,
    plan_nodegroup_updates,
    update_summary,
)

_NOT_DELETED = object()


class Deadline:
    """One wait_timeout shared by every wait of a task (creation, each update, deletion)."""

    def __init__(self, seconds, clock=time.monotonic):
        self._clock = clock
        self._end = clock() + max(0, seconds or 0)

    def remaining(self):
        return max(0.0, self._end - self._clock())


class _Adapter(Adapter):
    kind = "resource"

    def __init__(self, client, params, wait=True, sleep=time.sleep, warn=None):
        self.client = client
        self.params = params
        self.wait = wait
        self.deadline = Deadline(params.get("wait_timeout") or 0)
        self.sleep = sleep
        self.purge_tags = params.get("purge_tags", True)
        self.updates = []
        self._warn = warn
        self.warnings = []

    def warn(self, message):
        """Tell the user once (module.warn when the task gave one)."""
        if message in self.warnings:
            return
        self.warnings.append(message)
        if self._warn is not None:
            self._warn(message)

    def review_tags(self, current, changes):
        """changes with the tags merged (aws: keys kept), or without tags when that changes nothing."""
        if "tags" not in changes:
            return changes
        tags = merged_tags(current.get("tags"), changes["tags"], self.purge_tags)
        if tags == (current.get("tags") or {}):
            return {key: value for key, value in changes.items() if key != "tags"}
        return dict(changes, tags=tags)

    def _wait(self, fetch, ready, failed, what, initial, describe=None):
        return wait_for(
            fetch,
            ready,
            failed,
            timeout=self.deadline.remaining(),
            what=what,
            describe=describe,
            initial=initial,
            sleep=self.sleep,
        )

    def follow_update(self, update, nodegroup=None):
        """Poll DescribeUpdate until the update is Successful; Failed or Cancelled fail at once with its errors."""
        cluster = self.cluster_name

        def failed(value):
            if value.get("status") in model.UPDATE_FAILED:
                errors = "; ".join(
                    "%s: %s" % (item.get("errorCode"), item.get("errorMessage")) for item in value.get("errors") or []
                )
                return "status %s%s" % (value["status"], " (%s)" % errors if errors else "")
            return None

        what = "%s update %s of %s" % (update.get("type"), update.get("id"), self.describe_target())
        return self._wait(
            lambda: self.client.describe_update(cluster, update["id"], nodegroup),
            lambda value: value.get("status") == model.UPDATE_SUCCESSFUL,
            failed,
            what,
            update,
            describe=lambda value: value.get("status"),
        )

    def run_steps(self, record, steps, changes, arn):
        """Apply the planned steps in order; returns the record as it is after them."""
        updates = [step for step in steps if step.kind != "tags"]
        for step in steps:
            if step.kind == "tags":
                self.apply_tags(arn, step)
                record = dict(record, tags=merged_tags(record.get("tags"), changes["tags"], self.purge_tags))
                continue
            update = self.start(step)
            if update is None:
                continue
            if self.wait or step is not updates[-1]:
                update = self.follow_update(update, self.update_owner)
            self.updates.append(update_summary(update))
        return self.describe() if updates else record

    def apply_tags(self, arn, step):
        if step.untag:
            self.client.untag_resource(arn, step.untag)
        if step.tags:
            self.client.tag_resource(arn, step.tags)
        self.updates.append(step.describe(status="Successful"))


class ClusterAdapter(_Adapter):
    """The engine's view of one EKS cluster, found by its name."""

    kind = "cluster"

    def __init__(self, client, params, wait=True, sleep=time.sleep, warn=None):
        super().__init__(client, params, wait, sleep, warn)
        self.cluster_name = params["name"]
        self.update_owner = None
        self.planned = []
        self._deleting = _NOT_DELETED

    def describe_target(self):
        return "EKS cluster '%s'" % self.cluster_name

    def describe(self):
        return self.client.describe_cluster(self.cluster_name)

    def find(self):
        record = self.describe()
        if record is None and self.params.get("state", "present") == "present":
            missing = [option for option in ("role_arn", "subnets") if not self.params.get(option)]
            if missing:
                raise InputError(
                    "%s: required to create EKS cluster '%s', which does not exist in %s"
                    % (" and ".join(missing), self.cluster_name, self.client.region)
                )
        if self.params.get("state", "present") == "present":
            self.check_ipv6_cidrs(record)
        return record

    def check_ipv6_cidrs(self, record):
        """EKS takes IPv6 public_access_cidrs (its default is 0.0.0.0/0 and ::/0 there) on IPv6 clusters only."""
        if record is not None:
            family = (record.get("kubernetesNetworkConfig") or {}).get("ipFamily") or "ipv4"
        else:
            family = (self.params.get("kubernetes_network_config") or {}).get("ip_family") or "ipv4"
        ipv6 = [cidr for cidr in self.params.get("public_access_cidrs") or [] if ":" in cidr]
        if ipv6 and family != "ipv6":
            raise InputError(
                "public_access_cidrs: %s are IPv6 CIDR blocks, which EKS accepts only on clusters whose "
                "kubernetes_network_config.ip_family is ipv6 (EKS cluster '%s' is %s)"
                % (", ".join(ipv6), self.cluster_name, family)
            )

    state = staticmethod(cluster_state)
    output = staticmethod(cluster_output)

    def review(self, record, current, changes):
        """Refuse impossible changes before anything is written, and complete partial ones for the diff."""
        changes = self.review_tags(current, changes)
        steps = plan_cluster_updates(current, changes, self.purge_tags)
        self.planned = [step.describe() for step in steps]
        return changes

    def create(self, desired):
        return self.client.create_cluster(cluster_create_payload(desired, new_token()))

    def update(self, record, changes, desired):
        if record.get("status") != model.CLUSTER_ACTIVE:
            record = self.wait_active(record)
        steps = plan_cluster_updates(cluster_state(record), changes, self.purge_tags)
        return self.run_steps(record, steps, changes, record["arn"])

    def start(self, step):
        if step.kind == "config":
            return self.client.update_cluster_config(self.cluster_name, step.payload)
        return self.client.update_cluster_version(self.cluster_name, step.version)

    def delete(self, record):
        if record.get("status") == model.CLUSTER_DELETING:
            self._deleting = record
            return
        try:
            # the delete was accepted: the cluster is deleting, whatever status the answer shows (moto answers the
            # record as it was); botocore's ClusterDeleted waiter judges only what DescribeCluster shows afterwards
            answer = self.client.delete_cluster(self.cluster_name) or record
            self._deleting = dict(answer, status=model.CLUSTER_DELETING)
        except ApiError as error:
            if not is_not_found(error):
                raise
            self._deleting = None  # already gone

    def wait_active(self, record):
        def failed(value):
            if value is None:
                return "the cluster no longer exists"
            status = value.get("status")
            if status == model.CLUSTER_FAILED:
                return "status FAILED%s; delete it (state: absent) and create it again" % health_note(value)
            if status == model.CLUSTER_DELETING:
                return "the cluster is being deleted"
            if status not in model.CLUSTER_TRANSIENT and status != model.CLUSTER_ACTIVE:
                return "unexpected status %s" % status
            return None

        return self._wait(
            self.describe,
            lambda value: value.get("status") == model.CLUSTER_ACTIVE,
            failed,
            self.describe_target(),
            record,
            describe=lambda value: value and value.get("status"),
        )

    wait_ready = wait_active

    def wait_deleted(self, record):
        def failed(value):
            status = value.get("status") if value is not None else None
            if status == model.CLUSTER_FAILED:
                return "the deletion failed (status FAILED)%s" % health_note(value)
            if status in model.CLUSTER_NOT_DELETING:
                return "the deletion did not go through: the cluster is %s again%s" % (status, health_note(value))
            return None

        initial = self._deleting if self._deleting is not _NOT_DELETED else record
        self._wait(
            self.describe,
            lambda value: value is None,
            failed,
            "the deletion of %s" % self.describe_target(),
            initial,
            describe=lambda value: value and value.get("status"),
        )


def refuse_launch_template_change(current, wanted, name):
    for key in ("id", "name"):
        if wanted.get(key) is not None and current.get(key) != wanted[key]:
            raise ReplaceRefused(
                "cannot change launch_template.%s of nodegroup '%s' in place (%r -> %r); only launch_template.version "
                "can change: delete and re-create the node group to use another template"
                % (key, name, current.get(key), wanted[key]),
                refused={"launch_template.%s" % key: {"current": current.get(key), "desired": wanted[key]}},
            )


class NodegroupAdapter(_Adapter):
    kind = "nodegroup"

    def __init__(self, client, params, wait=True, sleep=time.sleep, warn=None):
        super().__init__(client, params, wait, sleep, warn)
        self.cluster_name = params["cluster_name"]
        self.nodegroup_name = params["name"]
        self.update_owner = self.nodegroup_name
        self.planned = []
        self._deleting = _NOT_DELETED

    def describe_target(self):
        return "EKS node group '%s' of cluster '%s'" % (self.nodegroup_name, self.cluster_name)

    def describe(self):
        return self.client.describe_nodegroup(self.cluster_name, self.nodegroup_name)

    def find(self):
        record = self.describe()
        if record is None and self.params.get("state", "present") == "present":
            missing = [option for option in ("node_role", "subnets") if not self.params.get(option)]
            if missing:
                raise InputError(
                    "%s: required to create %s, which does not exist" % (" and ".join(missing), self.describe_target())
                )
        self.note_degraded(record)
        return record

    def note_degraded(self, record):
        """A DEGRADED node group is settled (updates are allowed): warn with its health issues."""
        if record is not None and record.get("status") == model.NODEGROUP_DEGRADED:
            self.warn(
                "%s is DEGRADED%s; it can still be updated (scaling or a new launch template version may fix it)"
                % (self.describe_target(), health_note(record) or " (no health issues reported)")
            )

    state = staticmethod(nodegroup_state)
    output = staticmethod(nodegroup_output)

    def review(self, record, current, changes):
        changes = self.review_tags(current, changes)
        if "launch_template" in changes:
            refuse_launch_template_change(
                current.get("launch_template") or {}, changes["launch_template"], self.nodegroup_name
            )
        if "version" in changes and current.get("version"):
            if parse_version(changes["version"]) < parse_version(current["version"], "the current version"):
                raise ResourceError(
                    "version: cannot downgrade node group '%s' from %s to %s"
                    % (self.nodegroup_name, current["version"], changes["version"])
                )
        self.planned = [step.describe() for step in plan_nodegroup_updates(current, changes, self.purge_tags)]
        return changes

    def review_create(self, desired):
        """The node group's cluster must exist: checked before the create (check mode too), so that check mode fails
        as the real run does instead of planning a node group in a cluster that is not there."""
        if self.client.describe_cluster(self.cluster_name) is None:
            raise ResourceError(
                "cluster_name: no EKS cluster is named '%s' in %s; create it first (eks_cluster) to add %s"
                % (self.cluster_name, self.client.region, self.describe_target())
            )

    def create(self, desired):
        return self.client.create_nodegroup(self.cluster_name, nodegroup_create_payload(desired, new_token()))

    def update(self, record, changes, desired):
        if record.get("status") not in model.NODEGROUP_SETTLED:
            record = self.wait_ready(record)
        steps = plan_nodegroup_updates(nodegroup_state(record), changes, self.purge_tags)
        return self.run_steps(record, steps, changes, record["nodegroupArn"])

    def start(self, step):
        if step.kind == "config":
            return self.client.update_nodegroup_config(self.cluster_name, self.nodegroup_name, step.payload)
        return self.client.update_nodegroup_version(self.cluster_name, self.nodegroup_name, step.payload)

    def delete(self, record):
        if record.get("status") == model.NODEGROUP_DELETING:
            self._deleting = record
            return
        try:
            self._deleting = self.client.delete_nodegroup(self.cluster_name, self.nodegroup_name) or dict(
                record, status=model.NODEGROUP_DELETING
            )
        except ApiError as error:
            if not is_not_found(error):
                raise
            self._deleting = None  # already gone

    def wait_ready(self, record):
        def failed(value):
            if value is None:
                return "the node group no longer exists"
            status = value.get("status")
            if status in model.NODEGROUP_FAILED:
                return "status %s%s" % (status, health_note(value))
            if status == model.NODEGROUP_DELETING:
                return "the node group is being deleted"
            if status not in model.NODEGROUP_TRANSIENT and status not in model.NODEGROUP_SETTLED:
                return "unexpected status %s" % status
            return None

        record = self._wait(
            self.describe,
            lambda value: value.get("status") in model.NODEGROUP_SETTLED,
            failed,
            self.describe_target(),
            record,
            describe=lambda value: value and value.get("status"),
        )
        self.note_degraded(record)
        return record

    def wait_deleted(self, record):
        def failed(value):
            if value is not None and value.get("status") == model.NODEGROUP_DELETE_FAILED:
                return "status DELETE_FAILED%s" % health_note(value)
            return None

        initial = self._deleting if self._deleting is not _NOT_DELETED else record
        self._wait(
            self.describe,
            lambda value: value is None,
            failed,
            "the deletion of %s" % self.describe_target(),
            initial,
            describe=lambda value: value and value.get("status"),
        )
