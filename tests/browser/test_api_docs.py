"""The API's interactive documentation works under the site's own content security policy."""

from playwright.sync_api import Page, expect


def test_the_api_documentation_shows_its_operations_without_breaking_the_policy(live_server, page: Page) -> None:  # type: ignore[no-untyped-def]
    refused: list[str] = []
    page.on(
        "console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None
    )

    page.goto(f"{live_server.url}/api/v1/docs")

    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Interlocal API")
    expect(page.locator(".opblock-summary-path", has_text="/api/v1/organisations/").first).to_be_visible()
    scripts = page.locator("script[src]").evaluate_all("nodes => nodes.map(n => n.src)")
    assert scripts and all(src.startswith(live_server.url) for src in scripts), scripts
    assert not [text for text in refused if "script" in text], refused
