# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The shared base of the managedk8s.clusters inventory plugins: one host per cluster, on every cloud.

A cloud's plugin says how to build its client for one region or zone, how to list the clusters there, and how to
read the uniform facts out of one record. The base does the rest: options -> client params (credentials resolve
as in the modules), regions queried in parallel, the cache, client-side filters, unique host names, the uniform
``k8s_*`` variables plus the cloud's record under its prefix, default groups, and constructed's compose, groups
and keyed_groups.
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


def uniform_vars(provider, facts):
    """The k8s_* variables every cloud's hosts carry."""
    return {
        "k8s_provider": provider,
        "k8s_cluster_id": facts.get("id"),
        "k8s_cluster_name": facts.get("name"),
        "k8s_version": facts.get("version"),
        "k8s_status": str(facts["status"]).lower() if facts.get("status") is not None else None,
        "k8s_endpoint": facts.get("endpoint"),
        "k8s_region": facts.get("region"),
        "k8s_tags": string_tags(facts.get("tags")),
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

    names: shell patterns on the cluster name (any may match); statuses: case-insensitive status values;
    tags: key -> pattern (or list of patterns, or null for "the key exists"), every key must match;
    projects: project ids or names (facts 'project_id' and 'project_name').
    """
    name = str(facts.get("name") or "")
    if names and not any(fnmatch.fnmatchcase(name, str(pattern)) for pattern in names):
        return False
    if statuses and str(facts.get("status") or "").lower() not in {str(status).lower() for status in statuses}:
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


def unique_hostnames(candidates, taken=(), no_region="default"):
    """One host name per cluster, in order: the candidate when no other cluster (or host in taken) has it,
    else candidate.region (candidate.<no_region> when the region is unknown), else candidate.region.id.

    candidates is a list of (candidate, region, cluster_id). Every cluster sharing a name is qualified, not just
    the second one, so a cluster's host name does not depend on the order the API listed them in.
    """
    taken = set(taken)

    def qualify(names, extra):
        counts = {}
        for name in names:
            counts[name] = counts.get(name, 0) + 1
        return [name + extra(index) if counts[name] > 1 or name in taken else name for index, name in enumerate(names)]

    names = [str(candidate) for candidate, _region, _id in candidates]
    names = qualify(names, lambda index: ".%s" % (candidates[index][1] or no_region))
    names = qualify(names, lambda index: ".%s" % candidates[index][2])
    return names


def encode_entries(entries):
    """The entries as one compact JSON text, the form they are cached in.

    Ansible's cache plugins decode a structure value by value in Python (each dict through an object hook, each
    tagged string through its tags); one string is decoded by the C JSON parser in a fraction of that time.
    """
    return json.dumps(entries, separators=(",", ":"))


def decode_entries(cached):
    """The entries of a cached value; None when the value is not a cache of entries (then the API is read)."""
    if isinstance(cached, list):  # the form of earlier versions
        return cached
    if not isinstance(cached, str):
        return None
    try:
        entries = json.loads(cached)
    except ValueError:
        return None
    return entries if isinstance(entries, list) else None


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
        """{id, name, version, status, endpoint, region, tags, project_id, project_name} of a record."""
        raise NotImplementedError

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
            return [{"region": region, "record": record} for record in self.list_records(client, location)], None
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
        host_vars = {"ansible_connection": "local"}
        host_vars.update(prefixed_record(entry["record"], self.PREFIX))
        host_vars.update(uniform_vars(self.PROVIDER, facts))
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

    def _candidate_name(self, template, host_vars):
        if not template:
            return host_vars["k8s_cluster_name"] or host_vars["k8s_cluster_id"]
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
        candidates = [
            (self._candidate_name(template, host_vars), host_vars["k8s_region"], host_vars["k8s_cluster_id"])
            for _facts, host_vars in selected
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
