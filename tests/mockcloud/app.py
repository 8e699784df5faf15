# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The emulator's Flask app: the admin API plus every cloud found in ``mockcloud/clouds/``.

Every cloud request goes through the same steps, in this order:
1. due scheduled changes are applied (``store.tick()``);
2. the fault injector decides (latency, an error answer, or a connection drop before or after the view);
3. the cloud's ``verify(request)`` checks the signature;
4. the request is checked against the cloud's ``contract`` (the vendor's machine-readable API description);
5. the view runs;
6. a 2xx JSON answer is checked against the contract: one that breaks it becomes a 500 naming the problem, so no
   test can pass on an answer the real cloud would not give (``check_answers``, on unless MOCKCLOUD_CHECK_ANSWERS=0);
7. the request is logged (cloud, method, path, route, status, fault).
"""

from __future__ import annotations

import logging
import os
import time

from flask import Flask, current_app, g, request
from werkzeug.exceptions import HTTPException

from . import clouds as clouds_package
from .admin_api import admin_blueprint
from .context import EXTENSION, MockState, state
from .faults import STATUS_FAULTS, FaultInjector
from .reqlog import RequestLog
from .server import DROP_KEY, DropMiddleware
from .store import Clock, Store

LOGGER = logging.getLogger("mockcloud")
ADMIN_PREFIX = "/_admin"


def create_app(config=None, extra_clouds=None, discover=True):
    """The emulator app. config: {"speed": float, "check_answers": bool}.

    speed defaults to env MOCKCLOUD_SPEED or 1.0; check_answers to env MOCKCLOUD_CHECK_ANSWERS (on unless "0").

    discover: True serves every cloud module in mockcloud/clouds/, a list of module names only those, False none.
    extra_clouds: CloudSpecs to serve besides the discovered ones (tests use this).
    """
    config = dict(config or {})
    speed = float(config.get("speed") or os.environ.get("MOCKCLOUD_SPEED") or 1.0)
    specs = {}
    discovered = clouds_package.discover(None if discover is True else discover) if discover else []
    for spec in discovered + list(extra_clouds or []):
        if spec.name in specs:
            raise ValueError("two clouds are named %r" % spec.name)
        specs[spec.name] = spec
    app = Flask("mockcloud")
    app.json.sort_keys = False
    check_answers = config.get("check_answers")
    if check_answers is None:
        check_answers = os.environ.get("MOCKCLOUD_CHECK_ANSWERS", "1") != "0"
    app.config["MOCKCLOUD_CHECK_ANSWERS"] = bool(check_answers)
    app.extensions[EXTENSION] = MockState(Store(Clock(speed)), FaultInjector(), RequestLog(), specs)
    app.register_blueprint(admin_blueprint, url_prefix=ADMIN_PREFIX)
    for spec in specs.values():
        app.register_blueprint(spec.blueprint, url_prefix=spec.prefix)
    app.before_request(_before_request)
    app.after_request(_after_request)
    app.register_error_handler(HTTPException, _http_error)
    app.wsgi_app = DropMiddleware(app.wsgi_app)
    return app


def _is_admin(path):
    return path == ADMIN_PREFIX or path.startswith(ADMIN_PREFIX + "/")


def _before_request():
    current = state()
    current.store.tick()
    g.mockcloud_fault = None
    g.mockcloud_cloud = None if _is_admin(request.path) else current.cloud_for(request.path)
    spec = g.mockcloud_cloud
    if spec is None:
        return None
    fault = current.faults.decide(spec.name, request.method, request.path)
    if fault is not None:
        g.mockcloud_fault = fault
        LOGGER.warning("fault %s (%s) on %s %s", fault.kind, fault.source, request.method, request.path)
        answer = _apply_fault(fault, spec)
        if answer is not None:
            return answer
    if spec.verify is not None:
        refused = spec.verify(request)
        if refused is not None:
            return refused
    if spec.contract is not None:
        message = spec.contract.check_request(
            request.method,
            spec.relative(request.path),
            request.args.to_dict(),
            request.get_data(cache=True, as_text=True),
        )
        if message:
            return spec.bad_request(message)
    return None


def _broken_contract(spec, response):
    """The 500 that replaces a 2xx JSON answer breaking the cloud's contract, or None when it keeps it."""
    if spec is None or spec.contract is None or not current_app.config.get("MOCKCLOUD_CHECK_ANSWERS"):
        return None
    if not 200 <= response.status_code < 300 or not response.is_json:
        return None
    problems = spec.contract.check_response(
        request.method, spec.relative(request.path), response.status_code, response.get_json(silent=True)
    )
    if not problems:
        return None
    message = "emulator answer to %s %s breaks the vendor contract: %s" % (
        request.method,
        request.path,
        "; ".join(problems[:3]),
    )
    LOGGER.error("%s", message)
    return spec.error(500, "EmulatorContractViolation", message)


def _apply_fault(fault, spec):
    """Carry out a fault; returns the answer that replaces the view's, or None to let the view run."""
    if fault.kind == "latency":
        time.sleep(fault.latency)
        return None
    if fault.kind == "reset_after":
        request.environ[DROP_KEY] = fault.kind
        return None
    if fault.kind == "reset_before":
        request.environ[DROP_KEY] = fault.kind
        return "", 204
    status, code, message = STATUS_FAULTS[fault.kind]
    answer = spec.error(status, code, message)
    if status in (429, 503):
        answer.headers["Retry-After"] = "%g" % fault.retry_after
    return answer


def _route_template(spec):
    rule = request.url_rule.rule if request.url_rule is not None else None
    if rule is None:
        return "(no route)"
    if spec is not None and rule.startswith(spec.prefix):
        return rule[len(spec.prefix) :] or "/"
    return rule


def _after_request(response):
    if _is_admin(request.path):
        return response
    spec = g.get("mockcloud_cloud")
    fault = g.get("mockcloud_fault")
    if fault is None:
        response = _broken_contract(spec, response) or response
    status = None if fault is not None and fault.kind == "reset_before" else response.status_code
    state().log.record(
        state().store.clock.iso(),
        spec.name if spec else None,
        request.method,
        request.path,
        _route_template(spec),
        request.query_string.decode("latin-1"),
        status,
        fault.kind if fault else None,
    )
    return response


def _http_error(error):
    """Unknown paths and methods under a cloud's prefix answer in that cloud's error shape."""
    spec = None if _is_admin(request.path) else state().cloud_for(request.path)
    if spec is None:
        return error
    return spec.error(error.code, error.name.replace(" ", ""), error.description)
