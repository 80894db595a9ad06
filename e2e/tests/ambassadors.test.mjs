// Ambassadors: three teams react to each other's posts and only Bea connects them. The admin
// switches finding ambassadors on and runs a round; Bea is invited by Hearth, accepts and
// carries a badge; the admin sees her name (never a ranking) and messages every ambassador.
import { test } from "node:test";
import assert from "node:assert/strict";
import { withHearth, journey } from "../lib/harness.mjs";
import { register, nav } from "../lib/people.mjs";

// The set-up registers 15 people through the API from one address: each says it comes from
// an address of its own, through the loopback "proxy" Hearth is told to trust.
const env = withHearth({ HEARTH_TRUSTED_PROXY: "127.0.0.1" });
let nextAddress = 1;

const desktop = { width: 1280, height: 800 };

/// Calls the API as someone with a token (the set-up the browser need not click through).
async function api(token, method, path, body) {
  const response = await fetch(`${env.hearth.url}/api/v1${path}`, {
    method,
    headers: {
      "content-type": "application/json",
      "x-forwarded-for": `10.0.0.${nextAddress++ % 250}`,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  assert.ok(response.ok, `${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

async function person(username, department) {
  const auth = await api(null, "POST", "/auth/register", {
    username,
    email: `${username}@example.com`,
    password: "correct horse battery",
    display_name: username,
  });
  await api(auth.access_token, "PATCH", "/me", { department });
  return auth.access_token;
}

async function postOf(token, text) {
  return (await api(token, "POST", "/posts", { body: text })).id;
}

test("a bridge between teams is invited, accepts and hears from the managers", async () => {
  await journey(env.browser, "ambassadors-ann", desktop, async (ann) => {
    await register(ann, env.hearth.url, "Ann Lee", "ann");
    await journey(env.browser, "ambassadors-bea", desktop, async (bea) => {
      await register(bea, env.hearth.url, "Bea Bridge", "bea");
      const beaToken = (await api(null, "POST", "/auth/login", { login: "bea", password: "correct horse battery" })).access_token;
      await api(beaToken, "PATCH", "/me", { department: "Engineering" });
      const beaPost = await postOf(beaToken, "Anyone up for a cross-team lunch?");
      for (const department of ["Engineering", "Sales", "Design"]) {
        const team = [];
        for (let i = 0; i < 5; i++) team.push(await person(`${department.slice(0, 3).toLowerCase()}${i}`, department));
        const posts = [];
        for (const token of team) posts.push(await postOf(token, `News from ${department}`));
        for (const [i, token] of team.entries()) {
          for (const [j, id] of posts.entries()) if (i !== j) await api(token, "PUT", `/posts/${id}/like`);
        }
        for (const i of [0, 1]) {
          await api(beaToken, "PUT", `/posts/${posts[i]}/like`);
          await api(team[i], "PUT", `/posts/${beaPost}/like`);
        }
      }

      await nav(ann, "Admin").click();
      await ann.getByLabel("What Hearth counts").selectOption({ label: "… and finding ambassadors" });
      await ann.getByRole("button", { name: "Save settings" }).click();
      await ann.getByText("Settings saved.").waitFor();
      await nav(ann, "Ambassadors").click();
      await ann.getByRole("button", { name: "Find candidates now" }).click();
      await ann.getByTestId("round").filter({ hasText: "Found 1 candidate(s); 1 new invitation(s) sent." }).waitFor();
      await ann.getByTestId("candidates").filter({ hasText: "1" }).waitFor();
      assert.equal(await ann.getByText("Bea Bridge").count(), 0, "candidates are not named");

      await bea.goto(`${env.hearth.url}/notifications`);
      await bea.getByRole("link", { name: /Hearth invites you to join the ambassadors/ }).first().click();
      await bea.getByTestId("invitation").filter({ hasText: "connect people across teams" }).waitFor();
      await bea.getByRole("button", { name: "Join the ambassadors" }).click();
      await bea.getByTestId("ambassador").waitFor();
      await bea.getByRole("link", { name: "The ambassadors' community" }).click();
      await bea.getByRole("heading", { name: "Ambassadors" }).waitFor();

      await ann.reload();
      await ann.getByTestId("ambassador-name").filter({ hasText: "Bea Bridge" }).waitFor();
      await ann.getByRole("textbox", { name: "Your message" }).fill("Welcome, and thank you for connecting our teams!");
      await ann.getByRole("button", { name: "Send" }).click();
      await ann.getByText("Sent to 1 ambassador(s).").waitFor();
      await ann.getByTestId("ambassador-name").getByRole("link", { name: "Bea Bridge" }).click();
      await ann.getByTestId("ambassador-badge").waitFor();

      await bea.goto(`${env.hearth.url}/notifications`);
      await bea.getByText("Ann Lee to all ambassadors: Welcome, and thank you", { exact: false }).first().waitFor();
    });
  });
});
