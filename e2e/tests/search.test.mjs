// Search: a post written in Dutch is found from a phone by a part of one of its words, the
// post shows under the box while typing, the word is marked in the results, and a result
// leads to the post; axe-clean on the way.
import { test } from "node:test";
import assert from "node:assert/strict";
import { withHearth, journey } from "../lib/harness.mjs";
import { register, post } from "../lib/people.mjs";
import { assertAccessible } from "../lib/axe.mjs";

const env = withHearth();

test("a post in Dutch is found by part of a word, from a phone", async () => {
  await journey(env.browser, "search-ann", { width: 1280, height: 800 }, async (ann) => {
    await register(ann, env.hearth.url, "Ann Lee", "ann");
    await post(ann, "De ondernemingsraad vergadert dinsdag over de nieuwe werktijden.");
    await ann.getByTestId("post").filter({ hasText: "ondernemingsraad" }).waitFor();

    await journey(env.browser, "search-bob", { width: 390, height: 844 }, async (bob) => {
      await register(bob, env.hearth.url, "Bob Stone", "bob");
      const box = bob.getByRole("searchbox", { name: /Search posts/ });
      // While typing: the post appears under the box.
      await box.pressSequentially("raad werk");
      const quick = bob.getByTestId("quick-results");
      await quick.getByRole("link", { name: /ondernemingsraad/ }).waitFor();
      await assertAccessible(bob, "search as you type (phone)");
      await box.pressSequentially("tijd");
      await box.press("Enter");
      await quick.waitFor({ state: "detached" });
      await bob.waitForURL(/\/search\?q=/);
      const hit = bob.getByTestId("search-hit").filter({ hasText: "Ann Lee" });
      await hit.waitFor();
      assert.deepEqual(await hit.locator("mark").allTextContents(), ["ondernemingsraad", "werktijden"]);
      await bob.getByText("No comment matches.").waitFor();
      await assertAccessible(bob, "search results (phone)");
      await hit.getByRole("link").click();
      await bob.waitForURL(/\/posts\//);
      await bob.getByTestId("post").filter({ hasText: "ondernemingsraad" }).waitFor();
    });
  });
});
