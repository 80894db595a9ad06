// The activity stream: post with Markdown, another person's post arriving live, reactions,
// comments and replies, sharing, and the feed at phone width.
import { test } from "node:test";
import assert from "node:assert/strict";
import { withHearth, journey } from "../lib/harness.mjs";
import { register as registerAt, post, nav } from "../lib/people.mjs";

const env = withHearth();

const register = (page, name, username) => registerAt(page, env.hearth.url, name, username);

test("post, see it live elsewhere, react, comment, reply and share", async () => {
  await journey(env.browser, "feed-ann", { width: 1280, height: 800 }, async (ann) => {
    await register(ann, "Ann Lee", "ann");
    await journey(env.browser, "feed-bob", { width: 1280, height: 800 }, async (bob) => {
      await register(bob, "Bob Stone", "bob");
      // Bob's feed has loaded (empty), so Ann's post can only reach it live.
      await bob.getByText("Nothing here yet.").waitFor();

      await post(ann, "Launch day for **Hearth** #launch");
      const annsPost = ann.getByTestId("post").filter({ hasText: "Launch day" });
      await annsPost.locator("strong", { hasText: "Hearth" }).waitFor();
      await annsPost.getByRole("link", { name: "#launch" }).first().waitFor();

      // Bob's open page learns of it without a reload, and waits to be asked.
      await bob.getByRole("button", { name: "1 new post" }).click();
      const onBob = bob.getByTestId("post").filter({ hasText: "Launch day" });
      await onBob.locator("strong", { hasText: "Hearth" }).waitFor();

      await onBob.getByRole("button", { name: "Celebrate (0)" }).click();
      await onBob.getByRole("button", { name: "Celebrate (1)" }).waitFor();
      // The count reaches Ann live.
      await annsPost.getByRole("button", { name: "Celebrate (1)" }).waitFor();

      await onBob.getByRole("button", { name: /Comments/ }).click();
      await onBob.getByLabel("Your comment").fill("Congratulations!");
      await onBob.getByRole("button", { name: "Comment", exact: true }).click();
      await onBob.getByTestId("comment").filter({ hasText: "Congratulations!" }).waitFor();

      await annsPost.getByRole("button", { name: "Comments (1)" }).click();
      await annsPost.getByTestId("comment").filter({ hasText: "Congratulations!" }).waitFor();
      await annsPost.getByRole("button", { name: "Reply" }).click();
      await annsPost.getByLabel("Your reply").fill("Thank you, Bob");
      await annsPost.getByRole("button", { name: "Reply", exact: true }).click();
      // The reply appears under the comment, for Bob too, live.
      await onBob.locator(".replies").getByText("Thank you, Bob").waitFor();

      await onBob.getByRole("button", { name: "Share" }).click();
      await onBob.getByLabel("Add a comment (optional)").fill("Worth reading");
      await onBob.getByRole("button", { name: "Share now" }).click();
      const share = bob.getByTestId("post").filter({ hasText: "Worth reading" });
      await share.locator("blockquote", { hasText: "Launch day" }).waitFor();
      // The shared post's time leads to the original's own page.
      await share.locator("blockquote a.permalink").click();
      await bob.waitForURL(/\/posts\//);
      await bob.getByTestId("post").filter({ hasText: "Launch day" }).getByTestId("comment").first().waitFor();
    });
  });
});

test("the home feed fits a phone screen", async () => {
  await journey(env.browser, "feed-phone", { width: 375, height: 740 }, async (page) => {
    await register(page, "Cleo Park", "cleo");
    await post(page, "A long line without breaks: https://example.com/a/very/long/path/that/should/wrap/instead/of/overflowing");
    await page.getByTestId("post").first().waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than the screen`);
    // On a phone the company feed is under More.
    await page.getByRole("navigation", { name: "Main" }).getByRole("button", { name: "More" }).click();
    await nav(page, "Company").click();
    await page.getByRole("heading", { name: "Company" }).waitFor();
  });
});
