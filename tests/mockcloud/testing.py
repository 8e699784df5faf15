# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Helpers for tests: run the emulator in-process, and a tiny example cloud that exercises the frame.

The example cloud is never discovered (it does not live in mockcloud/clouds/): tests pass it with
``create_app(extra_clouds=[example_cloud()])`` or ``start_mockcloud(extra_clouds=[...])``.
"""

from __future__ import annotations

import time

from flask import Blueprint, jsonify, request

from .admin import Admin
from .app import create_app
from .context import state, store
from .server import ServerThread
from .spec import CloudSpec

ERROR_SHAPES = {
    "oks_detail": (
        422,
        {},
        {"detail": [{"loc": ["body", "name"], "msg": "field required", "type": "value_error.missing"}]},
    ),
    "oks_errors": (
        409,
        {},
        {
            "Errors": [{"Type": "ResourceConflict", "Details": "the project is already deleted", "Code": "409"}],
            "ResponseContext": {"RequestId": "req-oks-1"},
        },
    ),
    "exoscale": (404, {"X-Exoscale-Request-Id": "req-sks-1"}, {"message": "SKS cluster not found"}),
    "eks": (
        404,
        {
            "X-Amzn-ErrorType": "ResourceNotFoundException:http://internal.amazon.com/coral/com.amazonaws.eks/",
            "X-Amzn-RequestId": "req-eks-1",
        },
        {"message": "No cluster found for name: c1."},
    ),
    "ske": (400, {}, {"errors": [{"code": "InvalidParameter", "detail": "name is invalid"}]}),
    "huawei": (400, {"X-Request-Id": "req-hw-1"}, {"error_code": "HSS.1001", "error_msg": "invalid parameter"}),
    "huawei_camel": (403, {}, {"errorCode": "APIGW.0301", "errorMsg": "Incorrect IAM authentication information"}),
}


class RunningEmulator(ServerThread):
    @property
    def state(self):
        return state(self.app)

    @property
    def admin(self):
        return Admin(self.url)

    def cloud_url(self, name):
        return self.url + self.state.clouds[name].prefix


class ServerPool:
    """Starts emulators on free loopback ports and stops them all at the end (see the start_mockcloud fixture)."""

    def __init__(self):
        self.servers = []

    def start(self, extra_clouds=None, config=None, port=0, discover=True):
        server = RunningEmulator(create_app(config, extra_clouds, discover=discover), port=port).start()
        self.servers.append(server)
        return server

    def stop_all(self):
        while self.servers:
            self.servers.pop().stop()


def example_cloud(name="example", prefix="/example/api/v1"):
    """A made-up API: items created asynchronously (creating -> ready after 10 s), vendor error shapes, a slow path.

    verify refuses requests whose X-Example-Key header is "wrong"; seed(count) creates ready items;
    spec.resets counts calls to reset.
    """
    blueprint = Blueprint("mockcloud_" + name, __name__)
    resets = []

    def items():
        return store().collection(name, "items")

    def error(status, code, message):
        response = jsonify({"code": code, "message": message})
        response.status_code = status
        return response

    @blueprint.route("/items", methods=["GET"])
    def list_items():
        return jsonify({"items": items().values()})

    @blueprint.route("/items", methods=["POST"])
    def create_item():
        store().collection(name, "bodies").add({"id": store().new_id(), "body": request.get_data(as_text=True)})
        payload = request.get_json(silent=True) or {}
        item = items().add({"id": store().new_id("item-"), "name": payload.get("name"), "state": "creating"})
        store().schedule(item, 10, {"state": "ready"})
        return jsonify(item), 201

    @blueprint.route("/items/<item_id>", methods=["GET", "DELETE"])
    def one_item(item_id):
        item = items().pop(item_id) if request.method == "DELETE" else items().get(item_id)
        if item is None:
            return error(404, "NotFound", "no item %s" % item_id)
        return jsonify(item), (202 if request.method == "DELETE" else 200)

    @blueprint.route("/slow", methods=["GET", "POST"])
    def slow():
        time.sleep(float(request.args.get("seconds", "1")))
        return jsonify({"slept": True})

    @blueprint.route("/echo", methods=["GET", "POST", "PUT", "PATCH", "DELETE"])
    def echo():
        answer = {"method": request.method, "headers": dict(request.headers), "body": request.get_data(as_text=True)}
        return jsonify(answer), 200, {"X-Request-Id": "req-echo-1"}

    @blueprint.route("/errors/<shape>", methods=["GET", "POST"])
    def vendor_error(shape):
        status, headers, body = ERROR_SHAPES[shape]
        return jsonify(body), status, headers

    def verify(incoming):
        if incoming.headers.get("X-Example-Key") == "wrong":
            return error(403, "Forbidden", "bad signature")
        return None

    def seed(seeded_store, params):
        collection = seeded_store.collection(name, "items")
        return [
            collection.add({"id": seeded_store.new_id("item-"), "name": "seed-%d" % index, "state": "ready"})["id"]
            for index in range(int(params.get("count", 1)))
        ]

    spec = CloudSpec(
        name=name,
        blueprint=blueprint,
        prefix=prefix,
        verify=verify,
        seed=seed,
        reset=lambda _store: resets.append(True),
        error=error,
    )
    spec.resets = resets
    return spec
