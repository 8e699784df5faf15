# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The contract between the frame and one emulated cloud."""

from __future__ import annotations

import dataclasses
import typing as t

from flask import Blueprint, Response, jsonify


def default_error(status, code, message):
    """The error body used when a cloud does not say how its errors look."""
    response = jsonify({"code": code, "message": message})
    response.status_code = status
    return response


@dataclasses.dataclass
class CloudSpec:
    """One emulated cloud.

    name: short name used by the admin API and the request log (``oks``, ``sks``, ``eks``, ``ske``, ``huawei``).
    blueprint: the Flask blueprint serving the vendor's paths; it is mounted under ``prefix``.
    verify(request) -> None | Response: runs before every view of this cloud; a response (the cloud's own
        401/403 shape) stops the request.
    seed(store, params) -> JSON-able: fills the store for ``POST /_admin/seed {"cloud": name, ...}``.
    reset(store) -> None: clears the cloud's own module-level state (the frame already clears the store).
    error(status, code, message) -> Response: the cloud's error shape, used for injected faults and unknown paths.
    contract: the vendor's machine-readable contract, or None. Any object with
        ``check_request(method, path, query, body_text) -> None | message`` and
        ``check_response(method, path, status, body) -> [problem, ...]``, where path is relative to ``prefix``
        (openapi.OpenApiSpec is one). The frame answers ``bad_request(message)`` to a request the contract rejects,
        before the view runs, and turns a 2xx JSON answer that breaks it into a 500 naming the problem (see app.py).
    bad_request(message) -> Response: the cloud's answer to a request its contract rejects (default: a 400 in
        ``error``'s shape, code ``BadRequest``).
    """

    name: str
    blueprint: Blueprint
    prefix: str
    verify: t.Optional[t.Callable[..., t.Optional[Response]]] = None
    seed: t.Optional[t.Callable[..., t.Any]] = None
    reset: t.Optional[t.Callable[..., None]] = None
    error: t.Callable[[int, str, str], Response] = default_error
    contract: t.Any = None
    bad_request: t.Optional[t.Callable[[str], Response]] = None

    def __post_init__(self):
        self.prefix = "/" + self.prefix.strip("/")
        if self.bad_request is None:
            self.bad_request = lambda message: self.error(400, "BadRequest", message)

    def relative(self, path):
        """path with the cloud's prefix taken off, as the vendor's contract names it."""
        return path[len(self.prefix) :] or "/"

    def owns(self, path):
        return path == self.prefix or path.startswith(self.prefix + "/")
