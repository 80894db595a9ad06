// Direct messages: a message arriving live, the unread count, typing and "seen by".
import { test } from "node:test";
import { withHearth, journey } from "../lib/harness.mjs";
import { register, nav } from "../lib/people.mjs";

const env = withHearth();

const desktop = { width: 1280, height: 800 };

test("a conversation, live, with typing and read receipts", async () => {
  await journey(env.browser, "messages-ann", desktop, async (ann) => {
    await register(ann, env.hearth.url, "Ann Lee", "ann");
    await journey(env.browser, "messages-bob", desktop, async (bob) => {
      await register(bob, env.hearth.url, "Bob Stone", "bob");

      await nav(ann, "Messages").click();
      await ann.getByLabel("New conversation with…").fill("bob");
      await ann.getByRole("button", { name: "Find" }).click();
      await ann.getByRole("button", { name: "Message Bob Stone" }).click();
      await ann.getByRole("heading", { name: "Bob Stone" }).waitFor();
      await ann.getByLabel("Message", { exact: true }).fill("Hi Bob, lunch today?");
      await ann.getByRole("button", { name: "Send" }).click();
      await ann.getByTestId("message").filter({ hasText: "lunch today?" }).waitFor();

      // Bob, on his home page, sees the unread count rise without reloading.
      await bob.getByTestId("unread-messages").filter({ hasText: "1" }).waitFor();
      await nav(bob, "Messages").click();
      await bob.getByRole("link", { name: "Ann Lee" }).click();
      await bob.getByTestId("message").filter({ hasText: "lunch today?" }).waitFor();

      // Ann sees that Bob read it, then that he is typing, then his answer.
      await ann.getByText("Seen by Bob Stone").waitFor();
      await bob.getByLabel("Message", { exact: true }).pressSequentially("Sure, ", { delay: 20 });
      await ann.getByText("Bob Stone is typing…").waitFor();
      await bob.getByLabel("Message", { exact: true }).pressSequentially("12:30?");
      await bob.getByRole("button", { name: "Send" }).click();
      await ann.getByTestId("message").filter({ hasText: "Sure, 12:30?" }).waitFor();
    });
  });
});
