// The regulator's pages in Debian's chromium, driven by playwright-core (no browser download), against the real
// gateway and the dev issuer that tests/e2e/BrowserTest.cpp started and filled. Checks go through the DOM;
// screenshots of the main states land in tests/e2e/screenshots/ (git-ignored).
//   node browser.test.mjs <gateway base URL> <issuer URL> <screenshot dir> <pki dir>
import fs from "node:fs";
import https from "node:https";
import path from "node:path";
import { chromium } from "playwright-core";

const [base, issuer, shots, pki] = process.argv.slice(2);
fs.mkdirSync(shots, { recursive: true });
let passed = 0;
let failed = 0;

function check(condition, message) {
  if (!condition) throw new Error(message);
}

async function test(name, body) {
  try {
    await body();
    passed += 1;
    console.log(`ok   ${name}`);
  } catch (error) {
    failed += 1;
    console.log(`FAIL ${name}: ${error.stack ?? error}`);
  }
}

/// POST to the dev issuer's test controls.
function control(pathname, body) {
  return new Promise((resolve, reject) => {
    const url = new URL(pathname, issuer);
    const request = https.request(url, { method: "POST", ca: fs.readFileSync(path.join(pki, "ca.pem")),
                                         headers: { "Content-Type": "application/json" } }, (response) => {
      response.resume();
      response.on("end", () => (response.statusCode === 200 ? resolve() : reject(new Error(`${response.statusCode}`))));
    });
    request.on("error", reject);
    request.end(JSON.stringify(body));
  });
}

const SM54 = "specialty=urn:oid:1.2.250.1.213.2.28%7CSM54";
const CALLS = {
  exos: `origin=SAMU33-LRM&streetnumber=5&streetname=cours+de+l%27intendance&inseecode=33063&${SM54}` +
        "&practitioner=urn:oid:1.2.250.1.71.4.2.1%7C810002909371",
  centaure15: "origin=SAMU31-LRM&numvoie=1&voie=place+du+capitole&codeinsee=31555&specialty=MG",
  rramu: `origin=SAMU75-LRM&streetNumber=8&streetName=rue+de+rivoli&inseeCode=75104&${SM54}`,
  appligos: "origin=TEST-APPLIGOS&insee=33063&commune=Bordeaux&specialty=01",
  scriptal: `origin=TEST-SCRIPTAL&streetnumber=10&streetname=COURS+VICTOR+HUGO&inseecode=33063&${SM54}`,
  sisamu: `origin=TEST-SISAMU&adr_num=2&adr_voie=rue+sainte+catherine&adr_insee=33063&${SM54}&mt=Dupont`,
  bisom: "origin=TEST-BISOM&streetnumber=1&streetname=quai+des+chartrons&inseecode=33063" +
         "&specialty=urn:oid:1.2.250.1.213.2.28|SM54",
};
const EXPECTED = {
  exos: { address: /^5 Cours De L'intendance, Bordeaux/, results: true, doctor: "found" },
  centaure15: { address: /Toulouse/, results: false },
  rramu: { address: /^8 Rue De Rivoli, Paris$/, results: false, doctor: "sas_pf_002" },
  appligos: { address: /Bordeaux/, results: true },
  scriptal: { address: /^10 cours victor hugo, bordeaux/i, results: true },
  sisamu: { address: /^2 Rue Sainte Catherine, Bordeaux/, results: true, doctor: "sas_pf_001" },
  bisom: { address: /^1 Quai Des Chartrons, Bordeaux/, results: true },
};

const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true,
                                        args: ["--no-sandbox", "--disable-dev-shm-usage"] });
// The dev CA is not in chromium's store: its certificate errors are waived for this test context only.
const regulator = await browser.newContext({ ignoreHTTPSErrors: true, locale: "fr-FR" });
const page = await regulator.newPage();
const cards = () => page.locator("article.card");

try {
  await test("a contextual call without a session signs in at the issuer and lands on the search page", async () => {
    await page.goto(`${base}/sas/recherche?${CALLS.exos}`);
    check(new URL(page.url()).pathname === "/sas/recherche", `landed on ${page.url()}`);
    check((await page.locator("#user-name").textContent()) === "Sébastien Loridon", "signed-in user shown");
    const cookies = await regulator.cookies();
    const session = cookies.find((c) => c.name === "__Host-sas-session");
    check(session && session.secure && session.httpOnly && session.sameSite === "Lax", JSON.stringify(session));
    await page.screenshot({ path: path.join(shots, "search-results.png"), fullPage: true });
  });

  for (const [dialect, query] of Object.entries(CALLS)) {
    await test(`the ${dialect} contextual call lands on its page`, async () => {
      await page.goto(`${base}/sas/recherche?${query}`);
      const address = (await page.locator("#context-address").textContent()).trim();
      check(EXPECTED[dialect].address.test(address), `address '${address}'`);
      const results = page.locator("#results");
      if (EXPECTED[dialect].results) check((await cards().count()) > 0, "cards shown");
      else check((await page.locator("#no-result").getAttribute("data-code")) === "no-result-48h", "no result");
      const doctor = page.locator("#context-doctor");
      if (EXPECTED[dialect].doctor === "found") {
        const first = cards().first();
        check((await first.locator(".badge.doctor").count()) === 1, "preferred doctor's card first with its badge");
        check((await first.locator(".name").textContent()).includes("Traitant"), "preferred doctor's name");
      } else if (EXPECTED[dialect].doctor) {
        check((await doctor.getAttribute("data-code")) === EXPECTED[dialect].doctor, `doctor code for ${dialect}`);
      }
      check((await results.count()) === 1, "results section");
    });
  }

  await test("cards show slots by day, distance, participation, phone and escaped additional information", async () => {
    await page.goto(`${base}/sas/recherche?${CALLS.exos}`);
    const first = cards().first();
    check((await first.locator(".distance").textContent()).endsWith(" km"), "distance shown");
    check((await first.locator(".badge.participation").textContent()) === "Participe au SAS", "participation badge");
    check((await first.locator(".day").count()) === 3, "three day columns");
    check((await first.locator(".day").nth(1).locator(".slot.sas").count()) === 2, "two slots tomorrow");
    const info = page.locator(".card .info");
    check((await info.count()) >= 1, "additional information shown");
    check((await info.first().textContent()).includes("par la cour"), "additional information text");
    check((await page.locator(".card .info b").count()) === 0, "no HTML injected");
  });

  await test("paging: five cards a page, the second page has the rest, no card twice", async () => {
    await page.goto(`${base}/sas/recherche?${CALLS.exos}`);
    check((await cards().count()) === 5, "five cards on page 1");
    const firstPage = await cards().evaluateAll((all) => all.map((c) => c.dataset.place));
    await page.locator("#pager a[rel=next]").click();
    await page.waitForURL(/page=2/);
    check((await page.locator("#pager").getAttribute("data-page")) === "2", "on page 2");
    const secondPage = await cards().evaluateAll((all) => all.map((c) => c.dataset.place));
    check(secondPage.length === 2, `two cards on page 2, got ${secondPage.length}`);
    check(secondPage.every((p) => !firstPage.includes(p)), "no card on both pages");
    await page.screenshot({ path: path.join(shots, "search-page-2.png"), fullPage: true });
  });

  await test("booking an agenda SAS slot: phone shown, orientation recorded, slot gone, listed", async () => {
    await page.goto(`${base}/sas/recherche?${CALLS.exos}`);
    const card = cards().nth(1);
    const place = await card.getAttribute("data-place");
    const before = await card.locator(".slot.sas").count();
    await card.locator(".slot.sas").first().click();
    await page.waitForURL(/\/sas\/recherche\/orientation/);
    check((await page.locator("#form-phone").textContent()).startsWith("05 56 00 00 0"), "doctor's phone on the form");
    await page.screenshot({ path: path.join(shots, "orientation-form.png"), fullPage: true });
    const formUrl = page.url();
    // A forged POST (no CSRF token, or another one) with the browser's own cookie is refused and books nothing: the
    // slot count below drops by exactly one, for the real click.
    const fields = Object.fromEntries(await page.locator("#orientation input[type=hidden]")
      .evaluateAll((inputs) => inputs.map((input) => [input.name, input.value])));
    const { csrf, ...withoutToken } = fields;
    check(csrf && csrf.length >= 16, "the form carries the session's CSRF token");
    for (const [what, form] of [["no token", withoutToken], ["a wrong token", { ...withoutToken, csrf: "0".repeat(csrf.length) }]]) {
      const forged = await page.request.post(`${base}/sas/recherche/orientation`, { form, maxRedirects: 0 });
      check(forged.status() === 403, `a booking with ${what} is refused with 403, got ${forged.status()}`);
    }
    await page.locator("#confirm-orientation").click();
    await page.locator("#message").waitFor();
    check((await page.locator("#message").getAttribute("data-code")) === "orientation-recorded",
          await page.locator("#message").textContent());
    await page.screenshot({ path: path.join(shots, "orientation-recorded.png"), fullPage: true });
    await page.locator("#back-to-results").click();
    const after = await page.locator(`article.card[data-place="${place}"] .slot.sas`).count();
    check(after === before - 1, `slot gone from the card (${before} → ${after})`);
    // The same slot again: it is taken.
    await page.goto(formUrl);
    await page.locator("#confirm-orientation").click();
    await page.locator("#message").waitFor();
    check((await page.locator("#message").getAttribute("data-state")) === "error", "second booking refused");
    await page.goto(`${base}/sas/orientations`);
    check((await page.locator("#orientations").getAttribute("data-count")) === "1", "one orientation listed");
  });

  await test("no result in 48 h, then the 'en sus' button lists who takes patients beyond their slots", async () => {
    await page.goto(`${base}/sas/recherche?${CALLS.centaure15}`);
    check((await page.locator("#no-result").textContent()).includes("Aucune offre de soins n'est disponible dans les 48h"),
          "the platform's message");
    await page.screenshot({ path: path.join(shots, "no-result-48h.png"), fullPage: true });
    await page.locator("#search-en-sus").click();
    await page.waitForURL(/ensus=1/);
    check((await page.locator("#results").getAttribute("data-mode")) === "en-sus", "en sus mode");
    check((await page.locator("#en-sus-switch").isChecked()), "switch on");
    check((await cards().count()) === 1, "the Toulouse doctor");
    check((await page.locator("a.en-sus").count()) === 1, "hors créneaux button");
    await page.screenshot({ path: path.join(shots, "en-sus.png"), fullPage: true });
    await page.locator("#en-sus-switch").uncheck(); // the script follows the switch
    await page.waitForURL((url) => !url.search.includes("ensus=1"));
    check((await page.locator("#results").getAttribute("data-mode")) === "slots", "back to slots");
  });

  await test("unknown origin: the platform's message", async () => {
    await page.goto(`${base}/sas/recherche?origin=SAMU99&inseecode=33063`);
    check((await page.locator("#message").getAttribute("data-code")) === "origin-unknown", "origin-unknown");
    check((await page.locator("#message").textContent()).includes("est désactivé pour des raisons techniques"), "text");
    await page.screenshot({ path: path.join(shots, "origin-unknown.png"), fullPage: true });
  });

  await test("address not recognised: a clear French page", async () => {
    await page.goto(`${base}/sas/recherche?origin=SAMU33-LRM&streetnumber=12&city=Bordeaux`);
    check((await page.locator("#message").getAttribute("data-code")) === "address-unknown", "address-unknown");
    check((await page.locator("#message h1").textContent()) === "Adresse non reconnue", "heading");
    await page.screenshot({ path: path.join(shots, "address-unknown.png"), fullPage: true });
  });

  await test("the practitioner's dashboard marks the orientation honoured", async () => {
    // The second card of the Exos call is the first non-preferred doctor by distance: Alice Aubert (bx-2)… but the
    // booked one is whoever the page showed second; find them through the regulator's list.
    await page.goto(`${base}/sas/orientations`);
    const practitioner = (await page.locator("#orientations tbody tr td").nth(1).textContent()).trim();
    const rpps = { "Alice Aubert": "810000000101", "Bruno Bernard": "810000000102", "Chloé Chevalier": "810000000103",
                   "David Dubois": "810000000104", "Emma Etienne": "810000000105", "Fabien Fontaine": "810000000106",
                   "Médecin Traitant": "810002909371" }[practitioner];
    check(rpps, `booked practitioner '${practitioner}'`);
    await control("/test/next-user", { nationalId: rpps, givenName: practitioner.split(" ")[0],
                                       familyName: practitioner.split(" ")[1] });
    const doctorContext = await browser.newContext({ ignoreHTTPSErrors: true });
    const doctor = await doctorContext.newPage();
    await doctor.goto(`${base}/sas/tableau-de-bord`);
    check((await doctor.locator("#orientations").getAttribute("data-count")) === "1", "one orientation received");
    await doctor.locator("button.honoured").click();
    await doctor.waitForURL(/tableau-de-bord$/);
    check((await doctor.locator("#orientations tbody tr").getAttribute("data-status")) === "honoured", "honoured");
    await doctor.screenshot({ path: path.join(shots, "dashboard.png"), fullPage: true });
    await doctorContext.close();
  });

  await test("signing out closes the session", async () => {
    await page.goto(`${base}/sas/orientations`);
    await page.locator("form.logout button").click();
    await page.locator("#message[data-code=signed-out]").waitFor();
    check(!(await regulator.cookies()).some((c) => c.name === "__Host-sas-session" && c.value), "cookie cleared");
  });
} finally {
  await browser.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
