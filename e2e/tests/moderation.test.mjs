// Moderation: a colleague reports a post, the admin sees the queue's count go up live,
// removes it with a note, and the author is told why (and not by whom it was reported).
import { test } from "node:test";
import assert from "node:assert/strict";
import { withHearth, journey } from "../lib/harness.mjs";
import { register, post, nav } from "../lib/people.mjs";

const env = withHearth();

const desktop = { width: 1280, height: 800 };

test("a report reaches the moderators live and the author is told why", async () => {
  await journey(env.browser, "moderation-ann", desktop, async (ann) => {
    await register(ann, env.hearth.url, "Ann Lee", "ann");
    await journey(env.browser, "moderation-bob", desktop, async (bob) => {
      await register(bob, env.hearth.url, "Bob Stone", "bob");
      await post(bob, "Our unreleased revenue numbers: 12.3M");
      await journey(env.browser, "moderation-cai", desktop, async (cai) => {
        await register(cai, env.hearth.url, "Cai Wen", "cai");
        const card = cai.getByTestId("post").filter({ hasText: "unreleased revenue" });
        await card.getByRole("button", { name: "Report" }).click();
        await card.getByLabel("What is wrong?").selectOption("confidential");
        await card.getByLabel("Anything the moderators should know").fill("Not public yet");
        await card.getByRole("button", { name: "Send report" }).click();
        await card.getByText("Reported. Thank you").waitFor();
      });

      await nav(ann, "Moderation").getByText("1", { exact: true }).waitFor();
      await nav(ann, "Moderation").click();
      const item = ann.getByTestId("report").filter({ hasText: "unreleased revenue" });
      await item.getByText("Not public yet").waitFor();
      await item.getByLabel("Note to the author").fill("Revenue figures stay internal until the results are out.");
      await item.getByRole("button", { name: "Remove", exact: true }).click();
      await ann.getByText("Nothing is waiting.", { exact: false }).waitFor();

      await bob.goto(`${env.hearth.url}/notifications`);
      const notice = bob.getByText("Revenue figures stay internal", { exact: false }).first();
      await notice.waitFor();
      assert.equal(await bob.getByText("Cai Wen").count(), 0, "the reporter is not named");
    });
  });
});
