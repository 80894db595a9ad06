// What people do twenty times a day, at desktop and phone width: a mention leads to the
// post's own page and is read once opened, reactions group into one line, messages behave
// like a chat, the phone has its bottom navigation and menus close with Escape or a click
// elsewhere; and every screen passes axe-core without a single violation.
import { test } from "node:test";
import assert from "node:assert/strict";
import { withHearth, journey } from "../lib/harness.mjs";
import { register as registerAt, post, nav } from "../lib/people.mjs";
import { assertAccessible } from "../lib/axe.mjs";

const env = withHearth();
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

const register = (page, name, username) => registerAt(page, env.hearth.url, name, username);

async function unreadBell(page) {
  const label = await page.getByTestId("unread-notifications").getAttribute("aria-label");
  return Number(label.match(/(\d+) unread/)[1]);
}

test("a mention leads to the post, reactions group, and comments can be edited and deleted", async () => {
  await journey(env.browser, "everyday-ann", DESKTOP, async (ann) => {
    await register(ann, "Ann Lee", "ann");
    await assertAccessible(ann, "home (desktop)");
    await journey(env.browser, "everyday-bob", DESKTOP, async (bob) => {
      await register(bob, "Bob Stone", "bob");
      await journey(env.browser, "everyday-cyd", PHONE, async (cyd) => {
        await register(cyd, "Cyd Moss", "cyd");

        await post(bob, "Thanks @ann for the #launch plan");
        // Ann's bell counts it live; opening it leads to the post and reads it.
        await ann.getByTestId("unread-notifications").filter({ hasText: "1" }).waitFor();
        await ann.getByTestId("unread-notifications").click();
        const menu = ann.getByRole("dialog", { name: "Latest notifications" });
        await menu.getByRole("link", { name: /Bob Stone mentioned you/ }).click();
        await ann.waitForURL(/\/posts\//);
        const page = ann.getByTestId("post");
        await page.getByRole("link", { name: "@ann" }).waitFor();
        await page.getByLabel("Your comment").waitFor();
        await ann.waitForFunction(() =>
          document.querySelector("[data-testid=unread-notifications]").getAttribute("aria-label").includes(", 0 unread"));
        // Absolute time on hover.
        const title = await page.locator("time").first().getAttribute("title");
        assert.match(title, /\d/);
        await assertAccessible(ann, "post page (desktop)");

        // A comment of one's own can be edited and deleted.
        await page.getByLabel("Your comment").fill("Happy to help");
        await page.getByRole("button", { name: "Comment", exact: true }).click();
        const comment = page.getByTestId("comment").filter({ hasText: "Happy to help" });
        await comment.getByRole("button", { name: "Edit" }).click();
        await page.getByLabel("Edit your comment").fill("Happy to help, any time");
        await page.getByRole("button", { name: "Save" }).click();
        await page.getByTestId("comment").filter({ hasText: "any time" }).getByText("edited").waitFor();
        ann.once("dialog", (d) => d.accept());
        await page.getByTestId("comment").filter({ hasText: "any time" }).getByRole("button", { name: "Delete" }).click();
        await page.getByTestId("comment").filter({ hasText: "any time" }).waitFor({ state: "detached" });

        // The mention and the topic are links.
        await page.getByRole("link", { name: "#launch" }).first().click();
        await ann.getByRole("heading", { name: "#launch" }).waitFor();
        await ann.goBack();
        await ann.getByTestId("post").getByRole("link", { name: "@ann" }).click();
        await ann.getByText("@ann").first().waitFor();
        await ann.waitForURL(/\/people\/@ann/);

        // Typing @bo suggests Bob; Enter puts his username in; #lau suggests a topic.
        await ann.goto(`${env.hearth.url}/`);
        const box = ann.getByLabel("Share something");
        await box.click();
        await box.pressSequentially("Ping @bo");
        const suggestions = ann.getByRole("listbox", { name: "Suggestions" });
        await suggestions.getByRole("option", { name: /Bob Stone @bob/ }).waitFor();
        await assertAccessible(ann, "composer suggesting people");
        await box.press("Enter");
        assert.equal(await box.inputValue(), "Ping @bob ");
        await suggestions.waitFor({ state: "detached" });
        // And #lau suggests the topic in use.
        await box.pressSequentially("about #lau");
        await suggestions.getByRole("option", { name: "#launch" }).click();
        assert.equal(await box.inputValue(), "Ping @bob about #launch ");

        // Two reactions on Ann's post: one line naming both.
        await post(ann, "Big news for the whole company");
        for (const who of [bob, cyd]) {
          const theirs = who.getByTestId("post").filter({ hasText: "Big news" });
          await who.getByRole("button", { name: /new post/ }).click();
          await theirs.getByRole("button", { name: "Celebrate (0)" }).click();
          await theirs.getByRole("button", { name: "Celebrate (1)" }).or(theirs.getByRole("button", { name: "Celebrate (2)" })).waitFor();
        }
        await ann.goto(`${env.hearth.url}/notifications`);
        const reacted = ann.getByTestId("notification").filter({ hasText: "reacted to" });
        await reacted.filter({ hasText: /Cyd Moss and Bob Stone reacted to “Big news/ }).waitFor();
        assert.equal(await reacted.count(), 1);
        await assertAccessible(ann, "notifications (desktop)");
        await reacted.getByRole("link").click();
        await ann.waitForURL(/\/posts\//);

        // Copy link: the post's own address.
        await ann.context().grantPermissions(["clipboard-read", "clipboard-write"]);
        await ann.getByRole("button", { name: "Copy link" }).click();
        await ann.getByRole("button", { name: "Link copied" }).waitFor();
        const copied = await ann.evaluate(() => navigator.clipboard.readText());
        assert.equal(copied, ann.url());

        // A post that is gone says so, once.
        await ann.goto(`${env.hearth.url}/posts/no-such-post`);
        await ann.getByRole("heading", { name: "This post is not available" }).waitFor();
        await assertAccessible(ann, "missing post");
      });
    });
  });
});

test("messages behave like a chat app", async () => {
  await journey(env.browser, "chat-dee", DESKTOP, async (dee) => {
    await register(dee, "Dee Park", "dee");
    await journey(env.browser, "chat-eli", PHONE, async (eli) => {
      await register(eli, "Eli Ward", "eli");
      // From a profile: Message.
      await dee.goto(`${env.hearth.url}/people/@eli`);
      await dee.getByRole("button", { name: "Message" }).click();
      await dee.waitForURL(/\/messages\//);
      const box = dee.getByLabel("Message", { exact: true });
      // Enter sends; Shift+Enter adds a line.
      await box.fill("First line");
      await box.press("Shift+Enter");
      await box.pressSequentially("second line");
      await box.press("Enter");
      await dee.getByTestId("message").filter({ hasText: "second line" }).waitFor();
      assert.equal(await box.inputValue(), "");
      for (let n = 1; n <= 30; n++) {
        await box.fill(`Message number ${n}`);
        await box.press("Enter");
        await dee.getByTestId("message").filter({ hasText: `Message number ${n}` }).waitFor();
      }
      await assertAccessible(dee, "conversation (desktop)");

      // Eli: the messages badge says it, the bell does not.
      await eli.reload();
      await eli.getByTestId("unread-messages").filter({ hasText: /\d/ }).waitFor();
      assert.equal(await unreadBell(eli), 0);
      await nav(eli, "Messages").click();
      await eli.getByRole("link", { name: /Dee Park/ }).click();
      // The conversation opens at its newest message, with the box in reach.
      const newest = eli.getByTestId("message").filter({ hasText: "Message number 30" });
      await newest.waitFor();
      await eli.waitForFunction(() => {
        const list = document.querySelector("ol.messages");
        return list.scrollHeight - list.scrollTop - list.clientHeight < 5;
      });
      const bounds = await newest.boundingBox();
      assert.ok(bounds.y + bounds.height <= PHONE.height, `newest at ${bounds.y}`);
      await assertAccessible(eli, "conversation (phone)");

      // Read receipts: under Dee's newest message only.
      const seen = dee.getByText("Seen by Eli Ward");
      await seen.waitFor();
      assert.equal(await seen.count(), 1);
      await dee.getByTestId("message").filter({ hasText: "Message number 30" }).getByText("Seen by Eli Ward").waitFor();
    });
  });
});

test("a phone has bottom navigation, and menus close with Escape or a click elsewhere", async () => {
  await journey(env.browser, "phone-fay", PHONE, async (fay) => {
    await register(fay, "Fay Lin", "fay");
    const bottom = fay.getByRole("navigation", { name: "Main" });
    for (const name of ["Home", "Communities", "Messages", "People"]) {
      await bottom.getByRole("link", { name: new RegExp(`^${name}`) }).waitFor();
    }
    // The composer is one line until used: the feed starts on the first screen.
    const composer = await fay.getByLabel("Share something").boundingBox();
    assert.ok(composer.y + composer.height < 260, `composer ends at ${composer.y + composer.height}`);
    await post(fay, "Hello from my phone");
    await fay.getByTestId("post").filter({ hasText: "Hello from my phone" }).waitFor();
    await fay.locator("form.composer:not(.open)").waitFor();
    const first = await fay.getByTestId("post").first().boundingBox();
    assert.ok(first.y < 450, `first post at y = ${first.y}`);
    await assertAccessible(fay, "home (phone)");

    // More: the rest of the destinations; Escape closes it and gives the focus back.
    await bottom.getByRole("button", { name: "More" }).click();
    await bottom.getByRole("link", { name: "Profile" }).waitFor();
    await fay.keyboard.press("Escape");
    await bottom.getByRole("link", { name: "Profile" }).waitFor({ state: "detached" });

    // The bell's dropdown fits the screen, and a click elsewhere closes it.
    await fay.getByTestId("unread-notifications").click();
    const dropdown = fay.getByRole("dialog", { name: "Latest notifications" });
    const box = await dropdown.boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= PHONE.width, `dropdown at x ${box.x}, width ${box.width}`);
    await assertAccessible(fay, "notifications dropdown (phone)");
    await fay.mouse.click(PHONE.width / 2, PHONE.height - 200);
    await dropdown.waitFor({ state: "detached" });
    await fay.getByTestId("unread-notifications").click();
    await dropdown.waitFor();
    await fay.keyboard.press("Escape");
    await dropdown.waitFor({ state: "detached" });

    // Someone who is not an admin is told /admin is not for them, and offered nothing.
    await fay.goto(`${env.hearth.url}/admin`);
    await fay.getByText("Only admins can see this page.").waitFor();
    assert.equal(await fay.getByRole("heading", { name: "People" }).count(), 0);
    await assertAccessible(fay, "admin (member, phone)");
    await fay.goto(`${env.hearth.url}/people`);
    await fay.getByRole("button", { name: "Message" }).first().waitFor();
    await assertAccessible(fay, "people (phone)");
  });
});
