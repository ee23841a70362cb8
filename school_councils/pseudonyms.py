"""Friendly generated pseudonyms in the class's language: "Bystry Bóbr", "Brave Otter".

Only masculine nouns are used in Polish and Ukrainian so the adjective always agrees.
"""

from __future__ import annotations

import secrets

WORDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "pl": (
        (
            "Bystry",
            "Dzielny",
            "Wesoły",
            "Zwinny",
            "Mądry",
            "Szybki",
            "Pogodny",
            "Odważny",
            "Spokojny",
            "Uważny",
            "Ciekawy",
            "Życzliwy",
            "Sprytny",
            "Rozważny",
        ),
        (
            "Bóbr",
            "Jeż",
            "Lis",
            "Żubr",
            "Orzeł",
            "Sokół",
            "Wilk",
            "Borsuk",
            "Dzik",
            "Łoś",
            "Kos",
            "Szpak",
            "Dzięcioł",
            "Zając",
            "Niedźwiedź",
            "Rys",
        ),
    ),
    "uk": (
        (
            "Хоробрий",
            "Веселий",
            "Мудрий",
            "Спритний",
            "Швидкий",
            "Уважний",
            "Добрий",
            "Тихий",
            "Сміливий",
            "Кмітливий",
            "Ясний",
            "Чемний",
        ),
        (
            "Їжак",
            "Лис",
            "Вовк",
            "Бобер",
            "Орел",
            "Сокіл",
            "Борсук",
            "Заєць",
            "Ведмідь",
            "Дятел",
            "Лелека",
            "Кіт",
        ),
    ),
    "en": (
        (
            "Brave",
            "Bright",
            "Calm",
            "Clever",
            "Curious",
            "Kind",
            "Quick",
            "Swift",
            "Wise",
            "Cheerful",
            "Gentle",
            "Bold",
            "Steady",
            "Keen",
        ),
        (
            "Otter",
            "Badger",
            "Falcon",
            "Fox",
            "Hedgehog",
            "Owl",
            "Lynx",
            "Beaver",
            "Eagle",
            "Hare",
            "Bison",
            "Wolf",
            "Robin",
            "Heron",
        ),
    ),
}


def generate(
    count: int, *, language: str, taken: set[str] | frozenset[str] = frozenset()
) -> list[str]:
    """Returns ``count`` distinct pseudonyms not in ``taken``.

    Plain "Adjective Noun" names come first; once those run out a number is added.
    """
    adjectives, nouns = WORDS.get(language, WORDS["pl"])
    names: list[str] = []
    used = set(taken)
    suffix = 0
    while len(names) < count:
        candidates = [f"{a} {n}" for a in adjectives for n in nouns]
        if suffix:
            candidates = [f"{name} {suffix}" for name in candidates]
        free = [name for name in candidates if name not in used]
        while free and len(names) < count:
            name = free.pop(secrets.randbelow(len(free)))
            names.append(name)
            used.add(name)
        suffix = suffix + 1 if suffix else 2
    return names
