"""Private services for the worker tests: a redis-server of their own, an SMTP sink that records
what it accepts, a TCP proxy in front of PostgreSQL that a test can cut, and Celery worker and
beat subprocesses. Each is started and stopped by the test that uses it, never the machine's.
"""

import asyncio
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from contextlib import contextmanager, suppress
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(predicate, *, deadline: float, what: str, explain=lambda: "") -> None:
    """Poll until `predicate()` is true, failing with `what` (and `explain()`) at the deadline."""
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}\n{explain()}")
        time.sleep(0.2)


def _port_open(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


# Redis ---------------------------------------------------------------------------------------


class PrivateRedis:
    """A redis-server on a port of its own, with nothing saved: killing it loses everything."""

    def __init__(self, folder: Path, port: int | None = None):
        if shutil.which("redis-server") is None:
            raise RuntimeError("redis-server is not installed")
        self.folder = folder
        self.port = port or free_port()
        self.process: subprocess.Popen | None = None
        self.starts = 0

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.starts += 1
        with open(self.folder / f"redis-{self.port}-{self.starts}.log", "w") as log:
            self.process = subprocess.Popen(
                ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                 "--dir", str(self.folder)],
                stdout=log, stderr=subprocess.STDOUT,
            )
        wait_for(lambda: _port_open(self.port) or self.process.poll() is not None,
                 deadline=time.monotonic() + 15, what=f"redis-server on port {self.port}")
        if self.process.poll() is not None:
            raise RuntimeError(f"redis-server on port {self.port} exited with {self.process.returncode}")

    def kill(self) -> None:
        """SIGKILL: whatever it held is gone."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self.process = None


@contextmanager
def private_redis(folder: Path):
    redis = PrivateRedis(folder)
    redis.start()
    try:
        yield redis
    finally:
        redis.stop()


# SMTP ----------------------------------------------------------------------------------------


class Sink:
    """An aiosmtpd handler that records every accepted message with its recipients.

    A test can hold the sink: once `after` messages have been accepted, each session reaching
    RCPT waits there until released, so a worker killed meanwhile dies before its message is
    accepted (never between acceptance and its row being marked sent). Released with
    `refuse=True`, the held sessions are answered "451 try again later".
    """

    def __init__(self, delay: float = 0.0):
        self.delay = delay  # seconds each RCPT takes: a slow mail server
        self.accepted: list[tuple[str, ...]] = []
        self._lock = threading.Lock()
        self._hold_after: int | None = None
        self._refuse_held = False
        self.held = threading.Event()
        self.held_addresses: list[str] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.delay:
            await asyncio.sleep(self.delay)
        if self._hold_after is not None and len(self.accepted) >= self._hold_after:
            self.held_addresses.append(address)
            self.held.set()
            while self._hold_after is not None:
                await asyncio.sleep(0.02)
            if self._refuse_held:
                return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self._lock:
            self.accepted.append(tuple(envelope.rcpt_tos))
        return "250 Message accepted for delivery"

    def hold_after(self, count: int) -> None:
        self.held.clear()
        self.held_addresses = []
        self._refuse_held = False
        self._hold_after = count

    def release(self, *, refuse: bool = False) -> None:
        self._refuse_held = refuse
        self._hold_after = None

    def count(self) -> int:
        return len(self.accepted)

    def per_recipient(self) -> Counter:
        with self._lock:
            return Counter(address for recipients in self.accepted for address in recipients)


@contextmanager
def smtp_sink(delay: float = 0.0):
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every command at INFO
    sink = Sink(delay)
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield sink, controller.port
    finally:
        sink.release()
        controller.stop()


# PostgreSQL proxy ----------------------------------------------------------------------------


class CuttableProxy:
    """A TCP proxy in a thread. `cut()` closes every connection through it and closes at once
    any new one (the client sees the server hang up); `restore()` lets connections through."""

    def __init__(self, upstream_host: str, upstream_port: int):
        self.upstream = (upstream_host, upstream_port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.2)
        self.port = self.listener.getsockname()[1]
        self.is_cut = False
        self.refused = 0  # connections closed at once while cut
        self._sockets: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._accept, name="pg-proxy", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def cut(self) -> None:
        self.is_cut = True
        self._close_all()

    def restore(self) -> None:
        self.is_cut = False

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join(timeout=5)
        self.listener.close()
        self._close_all()

    def _close_all(self) -> None:
        with self._lock:
            sockets, self._sockets = self._sockets, set()
        for sock in sockets:
            with suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def _accept(self) -> None:
        while not self._stopping.is_set():
            try:
                client, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            if self.is_cut:
                self.refused += 1
                client.close()
                continue
            try:
                server = socket.create_connection(self.upstream, timeout=5)
            except OSError:
                client.close()
                continue
            server.settimeout(None)
            client.settimeout(None)
            with self._lock:
                self._sockets |= {client, server}
            for source, target in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, target):
                with suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


@contextmanager
def postgres_proxy(host: str, port: int):
    proxy = CuttableProxy(host, port)
    proxy.start()
    try:
        yield proxy
    finally:
        proxy.stop()


def database_url_via(database_url: str, port: int) -> str:
    """The same database, reached through 127.0.0.1:port."""
    parts = urlsplit(database_url)
    credentials = parts.netloc.rpartition("@")[0]
    netloc = f"{credentials}@127.0.0.1:{port}" if credentials else f"127.0.0.1:{port}"
    return urlunsplit(parts._replace(netloc=netloc))


# Celery processes ----------------------------------------------------------------------------


class Celery:
    """Worker and beat subprocesses sharing one environment; every one of them is stopped on exit,
    with SIGTERM and then SIGKILL. Output goes to a file each (a pipe nobody reads would fill)."""

    def __init__(self, folder: Path, **env: str):
        self.folder = folder
        self.env = {**os.environ, **{name: str(value) for name, value in env.items()}}
        self.processes: dict[str, subprocess.Popen] = {}
        self.logs: dict[str, Path] = {}

    def _start(self, name: str, args: list[str], **env: str) -> subprocess.Popen:
        path = self.folder / f"{name}.log"
        self.logs[name] = path
        with open(path, "a") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "qaportal", *args],
                cwd=ROOT, env={**self.env, **env}, stdout=log, stderr=subprocess.STDOUT,
            )
        self.processes[name] = process
        return process

    def worker(self, name: str, **env: str) -> subprocess.Popen:
        return self._start(name, [
            "worker", "--pool", "solo", "--loglevel", "INFO", "--hostname", f"{name}@%h",
            "--without-heartbeat", "--without-gossip", "--without-mingle",
        ], **env)

    def beat(self, name: str, **env: str) -> subprocess.Popen:
        return self._start(name, [
            "beat", "--loglevel", "INFO", "--schedule", str(self.folder / f"{name}-schedule"),
        ], **env)

    def kill(self, name: str) -> None:
        process = self.processes[name]
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)

    def alive(self, name: str) -> bool:
        return self.processes[name].poll() is None

    def log(self, name: str) -> str:
        return self.logs[name].read_text(errors="replace")

    def tails(self, lines: int = 30) -> str:
        return "\n".join(
            f"--- {name} ---\n" + "\n".join(self.log(name).splitlines()[-lines:]) for name in self.logs
        )

    def stop(self) -> None:
        running = [process for process in self.processes.values() if process.poll() is None]
        for process in running:
            process.terminate()
        deadline = time.monotonic() + 10
        for process in running:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


@contextmanager
def celery(folder: Path, **env: str):
    processes = Celery(folder, **env)
    try:
        yield processes
    finally:
        processes.stop()
