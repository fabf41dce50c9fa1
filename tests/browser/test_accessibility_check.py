import pytest

from .conftest import assert_accessible


def test_the_accessibility_check_catches_a_serious_violation(page):
    page.set_content(
        '<html lang="en"><title>t</title><main><img src="x.png"><input type="text"></main></html>'
    )

    with pytest.raises(AssertionError, match="image-alt"):
        assert_accessible(page)
