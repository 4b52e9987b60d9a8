"""A small round-robin TCP balancer: `python -m loadtest.balancer PORT BACKEND_PORT...`.

Each new client connection goes to the next backend in turn (gunicorn's sync workers close the
connection after every answer, so this spreads requests, not only connections). A backend that
refuses the connection is skipped for that connection. On SIGTERM it prints how many
connections each backend took, so the runner can check that both servers worked. Loopback only;
it stands in for the nginx or haproxy of a real deployment (docs/deployment.md).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import signal
import sys

HOST = "127.0.0.1"


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, OSError):
        pass
    finally:
        with contextlib.suppress(ConnectionError, OSError):
            if writer.can_write_eof():
                writer.write_eof()


async def serve(port: int, backends: list[int]) -> dict[int, int]:
    counts = dict.fromkeys(backends, 0)
    turn = itertools.cycle(backends)

    async def handle(client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        upstream = None
        for _ in backends:
            backend = next(turn)
            with contextlib.suppress(OSError):
                upstream = await asyncio.open_connection(HOST, backend)
                counts[backend] += 1
                break
        if upstream is None:
            client_w.close()
            return
        up_r, up_w = upstream
        await asyncio.gather(_pipe(client_r, up_w), _pipe(up_r, client_w))
        for w in (up_w, client_w):
            w.close()

    server = await asyncio.start_server(handle, HOST, port, backlog=1024)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    async with server:
        await stop.wait()
    return counts


def main() -> None:
    port, *backends = (int(a) for a in sys.argv[1:])
    counts = asyncio.run(serve(port, backends))
    print(json.dumps({str(k): v for k, v in counts.items()}), flush=True)


if __name__ == "__main__":
    main()
