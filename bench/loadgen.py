"""A small HTTP/1.1 load generator on asyncio (standard library only), for what wrk cannot do here: a fixed
number of attempts (the stampede, the chaos rounds). The constant-rate latency phase uses bench/vertx/OpenLoop.java."""
import asyncio
import math
import time


class Connection:
    def __init__(self, reader, writer):
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, host, port):
        reader, writer = await asyncio.open_connection(host, port)
        return cls(reader, writer)

    async def request(self, raw):
        """Sends one request (bytes, keep-alive) and answers (status, body)."""
        self.writer.write(raw)
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ")[1])
        length = 0
        for line in lines[1:]:
            if line.lower().startswith("content-length:"):
                length = int(line.split(":", 1)[1])
        body = await self.reader.readexactly(length) if length else b""
        return status, body

    def close(self):
        self.writer.close()


def http_request(method, path, headers, body=b""):
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1"] + [f"{k}: {v}" for k, v in headers.items()]
    if body:
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


async def _closed_loop(host, port, requests, concurrency):
    queue = asyncio.Queue()
    for item in requests:
        queue.put_nowait(item)
    results = []

    async def worker():
        conn = await Connection.open(host, port)
        try:
            while not queue.empty():
                raw = queue.get_nowait()
                start = time.perf_counter()
                status, _ = await conn.request(raw)
                results.append((status, time.perf_counter() - start))
        finally:
            conn.close()

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return results, time.perf_counter() - start


def closed_loop(host, port, requests, concurrency):
    """Sends every request, `concurrency` at a time on keep-alive connections: [(status, seconds)], elapsed."""
    return asyncio.run(_closed_loop(host, port, requests, concurrency))


def percentile(sorted_values, p):
    if not sorted_values:
        return float("nan")
    k = max(0, min(len(sorted_values) - 1, math.ceil(p / 100 * len(sorted_values)) - 1))
    return sorted_values[k]
