// Checks the page as it is now with axe-core, every rule of every impact: a screen passes
// with no violations at all.
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

export async function assertAccessible(page, screen) {
  if (!(await page.evaluate(() => typeof window.axe === "object"))) {
    await page.addScriptTag({ path: axePath });
  }
  const { violations } = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
  const found = violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`,
  );
  assert.deepEqual(found, [], `axe on ${screen}:\n${found.join("\n")}`);
}
