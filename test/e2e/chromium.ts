// Headless Chromium for the Node-driven browser tests: launched as scripts/test-chromium.mjs does, and a watcher that
// collects console errors, page errors, crashes, failed requests and CSP violations of a page and of its workers.
import { type Browser, type ConsoleMessage, type Page, chromium } from "playwright-core";
import { CHROMIUM, FLAGS } from "../../scripts/test-chromium.mjs";

/** Starts headless Chromium (CHROMIUM_PATH or Debian's /usr/bin/chromium); a missing browser is an error, not a skip. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS, timeout: 60_000 });
}

/** Everything that went wrong in `page` (and its workers) so far; the array fills as events arrive. */
export function watch(page: Page): string[] {
  const problems: string[] = [];
  const onConsole = (where: string) => (msg: ConsoleMessage) => {
    if (msg.type() === "error" || /Content.Security.Policy|Refused to/i.test(msg.text())) problems.push(`${where} console.${msg.type()}: ${msg.text()}`);
  };
  page.on("console", onConsole("page"));
  page.on("worker", (w) => w.on("console", onConsole(`worker ${w.url()}`)));
  page.on("pageerror", (e) => problems.push(`page error: ${e.stack || e.message}`));
  page.on("crash", () => problems.push("the page crashed"));
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
  page.on("response", (r) => void (r.status() >= 400 && problems.push(`HTTP ${r.status()} for ${r.url()}`)));
  return problems;
}
