# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The resource engine: find, compare, create, update, refuse, delete; check mode and diff for every module.

A module declares a ResourceSpec (which options create, which update in place, which can only be set at
creation) and hands the engine an Adapter: the cloud's side, subclassed in each cloud's adapters.py.
The engine never calls a write method in check mode.
"""

from __future__ import annotations

import json

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.errors import InputError, ResourceError
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.redact import redact

__all__ = (
    "Adapter",
    "DuplicateNameError",
    "InputError",
    "Outcome",
    "ReplaceRefused",
    "Resource",
    "ResourceError",
    "ResourceSpec",
    "pick_one",
    "prune",
    "values_differ",
)


class DuplicateNameError(ResourceError):
    pass


class ReplaceRefused(ResourceError):
    pass


class ResourceSpec:
    def __init__(self, kind, create_keys=(), update_keys=(), create_only=(), unordered=(), exact=()):
        self.kind = kind
        self.create_keys = tuple(create_keys)
        self.update_keys = tuple(update_keys)
        self.create_only = tuple(create_only)
        self.unordered = frozenset(unordered)
        self.exact = frozenset(exact)

    @property
    def managed_keys(self):
        return tuple(dict.fromkeys(self.create_keys + self.update_keys + self.create_only))

    def desired(self, params):
        """The options the user set (None means 'not managed'), with None pruned from nested values."""
        return {key: prune(params[key]) for key in self.managed_keys if params.get(key) is not None}


def prune(value):
    if isinstance(value, dict):
        return {key: prune(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [prune(item) for item in value]
    return value


def _merged(have, want):
    """want laid over have, dict by dict: what a partial update of a nested option leaves."""
    if not isinstance(have, dict) or not isinstance(want, dict):
        return want
    merged = dict(have)
    for key, value in want.items():
        merged[key] = _merged(have.get(key), value)
    return merged


def _as_set(value):
    return sorted(json.dumps(item, sort_keys=True, default=repr) for item in value or [])


def values_differ(want, have, unordered=False, exact=False):
    if unordered and isinstance(want, (list, tuple)):
        return _as_set(want) != _as_set(have if isinstance(have, (list, tuple)) else [have] if have else [])
    if isinstance(want, dict) and not exact:
        if not isinstance(have, dict):
            return bool(want) or have not in (None, {})
        return any(values_differ(item, have.get(key)) for key, item in want.items())
    return want != have


def pick_one(records, name, kind, describe=lambda record: record.get("id")):
    """The single record named name, None when there is none; several are an error listing their ids."""
    if len(records) > 1:
        ids = ", ".join(sorted(str(describe(record)) for record in records))
        raise DuplicateNameError(
            "%d %ss are named '%s' (%s): give the id of the one to manage" % (len(records), kind, name, ids),
            matches=sorted(str(describe(record)) for record in records),
        )
    return records[0] if records else None


class Adapter:
    """The cloud's side of the engine. Subclasses implement find, state, create, update and delete; the rest are hooks
    whose defaults do nothing.
    """

    def find(self):
        """The record (a dict) looked up by id or unique name (see pick_one), or None."""
        raise NotImplementedError

    def state(self, record):
        """The record in option names, normalised for comparison with ResourceSpec.desired()."""
        raise NotImplementedError

    def create(self, desired):
        raise NotImplementedError

    def update(self, record, changes, desired):
        raise NotImplementedError

    def delete(self, record):
        raise NotImplementedError

    def wait_ready(self, record):
        """Called only when waiting was asked for: the record once it has settled."""
        return record

    def wait_deleted(self, record):
        """Called only when waiting was asked for: returns once the record is gone."""

    def output(self, record):
        """What the module returns of the record."""
        return self.state(record)

    def review(self, record, current, changes):
        """Called before any update (check mode too): raise a ResourceError to refuse a change the API cannot make,
        or return the changes completed (e.g. tags merged with the current ones) for the diff."""
        return changes

    def review_delete(self, record, current):
        """Called before any delete (check mode too): raise a ResourceError to refuse it."""

    def review_create(self, desired):
        """Called before any create (check mode too): raise an InputError for what only a creation needs and lacks,
        so that options required to create are asked for only when the resource does not exist."""


class Outcome:
    def __init__(self, changed, before, after, record=None, changes=None):
        self.changed = changed
        self.before = before
        self.after = after
        self.record = record
        self.changes = changes or {}


class Resource:
    def __init__(self, spec, api, check_mode=False, wait=True):
        self.spec = spec
        self.api = api
        self.check_mode = check_mode
        self.wait = wait

    def changes(self, desired, current):
        return {
            key: want
            for key, want in desired.items()
            if values_differ(want, current.get(key), unordered=key in self.spec.unordered, exact=key in self.spec.exact)
        }

    def refuse_create_only(self, changes, current, name):
        refused = {
            key: {"current": current.get(key), "desired": value}
            for key, value in changes.items()
            if key in self.spec.create_only
        }
        if refused:
            listing = "; ".join(
                "%s: %r -> %r" % (key, item["current"], item["desired"]) for key, item in sorted(refused.items())
            )
            raise ReplaceRefused(
                "cannot change %s of %s '%s' in place, these options can only be set at creation (%s); "
                "delete and re-create the %s to change them"
                % (", ".join(sorted(refused)), self.spec.kind, name, listing, self.spec.kind),
                refused=refused,
            )

    def planned(self, current, changes):
        """The state a check-mode diff shows: a dict option given in part (not in spec.exact) changes only the keys
        given, as the update will; the others keep their current values."""
        return {
            key: _merged(current.get(key), value) if key in changes and key not in self.spec.exact else value
            for key, value in dict(current, **changes).items()
        }

    def review_changes(self, record, current, changes, name):
        """The changes the API can make, or one ResourceError naming every change it cannot: the create-only options
        and what the adapter's review refuses, together (a user fixing one should not meet the next on the rerun)."""
        refusals = []
        try:
            self.refuse_create_only(changes, current, name)
        except ReplaceRefused as error:
            refusals.append(error)
        in_place = {key: value for key, value in changes.items() if key not in self.spec.create_only}
        if in_place:
            try:
                in_place = self.api.review(record, current, in_place)
            except ResourceError as error:
                refusals.append(error)
        if len(refusals) == 1:
            raise refusals[0]
        if refusals:
            refused = {}
            for error in refusals:
                refused.update(error.details.get("refused") or {})
            raise ResourceError("; and ".join(str(error) for error in refusals), refused=refused)
        return in_place

    def ensure_present(self, desired, name=None):
        record = self.api.find()
        if record is None:
            self.api.review_create(desired)
            if self.check_mode:
                return Outcome(True, {}, dict(desired), changes=dict(desired))
            record = self.api.create(desired)
            if self.wait:
                record = self.api.wait_ready(record)
            return Outcome(True, {}, self.api.state(record), record, changes=dict(desired))

        current = self.api.state(record)
        changes = self.changes(desired, current)
        if changes:
            changes = self.review_changes(record, current, changes, name or desired.get("name") or current.get("name"))
        if not changes:
            if self.wait:
                record = self.api.wait_ready(record)
            return Outcome(False, current, current, record)
        if self.check_mode:
            return Outcome(True, current, self.planned(current, changes), record, changes)
        record = self.api.update(record, changes, desired)
        if self.wait:
            record = self.api.wait_ready(record)
        return Outcome(True, current, self.api.state(record), record, changes)

    def ensure_absent(self):
        record = self.api.find()
        if record is None:
            return Outcome(False, {}, {})
        before = self.api.state(record)
        self.api.review_delete(record, before)
        if not self.check_mode:
            self.api.delete(record)
            if self.wait:
                self.api.wait_deleted(record)
        return Outcome(True, before, {}, record)

    def run(self, state, params, name=None):
        if state == "absent":
            outcome = self.ensure_absent()
        else:
            outcome = self.ensure_present(self.spec.desired(params), name=name)
        return self.result(outcome)

    def result(self, outcome):
        if outcome.record is not None:
            returned = self.api.output(outcome.record) if outcome.after else {}
        else:
            returned = outcome.after
        return {
            "changed": outcome.changed,
            "diff": {"before": redact(outcome.before), "after": redact(outcome.after)},
            self.spec.kind: redact(returned),
        }
