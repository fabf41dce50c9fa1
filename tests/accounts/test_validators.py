import pytest

from accounts.validators import cui_is_valid, normalise_cui


@pytest.mark.parametrize("code", ["18547290", "RO18547290", "ro 185 472 90", "14399840", "6859662"])
def test_real_romanian_registration_codes_pass(code):
    assert cui_is_valid(code)


@pytest.mark.parametrize("code", ["18547291", "12345678", "", "RO", "ABCDEFGH", "1", "12345678901"])
def test_wrong_check_digit_or_shape_fails(code):
    assert not cui_is_valid(code)


def test_normalise_strips_prefix_and_spaces():
    assert normalise_cui(" RO 185-472.90 ") == "18547290"
