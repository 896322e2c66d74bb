"""A small client for the `scheduler serve` protocol, version 1 (docs/PROTOCOL.md).

Frames are a 4-byte big-endian length and one MessagePack map. The client is synchronous and single-threaded:
each call sends one request and reads frames until its response arrives. Responses to other requests that arrive
meanwhile are kept for them, so requests can be pipelined with `send` and `wait`, and a progress callback may call
`cancel` on the solve it is watching.

    with SchedulerClient.spawn(["scheduler", "serve"]) as client:
        problem = client.load_problem(open("problems/tiny.msgpack", "rb").read())
        result = client.solve(problem["hash"], progress_callback=print, workers=1, deterministicTime=5)

Needs Python 3.8+ and the `msgpack` module (Debian: python3-msgpack; pip: msgpack).
"""

import socket
import struct
import subprocess

import msgpack

PROTOCOL_VERSION = 1

_LENGTH = struct.Struct(">I")


class SchedulerError(Exception):
    """An error response: `code` (e.g. "bad-params"), `message`, `field` (or None) and the request's `id`."""

    def __init__(self, code, message, field=None, request_id=None):
        super().__init__(f"{code}: {message}" + (f" (field {field})" if field else ""))
        self.code = code
        self.message = message
        self.field = field
        self.id = request_id


class ConnectionClosed(Exception):
    """The server closed the stream (or sent a frame that breaks the protocol) before answering."""


def encode_frame(body):
    """The bytes of one frame carrying `body` (a dict)."""
    data = msgpack.packb(body, use_bin_type=True)
    return _LENGTH.pack(len(data)) + data


def decode_body(data):
    """The map a frame body holds (bin values become bytes, str values str)."""
    body = msgpack.unpackb(data, raw=False)
    if not isinstance(body, dict):
        raise ConnectionClosed(f"the server sent a frame that is not a map: {body!r:.80}")
    return body


def _camel(name):
    """`deterministic_time` -> `deterministicTime`; names already in camelCase pass through."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


class SchedulerClient:
    """One connection to a server. Use `spawn`, `connect_unix` or `connect_tcp` to make one; close it when done."""

    def __init__(self, reader, writer, close=None):
        """`reader` and `writer` are binary file objects (read(n), write(b), flush()); `close` ends the connection."""
        self._reader = reader
        self._writer = writer
        self._close = close
        self._next_id = 1
        self._responses = {}  # id -> response body that arrived while waiting for another
        self._progress = {}  # id -> callback for its progress frames
        self.process = None  # the server, when `spawn` started it

    # Connecting -----------------------------------------------------------------------------------------------

    @classmethod
    def spawn(cls, command):
        """Starts `command` (a list, e.g. ["scheduler", "serve"]) and speaks to it over its stdin and stdout.

        The server's log (stderr) goes to this process's stderr. Closing the client closes the server's stdin,
        which makes it finish its responses and exit; close waits for that.
        """
        process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)

        def close():
            try:
                process.stdin.close()
            except BrokenPipeError:
                pass  # the server is already gone
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            process.stdout.close()

        client = cls(process.stdout, process.stdin, close)
        client.process = process
        return client

    @classmethod
    def connect_unix(cls, path, timeout=None):
        """Connects to `scheduler serve --socket PATH`."""
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(timeout)
        sock.connect(path)
        return cls._over_socket(sock)

    @classmethod
    def connect_tcp(cls, host, port, timeout=None):
        """Connects to `scheduler serve --tcp PORT`."""
        sock = socket.create_connection((host, port), timeout=timeout)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return cls._over_socket(sock)

    @classmethod
    def _over_socket(cls, sock):
        stream = sock.makefile("rwb")

        def close():
            stream.close()
            sock.close()

        return cls(stream, stream, close)

    def close(self):
        """Ends the connection (and a spawned server)."""
        if self._close is not None:
            close, self._close = self._close, None
            close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # Requests -------------------------------------------------------------------------------------------------

    def send(self, method, params=None, deadline=None, progress_callback=None):
        """Sends a request without waiting; returns its id for `wait`."""
        request_id = self._next_id
        self._next_id = self._next_id % 0xFFFFFFFF + 1
        body = {"id": request_id, "method": method}
        if params is not None:
            body["params"] = params
        if deadline is not None:
            body["deadline"] = deadline
        if progress_callback is not None:
            self._progress[request_id] = progress_callback
        self._writer.write(encode_frame(body))
        self._writer.flush()
        return request_id

    def wait(self, request_id):
        """Reads frames until the response to `request_id`; returns its result or raises SchedulerError."""
        while request_id not in self._responses:
            self._dispatch(self._read_frame())
        response = self._responses.pop(request_id)
        self._progress.pop(request_id, None)
        error = response.get("error")
        if error is not None:
            raise SchedulerError(error.get("code"), error.get("message"), error.get("field"), request_id)
        return response["result"]

    def request(self, method, params=None, deadline=None, progress_callback=None):
        """Sends a request and waits for its result."""
        return self.wait(self.send(method, params, deadline, progress_callback))

    def _dispatch(self, body):
        request_id = body.get("id")
        if "progress" in body:
            callback = self._progress.get(request_id)
            if callback is not None:
                callback(body["progress"])
        elif request_id is None:
            # An error the server could not tie to a request (bad-frame, frame-too-large): nothing to wait for.
            error = body.get("error") or {}
            raise SchedulerError(error.get("code"), error.get("message"), error.get("field"))
        else:
            self._responses[request_id] = body

    def _read_frame(self):
        (length,) = _LENGTH.unpack(self._read_exactly(4))
        if length == 0:
            raise ConnectionClosed("the server sent an empty frame")
        return decode_body(self._read_exactly(length))

    def _read_exactly(self, n):
        data = self._reader.read(n)
        if data is None or len(data) < n:
            raise ConnectionClosed("the server closed the connection")
        return data

    # Methods --------------------------------------------------------------------------------------------------

    def hello(self, version=PROTOCOL_VERSION):
        """protocol, server, tzdb, maxFrame, methods."""
        return self.request("hello", {"version": version})

    def load_problem(self, problem):
        """Loads a problem file's bytes (MessagePack or JSON): hash, name, people, shifts, days."""
        return self.request("load-problem", {"problem": bytes(problem)})

    def load_schedule(self, problem, schedule):
        """Loads a schedule file's bytes for a loaded problem's hash: hash, assignments."""
        return self.request("load-schedule", {"problem": problem, "schedule": bytes(schedule)})

    def unload(self, hash_):
        """Forgets a problem (with its schedules) or a schedule: unloaded."""
        return self.request("unload", {"hash": hash_})

    def validate(self, problem, schedule, max=None):  # noqa: A002 - the protocol's name
        """Checks every rule. `schedule` is a loaded schedule's hash (str) or a schedule file (bytes).

        Returns compliant, hard, soft, byRule and violations (the first `max`, 100 by default)."""
        params = {"problem": problem, "schedule": schedule if isinstance(schedule, str) else bytes(schedule)}
        if max is not None:
            params["max"] = max
        return self.request("validate", params)

    def check_swap(self, problem, schedule, kind, person, shift, other_person=None, other_shift=None, text=None):
        """Judges one change (`kind` swap, give, add or remove) without making it: legal, added, removed."""
        params = {"problem": problem, "schedule": schedule, "kind": kind, "person": person, "shift": shift}
        if other_person is not None:
            params["otherPerson"] = other_person
        if other_shift is not None:
            params["otherShift"] = other_shift
        if text is not None:
            params["text"] = text
        return self.request("check-swap", params)

    def start_solve(self, problem, progress_callback=None, deadline=None, **options):
        """Sends a solve without waiting and returns its id (for `wait` and `cancel`).

        Options are the protocol's (timeLimit, deterministicTime, workers, seed, strategy, cpSat), in camelCase or
        snake_case. With a `progress_callback`, it is called with each progress map while waiting."""
        params = {"problem": problem}
        params.update((_camel(name), value) for name, value in options.items())
        if progress_callback is not None:
            params["progress"] = True
        return self.send("solve", params, deadline, progress_callback)

    def solve(self, problem, progress_callback=None, deadline=None, **options):
        """Solves a loaded problem and waits: status, cancelled, objective, bound, gap, terms, schedule, scheduleHash,
        hard, wallMs, explanation."""
        return self.wait(self.start_solve(problem, progress_callback, deadline, **options))

    def evaluate(self, problem, schedule):
        """The objective of a schedule that breaks no hard rule: objective, terms."""
        return self.request("evaluate", {"problem": problem, "schedule": schedule})

    def export(self, problem, schedule, format, person=None):  # noqa: A002 - the protocol's name
        """A schedule as `html`, `csv` or `ics` text: text, assignments."""
        params = {"problem": problem, "schedule": schedule, "format": format}
        if person is not None:
            params["person"] = person
        return self.request("export", params)

    def cancel(self, target):
        """Cancels request `target` of this connection: cancelled (true when it was in flight)."""
        return self.request("cancel", {"target": target})
