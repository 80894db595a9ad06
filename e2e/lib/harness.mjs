// Starts a fresh Hearth (its own SQLite database, a free port) and a headless Chromium.
// HEARTH_BIN and HEARTH_WEB_DIR come from `cargo xtask test`.
import { before, after } from "node:test";
import { spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

export async function startHearth(extraEnv = {}) {
  const bin = process.env.HEARTH_BIN;
  const webDir = process.env.HEARTH_WEB_DIR;
  if (!bin || !webDir) throw new Error("HEARTH_BIN and HEARTH_WEB_DIR must be set (run cargo xtask test)");
  const dataDir = mkdtempSync(join(tmpdir(), "hearth-e2e-"));
  const child = spawn(bin, [], {
    env: {
      ...process.env,
      HEARTH_ADDR: "127.0.0.1:0",
      HEARTH_DATA_DIR: dataDir,
      DATABASE_URL: `sqlite://${join(dataDir, "hearth.db")}`,
      HEARTH_WEB_DIR: webDir,
      RUST_LOG: "warn",
      ...extraEnv,
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("hearth did not start within 20 s")), 20_000);
    let seen = "";
    child.stdout.on("data", (chunk) => {
      seen += chunk;
      const match = seen.match(/listening on (http:\/\/\S+)/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.on("exit", (code) => reject(new Error(`hearth exited with ${code}`)));
  });
  return {
    url,
    async stop() {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.once("exit", resolve));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/// Runs one journey in a fresh page; on failure saves a screenshot to test-results/.
export async function journey(browser, name, viewport, body) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  // Uncaught exceptions fail the journey; console errors (which include the expected 4xx
  // answers) are only reported with a failure.
  const errors = [];
  const consoleErrors = [];
  page.on("pageerror", (err) => errors.push(String(err)));
  page.on("console", (msg) => {
    if (msg.type() === "error") consoleErrors.push(msg.text());
  });
  try {
    await body(page);
    if (errors.length) throw new Error(`errors in the page: ${errors.join("; ")}`);
  } catch (err) {
    if (consoleErrors.length) err.message += `\nconsole errors: ${consoleErrors.join("; ")}`;
    mkdirSync("test-results", { recursive: true });
    await page.screenshot({ path: join("test-results", `${name}.png`), fullPage: true }).catch(() => {});
    throw err;
  } finally {
    await context.close();
  }
}

/// Starts Hearth and the browser before a file's tests and stops them after; the returned
/// object holds `hearth` and `browser` once started. `extraEnv` adds to Hearth's environment.
export function withHearth(extraEnv = {}) {
  const env = {};
  before(async () => {
    env.hearth = await startHearth(extraEnv);
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    await env.hearth?.stop();
  });
  return env;
}
