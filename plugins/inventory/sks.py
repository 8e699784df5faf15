# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: sks
short_description: Exoscale SKS clusters as inventory hosts
version_added: 0.1.0
description:
  - One host per SKS cluster, in one or more zones, grouped by provider and zone and as O(keyed_groups) and
    O(groups) say.
  - Every host has the variables C(k8s_provider) (V(sks)), C(k8s_cluster_id), C(k8s_cluster_name), C(k8s_version)
    (such as V(1.33.2)), C(k8s_status) (V(creating), V(running), V(updating) for C(updating), C(upgrading),
    C(suspending), C(resuming) and the C(rotating-*-credentials) states, V(deleting), V(error); C(sks_state) keeps
    SKS's own), C(k8s_endpoint), C(k8s_region) (the zone), C(k8s_tags) (the cluster's labels), C(k8s_nodepools)
    (the cluster's node pools, from the list answer, with no extra call),
    every field of the cluster record prefixed with C(sks_) (kebab-case names in snake_case, such as
    C(sks_auto_upgrade)), and C(ansible_connection=local) unless O(compose) sets another.
  - The configuration file is named C(managedk8s_sks.yml) or C(managedk8s_sks.yaml), or its name ends with
    C(.managedk8s_sks.yml) or C(.managedk8s_sks.yaml) (for example C(prod.managedk8s_sks.yml)); other files are left to other
    plugins.
  - Credentials resolve as in the modules (options, then environment variables, then the exo CLI's C(exoscale.toml)).
  - The SKS API lists a zone's clusters in one answer, without pages.
author:
  - managedk8s.clusters contributors (@managedk8s)
options:
  plugin:
    description: The name of this plugin.
    type: str
    required: true
    choices: [managedk8s.clusters.sks]
extends_documentation_fragment:
  - managedk8s.clusters.inventory_sks
  - managedk8s.clusters.inventory
  - managedk8s.clusters.sks
  - managedk8s.clusters.common
  - ansible.builtin.constructed
  - ansible.builtin.inventory_cache
"""

EXAMPLES = r"""
# clusters.managedk8s_sks.yml: the clusters of two zones, grouped by their env label
plugin: managedk8s.clusters.sks
zones: [ch-gva-2, de-fra-1]
keyed_groups:
  - key: k8s_tags.env | default('none')
    prefix: env

---
# pro.managedk8s_sks.yml: running pro clusters only, named name-zone
plugin: managedk8s.clusters.sks
statuses: [running]
hostname: k8s_cluster_name ~ '-' ~ k8s_region
groups:
  pro: sks_level == 'pro'
"""

from ansible_collections.managedk8s.clusters.plugins.module_utils.sks.cloud import CLOUD
from ansible_collections.managedk8s.clusters.plugins.plugin_utils.inventory import ClusterInventory


class InventoryModule(ClusterInventory):
    NAME = "managedk8s.clusters.sks"
    CONFIG_SUFFIX = "managedk8s_sks"
    PROVIDER = "sks"
    PREFIX = "sks_"
    LOCATIONS_OPTION = "zones"
    LOCATION_PARAM = "zone"
    CLOUD = CLOUD
    # the sks-cluster state enum of Exoscale's OpenAPI document (the exoscale package's openapi.json)
    STATUS_MAP = {
        "creating": "creating",
        "running": "running",
        "updating": "updating",
        "upgrading": "updating",
        "suspending": "updating",
        "resuming": "updating",
        "rotating-ccm-credentials": "updating",
        "rotating-csi-credentials": "updating",
        "rotating-karpenter-credentials": "updating",
        "deleting": "deleting",
        "error": "error",
    }

    def location_of(self, client, location, params):
        return location or client.zone

    def list_records(self, client, location):
        return client.list_clusters()

    def cluster_facts(self, record, region):
        return {
            "id": record.get("id"),
            "name": record.get("name"),
            "version": record.get("version"),
            "status": record.get("state"),
            "endpoint": record.get("endpoint"),
            "region": region,
            "tags": record.get("labels"),
            "created": record.get("created-at"),
        }

    def cluster_nodepools(self, client, record):
        """The node pools the list answer carries in each cluster (sks-cluster.nodepools): name and size."""
        return [{"name": pool.get("name"), "size": pool.get("size")} for pool in record.get("nodepools") or []]
