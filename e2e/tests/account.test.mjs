// Register in the web app, see the profile page, edit the profile, sign out, sign in again.
import { test } from "node:test";
import assert from "node:assert/strict";
import { withHearth, journey } from "../lib/harness.mjs";
import { openRegistration } from "../lib/people.mjs";
import { assertAccessible } from "../lib/axe.mjs";

const env = withHearth();

test("register, see the signed-in page, edit the profile, sign out and in again", async () => {
  await journey(env.browser, "account", { width: 1280, height: 800 }, async (page) => {
    // A client route loaded directly: the server answers with the app (SPA fallback).
    await page.goto(`${env.hearth.url}/register`);
    await page.getByText("You are the first here").waitFor();
    await assertAccessible(page, "register");
    await page.getByLabel("Your name").fill("Ann Lee");
    await page.getByLabel("Username").fill("ann");
    await page.getByLabel("E-mail").fill("ann@example.com");
    await page.getByLabel("Password").fill("correct horse battery");
    await page.getByRole("button", { name: "Create account" }).click();

    // Signed in, the home feed with its composer, and the admin asked how people join:
    // until then nobody else can register.
    await page.getByLabel("Share something").waitFor();
    assert.equal(new URL(page.url()).pathname, "/");
    await journey(env.browser, "account-too-early", { width: 390, height: 844 }, async (early) => {
      await early.goto(`${env.hearth.url}/register`);
      await early.getByText("Hearth is being set up").waitFor();
      await early.getByLabel("Your name").fill("Early Bird");
      await early.getByLabel("Username").fill("early");
      await early.getByLabel("E-mail").fill("early@example.com");
      await early.getByLabel("Password").fill("correct horse battery");
      await early.getByRole("button", { name: "Create account" }).click();
      await early.getByRole("alert").filter({ hasText: "being set up" }).waitFor();
    });
    await openRegistration(page, "example.com");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Profile" }).click();
    await page.getByTestId("signed-in-name").filter({ hasText: "Ann Lee" }).waitFor();
    assert.equal(new URL(page.url()).pathname, "/profile");
    await page.getByText("@ann").waitFor();

    // The session survives a reload.
    await page.reload();
    await page.getByTestId("signed-in-name").filter({ hasText: "Ann Lee" }).waitFor();

    await page.getByRole("button", { name: "Edit profile" }).click();
    await page.getByLabel("Job title").fill("Community manager");
    await page.getByLabel("Skills (comma-separated)").fill("Facilitation, Writing");
    await page.getByRole("button", { name: "Save profile" }).click();
    await page.getByText("Community manager").waitFor();
    await page.getByText("Facilitation").waitFor();

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { name: "Sign in to Hearth" }).waitFor();
    assert.equal(new URL(page.url()).pathname, "/signin");

    // A wrong password shows the server's message and keeps the person signed out.
    await page.getByLabel("Username or e-mail").fill("ann");
    await page.getByLabel("Password").fill("wrong password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").filter({ hasText: "wrong username" }).waitFor();

    await page.getByText("Forgot your password? Ask one of your Hearth admins").waitFor();
    await assertAccessible(page, "sign in");
    await page.getByLabel("Password").fill("correct horse battery");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByLabel("Share something").waitFor();
    await page.goto(`${env.hearth.url}/profile`);
    await page.getByTestId("signed-in-name").filter({ hasText: "Ann Lee" }).waitFor();
    await page.getByText("Community manager").waitFor();

    // A new password: the old one no longer signs in.
    await page.getByLabel("Current password").fill("correct horse battery");
    await page.getByLabel("New password").fill("a longer horse battery");
    await page.getByRole("button", { name: "Change password" }).click();
    await page.getByText("Password changed.").waitFor();
    await assertAccessible(page, "profile");
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByLabel("Username or e-mail").fill("ann");
    await page.getByLabel("Password").fill("correct horse battery");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").filter({ hasText: "wrong username" }).waitFor();
    await page.getByLabel("Password").fill("a longer horse battery");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByLabel("Share something").waitFor();
  });
});

test("the registration form shows the server's validation errors", async () => {
  await journey(env.browser, "register-taken", { width: 375, height: 740 }, async (page) => {
    await page.goto(`${env.hearth.url}/register`);
    await page.getByLabel("Your name").fill("Another Ann");
    await page.getByLabel("Username").fill("ann");
    await page.getByLabel("E-mail").fill("other@example.com");
    await page.getByLabel("Password").fill("correct horse battery");
    await page.getByText("Use your work e-mail address (at example.com)").waitFor();
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByRole("alert").filter({ hasText: "username: already taken" }).waitFor();
    // An address outside the company's domains is refused, saying which are welcome.
    await page.getByLabel("Username").fill("outsider");
    await page.getByLabel("E-mail").fill("outsider@private.example");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByRole("alert").filter({ hasText: "open to addresses at example.com only" }).waitFor();
    assert.equal(new URL(page.url()).pathname, "/register");
  });
});
