"""Shared bits of the editor tests (no tests here): signed-in clients in English and
posted question forms."""

from __future__ import annotations

import io

from django.test import Client
from PIL import Image


def client_for(user) -> Client:
    client = Client()
    client.cookies["django_language"] = "en"
    if user is not None:
        client.force_login(user)
    return client


def question_post(kind: str, **fields) -> dict:
    """A question form as a browser posts it: every field, those of other kinds
    left empty."""
    data = {
        "kind": kind,
        "text": f"A {kind} question",
        "time_limit": "20",
        "points": "1000",
        "image_alt": "",
        "true_false": "",
        "slider_min": "",
        "slider_max": "",
        "slider_step": "",
        "slider_correct": "",
        "slider_tolerance": "",
    }
    for number in range(1, 11):
        data[f"answer_{number}"] = ""
    data.update(
        {
            key: value if hasattr(value, "read") else str(value)
            for key, value in fields.items()
        }
    )
    return data


def answers(*texts, right=()) -> dict:
    """Answer fields for a question form; ``right`` holds 1-based numbers."""
    data = {}
    for number, text in enumerate(texts, start=1):
        data[f"answer_{number}"] = text
        if number in right:
            data[f"correct_{number}"] = "on"
    return data


def png_bytes(size=(4, 3), color="red") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()
