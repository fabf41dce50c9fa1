import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from playwright.sync_api import expect

from accounts import services
from tests.factories import MembershipFactory, PlacementFactory

from .conftest import assert_accessible


def a_logo() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (300, 150), "darkgreen").save(buffer, "PNG")
    return SimpleUploadedFile("logo.png", buffer.getvalue(), "image/png")


def test_a_visitor_on_a_phone_and_on_a_laptop_finds_a_placement_from_the_landing_page(
    site, page, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    membership = MembershipFactory(organisation__legal_name="Codează Someș SRL")
    services.update_organisation(
        organisation=membership.organisation, by=membership.user, data={}, logo=a_logo()
    )
    PlacementFactory(organisation=membership.organisation, title="Backend intern")
    PlacementFactory(title="Data analyst intern")

    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(site.url + "/")
        heading = page.get_by_role("heading", level=1)
        expect(heading).to_be_visible()
        header_bottom = page.locator(".site-header").bounding_box()["height"]
        assert heading.bounding_box()["y"] - header_bottom >= 24, width  # not touching it
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        # Decorative beside the name written on the card: not read out as the name twice.
        logo = page.locator("li.card", has_text="Backend intern").locator("img.org-logo")
        expect(logo).to_be_visible()
        expect(logo).to_have_attribute("alt", "")
        expect(page.get_by_role("img", name="Codează Someș SRL")).to_have_count(0)
        expect(logo).to_have_js_property("naturalWidth", 96)  # loaded: the small copy
        expect(page.get_by_role("link", name="Data analyst intern")).to_be_visible()
        expect(page.locator("#landing-figures")).to_contain_text("placements published")
        assert_accessible(page)

    page.get_by_label("Search the placements").fill("Backend")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="Placements", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Backend intern")).to_be_visible()
    expect(page.get_by_role("link", name="Data analyst intern")).to_have_count(0)


def test_escape_in_a_field_of_the_page_leaves_focus_there_and_closes_the_menu_from_it(site, page):
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(site.url + "/")
    menu_button = page.get_by_role("button", name="Menu")
    menu_button.click()
    expect(menu_button).to_have_attribute("aria-expanded", "true")

    field = page.get_by_label("Search the placements")
    field.focus()
    page.keyboard.press("Escape")

    expect(field).to_be_focused()  # Escape belongs to the field, not to the menu
    menu_button.focus()
    page.keyboard.press("Escape")
    expect(menu_button).to_have_attribute("aria-expanded", "false")
    expect(menu_button).to_be_focused()
    menu_button.click()
    page.locator("#site-menu a").first.focus()
    page.keyboard.press("Escape")
    expect(menu_button).to_have_attribute("aria-expanded", "false")
    expect(menu_button).to_be_focused()
