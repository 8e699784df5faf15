# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""python -m mockcloud [--host H] [--port P] [--speed S] [--tls-port P [--ca-file F]]: serve the emulator until stopped.

With --tls-port (or MOCKCLOUD_TLS_PORT), the same emulator (one state) also answers HTTPS on that port, with a
certificate from a new test CA whose PEM is written to --ca-file (default build/mockcloud/ca.pem of the checkout).
"""

from __future__ import annotations

import argparse
import logging
import os
import pathlib
import signal
import sys
import threading

CHECKOUT = pathlib.Path(__file__).resolve().parents[2]
DEFAULT_CA_FILE = CHECKOUT / "build" / "mockcloud" / "ca.pem"
MISSING_REQUIREMENTS = (
    "mockcloud: cannot start, %s. The emulator needs the test requirements (Flask, jsonschema, the vendors' SDKs "
    "it checks signatures and contracts with) and the collection importable as ansible_collections.managedk8s."
    "clusters: run 'make setup' once in %s, then 'scripts/mockcloud start' (or '.venv/bin/python -m mockcloud' "
    "from tests/ with PYTHONPATH=build)."
)


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="mockcloud", description="The embedded emulator of the five cloud APIs.")
    parser.add_argument("--host", default=os.environ.get("MOCKCLOUD_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("MOCKCLOUD_PORT", "8765")))
    parser.add_argument(
        "--speed",
        type=float,
        default=float(os.environ.get("MOCKCLOUD_SPEED", "1.0")),
        help="emulated time runs this many times faster than real time",
    )
    parser.add_argument(
        "--clouds",
        default=os.environ.get("MOCKCLOUD_CLOUDS", "all"),
        help="comma-separated cloud modules to serve (default all; 'none' serves only the admin API)",
    )
    parser.add_argument(
        "--tls-port",
        type=int,
        default=int(os.environ.get("MOCKCLOUD_TLS_PORT") or 0),
        help="also serve HTTPS on this port (0: no HTTPS), with a certificate of a new test CA",
    )
    parser.add_argument(
        "--ca-file",
        default=os.environ.get("MOCKCLOUD_CA_FILE") or str(DEFAULT_CA_FILE),
        help="where to write the test CA's PEM (the ca_path clients trust)",
    )
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
    try:
        from .app import create_app  # pylint: disable=import-outside-toplevel
        from .context import state  # pylint: disable=import-outside-toplevel
        from .server import make_mock_server  # pylint: disable=import-outside-toplevel

        app = create_app({"speed": args.speed}, discover=clouds_to_discover(args.clouds))
    except ImportError as error:
        print(MISSING_REQUIREMENTS % (error, CHECKOUT), file=sys.stderr, flush=True)
        return 2
    server = make_mock_server(app, args.host, args.port)
    clouds = ", ".join("%s=%s" % (name, spec.prefix) for name, spec in state(app).clouds.items()) or "none"
    print(
        "mockcloud listening on http://%s:%d (speed %g; clouds: %s)" % (args.host, server.port, args.speed, clouds),
        flush=True,
    )
    tls_server = start_tls_server(app, args) if args.tls_port else None
    signal.signal(signal.SIGTERM, _stop)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        if tls_server is not None:
            tls_server.shutdown()
            tls_server.server_close()
    return 0


def start_tls_server(app, args):
    """Serve app over HTTPS on args.tls_port from a daemon thread; the test CA goes to args.ca_file."""
    from .server import make_mock_server  # pylint: disable=import-outside-toplevel
    from .tls import make_tls_context  # pylint: disable=import-outside-toplevel

    tls_server = make_mock_server(app, args.host, args.tls_port, ssl_context=make_tls_context(args.ca_file))
    threading.Thread(target=tls_server.serve_forever, name="mockcloud-tls", daemon=True).start()
    print("mockcloud listening on https://%s:%d (test CA: %s)" % (args.host, tls_server.port, args.ca_file), flush=True)
    return tls_server


if __name__ == "__main__":
    sys.exit(main())
