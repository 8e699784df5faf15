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


def check_destination(dest, option="dest"):
    directory = os.path.dirname(os.path.abspath(dest)) or "."
    if not os.path.isdir(directory):
        raise KubeconfigError("%s: the directory %s does not exist" % (option, directory))
    if os.path.isdir(dest):
        raise KubeconfigError("%s: %s is a directory, give a file path" % (option, dest))


def write_atomic(dest, text, mode=0o600):
    """Write text to dest through a temporary file in the same directory, then rename: never a partial file."""
    check_destination(dest)
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
    if expires - now <= datetime.timedelta(seconds=renew_before):
        return "the kubeconfig in %s expires at %s, within renew_before" % (dest, expires.isoformat())
    return None


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
    now = now or datetime.datetime.now(datetime.timezone.utc)
    reason = (
        "force is set" if params.get("force") else refresh_reason(dest, identity, params.get("renew_before") or 0, now)
    )
    existing = read_file(dest)
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
    if params.get("merge") and existing:
        try:
            config = merge(parse(existing, source=dest), config)
        except KubeconfigError:
            raise KubeconfigError("merge: %s exists but is not a kubeconfig, refusing to overwrite it" % dest) from None
    text = dump(config)
    write_atomic(dest, text, mode)
    after = _file_facts(text)
    result = {
        "changed": True,
        "dest": dest,
        "reason": reason,
        "kubeconfig": after,
        "diff": {"before": before, "after": after},
    }
    if params.get("return_content"):
        result["content"] = text
    return result
