"""Checks scheduler_client.py's framing without a server: the example bytes of docs/PROTOCOL.md, and a scripted
peer on a socket pair (pipelined responses out of order, progress frames, errors, a stream that ends mid-frame).

    python3 -m unittest test_scheduler_client
"""

import socket
import threading
import unittest

import msgpack

from scheduler_client import ConnectionClosed, SchedulerClient, SchedulerError, encode_frame

# docs/PROTOCOL.md, "Example": a hello request with id 1.
HELLO_FRAME = bytes.fromhex(
    "00000023"
    "83"
    "a2696401"
    "a66d6574686f64a568656c6c6f"
    "a6706172616d7381a776657273696f6e01"
)


def read_frame(sock):
    def exactly(n):
        data = b""
        while len(data) < n:
            chunk = sock.recv(n - len(data))
            if not chunk:
                raise EOFError
            data += chunk
        return data

    length = int.from_bytes(exactly(4), "big")
    return msgpack.unpackb(exactly(length), raw=False)


class FakeServer:
    """A peer on one end of a socket pair that runs `script(sock)` on a thread."""

    def __init__(self, script):
        self.client_sock, self.server_sock = socket.socketpair()
        self.client = SchedulerClient._over_socket(self.client_sock)
        self.error = None

        def run():
            try:
                script(self.server_sock)
            except Exception as e:  # reported by the test through join()
                self.error = e
            finally:
                self.server_sock.close()

        self.thread = threading.Thread(target=run, daemon=True)
        self.thread.start()

    def join(self):
        self.client.close()
        self.thread.join(5)
        if self.error is not None:
            raise self.error


class FramingTests(unittest.TestCase):
    def test_hello_request_is_the_protocol_example_byte_for_byte(self):
        self.assertEqual(encode_frame({"id": 1, "method": "hello", "params": {"version": 1}}), HELLO_FRAME)

    def test_hello_sends_the_example_and_returns_the_result(self):
        def script(sock):
            data = b""
            while len(data) < len(HELLO_FRAME):
                data += sock.recv(len(HELLO_FRAME) - len(data))
            assert data == HELLO_FRAME, data.hex()
            sock.sendall(encode_frame({"id": 1, "result": {"protocol": 1, "maxFrame": 67108864}}))

        server = FakeServer(script)
        self.assertEqual(server.client.hello()["protocol"], 1)
        server.join()

    def test_responses_out_of_order_reach_their_requests_and_progress_reaches_the_callback(self):
        def script(sock):
            solve, hello = read_frame(sock), read_frame(sock)
            assert solve["method"] == "solve" and solve["params"]["progress"] is True, solve
            assert solve["params"]["deterministicTime"] == 5 and solve["params"]["timeLimit"] == 2, solve
            sock.sendall(encode_frame({"id": hello["id"], "result": {"protocol": 1}}))
            sock.sendall(encode_frame({"id": solve["id"], "progress": {"objective": 10}}))
            sock.sendall(encode_frame({"id": solve["id"], "progress": {"objective": 7}}))
            sock.sendall(encode_frame({"id": solve["id"], "result": {"status": "optimal", "schedule": b"\x00\xff"}}))

        server = FakeServer(script)
        seen = []
        solve_id = server.client.start_solve("ab" * 16, progress_callback=seen.append, deterministic_time=5, timeLimit=2)
        self.assertEqual(server.client.hello()["protocol"], 1)
        result = server.client.wait(solve_id)
        self.assertEqual([p["objective"] for p in seen], [10, 7])
        self.assertEqual(result["schedule"], b"\x00\xff")
        server.join()

    def test_error_response_raises_with_code_message_and_field(self):
        def script(sock):
            request = read_frame(sock)
            assert request["params"]["schedule"] == b"{}", request
            sock.sendall(encode_frame({"id": request["id"], "error": {
                "code": "bad-params", "message": "expected an object", "field": "params.schedule"}}))

        server = FakeServer(script)
        with self.assertRaises(SchedulerError) as caught:
            server.client.validate("ab" * 16, b"{}")
        self.assertEqual((caught.exception.code, caught.exception.field), ("bad-params", "params.schedule"))
        server.join()

    def test_a_stream_that_ends_mid_frame_raises_connection_closed(self):
        def script(sock):
            read_frame(sock)
            sock.sendall(encode_frame({"id": 1, "result": {}})[:-2])

        server = FakeServer(script)
        with self.assertRaises(ConnectionClosed):
            server.client.hello()
        server.join()

    def test_ids_are_unsigned_32_bit_and_wrap_past_zero(self):
        server = FakeServer(lambda sock: [read_frame(sock) for _ in range(2)])
        server.client._next_id = 0xFFFFFFFF
        self.assertEqual(server.client.send("hello"), 0xFFFFFFFF)
        self.assertEqual(server.client.send("hello"), 1)
        server.join()


if __name__ == "__main__":
    unittest.main()
