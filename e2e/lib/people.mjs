// Steps several journeys share.

// The instances whose first account (the admin) has chosen how people join.
const opened = new Set();

/// Registers through the form and waits for the home feed. The first account on an instance
/// is its admin, who then opens registration to example.com addresses, as a fresh
/// instance's admin is asked to.
export async function register(page, url, name, username, { email, invite } = {}) {
  await page.goto(`${url}/register${invite ? `?invite=${invite}` : ""}`);
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("E-mail").fill(email ?? `${username}@example.com`);
  await page.getByLabel("Password").fill("correct horse battery");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByLabel("Share something").waitFor();
  if (!opened.has(url)) {
    opened.add(url);
    await openRegistration(page, "example.com");
  }
}

/// As the admin: lets people with an address at `domain` register.
export async function openRegistration(page, domain) {
  await page.getByRole("link", { name: "Choose how people join Hearth" }).click();
  await page.getByLabel("People with a company e-mail address").check();
  await page.getByLabel(/E-mail domains/).fill(domain);
  await page.getByRole("button", { name: "Save settings" }).click();
  await page.getByText("Settings saved.").waitFor();
  await page.goto(url(page, "/"));
  await page.getByLabel("Share something").waitFor();
}

function url(page, path) {
  return new URL(path, page.url()).toString();
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
