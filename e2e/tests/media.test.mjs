// Pictures: a person puts a face on their profile and posts a photo with alt text; a
// colleague's browser loads both with plain <img> tags (the media cookie, no bearer token);
// a PDF goes along as a named download; a link gets its preview card (from a page served on
// loopback and allowed for this test only), which its author removes; axe-clean on the way.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { deflateSync } from "node:zlib";
import { withHearth, journey } from "../lib/harness.mjs";
import { register } from "../lib/people.mjs";
import { assertAccessible } from "../lib/axe.mjs";

// The linked site, listening before Hearth starts, which is told it may read from it.
const site = createServer((req, res) => {
  if (req.url === "/news") {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(`<html><head><meta property="og:title" content="Summer party on 4 July">
      <meta property="og:description" content="Bring your family; food from noon.">
      <meta property="og:site_name" content="Staff news"><meta property="og:image" content="/party.png">
      </head><body></body></html>`);
  } else if (req.url === "/party.png") {
    res.writeHead(200, { "content-type": "image/png" });
    res.end(png(300, 200, [200, 120, 30]));
  } else {
    res.writeHead(404).end();
  }
});
await new Promise((resolve) => site.listen(0, "127.0.0.1", resolve));
const siteUrl = `http://127.0.0.1:${site.address().port}`;
after(() => site.close());

const env = withHearth({ HEARTH_OUTBOUND_ALLOW: `127.0.0.1:${site.address().port}` });

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "ascii");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/// A real PNG of `width` × `height` in one colour, with a stripe so it is not uniform.
function png(width, height, [r, g, b]) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per channel
  header[9] = 2; // RGB
  const rows = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) {
      const stripe = y < height / 4 ? 255 : 0;
      row.set([r, g, stripe || b], 1 + x * 3);
    }
    rows.push(row);
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    signature,
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(Buffer.concat(rows))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

/// Whether the browser really loaded the image (a refused or missing one has no size).
async function loaded(locator) {
  await locator.waitFor();
  await locator.evaluate((img) => img.decode());
  return locator.evaluate((img) => img.complete && img.naturalWidth > 0);
}

test("a face on the profile and a photo in a post, seen by a colleague", async () => {
  await journey(env.browser, "media-ann", { width: 1280, height: 800 }, async (ann) => {
    await register(ann, env.hearth.url, "Ann Lee", "ann");

    // A face: until then, initials.
    await ann.goto(`${env.hearth.url}/profile`);
    await ann.locator(".topbar .avatar.initials", { hasText: "AL" }).waitFor();
    await ann.getByLabel("Choose a picture").setInputFiles({
      name: "me.png",
      mimeType: "image/png",
      buffer: png(400, 300, [40, 90, 160]),
    });
    assert.ok(await loaded(ann.locator(".topbar img.avatar")), "the top bar shows the new face");
    assert.ok(await loaded(ann.locator("section[aria-labelledby=profile-name] img.avatar")));
    await assertAccessible(ann, "profile with a picture");

    // A post with a photo (described) and a PDF.
    await ann.goto(env.hearth.url);
    await ann.getByLabel("Share something").fill("Our team day at the lake.");
    await ann.getByLabel("Attach photos or files").setInputFiles([
      { name: "lake.png", mimeType: "image/png", buffer: png(800, 600, [20, 140, 90]) },
      { name: "agenda.pdf", mimeType: "application/pdf", buffer: PDF },
    ]);
    const picked = ann.getByTestId("picked");
    await picked.filter({ has: ann.locator("img") }).waitFor();
    await picked.filter({ hasText: "agenda.pdf" }).waitFor();
    await ann.getByPlaceholder("Describe this photo (alt text)").fill("Ten people on a jetty");
    await ann.getByPlaceholder("Describe this photo (alt text)").press("Tab");
    await assertAccessible(ann, "composer with files");
    const send = ann.getByRole("button", { name: "Post", exact: true });
    await ann.waitForFunction(() => {
      const button = [...document.querySelectorAll("form.composer button[type=submit]")][0];
      return button && !button.disabled;
    });
    await send.click();
    const mine = ann.getByTestId("post").filter({ hasText: "team day at the lake" });
    assert.ok(await loaded(mine.getByRole("img", { name: "Ten people on a jetty" })));
    await mine.getByRole("link", { name: "agenda.pdf" }).waitFor();
    assert.equal(await ann.getByTestId("picked").count(), 0, "the composer is empty again");

    await journey(env.browser, "media-bob", { width: 390, height: 844 }, async (bob) => {
      await register(bob, env.hearth.url, "Bob Stone", "bob");
      const seen = bob.getByTestId("post").filter({ hasText: "team day at the lake" });
      assert.ok(await loaded(seen.getByRole("img", { name: "Ten people on a jetty" })), "Bob's browser loads the photo");
      assert.ok(await loaded(seen.locator("img.avatar")), "and Ann's face beside it");
      const pdf = seen.getByRole("link", { name: "agenda.pdf" });
      const href = await pdf.getAttribute("href");
      // The file comes with the cookie, as an attachment that is never run as a page.
      const answer = await bob.evaluate(async (path) => {
        const r = await fetch(path, { credentials: "same-origin" });
        return { status: r.status, disposition: r.headers.get("content-disposition"), sniff: r.headers.get("x-content-type-options") };
      }, href);
      assert.equal(answer.status, 200);
      assert.match(answer.disposition, /^attachment/);
      assert.equal(answer.sniff, "nosniff");
      await assertAccessible(bob, "a post with a photo (phone)");
    });
  });
});

test("a link gets a preview card on a phone, and its author removes it", async () => {
  await journey(env.browser, "preview-cleo", { width: 1280, height: 800 }, async (cleo) => {
    await register(cleo, env.hearth.url, "Cleo Park", "cleo");
    await cleo.goto(env.hearth.url);
    await cleo.getByLabel("Share something").fill(`Save the date: ${siteUrl}/news`);
    await cleo.getByRole("button", { name: "Post", exact: true }).click();
    const mine = cleo.getByTestId("post").filter({ hasText: "Save the date" });
    // The card arrives over the stream a moment after the post.
    const card = mine.getByTestId("link-card");
    await card.getByText("Summer party on 4 July").waitFor();

    await journey(env.browser, "preview-dan", { width: 390, height: 844 }, async (dan) => {
      await register(dan, env.hearth.url, "Dan Ross", "dan");
      const seen = dan.getByTestId("post").filter({ hasText: "Save the date" });
      const theirs = seen.getByTestId("link-card");
      await theirs.getByText("Bring your family; food from noon.").waitFor();
      assert.ok(await loaded(theirs.locator("img")), "the card's picture comes from Hearth");
      assert.equal(await theirs.getByRole("button", { name: "Remove preview" }).count(), 0);
      await assertAccessible(dan, "a post with a link card (phone)");

      await card.getByRole("button", { name: "Remove preview" }).click();
      await card.waitFor({ state: "detached" });
      // Gone for Dan too, live.
      await theirs.waitFor({ state: "detached" });
    });
  });
});
