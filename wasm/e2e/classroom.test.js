// Browser test of a classroom workshop, end to end, on one `bin/arcade
// serve` with its real store and verification workers: a teacher creates
// a class on /class and opens the live dashboard from the teacher link;
// three pupils, each in their own browser context, join by code from
// /?class=CODE (the generated pseudonym, a secret picture) and win the
// class's first level (rgpd, whose golden inputs, given with
// ?inputs=, answer its quiz) to a verified score. The dashboard shows each
// change without a reload: pupils joining, a level being played, the wins
// and the quiz. The teacher's pause reaches every pupil; the third pupil
// rejoins from a fresh context (as on another device) with their picture
// and wins there; the CSV export matches the dashboard.
//
// SCREENSHOTS=dir writes the join screen and the picture grid at 1280×720
// and 390×844 into dir.
//
// Like the other browser tests it waits on conditions, never on time.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { arcadeBin, launch, root, startServer } from './lib.js';

// verifiedScore is the score of a level's golden winning replay.
function verifiedScore(level) {
  const out = execFileSync(arcadeBin, ['verify', join(root, 'levels', level), join(root, 'levels', level, 'testdata/win.replay')], { encoding: 'utf8' });
  const m = / score=(\d+) /.exec(out);
  if (!m) throw new Error(`arcade verify printed ${out}`);
  return Number(m[1]);
}

const WAIT = { timeout: 120_000 };
const LEVEL = 'rgpd';
const OTHER = 'decentralise'; // after rgpd in the campaign, so second in the class
// rgpd's golden winning run, as `arcade verify` scores it (any edit of the
// level writes its golden runs again): it answers the level's two quiz
// questions right.
const WIN = { score: verifiedScore(LEVEL) };
// A run plays in real time: about a minute at 60 frames a second, more
// when software rendering slows the page down.
const PLAY = { timeout: 600_000 };
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

function collectErrors(page) {
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
}

const state = (page) => page.evaluate(() => window.arcade.state());

async function waitState(page, what, fn, arg, limit = WAIT) {
  try {
    await page.waitForFunction(fn, arg, limit);
  } catch (e) {
    const s = await state(page).catch(() => null);
    throw new Error(`${what}: ${e.message}\nstate: ${JSON.stringify(s)}\nerrors: ${page.errors.join('\n')}`);
  }
}

const scene = (page, name) => waitState(page, `scene ${name}`, (n) => window.arcade.state().scene === n, name);

// press holds a key for two drawn frames, so that the game's tick sees it
// down, then lets it go and waits two frames more.
async function press(page, key) {
  const frames = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.keyboard.down(key);
  await frames();
  await page.keyboard.up(key);
  await frames();
}

// newPupil opens the game in a fresh context (a new device) at path.
async function newPupil(path, viewport = { width: 640, height: 360 }) {
  const context = await browser.newContext({ viewport, locale: 'fr-FR' });
  const page = await context.newPage();
  collectErrors(page);
  await page.goto(new URL(path, server.url).href);
  await waitState(page, 'ready and online', () => window.arcade?.ready === true && window.arcade.state().online.status === 'online');
  await page.locator('canvas').click({ position: { x: 5, y: 5 } });
  return { context, page };
}

// pickPicture chooses animal a (0–11, in rows of 6) and colour c (0–7, in
// rows of 4) on the picture screen, then OK.
async function pickPicture(page, a, c) {
  await scene(page, 'class_picture');
  if (a >= 6) await press(page, 'ArrowDown');
  for (let i = 0; i < a % 6; i++) await press(page, 'ArrowRight');
  await press(page, 'Enter'); // the cursor moves to the colours
  if (c >= 4) await press(page, 'ArrowDown');
  for (let i = 0; i < c % 4; i++) await press(page, 'ArrowRight');
  await press(page, 'Enter'); // the cursor moves to OK
  await press(page, 'Enter');
}

// joinNew joins as a new pupil with the generated pseudonym.
async function joinNew(page, a, c) {
  await scene(page, 'class_code');
  await press(page, 'Enter'); // "I'm new", selected since the code is there
  await scene(page, 'class_name');
  await press(page, 'Enter'); // Next, with the generated pseudonym
  await pickPicture(page, a, c);
  await waitState(page, 'joined', () => window.arcade.state().class?.joined === true);
  await scene(page, 'class');
  return (await state(page)).class;
}

// playFirst opens the class's first level from the class screen.
async function playFirst(page) {
  await press(page, 'Enter'); // Play the class's levels
  await scene(page, 'select');
  await press(page, 'Enter'); // the first level
  await scene(page, 'play');
}

async function waitStored(page) {
  await waitState(page, 'run stored', (l) => {
    const s = window.arcade.state().online.submission;
    return s && s.level === l && (s.state === 'stored' || s.state === 'refused');
  }, LEVEL, PLAY);
  const s = await state(page);
  assert.equal(s.outcome, 'won');
  assert.equal(s.online.submission.state, 'stored', JSON.stringify(s.online.submission));
  assert.equal(s.online.submission.score, WIN.score);
  return s;
}

// The dashboard as the teacher's page shows it: per pupil, per level, the
// status (the cell's class) and the best score.
function readGrid(page) {
  return page.evaluate(() => [...document.querySelectorAll('#grid tbody tr')].map((tr) => ({
    pseudonym: tr.querySelector('.pseudonym').textContent,
    levels: [...tr.querySelectorAll('td[class^="st-"]')].map((td) => ({
      status: td.className.replace(/^st-/, ''),
      best: Number((td.querySelector('.detail')?.textContent.split(' pts')[0] || '0').replace(/\D/g, '')),
    })),
  })));
}

const cellOf = (page, pseudonym, i) => page.evaluate(({ p, i }) => {
  const tr = [...document.querySelectorAll('#grid tbody tr')].find((r) => r.querySelector('.pseudonym').textContent === p);
  return tr ? tr.querySelectorAll('td[class^="st-"]')[i].className : null;
}, { p: pseudonym, i });

const waitCell = (page, pseudonym, i, cls) => page.waitForFunction(({ p, i, cls }) => {
  const tr = [...document.querySelectorAll('#grid tbody tr')].find((r) => r.querySelector('.pseudonym').textContent === p);
  return tr?.querySelectorAll('td[class^="st-"]')[i]?.className === cls;
}, { p: pseudonym, i, cls }, WAIT);

test('a class: three pupils join, play and win; the teacher follows live, pauses, exports', async () => {
  // The teacher creates the class on /class and opens the dashboard.
  const tctx = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'fr-FR', acceptDownloads: true });
  const teacher = await tctx.newPage();
  collectErrors(teacher);
  await teacher.goto(new URL('/class', server.url).href);
  await teacher.fill('#name', '4e B — Numérique');
  await teacher.check(`input[name=levels][value=${LEVEL}]`);
  await teacher.check(`input[name=levels][value=${OTHER}]`);
  await teacher.click('#create-submit');
  await teacher.locator('#created').waitFor(WAIT);
  const code = await teacher.locator('#created-code').innerText();
  const joinURL = await teacher.locator('#created-join').innerText();
  assert.equal(joinURL, new URL(`/?class=${code}`, server.url).href);
  await teacher.click('#created-open');
  await teacher.locator('#dash').waitFor(WAIT);
  await teacher.waitForFunction(() => document.getElementById('dash-h').textContent === '4e B — Numérique', null, WAIT);
  // From here on the dashboard is never reloaded: every change below
  // reaches it by itself.
  let navigations = 0;
  teacher.on('framenavigated', (f) => { if (f === teacher.mainFrame()) navigations++; });

  const win = readFileSync(join(root, `levels/${LEVEL}/testdata/win.txt`), 'utf8');
  const withInputs = `/?class=${code}&inputs=${encodeURIComponent(win)}`;

  // Pupils 1 and 2 join, then play at the same time, and win.
  const pupils = [];
  for (const i of [0, 1]) {
    const p = await newPupil(withInputs);
    const cls = await joinNew(p.page, i, i);
    assert.equal(cls.code, code);
    assert.deepEqual(cls.levels, [LEVEL, OTHER]);
    assert.equal(cls.public, false);
    p.pseudonym = cls.pseudonym;
    pupils.push(p);
    await teacher.waitForFunction((n) => document.querySelectorAll('#grid tbody tr').length === n, i + 1, WAIT);
  }
  for (const p of pupils) await playFirst(p.page);
  for (const p of pupils) {
    const s = await waitStored(p.page);
    // Kept for the class only: no public rank.
    assert.equal(s.online.submission.rank, 0);
    await waitCell(teacher, p.pseudonym, 0, 'st-won');
  }

  // Pupil 3 joins without inputs and opens the level: "playing" on the
  // dashboard while the level runs.
  const third = await newPupil(`/?class=${code}`);
  const cls3 = await joinNew(third.page, 7, 5);
  third.pseudonym = cls3.pseudonym;
  await playFirst(third.page);
  await waitCell(teacher, third.pseudonym, 0, 'st-playing');

  // The teacher pauses: every pupil's game shows the message.
  await teacher.fill('#pause-message', 'Regardez le tableau');
  await teacher.click('#pause');
  for (const p of [...pupils, third]) {
    await waitState(p.page, 'paused', () => {
      const c = window.arcade.state().class;
      return c?.paused === true && c.message === 'Regardez le tableau';
    });
  }
  // The level's clock stands still under the pause.
  const t1 = (await state(third.page)).tick;
  await third.page.evaluate(() => new Promise((r) => { let n = 10; const f = () => (--n ? requestAnimationFrame(f) : r()); f(); }));
  assert.equal((await state(third.page)).tick, t1);
  await teacher.click('#resume');
  for (const p of [...pupils, third]) {
    await waitState(p.page, 'resumed', () => window.arcade.state().class?.paused === false);
  }
  assert.deepEqual(third.page.errors, []);
  await third.context.close();

  // Pupil 3 again, on another device: their pseudonym in the class's
  // list, the same picture, and a win there.
  const again = await newPupil(withInputs);
  await scene(again.page, 'class_code');
  await press(again.page, 'ArrowDown');
  await press(again.page, 'Enter'); // "I've joined this class before"
  await scene(again.page, 'class_pupils');
  // The list is in the order pupils joined: the third is third.
  for (let i = 0; i < 2; i++) await press(again.page, 'ArrowDown');
  await press(again.page, 'Enter');
  await pickPicture(again.page, 7, 5);
  await waitState(again.page, 'rejoined', () => window.arcade.state().class?.joined === true);
  assert.equal((await state(again.page)).class.pseudonym, third.pseudonym);
  await scene(again.page, 'class');
  await playFirst(again.page);
  await waitStored(again.page);
  await waitCell(teacher, third.pseudonym, 0, 'st-won');

  // The quiz: three pupils answered each question, all right.
  await teacher.waitForFunction(() => {
    const rows = [...document.querySelectorAll('#quiz tbody tr')];
    return rows.length === 2 && rows.every((r) => /100\u202f?\s?% \(3 sur 3\)/.test(r.textContent));
  }, null, WAIT);

  // The dashboard now: three pupils, the first level won at the golden
  // score, the other not started.
  const grid = await readGrid(teacher);
  assert.deepEqual(grid.map((r) => r.pseudonym), [pupils[0].pseudonym, pupils[1].pseudonym, third.pseudonym]);
  for (const r of grid) {
    assert.deepEqual(r.levels, [{ status: 'won', best: WIN.score }, { status: 'not_started', best: 0 }], JSON.stringify(r));
  }
  assert.equal(navigations, 0, 'the dashboard was reloaded');

  // The CSV matches the dashboard.
  const [download] = await Promise.all([teacher.waitForEvent('download', WAIT), teacher.click('#csv')]);
  const chunks = [];
  for await (const c of await download.createReadStream()) chunks.push(c);
  const lines = Buffer.concat(chunks).toString('utf8').replace(/^\ufeff/, '').trim().split('\r\n').map((l) => l.split(';'));
  assert.deepEqual(lines[0].slice(0, 7), ['pseudonym', `${LEVEL} status`, `${LEVEL} best`, `${LEVEL} attempts`,
    `${OTHER} status`, `${OTHER} best`, `${OTHER} attempts`]);
  const fromCSV = lines.slice(1).map((l) => ({
    pseudonym: l[0],
    levels: [{ status: l[1], best: Number(l[2]) }, { status: l[4], best: Number(l[5]) }],
  }));
  assert.deepEqual(fromCSV, grid);

  for (const p of [...pupils, again]) {
    assert.deepEqual(p.page.errors, []);
    await p.context.close();
  }
  assert.deepEqual(teacher.errors, []);
  await tctx.close();
});

test('the join screen and the picture grid, at desktop and phone sizes', { skip: !shots }, async () => {
  for (const [w, h] of [[1280, 720], [390, 844]]) {
    const { context, page } = await newPupil('/?class=ACDEFG', { width: w, height: h });
    await scene(page, 'class_code');
    await page.screenshot({ path: join(shots, `join-${w}x${h}.png`) });
    await press(page, 'Enter');
    await scene(page, 'class_name');
    await page.screenshot({ path: join(shots, `name-${w}x${h}.png`) });
    await press(page, 'Enter');
    await scene(page, 'class_picture');
    await press(page, 'ArrowRight');
    await press(page, 'Enter');
    await press(page, 'ArrowRight');
    await press(page, 'ArrowRight');
    await press(page, 'Enter');
    await page.screenshot({ path: join(shots, `picture-${w}x${h}.png`) });
    // No class has this code: said in words.
    await press(page, 'Enter');
    await waitState(page, 'refused', () => window.arcade.state().class?.error === 'unknown_class');
    await scene(page, 'class_code');
    await page.screenshot({ path: join(shots, `join-error-${w}x${h}.png`) });
    await context.close();
  }
});
