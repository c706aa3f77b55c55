// Package e2e walks PR Desk's journeys in a real browser: headless Chromium
// driven through the DevTools protocol (chromedp) against the whole app
// started in-process on the test package's own database.
//
// The tests skip when no Chromium is installed, unless
// PRDESK_REQUIRE_BROWSER=1 (CI sets it), which turns the skip into a failure.
// PRDESK_SCREENSHOT_DIR keeps the screenshots the layout journey takes.
package e2e
