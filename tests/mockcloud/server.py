# Copyright: managedk8s.clusters contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The loopback server: werkzeug's threaded server with a handler that can drop connections for real.

A view (or the fault injector) asks for a drop by setting ``environ[DROP_KEY]``. ``DropMiddleware`` buffers the
application's answer, and when the key is set raises ``DropConnection`` instead of starting the response.
werkzeug hands that error to ``connection_dropped``, where the handler closes the socket with SO_LINGER 0: the
kernel sends a TCP RST and the client sees a reset connection (requests raises ConnectionError), never an
HTTP answer. Effects of the view (``reset_after``) stay in the store.
"""

from __future__ import annotations

import socket
import struct
import threading

from werkzeug.serving import WSGIRequestHandler, make_server

DROP_KEY = "mockcloud.drop"


class DropConnection(ConnectionResetError):
    """Raised inside the WSGI stack to make the server drop the connection without answering."""


class DropMiddleware:
    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        started = []
        written = []

        def capture(status, headers, exc_info=None):
            started[:] = [status, headers, exc_info]
            return written.append

        result = self.wsgi_app(environ, capture)
        try:
            body = b"".join(written) + b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
        if environ.get(DROP_KEY):
            raise DropConnection(environ[DROP_KEY])
        start_response(*started)
        return [body]


def reset_connection(sock):
    """Close a socket so that the peer gets an RST instead of an orderly FIN."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    except OSError:
        pass
    sock.close()


class MockcloudRequestHandler(WSGIRequestHandler):
    def connection_dropped(self, error, environ=None):
        if isinstance(error, DropConnection):
            self.close_connection = True
            reset_connection(self.connection)


def make_mock_server(app, host="127.0.0.1", port=0, ssl_context=None):
    """A threaded werkzeug server for app; port 0 picks a free port (read it from server.port).

    ssl_context is passed to werkzeug as is (kept for the future --tls option).
    """
    return make_server(host, port, app, threaded=True, request_handler=MockcloudRequestHandler, ssl_context=ssl_context)


class ServerThread:
    """Serve an app from a daemon thread; for tests and in-process tools."""

    def __init__(self, app, host="127.0.0.1", port=0, ssl_context=None):
        self.app = app
        self.host = host
        self.port = port
        self.ssl_context = ssl_context
        self.server = None
        self._thread = None

    @property
    def url(self):
        scheme = "https" if self.ssl_context else "http"
        return "%s://%s:%d" % (scheme, self.host, self.server.port)

    def start(self):
        self.server = make_mock_server(self.app, self.host, self.port, self.ssl_context)
        self._thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, name="mockcloud", daemon=True
        )
        self._thread.start()
        return self

    def stop(self):
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
            self._thread.join(timeout=10)
            self.server = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()
