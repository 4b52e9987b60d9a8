"""A minimal SMTP server on loopback that records what it accepts (smtpd left Python 3.12)."""

from __future__ import annotations

import email
import socketserver
import threading
import time
from collections import Counter
from email.message import Message

from faults.env import HOST


class FakeSmtp:
    """Accept every message; optionally wait `delay` seconds before answering each DATA."""

    def __init__(self, port: int, *, delay: float = 0.0) -> None:
        self.port = port
        self.delay = delay
        self.messages: list[Message] = []
        self.lock = threading.Lock()
        outer = self

        class Handler(socketserver.StreamRequestHandler):
            def reply(self, line: str) -> None:
                self.wfile.write(line.encode() + b"\r\n")
                self.wfile.flush()

            def handle(self) -> None:
                self.reply("220 faults ESMTP")
                while line := self.rfile.readline():
                    verb = line[:4].upper()
                    if verb in (b"EHLO", b"HELO"):
                        self.reply("250 faults")
                    elif verb == b"DATA":
                        self.reply("354 end with .")
                        data = []
                        while (chunk := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
                            data.append(chunk[1:] if chunk.startswith(b"..") else chunk)
                        time.sleep(outer.delay)
                        with outer.lock:
                            outer.messages.append(email.message_from_bytes(b"".join(data)))
                        self.reply("250 queued")
                    elif verb == b"QUIT":
                        self.reply("221 bye")
                        return
                    else:  # MAIL, RCPT, RSET, NOOP
                        self.reply("250 ok")

        class Server(socketserver.ThreadingTCPServer):
            allow_reuse_address = True
            daemon_threads = True

        self.server = Server((HOST, port), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeSmtp:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def recipients(self) -> Counter[str]:
        with self.lock:
            return Counter(str(m["To"]).lower() for m in self.messages)
