# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The shared base of the managedk8s.clusters inventory plugins: one host per cluster, on every cloud.

A cloud's plugin says how to build its client for one region or zone, how to list the clusters there, and how to
read the uniform facts out of one record. The base does the rest: options -> client params (credentials resolve
as in the modules), regions queried in parallel, the cache, client-side filters, stable host names, the uniform
``k8s_*`` variables plus the cloud's record under its prefix, default groups, and constructed's compose, groups
and keyed_groups.

The uniform variables have one form on every cloud: ``k8s_version`` without a leading ``v`` (``1.31.8``, ``1.33``:
as precise as the cloud gives it; null only when the cloud does not give it), ``k8s_status`` one word of
``STATUSES`` (each plugin maps its cloud's own values in ``STATUS_MAP``; the cloud's own value stays in the prefixed
record), ``k8s_nodepools`` a list of ``{name, size}`` (empty on a cloud or cluster without node pools).
"""

from __future__ import annotations

import concurrent.futures
import fnmatch
import functools
import json
import os
import re

from ansible.errors import AnsibleError
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.credentials import CredentialsError
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.errors import ApiError
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.http import MissingLibraryError
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.options import connection_argument_spec

UNIFORM_KEYS = ("id", "name", "version", "status", "endpoint", "region", "tags")
DEFAULT_MAX_WORKERS = 4

# The one k8s_status vocabulary. creating: being made (or, for a registration, not connected yet); running: usable;
# updating: a change or an upgrade in progress; deleting: going away; error: failed, or unreachable; unknown: the
# cloud gave no status, or one this collection does not know.
STATUSES = ("creating", "running", "updating", "deleting", "error", "unknown")
UNKNOWN_STATUS = "unknown"

# What a cloud can fail with while listing: reported with the API's own message.
CLOUD_ERRORS = (ApiError, CredentialsError, MissingLibraryError, ValueError)

_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_NOT_WORD = re.compile(r"[^A-Za-z0-9_]")


# --- pure helpers (unit-tested without an inventory) ---------------------------------------------------------


@functools.lru_cache(maxsize=1024)
def snake_key(key):
    """clusterName -> cluster_name, auto-upgrade -> auto_upgrade: a record key as an Ansible variable name.
    Cached: thousands of records repeat the same few dozen keys."""
    return _NOT_WORD.sub("_", _CAMEL_BOUNDARY.sub("_", str(key))).lower()


def prefixed_record(record, prefix):
    """The record's top-level fields as variables named prefix + snake_case key."""
    return {prefix + snake_key(key): value for key, value in (record or {}).items() if not str(key).startswith("_")}


def string_tags(tags):
    """Tags or labels as a dict of strings; EKS, OKS and SKS give dicts, some APIs a list of {key, value}."""
    if isinstance(tags, dict):
        return {str(key): "" if value is None else str(value) for key, value in tags.items()}
    if isinstance(tags, list):
        pairs = [item for item in tags if isinstance(item, dict) and "key" in item]
        return {str(item["key"]): "" if item.get("value") is None else str(item["value"]) for item in pairs}
    return {}


def uniform_version(version):
    """A Kubernetes version in the one form of k8s_version: no leading v (v1.31.8 -> 1.31.8), as precise as the cloud
    gives it; None when the cloud gives none."""
    if version is None:
        return None
    text = str(version).strip()
    if text[:1] in ("v", "V") and text[1:2].isdigit():
        text = text[1:]
    return text or None


def uniform_status(status, status_map):
    """k8s_status of a cloud's own status: status_map (lower-case cloud value -> one of STATUSES), else unknown."""
    if status is None:
        return UNKNOWN_STATUS
    return status_map.get(str(status).strip().lower(), UNKNOWN_STATUS)


def _size(value):
    if isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def uniform_nodepools(pools):
    """k8s_nodepools: [{name, size}] sorted by name; size is the pool's wanted number of nodes (None when unknown)."""
    result = [
        {"name": str(pool.get("name") or ""), "size": _size(pool.get("size"))}
        for pool in pools or []
        if isinstance(pool, dict)
    ]
    return sorted(result, key=lambda pool: pool["name"])


def uniform_vars(provider, facts, status_map=None):
    """The k8s_* variables every cloud's hosts carry."""
    return {
        "k8s_provider": provider,
        "k8s_cluster_id": facts.get("id"),
        "k8s_cluster_name": facts.get("name"),
        "k8s_version": uniform_version(facts.get("version")),
        "k8s_status": uniform_status(facts.get("status"), status_map or {}),
        "k8s_endpoint": facts.get("endpoint"),
        "k8s_region": facts.get("region"),
        "k8s_tags": string_tags(facts.get("tags")),
        "k8s_nodepools": uniform_nodepools(facts.get("nodepools")),
    }


def _tag_matches(tags, key, wanted):
    if key not in tags:
        return False
    if wanted is None:
        return True
    if isinstance(wanted, (list, tuple)):
        return any(_tag_matches(tags, key, item) for item in wanted)
    return fnmatch.fnmatchcase(tags[key], str(wanted))


def matches_filters(facts, names=None, statuses=None, tags=None, projects=None):
    """Whether a cluster passes the user's filters; an empty filter lets everything through.

    names: shell patterns on the cluster name (any may match); statuses: case-insensitive status values, the cloud's
    own (facts 'status') or the uniform k8s_status (facts 'uniform_status');
    tags: key -> pattern (or list of patterns, or null for "the key exists"), every key must match;
    projects: project ids or names (facts 'project_id' and 'project_name').
    """
    name = str(facts.get("name") or "")
    if names and not any(fnmatch.fnmatchcase(name, str(pattern)) for pattern in names):
        return False
    if statuses:
        wanted = {str(status).lower() for status in statuses}
        have = {str(facts.get(key) or "").lower() for key in ("status", "uniform_status")}
        if not have & wanted:
            return False
    if tags:
        have = string_tags(facts.get("tags"))
        if not all(_tag_matches(have, str(key), wanted) for key, wanted in tags.items()):
            return False
    if projects:
        known = {facts.get("project_id"), facts.get("project_name")} - {None, ""}
        if not known & {str(project) for project in projects}:
            return False
    return True


def _creation_order(group):
    """The clusters of group (candidate, region, id, created) oldest first, or None when the cloud does not say when
    each was created (or says it in forms that cannot be compared)."""
    created = [item[3] for item in group]
    if any(value in (None, "") for value in created):
        return None
    if all(isinstance(value, (int, float)) and not isinstance(value, bool) for value in created):
        key = float
    elif all(isinstance(value, str) for value in created):
        key = str
    else:
        return None
    return sorted(group, key=lambda item: (key(item[3]), str(item[2])))


def unique_hostnames(candidates, taken=(), no_region="default"):
    """One host name per cluster, in order, that does not change when another cluster appears.

    candidates is a list of (candidate, region, cluster_id, created). A candidate that one cluster only has, and no
    host in taken (another inventory source's), is the host name. When several clusters share a candidate, the one
    created first keeps it and the others get candidate.id; when the cloud does not say when they were created, all
    get candidate.id. A candidate another source already has gets .region (.<no_region> when the region is unknown),
    then .id as well.
    """
    taken = set(taken)
    names = [None] * len(candidates)
    groups = {}
    for index, item in enumerate(candidates):
        groups.setdefault(str(item[0]), []).append((index,) + tuple(item))
    for name, group in groups.items():
        keeper = None
        if len(group) > 1:
            ordered = _creation_order([item[1:] for item in group])
            if ordered is not None:
                first = ordered[0]
                keeper = next(item[0] for item in group if item[1:] == first)
        for index, _candidate, _region, cluster_id, _created in group:
            names[index] = name if len(group) == 1 or index == keeper else "%s.%s" % (name, cluster_id)
    result = []
    used = set()
    for index, name in enumerate(names):
        _candidate, region, cluster_id, _created = candidates[index]
        if name in taken or name in used:
            with_region = "%s.%s" % (name, region or no_region)
            name = (
                with_region
                if with_region not in taken and with_region not in used
                else "%s.%s"
                % (
                    with_region,
                    cluster_id,
                )
            )
        used.add(name)
        result.append(name)
    return result


def encode_entries(entries):
    """The entries as one compact JSON text, the form they are cached in.

    Ansible's cache plugins decode a structure value by value in Python (each dict through an object hook, each
    tagged string through its tags); one string is decoded by the C JSON parser in a fraction of that time.
    """
    return json.dumps(entries, separators=(",", ":"))


def decode_entries(cached):
    """The entries of a cached value; None when the value is not a cache of entries of this version (then the API is
    read): entries cached before node pools were read have no "nodepools"."""
    entries = cached
    if isinstance(cached, str):
        try:
            entries = json.loads(cached)
        except ValueError:
            return None
    if not isinstance(entries, list):
        return None
    if not all(isinstance(entry, dict) and "nodepools" in entry for entry in entries):
        return None
    return entries


def plain_location(location):
    """A region or zone name as a plain str: a value read from the configuration file carries Ansible's tags,
    which the cache would keep or drop, and k8s_region must not differ between a cold and a cached run."""
    return None if location is None else str(location)


def group_name(*parts):
    """A valid group name from parts: us-east-1 -> us_east_1."""
    return _NOT_WORD.sub("_", "_".join(str(part) for part in parts if part not in (None, "")))


# --- the base plugin -------------------------------------------------------------------------------------------


class ClusterInventory(BaseInventoryPlugin, Constructable, Cacheable):
    """Subclasses set the class attributes and implement list_records and cluster_facts."""

    CLOUD = None  # the cloud's declaration (core.cloud.Cloud): its options and its client

    NAME = None  # FQCN, e.g. managedk8s.clusters.oks
    CONFIG_SUFFIX = None  # e.g. managedk8s_oks
    PROVIDER = None  # k8s_provider value and default group, e.g. oks
    PREFIX = None  # prefix of the record's variables, e.g. oks_
    LOCATIONS_OPTION = None  # regions / zones, or None when the endpoint decides
    LOCATION_PARAM = None  # the client option that takes one location: region / zone
    EXTRA_PARAMS = ()  # more plugin options passed to the client factory as they are
    STATUS_MAP = {}  # the cloud's own status, lower case -> k8s_status (one of STATUSES); others are unknown
    NODEPOOLS_NEED_CALLS = False  # True when cluster_nodepools calls the API (then clusters are read in parallel)

    # --- what a cloud implements
    def make_client(self, params):
        return self.CLOUD.client(params, warn=self.display.warning)

    def list_records(self, client, location):
        """Every cluster record of one location (all pages)."""
        raise NotImplementedError

    def location_of(self, client, location, params):
        """The region or zone name the clusters of this client are in."""
        return location

    def cluster_facts(self, record, region):
        """{id, name, version, status, endpoint, region, tags, created, project_id, project_name} of a record.

        status is the cloud's own value (STATUS_MAP gives k8s_status); created is when the cluster was made, in one
        comparable form per cloud (ISO 8601 text or a number), or None: it decides which of several clusters of the
        same name keeps the plain host name."""
        raise NotImplementedError

    def cluster_nodepools(self, client, record):
        """The node pools of one cluster as [{name, size}], read while listing (and cached with the record).

        A cloud without node pools keeps this default: every host gets k8s_nodepools: []."""
        return []

    # --- Ansible's entry points
    def verify_file(self, path):
        if not super().verify_file(path):
            return False
        base = os.path.basename(path)
        return any(
            base == self.CONFIG_SUFFIX + ext or base.endswith("." + self.CONFIG_SUFFIX + ext)
            for ext in (".yml", ".yaml")
        )

    def parse(self, inventory, loader, path, cache=True):
        super().parse(inventory, loader, path, cache)
        self._read_config_data(path)
        entries = self._entries(path, cache)
        self._populate(entries)

    # --- fetching, with the cache
    def _entries(self, path, cache):
        cache_key = self.get_cache_key(path)
        use_cache = self.get_option("cache")
        if use_cache and cache:
            try:
                entries = decode_entries(self._cache[cache_key])
            except KeyError:
                entries = None
            if entries is not None:
                return entries
        entries, complete = self._fetch_all()
        if use_cache and complete:  # a partial answer (skip_unavailable) must not hide clusters until the cache expires
            self._cache[cache_key] = encode_entries(entries)
        return entries

    def connection_params(self, location=None):
        """The module options for the client factory. Values Ansible took from environment variables are left
        out: the cloud's resolver reads those itself, in the order the modules use."""
        params = {}
        for name in tuple(connection_argument_spec(self.CLOUD)) + self.EXTRA_PARAMS:
            value, origin = self.get_option_and_origin(name)
            if isinstance(origin, str) and origin.startswith("env:"):
                continue
            params[name] = value
        if location is not None and self.LOCATION_PARAM:
            params[self.LOCATION_PARAM] = location
        return params

    def _locations(self):
        if not self.LOCATIONS_OPTION:
            return [None]
        return list(dict.fromkeys(self.get_option(self.LOCATIONS_OPTION) or [])) or [None]

    def _max_workers(self):
        return max(1, int(self.get_option("max_workers") or DEFAULT_MAX_WORKERS))

    def parallel_map(self, function, items):
        """function over items on a small thread pool, results in the order of items."""
        items = list(items)
        if len(items) <= 1:
            return [function(item) for item in items]
        with concurrent.futures.ThreadPoolExecutor(max_workers=min(self._max_workers(), len(items))) as pool:
            return list(pool.map(function, items))

    def _fetch_location(self, location):
        """(entries, error message) of one location; the error is None when it answered."""
        try:
            params = self.connection_params(location)
            client = self.make_client(params)
            region = plain_location(self.location_of(client, location, params))
            records = self.list_records(client, location)
            read = (
                self.parallel_map if self.NODEPOOLS_NEED_CALLS else lambda function, items: list(map(function, items))
            )
            pools = read(lambda record: uniform_nodepools(self.cluster_nodepools(client, record)), records)
            entries = [
                {"region": region, "record": record, "nodepools": nodepools}
                for record, nodepools in zip(records, pools)
            ]
            return entries, None
        except CLOUD_ERRORS as error:
            where = " in %s" % location if location else ""
            return [], "%s: cannot list the clusters%s: %s" % (self.NAME, where, error)

    def _fetch_all(self):
        """(entries of every location, whether every location answered)."""
        entries = []
        failures = []
        for found, error in self.parallel_map(self._fetch_location, self._locations()):
            entries.extend(found)
            if error:
                failures.append(error)
        if failures:
            if not self.get_option("skip_unavailable"):
                raise AnsibleError("; ".join(failures))
            for message in failures:
                self.display.warning("%s (skipped, skip_unavailable is true)" % message)
        return entries, not failures

    # --- building the inventory
    def _host_vars(self, entry):
        facts = self.cluster_facts(entry["record"], entry.get("region"))
        facts.setdefault("region", entry.get("region"))
        facts["nodepools"] = entry.get("nodepools") or []
        host_vars = {"ansible_connection": "local"}
        host_vars.update(prefixed_record(entry["record"], self.PREFIX))
        host_vars.update(uniform_vars(self.PROVIDER, facts, self.STATUS_MAP))
        facts["uniform_status"] = host_vars["k8s_status"]
        return facts, host_vars

    def _selected(self, entries):
        filters = {
            "names": self.get_option("names"),
            "statuses": self.get_option("statuses"),
            "tags": self.get_option("tags"),
            "projects": self._option_or_none("projects"),
        }
        selected = []
        for entry in entries:
            facts, host_vars = self._host_vars(entry)
            if matches_filters(facts, **filters):
                selected.append((facts, host_vars))
        return selected

    def _option_or_none(self, name):
        try:
            return self.get_option(name)
        except KeyError:
            return None

    def _candidate_name(self, template, host_vars, several_locations=False):
        """The host name a cluster asks for: the template's, else its name, qualified with its region or zone when
        the source lists several (so that adding a region or a cluster never renames another host)."""
        if not template:
            name = host_vars["k8s_cluster_name"] or host_vars["k8s_cluster_id"]
            if several_locations and host_vars["k8s_region"]:
                name = "%s.%s" % (name, host_vars["k8s_region"])
            return name
        try:
            name = self._compose(template, host_vars)
        except Exception as error:  # the template's own error, whatever Jinja raised
            raise AnsibleError(
                "%s: hostname %r failed for cluster %s: %s" % (self.NAME, template, host_vars["k8s_cluster_id"], error)
            ) from None
        if name in (None, ""):
            raise AnsibleError(
                "%s: hostname %r gave an empty name for cluster %s" % (self.NAME, template, host_vars["k8s_cluster_id"])
            )
        return str(name)

    def _populate(self, entries):
        selected = self._selected(entries)
        template = self.get_option("hostname")
        several = len(self._locations()) > 1
        candidates = [
            (
                self._candidate_name(template, host_vars, several),
                host_vars["k8s_region"],
                host_vars["k8s_cluster_id"],
                facts.get("created"),
            )
            for facts, host_vars in selected
        ]
        hostnames = unique_hostnames(candidates, taken=self.inventory.hosts, no_region=self.PROVIDER)
        constructed = {
            name: self.get_option(name) for name in ("compose", "groups", "keyed_groups", "strict", "record_vars")
        }
        default_groups = self.get_option("default_groups")
        for hostname, (_facts, host_vars) in zip(hostnames, selected):
            self._add_host(hostname, host_vars, default_groups, constructed)

    def _add_host(self, hostname, host_vars, default_groups, constructed):
        """The host with its variables and groups; constructed holds the compose, groups, keyed_groups, strict and
        record_vars options, read once for all hosts. The templates see the record whether or not the host keeps it."""
        self.inventory.add_host(hostname)
        for key, value in host_vars.items():
            if constructed["record_vars"] or not key.startswith(self.PREFIX):
                self.inventory.set_variable(hostname, key, value)
        if default_groups:
            self._add_to_default_groups(hostname, host_vars["k8s_region"])
        strict = constructed["strict"]
        if constructed["compose"]:
            self._set_composite_vars(constructed["compose"], host_vars, hostname, strict=strict)
        if constructed["groups"]:
            self._add_host_to_composed_groups(constructed["groups"], host_vars, hostname, strict=strict)
        if constructed["keyed_groups"]:
            self._add_host_to_keyed_groups(constructed["keyed_groups"], host_vars, hostname, strict=strict)

    def _add_to_default_groups(self, hostname, region):
        groups = [self.PROVIDER]
        if region:
            groups.append(group_name(self.PROVIDER, region))
        for group in groups:
            self.inventory.add_child(self.inventory.add_group(group), hostname)
