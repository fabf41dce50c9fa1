"""Reading our PDFs in tests with pdfium (a wheel from PyPI): no system program needed."""

import pypdfium2


def text_of(content: bytes) -> str:
    """Every page's text in reading order: lines end with a newline, pages with a form feed."""
    document = pypdfium2.PdfDocument(content)
    try:
        pages = []
        for page in document:
            text_page = page.get_textpage()
            pages.append(text_page.get_text_range().replace("\r\n", "\n"))
            text_page.close()
            page.close()
        return "\f".join(pages)  # as pdftotext does: a form feed between pages
    finally:
        document.close()


def first_page_image(content: bytes, *, dpi: int = 150):
    """The first page as a PIL image, at `dpi`."""
    document = pypdfium2.PdfDocument(content)
    try:
        page = document[0]
        image = page.render(scale=dpi / 72).to_pil()
        page.close()
        return image
    finally:
        document.close()
