// Community health: a community named after a department gets a hint; the admin reads the
// insights page, a community's health page and what Hearth counts, and switches counting off
// (which the audit log records).
import { test } from "node:test";
import assert from "node:assert/strict";
import { withHearth, journey } from "../lib/harness.mjs";
import { register, post, nav } from "../lib/people.mjs";

const env = withHearth();

const desktop = { width: 1280, height: 800 };

test("insights: theme hint, health pages, what is counted, analytics off", async () => {
  await journey(env.browser, "insights-ann", desktop, async (ann) => {
    await register(ann, env.hearth.url, "Ann Lee", "ann");
    await nav(ann, "Profile").click();
    await ann.getByRole("button", { name: "Edit profile" }).click();
    await ann.getByLabel("Department").fill("Sales");
    await ann.getByRole("button", { name: "Save profile" }).click();

    await nav(ann, "Communities").click();
    await ann.getByRole("button", { name: "Create a community" }).click();
    await ann.getByLabel("Name").fill("Sales team");
    await ann.getByTestId("theme-hint").filter({ hasText: "\"Sales\" is a department" }).waitFor();
    await ann.getByLabel("Name").fill("Cycling");
    assert.equal(await ann.getByTestId("theme-hint").count(), 0);
    await ann.getByRole("button", { name: "Create", exact: true }).click();
    await ann.getByRole("heading", { name: "Cycling" }).waitFor();
    await post(ann, "Who rides on Sunday?", "Cycling");

    await nav(ann, "Insights").click();
    await ann.getByRole("heading", { name: "Community health" }).waitFor();
    await ann.getByRole("region", { name: "The organisation" }).getByRole("img", { name: /of members engaged/ }).waitFor();
    await ann.getByRole("button", { name: "7 days" }).click();
    const communities = ann.getByRole("region", { name: "Communities" });
    await communities.getByRole("link", { name: "Cycling" }).click();
    await ann.getByRole("heading", { name: "Cycling — health" }).waitFor();
    await ann.getByRole("heading", { name: "Members by department" }).waitFor();
    await ann.getByText("No department has 5 or more members here.").waitFor();

    await ann.goto(`${env.hearth.url}/insights/about`);
    await ann.getByRole("heading", { name: "What Hearth counts" }).waitFor();
    await ann.getByText("Direct messages are never analysed", { exact: false }).waitFor();

    await nav(ann, "Admin").click();
    await ann.getByLabel("What Hearth counts").selectOption({ label: "Nothing (insights off)" });
    await ann.getByRole("button", { name: "Save settings" }).click();
    await ann.getByText("Settings saved.").waitFor();
    await ann.reload();
    await ann.getByRole("region", { name: "Audit log" }).getByText("analytics_mode: aggregate → off", { exact: false }).waitFor();
    await nav(ann, "Insights").click();
    await ann.getByText("switched community insights off", { exact: false }).first().waitFor();
  });
});
