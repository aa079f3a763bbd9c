// Headless-Chromium part of `npm test`: serves the test bundle on 127.0.0.1 and runs it in pages, cross-origin isolated or not.
import { chromium } from "playwright-core";
import { createServer } from "node:http";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
// This machine (and CI) has no internet: without the background-networking flags Chromium floods refused connections.
export const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const PAGE = `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>simdgrad tests</title>
<script type="module">globalThis.__simdgradLoad = import("./tests.js");</script>\n`;
const ISOLATION = { "Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp" };

/** Starts the server and the browser; `run(isolated)` then runs the whole bundle in a fresh page. */
export async function startChromium(bundleDir, { mark }) {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH`);
  }
  const server = createServer((req, res) => {
    const m = /^\/(isolated|plain)\/([\w.-]*)$/.exec(new URL(req.url ?? "/", "http://127.0.0.1").pathname);
    const file = m && (m[2] || "index.html");
    const types = { "index.html": "text/html", "tests.js": "text/javascript", "tests.js.map": "application/json", "simdgrad-worker.js": "text/javascript" };
    if (!file || !types[file]) return void res.writeHead(404).end("not found");
    const body = file === "index.html" ? PAGE : readFileSync(join(bundleDir, file));
    res.writeHead(200, { "Content-Type": `${types[file]}; charset=utf-8`, "Cache-Control": "no-store",
      ...(m[1] === "isolated" ? ISOLATION : {}) });
    res.end(body);
  });
  await new Promise((ok, fail) => server.once("error", fail).listen(0, "127.0.0.1", ok));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const profile = mkdtempSync(join(tmpdir(), "simdgrad-chromium-"));
  const cleanup = () => { server.close(); rmSync(profile, { recursive: true, force: true }); };
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS, timeout: 60_000 });
  } catch (e) {
    cleanup();
    throw new Error(`cannot start Chromium (${CHROMIUM}): ${e.message}`);
  }

  /** Runs the bundle in one page; resolves to { report | null, errors, output, last } and never rejects. */
  async function run(isolated, timeoutMs) {
    const errors = [], output = [];
    let last = "";
    const page = await context.newPage();
    page.on("console", (msg) => {
      const text = msg.text();
      if (text.startsWith(mark)) return void (last = text.slice(mark.length));
      output.push(msg.type() === "log" ? text : `[console.${msg.type()}] ${text}`);
      if (msg.type() === "error") errors.push(`console.error: ${text}`);
    });
    page.on("pageerror", (e) => errors.push(`page error: ${e.stack || e.message}`));
    page.on("crash", () => errors.push("the page crashed"));
    page.on("requestfailed", (r) => errors.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
    page.on("response", (r) => { if (r.status() >= 400) errors.push(`HTTP ${r.status()} for ${r.url()}`); });
    let report = null, timer;
    try {
      await page.goto(`${origin}/${isolated ? "isolated" : "plain"}/`);
      const timeout = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs / 1000} s`)), timeoutMs);
      });
      report = await Promise.race([page.evaluate(() => globalThis.__simdgradLoad.then(() => globalThis.__simdgradTests)), timeout]);
    } catch (e) {
      errors.push(`no report from the page: ${e.message}`);
    } finally {
      clearTimeout(timer);
      await page.close().catch(() => {});
    }
    return { report, errors, output, last };
  }

  return { run, close: async () => { await context.close().catch(() => {}); cleanup(); } };
}
