"""The nickname filter catches disguised offensive words in Polish, Ukrainian and
English, and leaves ordinary names alone."""

import pytest

from quizzes import nicknames
from school_councils.pseudonyms import WORDS


@pytest.mark.parametrize(
    "nickname",
    [
        "kurwa",
        "KURWA",
        "Kurw@",
        "k.u.r.w.a",
        "k u r w a",
        "kuuurwa",
        "superkurwa",
        "chujek",
        "Spierdalaj",
        "fuck",
        "F_U_C_K",
        "fuuuck",
        "5h1t",
        "sh!t",
        "bitches",
        "Hitler99",
        "хуй",
        "ХУЙЛО",
        "xуй",
        "Cyka",
        "блядь",
        "pidor",
        "dupa",
    ],
)
def test_offensive_words_are_caught_however_they_are_disguised(nickname):
    assert nicknames.is_offensive(nickname)


@pytest.mark.parametrize(
    "nickname",
    [
        "Scunthorpe",
        "Class 7b",
        "Assassin",
        "Grape",
        "Cipher",
        "Sukces",
        "Kupała",
        "Cumberbatch",
        "Sextant",
        "Dupont",
        "Pizza",
        "Ala ma kota",
        "Олена",
        "Тарас",
    ],
)
def test_ordinary_names_that_contain_a_listed_word_are_allowed(nickname):
    assert not nicknames.is_offensive(nickname)


def test_no_generated_pseudonym_is_ever_refused():
    for adjectives, nouns in WORDS.values():
        for adjective in adjectives:
            for noun in nouns:
                assert not nicknames.is_offensive(f"{adjective} {noun}")


def test_every_list_has_entries():
    entries = nicknames.entries()
    assert len(entries) > 100
    assert all(entry.word for entry in entries)


def test_a_nickname_is_the_same_player_whatever_its_case_or_marks():
    assert nicknames.key("Żubr") == nicknames.key("zubr") == nicknames.key("ZUBR")
    assert nicknames.key("Bystry  Bóbr") == "bystry bobr"
    assert nicknames.key("Ala") != nicknames.key("Ola")


@pytest.mark.parametrize(
    ("nickname", "code"),
    [
        ("x", "length"),
        ("x" * 21, "length"),
        ("a<b>", "characters"),
        ("🙂🙂🙂", "characters"),
        ("...", "characters"),
        ("kurw@", "offensive"),
    ],
)
def test_a_nickname_is_refused_with_the_reason(nickname, code):
    with pytest.raises(nicknames.NicknameError) as caught:
        nicknames.check(nickname)
    assert caught.value.code == code


def test_a_good_nickname_is_tidied():
    assert nicknames.check("  Jan   Kowalski-Nowak ") == "Jan Kowalski-Nowak"
    assert nicknames.check("Оля") == "Оля"
    assert nicknames.check("O'Brien") == "O'Brien"


def test_the_filter_imports_nothing_from_django():
    import ast
    import inspect

    tree = ast.parse(inspect.getsource(nicknames))
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {
        node.module.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module
    }
    assert "django" not in imported
