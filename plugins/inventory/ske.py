# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: ske
short_description: Samsung Cloud Platform SKE clusters as inventory hosts
version_added: 0.1.0
description:
  - One host per SKE cluster of the endpoint's region, grouped by provider and region and as O(keyed_groups) and
    O(groups) say.
  - Every host has the variables C(k8s_provider) (V(ske)), C(k8s_cluster_id), C(k8s_cluster_name), C(k8s_version)
    (without SKE's leading C(v), V(1.31.8) for C(v1.31.8)), C(k8s_status) (V(creating), V(running), V(updating),
    V(deleting), V(error) for C(ERROR) and C(FAILED); C(ske_status) keeps SKE's own), C(k8s_nodepools) (an empty
    list, SKE node pools are not read yet), C(k8s_endpoint) (the public endpoint URL, else the private one; null when
    O(describe_clusters=false)), C(k8s_region) (the region of the endpoint catalog's entry when the endpoint was
    found there, else read from the endpoint's host name, C(ske.{region}.{env}...)),
    C(k8s_tags) (always empty, the SKE API does not return tags), every field of the cluster record prefixed with
    C(ske_), and C(ansible_connection=local) unless O(compose) sets another.
  - The configuration file is named C(managedk8s_ske.yml) or C(managedk8s_ske.yaml), or its name ends with
    C(.managedk8s_ske.yml) or C(.managedk8s_ske.yaml) (for example C(prod.managedk8s_ske.yml)); other files are left to other
    plugins.
  - Credentials resolve as in the modules (options, then environment variables, then C(~/.scpconf)).
author:
  - managedk8s.clusters contributors (@managedk8s)
options:
  plugin:
    description: The name of this plugin.
    type: str
    required: true
    choices: [managedk8s.clusters.ske]
extends_documentation_fragment:
  - managedk8s.clusters.inventory_ske
  - managedk8s.clusters.inventory
  - managedk8s.clusters.ske
  - managedk8s.clusters.common
  - ansible.builtin.constructed
  - ansible.builtin.inventory_cache
"""

EXAMPLES = r"""
# clusters.managedk8s_ske.yml: every cluster, grouped by Kubernetes version
plugin: managedk8s.clusters.ske
endpoint: https://ske.kr-west1.e.samsungsdscloud.com
keyed_groups:
  - key: k8s_version
    prefix: k8s

---
# running.managedk8s_ske.yml: running clusters from the list call only (no call per cluster)
plugin: managedk8s.clusters.ske
statuses: [RUNNING]
describe_clusters: false
"""

import re
from urllib.parse import urlsplit

from ansible_collections.managedk8s.clusters.plugins.module_utils.ske.cloud import CLOUD
from ansible_collections.managedk8s.clusters.plugins.plugin_utils.inventory import ClusterInventory

_SKE_HOST = re.compile(r"^ske\.(?P<region>[a-z0-9-]+)\.")


def endpoint_region(endpoint):
    """kr-west1 from https://ske.kr-west1.e.samsungsdscloud.com; None for any other host."""
    match = _SKE_HOST.match(urlsplit(endpoint or "").hostname or "")
    return match.group("region") if match else None


class InventoryModule(ClusterInventory):
    NAME = "managedk8s.clusters.ske"
    CONFIG_SUFFIX = "managedk8s_ske"
    PROVIDER = "ske"
    PREFIX = "ske_"
    CLOUD = CLOUD
    # the cluster statuses of the SKE API (module_utils/ske/model.py), and its failure words
    STATUS_MAP = {
        "creating": "creating",
        "running": "running",
        "updating": "updating",
        "deleting": "deleting",
        "error": "error",
        "failed": "error",
    }

    def location_of(self, client, location, params):
        return getattr(client, "region", None) or endpoint_region(getattr(client, "endpoint", None))

    def list_records(self, client, location):
        page_size = self.get_option("page_size")
        summaries = client.list_clusters(page_size=page_size) if page_size else client.list_clusters()
        if not self.get_option("describe_clusters"):
            return summaries
        described = self.parallel_map(lambda summary: client.get_cluster(summary["id"]), summaries)
        return [record for record in described if record]  # None: deleted between the list and the read

    def cluster_facts(self, record, region):
        return {
            "id": record.get("id"),
            "name": record.get("name"),
            "version": record.get("kubernetes_version"),
            "status": record.get("status"),
            "endpoint": record.get("public_endpoint_url") or record.get("private_endpoint_url"),
            "region": region,
            "tags": record.get("tags"),
            "created": record.get("created_at"),
        }

    def cluster_nodepools(self, client, record):
        """Node pools of an SKE cluster: none read yet, so k8s_nodepools is []. The hook for them: return
        [{name, size}] of the record (or of a call on client), and set NODEPOOLS_NEED_CALLS when it calls the API."""
        return []
