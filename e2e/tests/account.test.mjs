// Register in the web app, see the profile page, edit the profile, sign out, sign in again.
import { test } from "node:test";
import assert from "node:assert/strict";
import { withHearth, journey } from "../lib/harness.mjs";

const env = withHearth();

test("register, see the signed-in page, edit the profile, sign out and in again", async () => {
  await journey(env.browser, "account", { width: 1280, height: 800 }, async (page) => {
    // A client route loaded directly: the server answers with the app (SPA fallback).
    await page.goto(`${env.hearth.url}/register`);
    await page.getByLabel("Your name").fill("Ann Lee");
    await page.getByLabel("Username").fill("ann");
    await page.getByLabel("E-mail").fill("ann@example.com");
    await page.getByLabel("Password").fill("correct horse battery");
    await page.getByRole("button", { name: "Create account" }).click();

    // Signed in, the home feed with its composer.
    await page.getByLabel("Share something").waitFor();
    assert.equal(new URL(page.url()).pathname, "/");
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

    await page.getByLabel("Password").fill("correct horse battery");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByLabel("Share something").waitFor();
    await page.goto(`${env.hearth.url}/profile`);
    await page.getByTestId("signed-in-name").filter({ hasText: "Ann Lee" }).waitFor();
    await page.getByText("Community manager").waitFor();
  });
});

test("the registration form shows the server's validation errors", async () => {
  await journey(env.browser, "register-taken", { width: 375, height: 740 }, async (page) => {
    await page.goto(`${env.hearth.url}/register`);
    await page.getByLabel("Your name").fill("Another Ann");
    await page.getByLabel("Username").fill("ann");
    await page.getByLabel("E-mail").fill("other@example.com");
    await page.getByLabel("Password").fill("correct horse battery");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.getByRole("alert").filter({ hasText: "username: already taken" }).waitFor();
    assert.equal(new URL(page.url()).pathname, "/register");
  });
});
