# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""python -m mockcloud [--host H] [--port P] [--speed S]: serve the emulator on loopback until stopped."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys

from .app import create_app
from .context import state
from .server import make_mock_server


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="mockcloud", description="The embedded emulator of the five cloud APIs.")
    parser.add_argument("--host", default=os.environ.get("MOCKCLOUD_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("MOCKCLOUD_PORT", "8765")))
    parser.add_argument("--speed", type=float, default=float(os.environ.get("MOCKCLOUD_SPEED", "1.0")),
                        help="emulated time runs this many times faster than real time")
    parser.add_argument("--clouds", default=os.environ.get("MOCKCLOUD_CLOUDS", "all"),
                        help="comma-separated cloud modules to serve (default all; 'none' serves only the admin API)")
    return parser.parse_args(argv)


def clouds_to_discover(value):
    value = value.strip()
    if value in ("", "all"):
        return True
    if value == "none":
        return False
    return [name.strip() for name in value.split(",") if name.strip()]


def _stop(signum, frame):
    raise KeyboardInterrupt


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    app = create_app({"speed": args.speed}, discover=clouds_to_discover(args.clouds))
    server = make_mock_server(app, args.host, args.port)
    clouds = ", ".join("%s=%s" % (name, spec.prefix) for name, spec in state(app).clouds.items()) or "none"
    print("mockcloud listening on http://%s:%d (speed %g; clouds: %s)" % (args.host, server.port, args.speed, clouds), flush=True)
    signal.signal(signal.SIGTERM, _stop)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
