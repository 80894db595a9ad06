// A must-read: the admin announces a company-wide post, a colleague finds it pinned above
// the feed and acknowledges it, and the admin sees the progress move, live.
import { test } from "node:test";
import { withHearth, journey } from "../lib/harness.mjs";
import { register, post } from "../lib/people.mjs";

const env = withHearth();

const desktop = { width: 1280, height: 800 };

test("a must-read is pinned until acknowledged, and its progress moves live", async () => {
  await journey(env.browser, "announce-ann", desktop, async (ann) => {
    await register(ann, env.hearth.url, "Ann Lee", "ann");
    await journey(env.browser, "announce-bob", desktop, async (bob) => {
      await register(bob, env.hearth.url, "Bob Stone", "bob");

      await post(ann, "New travel policy: book through the portal");
      const card = ann.getByTestId("post").filter({ hasText: "New travel policy" }).first();
      await card.getByText("Announce").click();
      await card.getByLabel("Must-read within").selectOption("2");
      await card.getByRole("button", { name: "Make must-read" }).click();
      await card.getByTestId("must-read-progress").filter({ hasText: "0 of 2 have read it" }).waitFor();

      await bob.reload();
      const pinned = bob.getByRole("region", { name: "Pinned" });
      await pinned.getByText("Must-read", { exact: true }).waitFor();
      await pinned.getByRole("button", { name: "I have read this" }).click();
      await pinned.waitFor({ state: "detached" });

      await card.getByTestId("must-read-progress").filter({ hasText: "1 of 2 have read it" }).waitFor();
    });
  });
});
