# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Kubeconfig files: validate, describe, write atomically with mode 0600, merge, decide when to refetch.

Each kubeconfig the collection writes carries a context extension named EXTENSION_NAME that records where it
came from (provider, cluster id, user, groups, type) and when it expires, so a later run can tell whether the
file on disk is still the one asked for without calling the cloud.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import hashlib
import os
import shutil
import tempfile

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.errors import KubeconfigError

EXTENSION_NAME = "managedk8s.clusters"


def _yaml():
    try:
        import yaml
    except ImportError as error:
        raise KubeconfigError("PyYAML is required to read and write kubeconfig files") from error
    return yaml


def parse(text, source="the kubeconfig"):
    """The kubeconfig as a dict; KubeconfigError when text is not YAML or not a kubeconfig."""
    yaml = _yaml()
    if isinstance(text, bytes):
        text = text.decode("utf-8")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = " at line %d" % (mark.line + 1) if mark is not None else ""
        raise KubeconfigError("%s is not valid YAML%s" % (source, where)) from None
    if (
        not isinstance(data, dict)
        or data.get("kind", "Config") != "Config"
        or not isinstance(data.get("clusters"), list)
    ):
        raise KubeconfigError("%s is not a kubeconfig (expected kind: Config with a clusters list)" % source)
    for section in ("clusters", "users", "contexts"):
        entries = data.get(section) or []
        if not isinstance(entries, list) or not all(isinstance(item, dict) and item.get("name") for item in entries):
            raise KubeconfigError("%s is not a kubeconfig: every entry of %s needs a name" % (source, section))
    return data


def dump(config):
    return _yaml().safe_dump(config, default_flow_style=False, sort_keys=False)


def fingerprint(text):
    """A short stable fingerprint of kubeconfig content, safe to show in diffs."""
    if isinstance(text, str):
        text = text.encode("utf-8")
    return "sha256:" + hashlib.sha256(text or b"").hexdigest()[:16]


def _named(config, section, name):
    for entry in config.get(section) or []:
        if entry.get("name") == name:
            return entry
    return None


def current_context(config):
    name = config.get("current-context")
    context = _named(config, "contexts", name) if name else None
    if context is None and config.get("contexts"):
        context = config["contexts"][0]
    return context


def context_metadata(context):
    for extension in (context or {}).get("context", {}).get("extensions") or []:
        if extension.get("name") == EXTENSION_NAME:
            return extension.get("extension") or {}
    return {}


def describe(config):
    """Non-secret facts about a kubeconfig: its context, server, user and the client certificate's expiry."""
    context = current_context(config) or {}
    body = context.get("context") or {}
    cluster = (_named(config, "clusters", body.get("cluster")) or {}).get("cluster") or {}
    user = (_named(config, "users", body.get("user")) or {}).get("user") or {}
    expires = certificate_not_after(user.get("client-certificate-data"))
    return {
        "context": context.get("name"),
        "cluster": body.get("cluster"),
        "server": cluster.get("server"),
        "user": body.get("user"),
        "expires": expires.isoformat() if expires else context_metadata(context).get("expires"),
    }


# --- x509 notAfter, read with a minimal DER walk (no crypto library needed) ---------------------------------


def _der_item(data, offset):
    tag = data[offset]
    length = data[offset + 1]
    offset += 2
    if length & 0x80:
        count = length & 0x7F
        length = int.from_bytes(data[offset : offset + count], "big")
        offset += count
    return tag, offset, offset + length


def _der_children(data, start, end):
    while start < end:
        tag, body, stop = _der_item(data, start)
        yield tag, body, stop
        start = stop


def _der_time(tag, raw):
    text = raw.decode("ascii")
    pattern = "%y%m%d%H%M%SZ" if tag == 0x17 else "%Y%m%d%H%M%SZ"
    return datetime.datetime.strptime(text, pattern).replace(tzinfo=datetime.timezone.utc)


def certificate_not_after(certificate_data):
    """The notAfter of a base64 PEM certificate (kubeconfig client-certificate-data), or None."""
    if not certificate_data:
        return None
    try:
        pem = base64.b64decode(certificate_data).decode("ascii")
        body = "".join(line for line in pem.splitlines() if line and not line.startswith("-----"))
        der = base64.b64decode(body)
        _tag, cert_body, cert_end = _der_item(der, 0)
        _tag, tbs_body, tbs_end = next(_der_children(der, cert_body, cert_end))
        fields = list(_der_children(der, tbs_body, tbs_end))
        index = 1 if fields[0][0] == 0xA0 else 0
        _tag, validity_body, validity_end = fields[index + 3]
        times = list(_der_children(der, validity_body, validity_end))
        tag, start, stop = times[1]
        return _der_time(tag, der[start:stop])
    except (ValueError, IndexError, StopIteration, UnicodeDecodeError, binascii.Error):
        return None


# --- files ---------------------------------------------------------------------------------------------------


def _nearest_existing(directory):
    while not os.path.exists(directory):
        parent = os.path.dirname(directory)
        if parent == directory:
            break
        directory = parent
    return directory


def _why_not_writable(path):
    try:
        if os.statvfs(path).f_flag & os.ST_RDONLY:
            return "it is on a read-only file system"
    except (OSError, AttributeError):
        pass
    return "this user may not write there"


def check_destination(dest, option="dest"):
    """Fail before any API call when dest cannot be written: a directory, or a place this user cannot write.

    A missing parent directory is fine when it can be created (write_atomic creates it, mode 0700).
    """
    if os.path.isdir(dest):
        raise KubeconfigError("%s: %s is a directory, give a file path" % (option, dest))
    directory = os.path.dirname(os.path.abspath(dest)) or "."
    existing = _nearest_existing(directory)
    if not os.path.isdir(existing):
        raise KubeconfigError(
            "%s: cannot create the directory %s: %s is not a directory" % (option, directory, existing)
        )
    if not os.access(existing, os.W_OK | os.X_OK):
        action = "write %s" % dest if existing == directory else "create the directory %s" % directory
        raise KubeconfigError(
            "%s: cannot %s: %s is not writable (%s); choose a %s in a writable directory"
            % (option, action, existing, _why_not_writable(existing), option)
        )


def make_parent_directory(dest):
    """Create dest's missing parent directories, readable by their owner only (as ~/.kube is)."""
    missing = []
    directory = os.path.dirname(os.path.abspath(dest))
    while not os.path.isdir(directory):
        missing.append(directory)
        directory = os.path.dirname(directory)
    for path in reversed(missing):
        os.mkdir(path, 0o700)
        os.chmod(path, 0o700)


def backup_file(dest):
    """Copy dest next to itself as dest.<pid>.<date>@<time>~ (Ansible's backup naming); the copy's path."""
    stamp_text = datetime.datetime.now().strftime("%Y-%m-%d@%H:%M:%S")
    copy = "%s.%d.%s~" % (dest, os.getpid(), stamp_text)
    shutil.copy2(dest, copy)
    return copy


def write_atomic(dest, text, mode=0o600):
    """Write text to dest through a temporary file in the same directory, then rename: never a partial file."""
    check_destination(dest)
    try:
        _write_atomic(dest, text, mode)
    except OSError as error:
        raise KubeconfigError("dest: cannot write %s: %s" % (dest, error.strerror or error)) from None


def _write_atomic(dest, text, mode):
    make_parent_directory(dest)
    directory = os.path.dirname(os.path.abspath(dest))
    handle, temporary = tempfile.mkstemp(prefix=".%s." % os.path.basename(dest), dir=directory)
    try:
        os.fchmod(handle, mode)
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, dest)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
    os.chmod(dest, mode)


def read_file(dest):
    try:
        with open(dest, encoding="utf-8") as stream:
            return stream.read()
    except FileNotFoundError:
        return None


# --- merge and metadata --------------------------------------------------------------------------------------


def stamp(config, metadata):
    """Record metadata (where the kubeconfig came from, when it expires) on every context of config."""
    for context in config.get("contexts") or []:
        body = context.setdefault("context", {})
        extensions = [item for item in body.get("extensions") or [] if item.get("name") != EXTENSION_NAME]
        extensions.append({"name": EXTENSION_NAME, "extension": dict(metadata)})
        body["extensions"] = extensions
    return config


def rename(config, context_name):
    """Give config's single cluster, user and context one name, so merged files never collide."""
    context = current_context(config)
    if context is None:
        return config
    body = context.setdefault("context", {})
    for section, key in (("clusters", "cluster"), ("users", "user")):
        entry = _named(config, section, body.get(key))
        if entry is not None:
            entry["name"] = context_name
        body[key] = context_name
    context["name"] = context_name
    config["current-context"] = context_name
    return config


def merge(existing, incoming, set_current=True):
    """existing with every named entry of incoming added or replaced; nothing else of existing is lost."""
    merged = dict(existing or {"apiVersion": "v1", "kind": "Config", "preferences": {}})
    for section in ("clusters", "users", "contexts"):
        entries = list(merged.get(section) or [])
        for entry in incoming.get(section) or []:
            entries = [item for item in entries if item.get("name") != entry.get("name")]
            entries.append(entry)
        merged[section] = entries
    if set_current and incoming.get("current-context"):
        merged["current-context"] = incoming["current-context"]
    merged.setdefault("apiVersion", "v1")
    merged.setdefault("kind", "Config")
    return merged


def find_context(config, identity):
    """The context of config whose metadata matches every item of identity, or None."""
    for context in config.get("contexts") or []:
        metadata = context_metadata(context)
        if metadata and all(metadata.get(key) == value for key, value in identity.items()):
            return context
    return None


def expiry_of(config, context):
    """When the credentials of context expire: the client certificate's notAfter, else the recorded expiry."""
    body = context.get("context") or {}
    user = (_named(config, "users", body.get("user")) or {}).get("user") or {}
    not_after = certificate_not_after(user.get("client-certificate-data"))
    if not_after is not None:
        return not_after
    recorded = context_metadata(context).get("expires")
    if recorded:
        try:
            return datetime.datetime.fromisoformat(recorded)
        except ValueError:
            return None
    return None


def refresh_reason(dest, identity, renew_before, now=None):
    """Why dest must be (re)written for identity, or None when the file on disk is still good."""
    text = read_file(dest)
    if text is None:
        return "%s does not exist" % dest
    try:
        config = parse(text, source=dest)
    except KubeconfigError:
        return "%s is not a valid kubeconfig" % dest
    context = find_context(config, identity)
    if context is None:
        return "%s holds no kubeconfig for this cluster, user and groups" % dest
    expires = expiry_of(config, context)
    if expires is None:
        return None
    now = now or datetime.datetime.now(datetime.timezone.utc)
    window = renew_window(context, expires, renew_before)
    if expires - now <= window:
        return "the kubeconfig in %s expires at %s, within %s" % (
            dest,
            expires.isoformat(),
            "renew_before" if window.total_seconds() >= renew_before else "half of its lifetime",
        )
    return None


def renew_window(context, expires, renew_before):
    """How long before expires to renew: renew_before, but never more than half the credential's own lifetime.

    A 15-minute token with the default renew_before of an hour would otherwise be renewed on every run.
    """
    window = datetime.timedelta(seconds=renew_before)
    fetched = context_metadata(context).get("fetched")
    try:
        lifetime = expires - datetime.datetime.fromisoformat(fetched) if fetched else None
    except (TypeError, ValueError):
        lifetime = None
    if lifetime is not None and lifetime.total_seconds() > 0:
        window = min(window, lifetime / 2)
    return window


# Identity keys that tell credentials of one cluster apart; the other keys of an identity name the cluster.
CREDENTIAL_KEYS = frozenset(("user", "group", "groups", "kubeconfig_type", "auth", "profile"))


def other_contexts(config, identity):
    """The names of config's contexts that belong to another cluster, or that this collection did not write."""
    cluster = {key: value for key, value in identity.items() if key not in CREDENTIAL_KEYS}
    return [
        entry.get("name")
        for entry in config.get("contexts") or []
        if not all(context_metadata(entry).get(key) == value for key, value in cluster.items())
    ]


def check_replacement(dest, existing, identity, merge_wanted):
    """Refuse, before any API call, a write that would lose what dest holds besides this identity's kubeconfig."""
    if not existing or not existing.strip():
        return
    try:
        config = parse(existing, source=dest)
    except KubeconfigError:
        raise KubeconfigError(
            "dest: %s exists and is not a kubeconfig; refusing to replace it: remove it or choose another dest" % dest
        ) from None
    if merge_wanted:
        return
    others = other_contexts(config, identity)
    if others:
        raise KubeconfigError(
            "dest: %s holds other contexts (%s); set merge: true to add this cluster's context beside them, "
            "or choose another dest" % (dest, ", ".join(str(name) for name in others))
        )


# --- the delivery flow shared by every cloud's kubeconfig module ---------------------------------------------


def _file_mode(value):
    if value in (None, ""):
        return 0o600
    if isinstance(value, int):
        return value
    try:
        return int(str(value), 8)
    except ValueError:
        raise KubeconfigError("mode: %r is not an octal file mode such as '0600'" % value) from None


def _register_credentials(config, register):
    for user in config.get("users") or []:
        for key in ("client-key-data", "token", "password"):
            value = (user.get("user") or {}).get(key)
            if value:
                register(value)


def _file_facts(text):
    if text is None:
        return {}
    facts = {"fingerprint": fingerprint(text)}
    try:
        facts.update(describe(parse(text)))
    except KubeconfigError:
        pass
    return facts


def deliver(params, identity, fetch, check_mode=False, context_name=None, ttl=None, register=None, now=None):
    """Make params['dest'] hold a fresh kubeconfig for identity, fetching it with fetch() only when needed.

    identity: the metadata that tells kubeconfigs apart (provider, cluster id, user, groups, type...).
    fetch(): returns the kubeconfig text from the cloud. Returns the module result.
    """
    dest = params["dest"]
    mode = _file_mode(params.get("mode"))
    check_destination(dest)
    existing = read_file(dest)
    check_replacement(dest, existing, identity, params.get("merge"))
    now = now or datetime.datetime.now(datetime.timezone.utc)
    reason = (
        "force is set" if params.get("force") else refresh_reason(dest, identity, params.get("renew_before") or 0, now)
    )
    before = _file_facts(existing)
    if reason is None:
        result = {"changed": False, "dest": dest, "kubeconfig": before, "diff": {"before": before, "after": before}}
        if params.get("return_content"):
            result["content"] = existing
        return result
    if check_mode:
        after = dict(before, fingerprint="(refetched)")
        return {
            "changed": True,
            "dest": dest,
            "reason": reason,
            "kubeconfig": before,
            "diff": {"before": before, "after": after},
        }

    config = parse(fetch(), source="the kubeconfig the API returned")
    if register:
        _register_credentials(config, register)
    if context_name:
        rename(config, context_name)
    context = current_context(config)
    expires = certificate_not_after(
        ((_named(config, "users", (context or {}).get("context", {}).get("user")) or {}).get("user") or {}).get(
            "client-certificate-data"
        )
    )
    if expires is None and ttl:
        expires = now + datetime.timedelta(seconds=ttl)
    metadata = dict(identity, fetched=now.isoformat())
    if expires is not None:
        metadata["expires"] = expires.isoformat()
    stamp(config, metadata)
    if params.get("merge") and existing and existing.strip():
        config = merge(parse(existing, source=dest), config)
    text = dump(config)
    saved = backup_file(dest) if params.get("backup") and existing is not None and existing != text else None
    write_atomic(dest, text, mode)
    after = _file_facts(text)
    result = {
        "changed": True,
        "dest": dest,
        "reason": reason,
        "kubeconfig": after,
        "diff": {"before": before, "after": after},
    }
    if saved:
        result["backup_file"] = saved
    if params.get("return_content"):
        result["content"] = text
    return result
