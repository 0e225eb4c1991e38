"""An editor imports a CSV, watches its progress and submits the values; the coordinator approves them (four eyes)
and sees them beside their counterweights.

The background task is run by the database worker, called in this test's
process between two steps (`db_worker --batch`): the live server thread and
the test share the same test database (in-memory SQLite or the PostgreSQL test
database), which a separate worker process could not see reliably. The page
meanwhile polls the import's progress every second with htmx, as it would
with a worker running elsewhere.
"""

from django.core.management import call_command
from playwright.sync_api import Page, expect

from interlocal.metropolis.defaults import load_default_data
from interlocal.metropolis.demo import DEMO_PASSWORD, ensure_demo_users
from interlocal.results.models import Indicator

CSV = (
    "indicator,territory,period,value,source\n"
    "tourists,barcelona,2025,4321000,Illustrative browser test\n"
    "average-rent,08019,2025,1234.5,Illustrative browser test\n"
    "tourist-flats,barcelona,2025,9876,Illustrative browser test\n"
)


def log_in(page: Page, url: str, username: str) -> None:
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_import_watch_approve_and_see_gains_beside_costs(live_server, page: Page, tmp_path) -> None:  # type: ignore[no-untyped-def]
    load_default_data(log=lambda _message: None, illustrative=True)  # the demo (make demo)
    ensure_demo_users()
    url = live_server.url
    upload = tmp_path / "tourism-2025.csv"
    upload.write_text(CSV, encoding="utf-8")

    log_in(page, url, "editor")

    page.goto(f"{url}/results/import/")
    page.get_by_label("CSV or XLSX file").set_input_files(str(upload))
    page.get_by_label("Visibility").select_option("public")
    page.get_by_role("button", name="Import").click()

    progress = page.locator("#job-progress")
    expect(page.get_by_role("heading", name="Import of tourism-2025.csv")).to_be_visible()
    expect(progress).to_have_attribute("data-status", "queued")
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    # No reload: the page's own polling brings the result.
    expect(progress).to_have_attribute("data-status", "succeeded", timeout=10_000)
    expect(progress).to_contain_text("3 values were saved as drafts")

    page.get_by_role("button", name="Submit 3 values for approval").click()
    expect(page.locator(".messages")).to_contain_text("3 value(s) submitted for approval")

    # Whoever entered the values may not approve them: the coordinator reviews.
    page.get_by_role("button", name="Log out editor").click()
    log_in(page, url, "coordinator")
    page.goto(f"{url}/results/review/")
    expect(page.locator("table.review tbody tr")).to_have_count(3)
    page.get_by_role("button", name="Approve the chosen values").click()
    expect(page.locator(".messages")).to_contain_text("3 value(s) approved")

    tourists = Indicator.objects.get(key="tourists")
    page.goto(f"{url}{tourists.get_absolute_url()}")
    ledger = page.locator("#counterweights table.ledger")
    expect(ledger.locator("thead")).to_contain_text("Average monthly housing rent")
    expect(ledger.locator("thead")).to_contain_text("Licensed tourist flats")
    row = ledger.locator("tbody tr", has=page.get_by_role("rowheader", name="2025"))
    expect(row).to_contain_text("4,321,000")  # overnight stays, counted: grouped, no decimals
    expect(row).to_contain_text("1,234")  # the rent, in euros a month
    expect(row).to_contain_text("9,876")
    expect(page.locator("#counterweights .il-chart svg, #counterweights .il-chart canvas").first).to_be_visible()
