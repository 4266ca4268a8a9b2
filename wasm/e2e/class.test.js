// Browser test of the teacher's page (/class) on one `bin/arcade serve`:
// a teacher creates a class from the page, sees its code and secret link,
// opens the dashboard from the link, pauses the class with a message,
// locks a level, exports the CSV, sees a pupil appear in the grid (the
// progress answer is extended in the browser until pupils join for real),
// switches to the projector view, prints join cards and ends the class.
// No URL the page requests holds the teacher key outside its fragment.
//
// SCREENSHOTS=dir writes the create form, the dashboard and the cards at
// 1280×720 and 1024×768 into dir.
//
// Like the other browser tests it waits on conditions, never on time.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launch, startServer } from './lib.js';

const WAIT = { timeout: 30_000 };
const shots = process.env.SCREENSHOTS;

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launch();
  if (shots) mkdirSync(shots, { recursive: true });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function newPage(viewport) {
  const context = await browser.newContext({ viewport, locale: 'fr-FR', acceptDownloads: true });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  page.requests = [];
  page.on('request', (r) => page.requests.push({ url: r.url(), headers: r.headers() }));
  return { context, page };
}

const text = (page, sel) => page.locator(sel).innerText();
const shot = async (page, name) => { if (shots) await page.screenshot({ path: join(shots, name), fullPage: true }); };

// A pupil as the progress shows one, for the class's levels.
function pupil(levels) {
  return {
    id: 1, pseudonym: 'Renard-Bleu', joined_at: new Date().toISOString(), last_progress_at: new Date().toISOString(), idle: false,
    levels: levels.map((level, i) => (i === 0
      ? { level, status: 'won', best: 1250, attempts: 2 }
      : { level, status: 'playing', best: 0, attempts: 0 })),
  };
}

test('a teacher creates a class, follows it on the dashboard and controls it', async () => {
  const { context, page } = await newPage({ width: 1280, height: 720 });
  const res = await page.goto(new URL('/class', server.url).href);
  assert.equal(res.status(), 200);
  assert.match(res.headers()['content-security-policy'], /default-src 'self'/);
  assert.equal(await text(page, '#create-h'), 'Créer une classe');
  // The campaign levels, in campaign order, with their French titles.
  const numbers = await page.locator('.levels .num').allInnerTexts();
  assert.ok(numbers.length >= 10, `${numbers.length} levels offered`);
  assert.deepEqual(numbers, numbers.map((_, i) => String(i + 1)));
  assert.equal(await page.locator('.levels .level-title').first().innerText(), 'La cagnotte commune');

  // The switch speaks English, and back.
  await page.click('#lang');
  assert.equal(await text(page, '#create-h'), 'Create a class');
  assert.equal(await page.locator('.levels .level-title').first().innerText(), 'The common pot');
  await page.click('#lang');
  assert.equal(await text(page, '#create-h'), 'Créer une classe');

  // Refused without a level, in words.
  await page.fill('#name', '4e B — Économie');
  await page.click('#create-submit');
  assert.equal(await text(page, '#create-error'), 'Choisissez au moins un niveau.');
  await shot(page, 'create-1280x720.png');
  await page.check('input[name=levels][value=tax-pot]');
  await page.check('input[name=levels][value=rgpd]');
  await page.click('#create-submit');
  await page.locator('#created').waitFor(WAIT);

  const code = await text(page, '#created-code');
  assert.match(code, /^[ACDEFGHJKMNPQRTWXY34679]{6}$/);
  const link = await page.inputValue('#created-link');
  const m = new RegExp(`^(http://[^/]+)/class#${code}\\.([A-Za-z0-9_-]{43})$`).exec(link);
  assert.ok(m, `teacher link ${link}`);
  const key = m[2];
  assert.equal(await text(page, '#created-join'), `${m[1]}/?class=${code}`);
  assert.match(await text(page, '#created .warning'), /^Perdre ce lien, c'est perdre la classe/);
  await shot(page, 'created-1280x720.png');
  await page.click('#copy');
  await page.waitForFunction(() => document.getElementById('copy-status').textContent !== '', null, WAIT);

  // The dashboard, from the link: empty, live.
  await page.click('#created-open');
  await page.locator('#dash').waitFor(WAIT);
  await page.waitForFunction(() => document.getElementById('dash-h').textContent === '4e B — Économie', null, WAIT);
  assert.equal(await text(page, '#dash-code'), code);
  assert.equal(await text(page, '#dash-state'), 'En cours');
  assert.match(await text(page, '#grid-empty'), new RegExp(`Aucun élève pour l'instant.*${code}`));
  assert.equal(await text(page, '#quiz-empty'), 'Pas encore de réponse au quiz.');

  // Pause with a message: the server's answer in words.
  await page.fill('#pause-message', 'Regardez le tableau');
  await page.click('#pause');
  await page.waitForFunction(() => /Classe en pause/.test(document.getElementById('dash-status').textContent), null, WAIT);
  assert.equal(await text(page, '#dash-status'), 'Classe en pause. Les élèves voient\u00a0: «\u00a0Regardez le tableau\u00a0».');
  assert.equal(await text(page, '#dash-state'), 'En pause\u00a0: «\u00a0Regardez le tableau\u00a0»');
  assert.ok(await page.locator('#resume').isVisible());

  // Lock a level.
  await page.click('button[data-level=rgpd]');
  await page.waitForFunction(() => /verrouillé\.$/.test(document.getElementById('dash-status').textContent), null, WAIT);
  await page.waitForFunction(() => document.querySelector('button[data-level=rgpd]')?.textContent === 'Déverrouiller', null, WAIT);

  // The CSV, downloaded with the key in a header.
  const [download] = await Promise.all([page.waitForEvent('download', WAIT), page.click('#csv')]);
  assert.equal(download.suggestedFilename(), `classe-${code}.csv`);
  const chunks = [];
  for await (const c of await download.createReadStream()) chunks.push(c);
  const csv = Buffer.concat(chunks);
  assert.deepEqual([...csv.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'the CSV starts with the UTF-8 BOM');
  assert.match(csv.toString('utf8', 3), /^pseudonym;tax-pot status;tax-pot best;tax-pot attempts;rgpd status;/);

  // A pupil in the progress (pupils join over the WebSocket, another
  // piece of work): the grid shows them within a poll.
  await page.route('**/api/classes/*/progress', async (route) => {
    const real = await route.fetch({ headers: { ...route.request().headers(), 'if-none-match': '' } });
    const body = await real.json();
    body.pupils = [pupil(body.class.levels)];
    body.quiz = [{ level: 'tax-pot', question: 'quiz1.q', answers: 4, right: 3, right_share: 0.75, wrong_choice: 1, wrong_count: 1 }];
    await route.fulfill({ status: 200, headers: { 'content-type': 'application/json', etag: '"fake"' }, body: JSON.stringify(body) });
  });
  await page.locator('#grid tbody tr[data-pupil="1"]').waitFor(WAIT);
  const row = await text(page, '#grid tbody tr[data-pupil="1"]');
  assert.match(row, /Renard-Bleu/);
  assert.match(row, /gagné\s+1\u202f250 pts · 2 essais/);
  assert.match(row, /en cours/);
  assert.ok(await page.locator('#grid-empty').isHidden());
  const quiz = await text(page, '#quiz tbody');
  assert.match(quiz, /transfert de bénéfices/);
  assert.match(quiz, /75\u202f% \(3 sur 4\)/);
  assert.match(quiz, /Déplacer une usine .* \(1 fois\)/);
  await shot(page, 'dashboard-1280x720.png');
  await page.setViewportSize({ width: 1024, height: 768 });
  await shot(page, 'dashboard-1024x768.png');

  // The projector view: the pot and the class board, big.
  await page.click('#projector');
  await page.locator('#board li').first().waitFor(WAIT);
  assert.match(await text(page, '#board'), /Renard-Bleu\s+1\u202f250 pts/);
  assert.equal(await text(page, '#pot-total'), '1\u202f250');
  assert.ok(await page.locator('#controls').isHidden());
  await page.setViewportSize({ width: 1280, height: 720 });
  await shot(page, 'projector-1280x720.png');
  await page.click('#back');
  await page.unroute('**/api/classes/*/progress');

  // Join cards: the code and a QR code the server drew.
  const cards = await context.newPage();
  cards.requests = [];
  cards.on('request', (r) => cards.requests.push({ url: r.url(), headers: r.headers() }));
  await cards.goto(new URL(`/class/cards#${code}`, server.url).href);
  await cards.locator('.card').first().waitFor(WAIT);
  assert.equal(await cards.locator('.card').count(), 32);
  assert.equal(await text(cards, '.card .card-code >> nth=0'), code);
  await cards.waitForFunction(() => [...document.images].every((i) => i.complete && i.naturalWidth > 200), null, WAIT);
  await shot(cards, 'cards-1280x720.png');
  await cards.setViewportSize({ width: 1024, height: 768 });
  await shot(cards, 'cards-1024x768.png');
  if (shots) await cards.pdf?.({ path: join(shots, 'cards.pdf'), format: 'A4' }).catch(() => {});

  // End the class, confirmed.
  page.once('dialog', (d) => d.accept());
  await page.click('#end');
  await page.waitForFunction(() => document.getElementById('dash-status').textContent === 'La classe est terminée.', null, WAIT);
  await page.waitForFunction(() => /^Classe terminée/.test(document.getElementById('dash-state').textContent), null, WAIT);

  // The key went in headers only, never in a URL sent to the server.
  const sent = page.requests.concat(cards.requests);
  for (const r of sent) {
    assert.ok(!r.url.split('#')[0].includes(key), `the key is in ${r.url}`);
    assert.ok(!(r.headers.referer || '').includes(key), `the key is in the Referer of ${r.url}`);
  }
  const authorised = sent.filter((r) => r.headers.authorization === `Bearer ${key}`);
  assert.ok(authorised.some((r) => r.url.endsWith('/progress')), 'progress read with the key');
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('the create form and a bad link at tablet size', async () => {
  const { context, page } = await newPage({ width: 1024, height: 768 });
  await page.goto(new URL('/class', server.url).href);
  await shot(page, 'create-1024x768.png');
  await page.goto(new URL('/class#ACDEFG.' + 'A'.repeat(43), server.url).href);
  await page.waitForFunction(() => !document.getElementById('notice').hidden, null, WAIT);
  // No class has this code: said in words, and the polling stops.
  assert.equal(await text(page, '#notice'), 'Classe ou élève introuvable (peut-être déjà effacé).');
  await context.close();
});
