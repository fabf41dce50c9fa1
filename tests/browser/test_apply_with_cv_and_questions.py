from django.urls import reverse
from playwright.sync_api import expect

from internships.models import Application, ScreeningQuestion
from tests.factories import PlacementFactory, give_cv, pdf_bytes

from .conftest import assert_accessible, log_in, log_out


def test_a_student_with_two_cvs_applies_with_the_second_and_answers_the_questions(
    site, page, student, company_admin, organisation, period, programme, tmp_path
):
    placement = PlacementFactory(
        organisation=organisation,
        period=period,
        programmes=[programme],
        title="Data engineering intern",
    )
    ScreeningQuestion.objects.create(
        placement=placement, text="Which SQL database have you used?", max_length=100, position=0
    )
    ScreeningQuestion.objects.create(
        placement=placement, text="When could you start?", required=False, position=1
    )
    give_cv(student, label="General", content=pdf_bytes("General CV"))
    backend_cv = tmp_path / "backend.pdf"
    backend_cv.write_bytes(pdf_bytes("Backend CV"))

    log_in(page, site, student)
    page.goto(site.url + reverse("student_profile"))
    assert_accessible(page)
    page.get_by_label("Label of the new CV").fill("Backend")
    page.get_by_label("New CV (PDF, at most 5 MB)").set_input_files(str(backend_cv))
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Your profile was saved.")).to_be_visible()
    expect(page.get_by_role("link", name="Backend", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="General", exact=True)).to_be_visible()

    page.goto(site.url + reverse("apply", args=[placement.pk]))
    assert_accessible(page)
    page.get_by_label("Cover letter").fill("Lucrez cu PostgreSQL de un an.")
    page.get_by_label("General (uploaded on").check()
    page.get_by_label("When could you start?").fill("In June.")
    page.get_by_role("button", name="Send my application").click()
    expect(page.get_by_text("Answer this question: the organisation requires it.")).to_be_visible()
    expect(page.get_by_label("Which SQL database have you used?")).to_have_attribute(
        "maxlength", "100"
    )
    assert not Application.objects.exists()
    assert_accessible(page)
    page.get_by_label("General (uploaded on").check()
    page.get_by_label("Which SQL database have you used?").fill("PostgreSQL, at university.")
    page.get_by_role("button", name="Send my application").click()

    expect(page.get_by_text("Your application was sent. Good luck!")).to_be_visible()
    expect(page.get_by_text("PostgreSQL, at university.")).to_be_visible()
    assert_accessible(page)
    application = Application.objects.get()
    with application.cv.open("rb") as copy:
        assert copy.read() == pdf_bytes("General CV")
    log_out(page)

    log_in(page, site, company_admin)
    page.goto(site.url + reverse("company_application", args=[application.pk]))
    answers = page.get_by_role("region", name="Answers to the screening questions")
    expect(answers.get_by_text("Which SQL database have you used?")).to_be_visible()
    expect(answers.get_by_text("PostgreSQL, at university.")).to_be_visible()
    expect(answers.get_by_text("In June.")).to_be_visible()
    expect(page.get_by_text("(General)")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the CV sent with this application (PDF)").click()
    assert open(download.value.path(), "rb").read() == pdf_bytes("General CV")
