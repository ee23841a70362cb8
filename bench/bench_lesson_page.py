"""Lesson-page throughput on a real Daphne: requests per second and latency.

Builds a throwaway database (SQLite in a temporary folder, or the empty database
named by ``BENCH_DATABASE_URL``) and, with ``REDIS_URL``, caches in Redis database
``BENCH_REDIS_DB`` (14), which it clears. It migrates the database, adds a lesson
of 33 blocks (three of every kind: images, a worksheet, key terms, a worked
election example...), starts Daphne on it and requests the lesson with a small
asyncio HTTP client, ``--concurrency`` requests at a time. Prints the machine, what
was measured, the requests per second and the 50th and 95th percentile latencies,
for an anonymous visitor: with the body served from the cache, and (with Redis)
with the cache cleared before every request, so that each one renders the body.

    python bench/bench_lesson_page.py [--requests 2000] [--concurrency 20]
"""

from __future__ import annotations

import argparse
import asyncio
import io
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import REPO, print_machine

LESSON_PATH = "/lessons/bench/"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=20)
    return parser.parse_args()


def environment(folder: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(
        DJANGO_SETTINGS_MODULE="youth_civics.settings",
        DEBUG="true",
        DATABASE_URL=os.environ.get("BENCH_DATABASE_URL")
        or f"sqlite:///{folder / 'bench.sqlite3'}",
        MEDIA_ROOT=str(folder / "media"),
        CACHE_KEY_PREFIX="youth-civics-bench",
        LOG_LEVEL="WARNING",
    )
    if env.get("REDIS_URL"):
        # A Redis database of its own: the bench clears its cache.
        base = env["REDIS_URL"].rsplit("/", 1)[0]
        env["REDIS_CACHE_URL"] = f"{base}/{os.environ.get('BENCH_REDIS_DB', '14')}"
    return env


def prepare(env: dict[str, str]) -> None:
    """Migrates the throwaway database and adds the lesson, in this process."""
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
        cwd=REPO,
        env=env,
        check=True,
    )
    os.environ.update(env)
    import django

    django.setup()
    _add_lesson()


def _add_lesson() -> None:
    from django.core.files.base import ContentFile
    from django.core.files.images import ImageFile
    from PIL import Image as PILImage
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    from lessons.models import GlossaryTerm, LessonIndexPage, LessonPage

    index = LessonIndexPage.objects.get(locale__language_code="pl")
    blocks = []
    for number in range(3):
        buffer = io.BytesIO()
        PILImage.new("RGB", (800, 450), "#0b4f8a").save(buffer, "PNG")
        image = get_image_model().objects.create(
            title=f"Obraz {number}", file=ImageFile(buffer, name=f"bench{number}.png")
        )
        content = b"%PDF-1.4\n" + b"x" * 4096
        document = get_document_model().objects.create(
            title=f"Karta {number}",
            file=ContentFile(content, name=f"bench{number}.pdf"),
            file_size=len(content),
        )
        term = GlossaryTerm(
            slug=f"pojecie-{number}",
            term=f"Pojęcie {number}",
            definition="Krótka definicja dla uczniów.",
            locale=index.locale,
            live=False,
        )
        term.save()
        term.save_revision().publish()
        blocks += _every_block(image, document, term)
    lesson = LessonPage(
        title="Lekcja do pomiaru",
        slug="bench",
        summary="Lekcja ze wszystkimi rodzajami bloków.",
        grade_band="primary_7_8",
        duration_minutes=45,
        learning_objectives=[("objective", "Uczeń zna zasady wyborów.")],
        body=blocks,
        live=False,
    )
    index.add_child(instance=lesson)
    lesson.save_revision().publish()


def _every_block(image, document, term) -> list[tuple[str, object]]:
    return [
        ("heading", "Jak liczy się głosy"),
        ("paragraph", "<p>Głosy zamienia się w mandaty metodą D'Hondta.</p>"),
        (
            "image",
            {
                "image": {"image": image, "decorative": False, "alt_text": "Urna"},
                "caption": "Urna wyborcza",
            },
        ),
        # A video would need the network to embed; a second paragraph stands in.
        ("paragraph", "<p>Film pokazuje liczenie głosów.</p>"),
        ("key_term", term),
        (
            "activity",
            {
                "title": "Głosowanie w klasie",
                "steps": ["Zbierzcie propozycje.", "Zagłosujcie.", "Policzcie."],
                "minutes": 15,
                "materials": ["Karty do głosowania"],
                "grouping": "whole_class",
            },
        ),
        ("discussion_question", {"question": "Czy każdy głos jest równy?", "hint": ""}),
        (
            "quote",
            {"text": "Władza należy do Narodu.", "attribution": "Konstytucja RP"},
        ),
        ("worksheet", {"document": document, "title": "Karta pracy"}),
        ("election_preset", {"preset": "sejm", "intro": "Jak wybieramy posłów."}),
        ("teacher_notes", "<p>Narysuj na tablicy Sejm i Senat.</p>"),
    ]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_daphne(env: dict[str, str], port: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port)),
            "youth_civics.asgi:application",
        ],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL if not os.environ.get("BENCH_LOG") else None,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise RuntimeError("Daphne did not start within 30 seconds")


async def get(port: int, path: str) -> tuple[int, float]:
    """Returns the status and the seconds one GET took (a new connection each)."""
    start = time.perf_counter()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode()
    )
    await writer.drain()
    status_line = await reader.readline()
    await reader.read()
    writer.close()
    await writer.wait_closed()
    return int(status_line.split()[1]), time.perf_counter() - start


async def load(port: int, *, requests: int, concurrency: int, before=None) -> dict:
    """Makes ``requests`` GETs of the lesson, ``concurrency`` at a time."""
    latencies: list[float] = []
    failures: dict[int, int] = {}
    remaining = iter(range(requests))

    async def worker():
        for _ in remaining:
            if before is not None:
                await before()
            status, seconds = await get(port, LESSON_PATH)
            latencies.append(seconds)
            if status != 200:
                failures[status] = failures.get(status, 0) + 1

    start = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - start
    latencies.sort()
    return {
        "rps": requests / elapsed,
        "p50": statistics.median(latencies) * 1000,
        "p95": latencies[int(len(latencies) * 0.95) - 1] * 1000,
        "failures": failures,
    }


def report(name: str, result: dict) -> None:
    failed = ", ".join(
        f"{n} answered {status}" for status, n in result["failures"].items()
    )
    print(
        f"{name}: {result['rps']:.0f} requests/s, p50 {result['p50']:.1f} ms, "
        f"p95 {result['p95']:.1f} ms; {failed or 'all answered 200'}"
    )


def main() -> None:
    args = parse_args()
    print_machine()
    with tempfile.TemporaryDirectory() as folder:
        env = environment(Path(folder))
        prepare(env)
        from django.conf import settings
        from django.core.cache import cache

        cache.clear()
        port = free_port()
        daphne = start_daphne(env, port)
        try:
            print(
                f"measured: GET {LESSON_PATH} (33 blocks) on one Daphne process, "
                f"{settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[1]}, "
                f"cache {settings.CACHES['default']['BACKEND'].rsplit('.', 1)[1]}, "
                f"{args.requests} requests, {args.concurrency} at a time, "
                "anonymous visitor"
            )
            asyncio.run(load(port, requests=50, concurrency=5))  # warm up
            report(
                "cached body",
                asyncio.run(
                    load(port, requests=args.requests, concurrency=args.concurrency)
                ),
            )
            if settings.CACHES["default"]["BACKEND"].endswith("LocMemCache"):
                print("rendered body: skipped (the cache lives inside Daphne)")
                return

            async def clear():
                await asyncio.to_thread(cache.clear)

            report(
                "rendered body",
                asyncio.run(
                    load(
                        port,
                        requests=max(args.requests // 4, 100),
                        concurrency=args.concurrency,
                        before=clear,
                    )
                ),
            )
        finally:
            daphne.terminate()
            daphne.wait(timeout=10)


if __name__ == "__main__":
    main()
