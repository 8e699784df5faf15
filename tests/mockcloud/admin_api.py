# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The admin API under /_admin/: health, reset, faults, request log, counters, seeding, the clock, the store."""

from __future__ import annotations

import re

from flask import Blueprint, jsonify, request

from .context import state

admin_blueprint = Blueprint("mockcloud_admin", __name__)


def _body():
    return request.get_json(silent=True) or {}


def _fail(status, message):
    response = jsonify({"error": message})
    response.status_code = status
    return response


@admin_blueprint.route("/health", methods=["GET"])
def health():
    current = state()
    return jsonify(
        {
            "status": "ok",
            "service": "mockcloud",
            "speed": current.store.clock.speed,
            "now": current.store.clock.now(),
            "clouds": {name: spec.prefix for name, spec in current.clouds.items()},
        }
    )


@admin_blueprint.route("/reset", methods=["POST"])
def reset():
    current = state()
    current.store.reset()
    current.faults.clear()
    current.log.clear()
    for spec in current.clouds.values():
        if spec.reset is not None:
            spec.reset(current.store)
    return jsonify({"reset": sorted(current.clouds)})


@admin_blueprint.route("/faults", methods=["GET", "POST", "DELETE"])
def faults():
    injector = state().faults
    if request.method == "DELETE":
        injector.clear()
    elif request.method == "POST":
        try:
            injector.configure(_body())
        except (TypeError, ValueError) as error:
            return _fail(400, "invalid fault configuration: %s" % error)
    return jsonify(injector.describe())


@admin_blueprint.route("/log", methods=["GET", "DELETE"])
def log():
    request_log = state().log
    if request.method == "DELETE":
        request_log.clear()
        return jsonify({"cleared": True})
    args = request.args
    try:
        since = int(args["since"]) if args.get("since") else None
        entries = request_log.entries(
            args.get("cloud") or None, args.get("method") or None, args.get("path_regex") or None, since
        )
    except (ValueError, re.error) as error:
        return _fail(400, "invalid filter: %s" % error)
    return jsonify(entries)


@admin_blueprint.route("/counters", methods=["GET"])
def counters():
    return jsonify(state().log.counters())


@admin_blueprint.route("/seed", methods=["POST"])
def seed():
    current = state()
    params = _body()
    spec = current.clouds.get(params.get("cloud"))
    if spec is None:
        return _fail(404, "unknown cloud %r (known: %s)" % (params.get("cloud"), ", ".join(sorted(current.clouds))))
    if spec.seed is None:
        return _fail(400, "cloud %r has no seeder" % spec.name)
    params.setdefault("count", 1)
    return jsonify({"cloud": spec.name, "seeded": spec.seed(current.store, params)})


@admin_blueprint.route("/clock", methods=["GET", "POST"])
def clock():
    store = state().store
    applied = 0
    if request.method == "POST":
        params = _body()
        try:
            if "speed" in params:
                store.clock.speed = float(params["speed"])
            if "advance" in params:
                store.clock.advance(float(params["advance"]))
        except (TypeError, ValueError) as error:
            return _fail(400, "invalid clock change: %s" % error)
        applied = store.tick()
    return jsonify(
        {"now": store.clock.now(), "wall": store.clock.iso(), "speed": store.clock.speed, "applied": applied}
    )


@admin_blueprint.route("/tick", methods=["POST"])
def tick():
    return jsonify({"applied": state().store.tick()})


@admin_blueprint.route("/store", methods=["GET"])
def dump_store():
    return jsonify(state().store.dump(request.args.get("cloud") or None, request.args.get("kind") or None))
