// Communities: a closed one joined by request and approval, and a guest invited into it who
// sees that community and nothing else.
import { test } from "node:test";
import assert from "node:assert/strict";
import { withHearth, journey } from "../lib/harness.mjs";
import { register, post, nav } from "../lib/people.mjs";

const env = withHearth();

const desktop = { width: 1280, height: 800 };

async function createCommunity(page, name, privacyWords) {
  await nav(page, "Communities").click();
  await page.getByRole("button", { name: "Create a community" }).click();
  await page.getByLabel("Name").fill(name);
  await page.getByLabel(privacyWords).check();
  await page.getByRole("button", { name: "Create", exact: true }).click();
  await page.getByRole("heading", { name }).waitFor();
}

test("a closed community: request, approval, and a guest who sees only it", async () => {
  await journey(env.browser, "communities-ann", desktop, async (ann) => {
    await register(ann, env.hearth.url, "Ann Lee", "ann");
    await post(ann, "Company news for everyone");
    await createCommunity(ann, "Lunch Club", /Open:/);
    await createCommunity(ann, "Design Guild", /Closed:/);
    await ann.getByTestId("member-count").filter({ hasText: "1 of 150 members" }).waitFor();
    const guild = ann.url();

    await journey(env.browser, "communities-bob", desktop, async (bob) => {
      await register(bob, env.hearth.url, "Bob Stone", "bob");
      await nav(bob, "Communities").click();
      await bob.getByRole("link", { name: "Design Guild" }).click();
      await bob.getByRole("button", { name: "Request to join" }).click();
      await bob.getByText("Request sent", { exact: true }).waitFor();

      await ann.reload();
      await ann.getByRole("tab", { name: "Manage" }).click();
      const request = ann.getByRole("region", { name: "Requests to join" }).locator("li", { hasText: "Bob Stone" });
      await request.getByRole("button", { name: "Approve" }).click();
      await ann.getByText("No requests waiting.").waitFor();

      await bob.reload();
      await bob.getByText("You are a member").waitFor();
      await bob.getByTestId("member-count").filter({ hasText: "2 of 150 members" }).waitFor();
    });

    // A guest invite, used to register.
    await ann.getByLabel("Guest's e-mail").fill("gina@partner.example");
    await ann.getByRole("button", { name: "Create invite code" }).click();
    const code = (await ann.getByTestId("guest-code").textContent()).trim();
    assert.ok(code.length > 10, `code: ${code}`);
    await ann.goto(guild);
    await post(ann, "Welcome to the guild, Gina", "Design Guild");

    await journey(env.browser, "communities-guest", desktop, async (gina) => {
      await register(gina, env.hearth.url, "Gina Ruiz", "gina", { email: "gina@partner.example", invite: code });
      await gina.getByTestId("post").filter({ hasText: "Welcome to the guild, Gina" }).waitFor();
      assert.equal(await gina.getByTestId("post").filter({ hasText: "Company news" }).count(), 0);
      assert.equal(await nav(gina, "Company").count(), 0, "guests have no company feed");
      await nav(gina, "Communities").click();
      await gina.getByRole("link", { name: "Design Guild" }).waitFor();
      assert.equal(await gina.getByRole("link", { name: "Lunch Club" }).count(), 0);
    });
  });
});
