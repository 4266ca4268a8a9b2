// Browser tests of the level studio (/studio, docs/studio.md), driven as an
// author would: typing in the editor, watching the level beside it. They
// wait on conditions, never on time; the reload times they measure are
// printed, never asserted.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { arcadeBin, decodePNG, launch, median, root, startServer } from './lib.js';

const LOAD = { timeout: 120_000 };
const WAIT = { timeout: 60_000 };

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

async function newPage(viewport = { width: 1366, height: 768 }) {
  const context = await browser.newContext({ viewport, locale: 'en-US' });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  return { context, page };
}

// studioReady opens /studio (or a path under it) and waits for the hook.
async function open(page, path = 'studio') {
  await page.goto(server.url + path);
  await page.waitForFunction(() => window.studio && window.studio.ready, null, LOAD);
}

const state = (page) => page.evaluate(() => window.studio.state());

async function waitStatus(page, status) {
  try {
    await page.waitForFunction((s) => window.studio.state().status === s, status, WAIT);
  } catch (e) {
    throw new Error(`status never ${status}: ${JSON.stringify(await state(page))}; ${page.errors.join('\n')}`);
  }
}

// Running means the reloaded level has stepped at least once.
async function waitRunning(page) {
  await page.waitForFunction(() => {
    const s = window.studio.state();
    return s.status === 'running' && s.tick > 0;
  }, null, WAIT).catch(async (e) => {
    throw new Error(`never running: ${JSON.stringify(await state(page))}; ${e.message}`);
  });
}

test('the studio: a syntax error typed on a line is marked there; fixing it runs the level again, no page reload', async () => {
  const { context, page } = await newPage();
  const wasms = [];
  page.on('response', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.endsWith('.wasm')) wasms.push(`${path} ${r.status()}`);
  });
  await open(page);
  await page.evaluate(() => window.studio.open('template'));
  await waitRunning(page);
  // The frame (/?studio) loaded the game built with the studio's engine,
  // and not the game page's .wasm, which has none.
  assert.equal(wasms.length, 1, wasms.join(', '));
  assert.match(wasms[0], /^\/studio-engine\.[0-9a-f]{16}\.wasm 200$/);
  await page.evaluate(() => { window.sameDocument = true; });

  const lines = (await page.evaluate(() => window.studio.read('main.lua'))).split('\n');
  const N = lines.findIndex((l) => l.includes('spawn("flag"')) + 1;
  assert.ok(N > 1, 'the template spawns a flag');
  // Type " = =" at the end of line N, by keyboard.
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+Home');
  for (let i = 1; i < N; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
  await page.keyboard.type(' = =');
  await waitStatus(page, 'error');
  const s = await state(page);
  assert.equal(s.error.file, 'main.lua');
  assert.equal(s.error.line, N, JSON.stringify(s.error));
  // The editor marks that line.
  await page.waitForSelector('.cm-lintRange-error', WAIT);
  const marked = await page.evaluate(() => {
    const range = document.querySelector('.cm-lintRange-error');
    return range.closest('.cm-line').textContent;
  });
  assert.equal(marked, lines[N - 1] + ' = =');

  for (let i = 0; i < 4; i++) await page.keyboard.press('Backspace');
  await waitRunning(page);
  assert.equal(await page.evaluate(() => window.sameDocument), true, 'the page was not reloaded');
  assert.equal(await page.evaluate(() => performance.getEntriesByType('navigation').length), 1);
  assert.equal(await page.locator('.cm-lintRange-error').count(), 0, 'the mark is gone');
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('the studio: a script that loops forever is stopped with its line and the page stays responsive', async () => {
  const { context, page } = await newPage();
  await open(page);
  await page.evaluate(() => window.studio.open('template'));
  await waitRunning(page);
  const main = await page.evaluate(() => window.studio.read('main.lua'));
  const looping = main.replace('function _update()\n', 'function _update()\n  while true do end\n');
  assert.notEqual(looping, main);
  const N = looping.split('\n').indexOf('  while true do end') + 1;
  await page.evaluate((text) => window.studio.write('main.lua', text), looping);
  await waitStatus(page, 'error');
  const s = await state(page);
  assert.equal(s.error.line, N, JSON.stringify(s.error));
  assert.match(s.error.message, /instruction budget/);
  assert.equal(await page.evaluate(() => 6 * 7), 42);
  await context.close();
});

test('the studio: the draft survives a reload', async () => {
  const { context, page } = await newPage();
  await open(page);
  await page.evaluate(() => window.studio.open('timers'));
  await waitRunning(page);
  const marker = `-- kept ${Date.now()}`;
  const text = (await page.evaluate(() => window.studio.read('main.lua'))) + marker + '\n';
  await page.evaluate((t) => window.studio.write('main.lua', t), text);
  await waitRunning(page);
  await page.reload();
  await page.waitForFunction(() => window.studio && window.studio.ready, null, LOAD);
  assert.equal(await page.evaluate(() => window.studio.read('main.lua')), text);
  await waitRunning(page);
  assert.equal((await state(page)).level, 'timers');
  await context.close();
});

// The campaign level with the most bytes of Lua, text and maps.
function largestCampaignLevel() {
  const dir = join(root, 'levels');
  let best = null;
  for (const name of readdirSync(dir)) {
    let toml;
    try { toml = readFileSync(join(dir, name, 'level.toml'), 'utf8'); } catch { continue; }
    if (!/^campaign\s*=\s*[1-9]/m.test(toml)) continue;
    let size = 0;
    const walk = (d) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        if (e.name === 'testdata') continue;
        if (e.isDirectory()) walk(join(d, e.name));
        else size += statSync(join(d, e.name)).size;
      }
    };
    walk(join(dir, name));
    if (!best || size > best.size) best = { name, size };
  }
  return best;
}

test('figures: keystroke to reloaded level (printed, not asserted)', async () => {
  const { context, page } = await newPage();
  await open(page);
  const largest = largestCampaignLevel();
  for (const source of ['template', largest.name]) {
    await page.evaluate((s) => window.studio.open(s), source);
    await waitRunning(page);
    const base = await page.evaluate(() => window.studio.read('main.lua'));
    const times = [];
    for (let i = 0; i < 15; i++) {
      const ms = await page.evaluate(async ({ base, i }) => {
        const t0 = performance.now();
        window.studio.write('main.lua', `${base}-- edit ${i}\n`);
        await new Promise((resolve) => {
          const look = () => {
            const s = window.studio.state();
            if (s.status === 'running' && s.tick > 0) resolve();
            else setTimeout(look, 5);
          };
          look();
        });
        return performance.now() - t0;
      }, { base, i });
      times.push(ms);
    }
    times.sort((a, b) => a - b);
    const p99 = times[Math.min(times.length - 1, Math.ceil(times.length * 0.99) - 1)];
    console.log(`studio reload ${source}${source === largest.name ? ` (${largest.size} bytes)` : ''}: ` +
      `median ${median(times).toFixed(0)} ms, p99 ${p99.toFixed(0)} ms over ${times.length} edits (250 ms of it is the pause after typing)`);
  }
  await context.close();
});

// A main.lua that wins a few ticks in: a run the server accepts as a clear.
const WINNING = 'function _update()\n  if tick() >= 3 then win() end\nend\n';

// fillField types into a field of the manifest form (its tab opened) and
// waits until level.toml holds the change.
async function fillField(page, id, value, expect) {
  await page.fill(`#${id}`, value);
  await page.waitForFunction((s) => window.studio.read('level.toml').includes(s), expect, WAIT);
}

async function openManifest(page) {
  await page.getByRole('tab', { name: 'Level details' }).click();
  await page.waitForSelector('#mf-id', WAIT);
}

async function waitClear(page) {
  await page.waitForFunction(() => window.studio.clear()?.valid === true, null, WAIT).catch(async (e) => {
    throw new Error(`no clear kept: ${JSON.stringify(await page.evaluate(() => [window.studio.clear(), window.studio.state()]))}; ${e.message}`);
  });
}

test('the studio: completion offers the level API with its one-line help', async () => {
  const { context, page } = await newPage();
  await open(page);
  await page.evaluate(() => window.studio.open('template'));
  await waitRunning(page);
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('spaw');
  const option = page.locator('.cm-tooltip-autocomplete li', { hasText: 'spawn' });
  await option.first().waitFor(WAIT);
  await page.waitForSelector('.cm-completionInfo', WAIT);
  assert.match(await page.locator('.cm-completionInfo').textContent(), /spawn\(sprite, x, y \[, props\]\).*Adds an entity/);
  // A library module's names after its dot.
  await page.keyboard.press('Escape');
  await page.keyboard.press('Enter');
  await page.keyboard.type('timer.af');
  const after = page.locator('.cm-tooltip-autocomplete li', { hasText: 'timer.after' }).first();
  await after.waitFor(WAIT);
  assert.match(await page.locator('.cm-completionInfo').textContent(), /ticks ticks from now/);
  // A click, not Enter: CodeMirror ignores an Enter within 75 ms of the
  // list opening (its interactionDelay, against accidental accepts), and a
  // busy machine can get there that fast; the Enter then breaks the line.
  await after.click();
  await page.waitForFunction(() => /timer\.after$/m.test(window.studio.read('main.lua')), null, WAIT);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('the studio: a run won in the studio is published and found through the Community API', async () => {
  const { context, page } = await newPage();
  await open(page);
  await page.evaluate(() => window.studio.open('template'));
  await waitRunning(page);
  const n = Date.now().toString(36);
  await openManifest(page);
  assert.equal(await page.locator('#mf-status').textContent(), 'The details are valid.');
  assert.match(await page.locator('#mf-sources-1-title').inputValue(), /free software/);
  await fillField(page, 'mf-id', `studio-e2e-${n}`, `id = "studio-e2e-${n}"`);
  await fillField(page, 'mf-title-en', `Zorglub ${n}`, `en = "Zorglub ${n}"`);
  await fillField(page, 'mf-tags', 'demo, studio', 'tags = ["demo", "studio"]');
  // Not yet won: Publish explains why it cannot.
  await page.evaluate((t) => window.studio.write('main.lua', t), WINNING.replace('>= 3', '>= 600000'));
  await waitRunning(page);
  await page.click('#b-publish');
  await page.waitForSelector('#answer.bad', WAIT);
  assert.match(await page.locator('#answer').textContent(), /Win the level in the studio first/);

  await page.evaluate((t) => window.studio.write('main.lua', t), WINNING);
  await waitClear(page);
  assert.match(await page.locator('#clear').textContent(), /Win kept as the proof/);
  // Any edit invalidates the clear, and the page says so.
  await page.evaluate((t) => window.studio.write('main.lua', t + '-- edited\n'), WINNING);
  await page.waitForFunction(() => window.studio.clear()?.valid === false, null, WAIT);
  await page.waitForFunction(() => /changed since the win/.test(document.querySelector('#clear').textContent), null, WAIT);
  await waitClear(page); // won again

  await page.click('#b-publish');
  await page.waitForSelector('#answer.good', WAIT);
  const link = page.locator('#answer a');
  assert.equal(await link.getAttribute('href'), `/l/studio-e2e-${n}`);
  const found = await (await fetch(`${server.url}api/levels?q=zorglub+${n}`)).json();
  assert.equal(found.total, 1, JSON.stringify(found));
  assert.equal(found.levels[0].id, `studio-e2e-${n}`);
  assert.equal(found.levels[0].title.en, `Zorglub ${n}`);
  assert.ok(found.levels[0].clear, 'the clear is the first run on its board');
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('the studio: the manifest form checks as arcade check does; a refused publish says why in words', async () => {
  const { context, page } = await newPage();
  await open(page);
  await page.evaluate(() => window.studio.open('template'));
  await waitRunning(page);
  await openManifest(page);
  await fillField(page, 'mf-id', 'Bad Id', 'id = "Bad Id"');
  await page.waitForFunction(() => /must match/.test(document.querySelector('#mf-id-error').textContent), null, WAIT);
  assert.equal(await page.locator('#mf-id').getAttribute('aria-invalid'), 'true');
  assert.match(await page.locator('#mf-status').textContent(), /1 problem to fix/);
  // The level does not build: the manifest tab is marked.
  await waitStatus(page, 'error');
  // A built-in level's id: the server refuses it.
  await fillField(page, 'mf-id', 'rgpd', 'id = "rgpd"');
  await page.evaluate((t) => window.studio.write('main.lua', t), WINNING);
  await waitClear(page);
  await page.click('#b-publish');
  await page.waitForSelector('#answer.bad', WAIT);
  assert.match(await page.locator('#answer').textContent(), /Refused\. This id is a game level’s: choose another one/);
  assert.deepEqual(page.errors, []);
  await context.close();
});

// draftFiles reads every file of the open draft: {name: Buffer}.
async function draftFiles(page) {
  const out = {};
  for (const name of await page.evaluate(() => window.studio.files())) {
    const v = await page.evaluate((n) => window.studio.read(n), name);
    out[name] = name.endsWith('.png') ? Buffer.from(v, 'base64') : Buffer.from(v, 'utf8');
  }
  return out;
}

// arcadeCheck writes files into a temporary folder and runs `arcade check` on it.
function arcadeCheck(files) {
  const dir = mkdtempSync(join(tmpdir(), 'arcade-e2e-draft-'));
  try {
    for (const [name, bytes] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), bytes);
    }
    return execFileSync(arcadeBin, ['check', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function reopen(page) {
  await page.reload();
  await page.waitForFunction(() => window.studio && window.studio.ready, null, LOAD);
}

test('the studio map editor: a tile painted and an object moved survive save and reopen; the .tmj still passes arcade check', async () => {
  const { context, page } = await newPage();
  await open(page);
  await page.evaluate(() => window.studio.open('map-objects'));
  await waitRunning(page);
  const original = JSON.parse(readFileSync(join(root, 'levels/examples/map-objects/map.tmj'), 'utf8'));
  const W = original.width;
  const walls = original.layers.findIndex((l) => l.name === 'walls');
  assert.equal(original.layers[walls].data[2 * W + 3], 0);
  assert.equal(original.layers[walls].data[4 * W + 5], 0);

  // Through the hook, and with the mouse: the brush (tile 1, picked in the palette) on cell (5, 4).
  assert.equal(await page.evaluate(() => window.studio.paintTile('walls', 3, 2, 1)), true);
  await page.evaluate(() => window.studio.moveObject(2, 60, 100));
  await page.locator('#map-layer').selectOption({ label: 'walls' });
  await page.locator('.palette canvas.tile[data-gid="1"]').click();
  const cell = await page.evaluate(() => {
    const c = document.querySelector('#map-canvas');
    return c.width / 20; // pixels of one cell on the canvas (the map is 20 tiles across)
  });
  await page.locator('#map-canvas').click({ position: { x: 5 * cell + cell / 2, y: 4 * cell + cell / 2 } });
  assert.equal(await page.locator('#map-save').isEnabled(), true);
  await page.evaluate(() => window.studio.save());
  await waitRunning(page);

  await reopen(page);
  await waitRunning(page);
  const saved = JSON.parse(await page.evaluate(() => window.studio.read('map.tmj')));
  // Exactly the three edits; every other field as it was.
  const want = structuredClone(original);
  want.layers[walls].data[2 * W + 3] = 1;
  want.layers[walls].data[4 * W + 5] = 1;
  const coin = want.layers.find((l) => l.type === 'objectgroup').objects.find((o) => o.id === 2);
  coin.x = 60;
  coin.y = 100;
  assert.deepEqual(saved, want);
  assert.match(arcadeCheck(await draftFiles(page)), /^ok map-objects/);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('the studio map editor: a draft without a map gets a new one; an object added and deleted', async () => {
  const { context, page } = await newPage();
  await open(page);
  await page.evaluate(() => window.studio.open('template'));
  await waitRunning(page);
  await page.getByRole('tab', { name: 'Map' }).click();
  await page.click('#map-create');
  await page.waitForFunction(() => /^map = "map\.tmj"$/m.test(window.studio.read('level.toml')), null, WAIT);
  await waitRunning(page);
  const id = await page.evaluate(() => window.studio.addObject('things', { name: 'start', type: 'player', x: 40, y: 40, width: 12, height: 12 }));
  const gone = await page.evaluate(() => window.studio.addObject('things', { name: 'gone', type: 'coin', x: 80, y: 40 }));
  await page.evaluate((g) => window.studio.deleteObject(g), gone);
  await page.evaluate(() => window.studio.save());
  await waitRunning(page);
  const map = JSON.parse(await page.evaluate(() => window.studio.read('map.tmj')));
  assert.deepEqual(map.layers[1].objects.map((o) => [o.id, o.name, o.type, o.x, o.y]), [[id, 'start', 'player', 40, 40]]);
  assert.match(arcadeCheck(await draftFiles(page)), /^ok /);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('the studio sprite editor: a pixel drawn lands in the PNG', async () => {
  const { context, page } = await newPage();
  await open(page);
  await page.evaluate(() => window.studio.open('map-objects'));
  await waitRunning(page);
  // tiles.png is 32×16: two 16×16 frames. Pixel (4, 5) of frame 1 is (20, 5) of the sheet.
  assert.equal(await page.evaluate(() => window.studio.drawPixel('tiles.png', 1, 4, 5, '#ff00ff')), true);
  // With the mouse: the pencil in white (the default colour) on pixel (2, 3) of the frame shown (1).
  const z = await page.evaluate(() => document.querySelector('#sprite-canvas').width / 16);
  await page.locator('#sprite-canvas').click({ position: { x: 2 * z + z / 2, y: 3 * z + z / 2 } });
  await page.evaluate(() => window.studio.save());
  await waitRunning(page);
  await reopen(page);
  await waitRunning(page);
  const png = decodePNG(Buffer.from(await page.evaluate(() => window.studio.read('tiles.png')), 'base64'));
  assert.equal(png.width, 32);
  assert.equal(png.height, 16);
  const px = (x, y) => [...png.rgba.subarray((y * png.width + x) * 4, (y * png.width + x) * 4 + 4)];
  assert.deepEqual(px(20, 5), [255, 0, 255, 255]);
  assert.deepEqual(px(18, 3), [255, 255, 255, 255]);
  const before = decodePNG(readFileSync(join(root, 'levels/examples/map-objects/tiles.png')));
  let changed = 0;
  for (let i = 0; i < before.rgba.length; i++) if (before.rgba[i] !== png.rgba[i]) changed++;
  assert.ok(changed <= 8, `only the two pixels changed (${changed} bytes differ)`);
  assert.match(arcadeCheck(await draftFiles(page)), /^ok map-objects/);
  assert.deepEqual(page.errors, []);
  await context.close();
});

// Screenshots for review: STUDIO_SHOTS=DIR node --test studio.test.js
test('screenshots (STUDIO_SHOTS=DIR)', { skip: !process.env.STUDIO_SHOTS }, async () => {
  const dir = process.env.STUDIO_SHOTS;
  for (const [name, viewport] of [['laptop', { width: 1366, height: 768 }], ['tablet', { width: 1180, height: 820 }]]) {
    const { context, page } = await newPage(viewport);
    await open(page);
    await page.evaluate(() => window.studio.open('template'));
    await waitRunning(page);
    const main = await page.evaluate(() => window.studio.read('main.lua'));
    await page.evaluate((t) => window.studio.write('main.lua', t), main.replace('function _update()\n', 'function _update()\n  if tick() >= 3 then win() end\n'));
    await waitClear(page);
    await page.click('#b-publish');
    await page.waitForSelector('#answer.good, #answer.bad', WAIT);
    await page.locator('.cm-content').click();
    await page.keyboard.press('Control+Home');
    for (let i = 0; i < 6; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('sp');
    await page.waitForSelector('.cm-completionInfo', WAIT);
    await page.screenshot({ path: join(dir, `studio-${name}-completion.png`) });
    await page.keyboard.press('Escape');
    await openManifest(page);
    await page.fill('#mf-author', 'me@example.org');
    await page.waitForFunction(() => /author/.test(document.querySelector('#mf-status').textContent + document.querySelector('#mf-author-error').textContent), null, WAIT);
    await page.screenshot({ path: join(dir, `studio-${name}-manifest.png`) });
    await page.evaluate(() => window.studio.open('map-objects'));
    await waitRunning(page);
    await page.getByRole('tab', { name: 'Map' }).click();
    await page.locator('#map-canvas').waitFor(WAIT);
    await page.click('#map-select');
    const z = await page.evaluate(() => document.querySelector('#map-canvas').width / 320);
    await page.locator('#map-canvas').click({ position: { x: 36 * z, y: 36 * z } }); // the player, selected
    await page.screenshot({ path: join(dir, `studio-${name}-map.png`) });
    await page.getByRole('tab', { name: 'Sprites' }).click();
    await page.locator('#sprite-canvas').waitFor(WAIT);
    await page.click('#sprite-next');
    await page.screenshot({ path: join(dir, `studio-${name}-sprites.png`) });
    await context.close();
  }
});
