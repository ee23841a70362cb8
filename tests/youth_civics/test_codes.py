"""Sign-in and voting codes: 70 random bits, easy to type, typos caught."""

import itertools

import pytest

from youth_civics import codes


def test_a_new_code_has_fourteen_random_characters_and_a_check_character():
    code = codes.generate()
    assert len(code) == 15
    assert len(codes.ALPHABET) ** 14 >= 2**64
    assert codes.validate(code) == code


def test_codes_are_printed_in_groups_of_five_and_read_back():
    code = codes.generate()
    printed = codes.display(code)
    assert printed.count("-") == 2
    assert codes.validate(printed.lower()) == code


def test_letters_mistaken_for_digits_are_read_as_digits():
    body = "01100000000001"
    code = body + codes.check_character(body)
    typed = code.replace("1", "l").replace("0", "O")
    assert codes.validate(typed) == code


@pytest.mark.parametrize("seed", range(20))
def test_every_single_mistyped_character_is_caught(seed):
    code = codes.generate()
    for position, wrong in itertools.product(range(len(code)), codes.ALPHABET):
        if code[position] == wrong:
            continue
        typo = code[:position] + wrong + code[position + 1 :]
        with pytest.raises(codes.CodeError):
            codes.validate(typo)


@pytest.mark.parametrize("seed", range(20))
def test_swapping_two_neighbours_is_caught_except_zero_and_z(seed):
    code = codes.generate()
    for i in range(len(code) - 1):
        # Luhn mod N cannot see the swap of the first and last symbol.
        if code[i] == code[i + 1] or {code[i], code[i + 1]} == {"0", "Z"}:
            continue
        swapped = code[:i] + code[i + 1] + code[i] + code[i + 2 :]
        with pytest.raises(codes.CodeError):
            codes.validate(swapped)


@pytest.mark.parametrize(
    ("text", "reason"), [("ABC", "wrong_length"), ("U" * 15, "bad_character")]
)
def test_impossible_codes_say_why(text, reason):
    with pytest.raises(codes.CodeError, match=reason):
        codes.validate(text)


def test_only_a_hash_of_the_code_is_kept():
    code = codes.generate()
    assert codes.digest(code) != code
    assert len(codes.digest(code)) == 64
