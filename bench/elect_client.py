"""Voters for the election benchmark: a minimal HTTP/1.1 client on asyncio streams.

No Django here: a client process only speaks HTTP. Each voter behaves as a phone
with its own cookies and one kept-alive connection: GET ``/vote/?code=...`` (the
slip's QR link), POST the code with the CSRF token the page gave (what the page's
script does at once), read the ballot, mark it and POST it to ``/vote/ballot/``,
then read the tracker on the receipt. A few voters press "Cast my vote" twice at
once, from two connections; later some voters post their spent code again.

``run_voters`` runs in a client process and returns plain data for the parent.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import random
import re
import time
from dataclasses import dataclass, field
from urllib.parse import quote, urlencode

TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
CHECKBOX = re.compile(rb'<input type="checkbox" name="(contest-\d+)" value="(\d+)"')
TRACKER = re.compile(rb'<td class="code">([0-9A-Z-]{23})</td>')
SPENT = b"already been used"
BLANK_SHARE = 0.05


class HttpError(Exception):
    """A response the voter cannot go on from (status or content)."""

    def __init__(self, step: str, status: int, detail: str = ""):
        self.step = step
        self.status = status
        super().__init__(f"{step}: HTTP {status} {detail}".strip())


@dataclass
class Response:
    status: int
    headers: dict[bytes, list[bytes]]
    body: bytes


class Connection:
    """One kept-alive HTTP/1.1 connection with a cookie jar, like a browser tab."""

    def __init__(self, port: int):
        self.port = port
        self.origin = f"http://127.0.0.1:{port}"
        self.cookies = {"django_language": "en"}
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, path: str, form=None) -> Response:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(
                "127.0.0.1", self.port
            )
        body = urlencode(form, doseq=True).encode() if form is not None else b""
        lines = [
            f"{method} {path} HTTP/1.1",
            f"Host: 127.0.0.1:{self.port}",
            "Accept: text/html",
            "Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        ]
        if form is not None:
            lines += [
                "Content-Type: application/x-www-form-urlencoded",
                f"Content-Length: {len(body)}",
                f"Origin: {self.origin}",
                f"Referer: {self.origin}/vote/",
            ]
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        response = await self._read()
        for cookie in response.headers.get(b"set-cookie", []):
            name, _, rest = cookie.decode().partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        if b"close" in b"".join(response.headers.get(b"connection", [])).lower():
            await self.close()
        return response

    async def _read(self) -> Response:
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionError("the server closed the connection")
        status = int(status_line.split()[1])
        headers: dict[bytes, list[bytes]] = {}
        while (line := await self.reader.readline()) not in (b"\r\n", b"\n", b""):
            name, _, value = line.partition(b":")
            headers.setdefault(name.strip().lower(), []).append(value.strip())
        if b"chunked" in b"".join(headers.get(b"transfer-encoding", [])).lower():
            body = await self._chunks()
        else:
            length = int(headers.get(b"content-length", [b"0"])[0])
            body = await self.reader.readexactly(length)
        return Response(status, headers, body)

    async def _chunks(self) -> bytes:
        parts = []
        while True:
            size = int((await self.reader.readline()).split(b";")[0], 16)
            if size == 0:
                await self.reader.readline()
                return b"".join(parts)
            parts.append(await self.reader.readexactly(size))
            await self.reader.readline()

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError):
                await self.writer.wait_closed()
        self.reader = self.writer = None


@dataclass
class VoterOutcome:
    """What one voter saw: ``cast`` with the trackers, or the step that failed."""

    seconds: float = 0.0
    steps: dict[str, float] = field(default_factory=dict)
    trackers: list[str] = field(default_factory=list)
    marks: list[int] = field(default_factory=list)
    blank: bool = False
    error: str | None = None
    double_refused: bool | None = None


def token_of(response: Response, step: str) -> str:
    found = TOKEN.search(response.body)
    if response.status != 200 or found is None:
        raise HttpError(step, response.status, "(no form)")
    return html.unescape(found.group(1).decode())


def mark_ballot(page: bytes, rng: random.Random, seats: int) -> tuple[dict, list, bool]:
    """Returns the form fields of a marked ballot, the marks and whether blank."""
    boxes = CHECKBOX.findall(page)
    if not boxes:
        raise HttpError("ballot", 200, "(no candidates on the page)")
    field_name = boxes[0][0].decode()
    if rng.random() < BLANK_SHARE:
        return {field_name: ["blank"]}, [], True
    options = [int(value) for _name, value in boxes]
    marks = rng.sample(options, rng.randint(1, min(seats, len(options))))
    return {field_name: [str(m) for m in marks]}, sorted(marks), False


async def vote(
    port: int, code: str, rng: random.Random, seats: int, *, twice: bool
) -> VoterOutcome:
    """One voter from the slip's link to the receipt; ``twice`` posts the ballot
    from two connections at the same moment (a double click on a slow phone)."""
    outcome = VoterOutcome()
    tab = Connection(port)
    start = time.perf_counter()
    try:
        page = await _timed(
            outcome, "get", tab.request("GET", f"/vote/?code={quote(code)}")
        )
        token = token_of(page, "get")
        ballot = await _timed(
            outcome,
            "code",
            tab.request("POST", "/vote/", {"code": code, "csrfmiddlewaretoken": token}),
        )
        token = token_of(ballot, "code")
        fields, outcome.marks, outcome.blank = mark_ballot(ballot.body, rng, seats)
        form = {"code": code, "csrfmiddlewaretoken": token, **fields}
        if twice:
            receipt = await _timed(outcome, "cast", _twice(tab, form, outcome))
        else:
            receipt = await _timed(
                outcome, "cast", tab.request("POST", "/vote/ballot/", form)
            )
        outcome.trackers = [t.decode() for t in TRACKER.findall(receipt.body)]
        if receipt.status != 200 or not outcome.trackers:
            raise HttpError("cast", receipt.status, "(no tracker)")
    except HttpError as error:
        outcome.error = str(error)
    except (OSError, ConnectionError, asyncio.IncompleteReadError, ValueError) as error:
        outcome.error = f"connection: {type(error).__name__} {error}"
    finally:
        await tab.close()
    outcome.seconds = time.perf_counter() - start
    return outcome


async def _timed(outcome: VoterOutcome, step: str, awaitable):
    start = time.perf_counter()
    result = await awaitable
    outcome.steps[step] = time.perf_counter() - start
    return result


async def _twice(tab: Connection, form: dict, outcome: VoterOutcome) -> Response:
    """Posts the same ballot from the tab and a second connection with the same
    cookies; returns the receipt and records whether the other was refused."""
    other = Connection(tab.port)
    other.cookies = dict(tab.cookies)
    try:
        first, second = await asyncio.gather(
            tab.request("POST", "/vote/ballot/", form),
            other.request("POST", "/vote/ballot/", form),
        )
    finally:
        await other.close()
    receipts = [r for r in (first, second) if TRACKER.search(r.body)]
    refused = [r for r in (first, second) if not TRACKER.search(r.body)]
    outcome.double_refused = (
        len(receipts) == 1 and len(refused) == 1 and SPENT in refused[0].body
    )
    return receipts[0] if receipts else first


async def repeat(port: int, code: str) -> tuple[int, bool]:
    """Posts an already spent code again as a fresh browser would; returns the
    status and whether the page refused it as used (and showed no tracker)."""
    tab = Connection(port)
    try:
        page = await tab.request("GET", "/vote/")
        token = token_of(page, "repeat")
        form = {"code": code, "csrfmiddlewaretoken": token, "contest-0": "blank"}
        response = await tab.request("POST", "/vote/ballot/", form)
    finally:
        await tab.close()
    refused = SPENT in response.body and not TRACKER.search(response.body)
    return response.status, refused


def run_voters(
    ports: list[int],
    codes: list[str],
    *,
    concurrency: int,
    seats: int,
    double_share: float,
    seed: int,
    start_at: float,
) -> list[VoterOutcome]:
    """Casts the ballots of ``codes``, ``concurrency`` voters at a time, spread
    over the servers' ``ports``; waits until ``start_at`` (time.time()) so that
    every client process starts together."""
    return asyncio.run(
        _run(ports, codes, concurrency, seats, double_share, seed, start_at)
    )


async def _run(ports, codes, concurrency, seats, double_share, seed, start_at):
    rng = random.Random(seed)
    jobs = iter(enumerate(codes))
    outcomes: list[VoterOutcome] = [VoterOutcome()] * len(codes)

    async def worker(number: int):
        port = ports[number % len(ports)]
        for index, code in jobs:
            twice = rng.random() < double_share
            outcomes[index] = await vote(port, code, rng, seats, twice=twice)

    await asyncio.sleep(max(0.0, start_at - time.time()))
    await asyncio.gather(*(worker(n) for n in range(concurrency)))
    return outcomes


def run_repeats(ports: list[int], codes: list[str]) -> list[tuple[int, bool]]:
    """Posts each spent code once more, ten at a time."""

    async def main():
        semaphore = asyncio.Semaphore(10)

        async def one(index, code):
            async with semaphore:
                return await repeat(ports[index % len(ports)], code)

        return await asyncio.gather(*(one(i, c) for i, c in enumerate(codes)))

    return asyncio.run(main())
