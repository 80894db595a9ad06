// Communities: a closed one joined by request and approval, and a guest invited into it who
// sees that community and nothing else; one archived by its owner, read-only until reopened.
import { test } from "node:test";
import assert from "node:assert/strict";
import { withHearth, journey } from "../lib/harness.mjs";
import { assertAccessible } from "../lib/axe.mjs";
import { register, post, nav } from "../lib/people.mjs";

const env = withHearth();

const desktop = { width: 1280, height: 800 };
const phone = { width: 390, height: 844 };

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

test("an archived community can be read, takes nothing new, and can be reopened", async () => {
  await journey(env.browser, "archive-owner", desktop, async (ann) => {
    await register(ann, env.hearth.url, "Olga Berg", "olga");
    await createCommunity(ann, "Launch 2026", /Open:/);
    const launch = ann.url();
    // Posted from the community page without choosing: it goes to the community.
    await post(ann, "Launch went well, thanks all");
    await ann.getByTestId("post").filter({ hasText: "Launch went well" }).waitFor();

    await journey(env.browser, "archive-member", phone, async (bob) => {
      await register(bob, env.hearth.url, "Paul Wood", "paul");
      await bob.goto(launch);
      await bob.getByRole("button", { name: "Join" }).click();
      await bob.getByText("You are a member").waitFor();

      await ann.getByRole("tab", { name: "Manage" }).click();
      ann.once("dialog", (d) => d.accept());
      await ann.getByTestId("archive-toggle").click();
      await ann.getByTestId("archived-notice").waitFor();
      await assertAccessible(ann, "archived community, manage (desktop)");

      // The member reads everything, and is offered nothing that would be refused.
      await bob.reload();
      await bob.getByTestId("archived-notice").waitFor();
      const kept = bob.getByTestId("post").filter({ hasText: "Launch went well" });
      await kept.waitFor();
      assert.equal(await bob.getByLabel("Share something").count(), 0, "no composer");
      assert.ok(await kept.getByRole("button", { name: "Like (0)" }).isDisabled(), "reactions are off");
      await kept.getByRole("button", { name: /^Comments/ }).click();
      await kept.getByText("This community is archived: no new comments.").waitFor();
      assert.equal(await kept.getByLabel("Your comment").count(), 0);
      await assertAccessible(bob, "archived community (phone)");

      // It has left the list of communities, for the Archived tab.
      await bob.goto(`${env.hearth.url}/communities`);
      await bob.getByRole("tab", { name: "Archived" }).waitFor();
      await bob.getByText("Loading communities…").waitFor({ state: "detached" });
      assert.equal(await bob.getByRole("link", { name: "Launch 2026" }).count(), 0);
      await bob.getByRole("tab", { name: "Archived" }).click();
      await bob.getByRole("link", { name: "Launch 2026" }).waitFor();

      // Reopened: the member can post again.
      await ann.getByTestId("archive-toggle").filter({ hasText: "Reopen" }).click();
      await ann.getByTestId("archived-notice").waitFor({ state: "detached" });
      await bob.goto(launch);
      await bob.getByLabel("Share something").waitFor();
      const open = bob.getByTestId("post").filter({ hasText: "Launch went well" });
      assert.ok(await open.getByRole("button", { name: "Like (0)" }).isEnabled());
    });
  });
});
