// Browser test of community levels, end to end on one `bin/arcade serve`:
// an author publishes a level with the CLI; a player finds it in the
// Community screen; another opens it by its /l/<id> link, plays it to a
// verified score on its own board and rates it; a third page sees the new
// rating and play count.
//
// Like the other browser tests it waits on conditions, never on time.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { arcadeBin, launch, startServer } from './lib.js';

const LOAD = { timeout: 120_000 };
const ID = 'foret-partagee';

let server;
let browser;
let work;

before(async () => {
  server = await startServer();
  browser = await launch();
  // The author: a level from the template, its winning run recorded on its
  // board seed, published with its own token (kept in XDG_CONFIG_HOME).
  work = mkdtempSync(join(tmpdir(), 'arcade-e2e-author-'));
  const env = { ...process.env, XDG_CONFIG_HOME: join(work, 'config') };
  const run = (...args) => execFileSync(arcadeBin, args, { cwd: work, env, encoding: 'utf8' });
  run('new', ID);
  const manifest = join(work, ID, 'level.toml');
  writeFileSync(manifest, readFileSync(manifest, 'utf8').replace(/^fr = .*$/m, 'fr = "La forêt partagée"'));
  writeFileSync(join(work, 'win.txt'), 'A\n.*5\nR*150\n');
  run('sim', ID, '--inputs', 'win.txt', '--record', 'clear.replay');
  const out = run('publish', ID, '--replay', 'clear.replay', '--server', server.url.replace(/\/$/, ''));
  assert.match(out, new RegExp(`^published ${ID} v1 http://\\S+/l/${ID}\\n$`));
});

after(async () => {
  await browser?.close();
  await server?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

async function newPlayer(path) {
  const context = await browser.newContext({ viewport: { width: 960, height: 540 }, locale: 'fr-FR' });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  const res = await page.goto(new URL(path, server.url).href);
  page.status = res.status();
  try {
    await page.waitForFunction(() => window.arcade && window.arcade.ready === true, null, LOAD);
    await page.waitForFunction(() => window.arcade.state().online.status === 'online', null, LOAD);
  } catch (e) {
    throw new Error(`${path}: not ready and online: ${e.message}\npage errors: ${page.errors.join('\n')}`);
  }
  return { context, page };
}

const state = (page) => page.evaluate(() => window.arcade.state());
const scene = (page, name) => page.waitForFunction((n) => window.arcade.state().scene === n, name, LOAD);

test('a level published with the CLI is found, played from its link to a verified score, and rated', async () => {
  // A finds it in the Community screen, second entry of the title menu.
  const a = await newPlayer('/');
  await a.page.locator('canvas').click();
  await a.page.keyboard.press('ArrowDown');
  await a.page.keyboard.press('z');
  await scene(a.page, 'community');
  await a.page.waitForFunction((id) => window.arcade.state().community.shown.includes(id), ID, LOAD);

  // B opens its link: the page has the level's meta tags, and the game
  // opens on its card, Play selected.
  const b = await newPlayer(`/l/${ID}`);
  assert.equal(b.page.status, 200);
  assert.equal(await b.page.locator('meta[property="og:title"]').getAttribute('content'), 'La forêt partagée');
  await scene(b.page, 'community-level');
  await b.page.waitForFunction((id) => window.arcade.state().community.card?.id === id, ID, LOAD);
  await b.page.locator('canvas').click();
  await b.page.keyboard.press('z');
  await scene(b.page, 'play');
  // The template level: walk right to the flag.
  await b.page.keyboard.down('ArrowRight');
  await b.page.waitForFunction(() => window.arcade.state().outcome === 'won', null, LOAD);
  await b.page.keyboard.up('ArrowRight');
  // The ending stays on screen until A (after half a second): press until
  // the results come, which also sends the run.
  for (let i = 0; i < 40 && (await state(b.page)).scene !== 'results'; i++) {
    await b.page.keyboard.press('z', { delay: 50 });
  }
  await b.page.waitForFunction((id) => {
    const s = window.arcade.state().online.submission;
    return s && s.level === id && (s.state === 'stored' || s.state === 'refused');
  }, ID, LOAD);
  const sub = (await state(b.page)).online.submission;
  // The level's own board holds the author's clear and B's run.
  assert.deepEqual({ state: sub.state, score: sub.score, total: sub.total }, { state: 'stored', score: 100, total: 2 },
    `B's run on the level's own board: ${JSON.stringify(sub)}`);

  // Results (the last entry selected), then « Noter ou signaler… » (the
  // third): five stars, sent.
  await scene(b.page, 'results');
  await b.page.keyboard.press('ArrowUp');
  await b.page.keyboard.press('z');
  await scene(b.page, 'feedback');
  await b.page.keyboard.press('z');
  await b.page.waitForFunction(() => window.arcade.state().community.answer !== '', null, LOAD);
  assert.equal((await state(b.page)).community.answer, 'ok');

  // C, a new page, sees the rating and both verified plays.
  const c = await newPlayer(`/l/${ID}`);
  await c.page.waitForFunction((id) => window.arcade.state().community.card?.id === id, ID, LOAD);
  const card = (await state(c.page)).community.card;
  assert.deepEqual({ plays: card.plays, rating: card.rating, ratings: card.ratings }, { plays: 2, rating: 5, ratings: 1 });

  for (const p of [a, b, c]) {
    assert.deepEqual(p.page.errors, []);
    await p.context.close();
  }
});

test('a link to no level says so, with a 404', async () => {
  const d = await newPlayer('/l/nulle-part');
  assert.equal(d.page.status, 404);
  await scene(d.page, 'community-level');
  await d.context.close();
});
