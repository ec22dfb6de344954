"""Journey 4: an agency member's day — overdue first, report progress with evidence, report done."""

from __future__ import annotations

from playwright.sync_api import expect

# The smallest file the upload check accepts as a PDF (its type is read from the bytes).
PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
       b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
REPORT = "Tuyến du lịch biên giới đã được đưa vào khai thác thử; gửi kèm biên bản nghiệm thu."


def test_trang_dinh_member_reports_an_overdue_task_done_with_evidence(page, sign_in):
    sign_in("member.trangdinh@demo.langson.gov.vn")

    # Signing in lands on "My agency's tasks": overdue first, each with its days late.
    expect(page.get_by_role("heading", level=1)).to_have_text("My agency's tasks")
    rows = page.get_by_role("table").get_by_role("row")
    badges = [rows.nth(i).locator(".badge").inner_text() for i in range(1, rows.count())]
    assert badges, "the Tràng Định focal point should see tasks"
    overdue = [b == "In progress, overdue" for b in badges]
    assert overdue[0], badges
    assert overdue == sorted(overdue, reverse=True), f"overdue tasks must come first: {badges}"
    first = rows.nth(1)
    expect(first).to_contain_text("days late")

    # The task page shows everything about it.
    title = first.get_by_role("link").first.inner_text()
    first.get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_text("days late").first).to_be_visible()
    expect(page.get_by_role("heading", name="History")).to_be_visible()

    # A progress report with a file.
    page.get_by_label("What has been done").fill(REPORT)
    page.get_by_label("Progress (%)").fill("100")
    page.get_by_label("Evidence files (optional)").set_input_files(
        files=[{"name": "bien-ban-nghiem-thu.pdf", "mimeType": "application/pdf",
                "buffer": PDF}])
    page.get_by_role("button", name="Post the report").click()
    reports = page.locator("#reports")
    expect(reports).to_contain_text(REPORT)
    expect(reports.get_by_role("link", name="bien-ban-nghiem-thu.pdf")).to_be_visible()

    # Reported done with the result and the output document (the confirmation prompt is
    # accepted): now awaiting review, the reviewer's facts showing both.
    page.get_by_label("Result achieved").fill("Tuần Văn hóa đã tổ chức xong, 12 đoàn tham gia.")
    page.get_by_label("Output document").set_input_files(
        files=[{"name": "bao-cao-ket-qua.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    page.get_by_role("button", name="Report done").click()
    expect(page.get_by_text("Reported done, awaiting review").first).to_be_visible()
    review = page.locator("section[aria-labelledby=review-heading]")
    expect(review).to_contain_text("Tuần Văn hóa đã tổ chức xong, 12 đoàn tham gia.")
    expect(review.get_by_role("link", name="bao-cao-ket-qua.pdf")).to_be_visible()
    expect(page.get_by_role("button", name="Report done")).to_have_count(0)
    expect(page.locator("#history")).to_contain_text("reported the task done")
