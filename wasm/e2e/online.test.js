// Browser test of online scores: two players, each in their own browser
// context (their own localStorage, so their own token and pseudonym), on
// one `bin/arcade serve` with its real store and verification workers.
// Player A wins the demo (the golden inputs, given with ?inputs=); player
// B, who has the demo's leaderboard open, sees A's verified score appear
// without doing anything: the server pushed it.
//
// Like page.test.js it waits on conditions (page.waitForFunction), never
// on time, and asserts no duration.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, root, startServer } from './lib.js';

// Generous limits for a slow CI machine: they only bound a failing run.
const LOAD = { timeout: 120_000 };

// The demo's golden winning run, as `arcade verify` reports it.
const DEMO = { score: 3678, ticks: 223 };

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// newPlayer opens a page in a fresh context: a new player to the server.
async function newPlayer(path = '') {
  const context = await browser.newContext({ viewport: { width: 960, height: 540 }, locale: 'en-US' });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  await page.goto(new URL(path, server.url).href);
  try {
    await page.waitForFunction(() => window.arcade && window.arcade.ready === true, null, LOAD);
    await page.waitForFunction(() => window.arcade.state().online.status === 'online', null, LOAD);
  } catch (e) {
    const online = await page.evaluate(() => window.arcade && window.arcade.state().online).catch(() => null);
    throw new Error(`${path || '/'}: not ready and online: ${e.message}\nonline: ${JSON.stringify(online)}\npage errors: ${page.errors.join('\n')}`);
  }
  return { context, page };
}

const scene = (page, name) => page.waitForFunction((n) => window.arcade.state().scene === n, name, LOAD);

test('a run won in one browser shows up, verified, on the live leaderboard of another', async () => {
  // B: title, level select, Up wraps to the demo (the last entry), Right
  // opens its leaderboard, empty on this fresh server.
  const b = await newPlayer();
  await b.page.locator('canvas').click();
  await b.page.keyboard.press('Enter');
  await scene(b.page, 'select');
  await b.page.keyboard.press('ArrowUp');
  await b.page.keyboard.press('ArrowRight');
  await scene(b.page, 'board');
  // Once its top has arrived (the answer to watch), any change can only
  // come from a push: the game asks for the top again only when the player
  // opens a board.
  await b.page.waitForFunction(() => {
    const board = window.arcade.state().online.board;
    return board?.level === 'demo' && board.loaded;
  }, null, LOAD);
  const empty = (await b.page.evaluate(() => window.arcade.state())).online.board;
  assert.equal(empty.total, 0, `the demo's board is not empty: ${JSON.stringify(empty)}`);

  // A: straight into the demo, playing its golden winning inputs, until
  // the server has verified and stored the run.
  const win = readFileSync(join(root, 'levels/demo/testdata/win.txt'), 'utf8');
  const a = await newPlayer(`?level=demo&inputs=${encodeURIComponent(win)}`);
  await a.page.waitForFunction(() => {
    const s = window.arcade.state().online.submission;
    return s && s.level === 'demo' && (s.state === 'stored' || s.state === 'refused');
  }, null, LOAD);
  const sa = await a.page.evaluate(() => window.arcade.state());
  assert.equal(sa.outcome, 'won');
  assert.deepEqual(
    { state: sa.online.submission.state, score: sa.online.submission.score, rank: sa.online.submission.rank, total: sa.online.submission.total },
    { state: 'stored', score: DEMO.score, rank: 1, total: 1 },
    `A's run: ${JSON.stringify(sa.online.submission)}`);
  const pseudonym = sa.online.pseudonym;
  assert.ok(pseudonym.length >= 3, `A's pseudonym ${JSON.stringify(pseudonym)}`);
  assert.notEqual(pseudonym, (await b.page.evaluate(() => window.arcade.state())).online.pseudonym);

  // B sees it, live: nothing was pressed since the board opened.
  try {
    await b.page.waitForFunction((p) => window.arcade.state().online.board?.top.some((e) => e.pseudonym === p), pseudonym, LOAD);
  } catch (e) {
    const board = await b.page.evaluate(() => window.arcade.state().online.board);
    throw new Error(`B's board never showed ${pseudonym}: ${e.message}\nboard: ${JSON.stringify(board)}`);
  }
  const board = (await b.page.evaluate(() => window.arcade.state())).online.board;
  assert.equal(board.level, 'demo');
  assert.equal(board.total, 1);
  assert.equal(board.loaded, true);
  assert.deepEqual(board.top, [{ rank: 1, pseudonym, score: DEMO.score, ticks: DEMO.ticks, me: false }]);
  assert.equal((await b.page.evaluate(() => window.arcade.state())).scene, 'board');

  assert.deepEqual(a.page.errors, []);
  assert.deepEqual(b.page.errors, []);
  await a.context.close();
  await b.context.close();
});
