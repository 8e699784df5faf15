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
    """

    name: str
    blueprint: Blueprint
    prefix: str
    verify: t.Optional[t.Callable[..., t.Optional[Response]]] = None
    seed: t.Optional[t.Callable[..., t.Any]] = None
    reset: t.Optional[t.Callable[..., None]] = None
    error: t.Callable[[int, str, str], Response] = default_error

    def __post_init__(self):
        self.prefix = "/" + self.prefix.strip("/")

    def owns(self, path):
        return path == self.prefix or path.startswith(self.prefix + "/")
