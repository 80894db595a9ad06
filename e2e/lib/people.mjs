// Steps several journeys share.

/// Registers through the form and waits for the home feed.
export async function register(page, url, name, username, { email, invite } = {}) {
  await page.goto(`${url}/register${invite ? `?invite=${invite}` : ""}`);
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("E-mail").fill(email ?? `${username}@example.com`);
  await page.getByLabel("Password").fill("correct horse battery");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByLabel("Share something").waitFor();
}

/// Writes a post with the composer, company-wide or in the community named `target`.
export async function post(page, text, target) {
  await page.getByLabel("Share something").fill(text);
  if (target) await page.getByLabel("Post to").selectOption({ label: target });
  await page.getByRole("button", { name: "Post", exact: true }).click();
}

/// A link of the main navigation; its name may go on with an unread count.
export function nav(page, name) {
  return page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: new RegExp(`^${name}\\b`) });
}
