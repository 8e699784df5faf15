# -*- coding: utf-8 -*-
# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A small Kubernetes REST client: one object at a time (get, create, merge-patch, delete) and lists.

It talks to the API server of a kubeconfig (a dict, as core/kubeconfig.py parses it): the server of the current
context's cluster, TLS verified with the cluster's certificate authority, and the user's client certificate or
bearer token. Inline data (``certificate-authority-data``, ``client-certificate-data``, ``client-key-data``) goes
to temporary files of mode 0600, removed by ``close()`` (the client is a context manager); the key and the token are
registered as secrets so that no message shows them. Errors are ApiError with the message of the Kubernetes
``Status`` answer (``reason`` as the code: NotFound, AlreadyExists, Invalid, Unauthorized, ...).

The HTTP side is core/http.py's HttpClient: the same timeouts and retry policy as every other call of the
collection (a create, a POST, is retried only when the server certainly did not act).
"""

from __future__ import annotations

import base64
import binascii
import os
import tempfile

from ansible_collections.managedk8s.clusters.plugins.module_utils.core.errors import ErrorParser, KubeconfigError
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.http import HttpClient
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.kubeconfig import current_context
from ansible_collections.managedk8s.clusters.plugins.module_utils.core.redact import register_secret

MERGE_PATCH = "application/merge-patch+json"
MAX_PAGES = 1000


def _read_status(body):
    """(reason, message, details) of a Kubernetes Status answer."""
    if body.get("kind") != "Status" and "reason" not in body:
        return None
    causes = (body.get("details") or {}).get("causes")
    return body.get("reason") or body.get("status"), body.get("message"), causes or None


# The API server answers every error with a Status object: {"kind": "Status", "status": "Failure", "message",
# "reason", "details", "code"}.
parse_status = ErrorParser(read_body=_read_status)


def object_path(api_version, plural, name=None, namespace=None):
    """The REST path of a kind: /api/v1/... for the core group, /apis/<group>/<version>/... for the others."""
    base = "/api/%s" % api_version if "/" not in api_version else "/apis/%s" % api_version
    if namespace:
        base += "/namespaces/%s" % namespace
    path = "%s/%s" % (base, plural)
    return "%s/%s" % (path, name) if name else path


def _entry(config, section, name):
    for item in config.get(section) or []:
        if item.get("name") == name:
            return item.get(section[:-1]) or {}
    raise KubeconfigError(
        "the kubeconfig's current context names %s '%s', which it does not hold" % (section[:-1], name)
    )


def _decoded(value, field):
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError, TypeError):
        raise KubeconfigError("the kubeconfig's %s is not base64" % field) from None


class KubeClient:
    """The API server of one kubeconfig (a dict). Use it as a context manager, or call close()."""

    def __init__(self, config, timeout=30, retries=5, sleep=None, validate_certs=True):
        self._files = []
        self.http = None
        try:
            self._connect(config, timeout, retries, sleep, validate_certs)
        except Exception:
            self.close()
            raise

    def _connect(self, config, timeout, retries, sleep, validate_certs):
        context = current_context(config or {})
        if context is None:
            raise KubeconfigError("the kubeconfig has no context")
        names = context.get("context") or {}
        cluster = _entry(config, "clusters", names.get("cluster"))
        user = _entry(config, "users", names.get("user"))
        server = cluster.get("server")
        if not server or not str(server).startswith(("https://", "http://")):
            raise KubeconfigError("the kubeconfig's cluster has no https:// server")
        ca_path = self._file(cluster, "certificate-authority-data", "certificate-authority")
        verify = validate_certs and not cluster.get("insecure-skip-tls-verify")
        extra = {"sleep": sleep} if sleep is not None else {}
        self.http = HttpClient(
            server,
            auth=self._bearer(user),
            validate_certs=verify,
            ca_path=ca_path if verify else None,
            timeout=timeout,
            retries=retries,
            error_parser=parse_status,
            **extra,
        )
        certificate = self._file(user, "client-certificate-data", "client-certificate")
        key = self._file(user, "client-key-data", "client-key", secret=True)
        if certificate and key:
            self.http.session.cert = (certificate, key)
        elif certificate or key:
            raise KubeconfigError("the kubeconfig's user has a client certificate without its key, or the reverse")
        self.http.session.headers["Accept"] = "application/json"

    @property
    def server(self):
        return self.http.base_url

    def _file(self, section, data_key, path_key, secret=False):
        """The path of a file holding section[data_key] (decoded, mode 0600), or section[path_key], or None."""
        if section.get(data_key):
            data = _decoded(section[data_key], data_key)
            if secret:
                register_secret(section[data_key])
                register_secret(data.decode("utf-8", "replace"))
            handle, path = tempfile.mkstemp(prefix="k8s-", suffix=".pem")
            self._files.append(path)
            os.chmod(path, 0o600)
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            return path
        return os.path.expanduser(section[path_key]) if section.get(path_key) else None

    @staticmethod
    def _bearer(user):
        token = user.get("token")
        if not token and user.get("tokenFile"):
            with open(os.path.expanduser(user["tokenFile"]), encoding="utf-8") as stream:
                token = stream.read().strip()
        if not token:
            return None
        register_secret(token)

        def auth(request):
            request.headers["Authorization"] = "Bearer %s" % token
            return request

        return auth

    def close(self):
        if self.http is not None:
            self.http.close()
        while self._files:
            path = self._files.pop()
            try:
                os.remove(path)
            except OSError:
                pass

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    # --- one object
    def get(self, path):
        """The object, or None when the API server answers 404."""
        response = self.http.get(path, allow_404=True)
        return None if response.status == 404 else response.json

    def create(self, path, body):
        """POST the object to its collection path; the object the server stored."""
        return self.http.post(path, json=body).json

    def merge_patch(self, path, changes):
        """PATCH the object with a JSON merge patch (RFC 7386): what changes, null removes a key."""
        return self.http.patch(path, json=changes, headers={"Content-Type": MERGE_PATCH}).json

    def delete(self, path):
        """DELETE the object; True when the server accepted it, False when it was already gone (404)."""
        return self.http.delete(path, allow_404=True).status != 404

    # --- lists
    def list(self, path, params=None):
        """Every item of a collection, following the server's continue tokens."""
        params = dict(params or {})
        items = []
        for _page in range(MAX_PAGES):
            body = self.http.get(path, params=params).json or {}
            items.extend(body.get("items") or [])
            following = (body.get("metadata") or {}).get("continue")
            if not following:
                break
            params["continue"] = following
        return items
