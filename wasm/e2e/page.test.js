// Browser tests of the web build, as a player's browser sees it: the page
// served by `bin/arcade serve` from wasm/dist, in Debian's Chromium driven
// by playwright-core. `make test-e2e` builds both, then runs
// `node --test page.test.js` here.
//
// They wait on conditions (page.waitForFunction, waitForSelector), never on
// time, and assert no duration: the startup figures are `make bench-web`'s.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { LOAD, arcadeBin, countColours, decodePNG, launch, newPage as openPage, root, startServer, waitReady } from './lib.js';

const run = promisify(execFile);
const demo = join(root, 'levels/demo');

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

// newPage opens a page in a fresh context (lib.js).
const newPage = (options) => openPage(browser, options);

test('the page downloads the game with a progress bar and it becomes ready', async () => {
  const { context, page } = await newPage();
  // Record every value the progress bar takes, from the first paint on.
  await page.addInitScript(() => {
    window.progressValues = [];
    new MutationObserver((records) => {
      for (const r of records) window.progressValues.push(r.target.getAttribute('aria-valuenow'));
    }).observe(document, { subtree: true, attributes: true, attributeFilter: ['aria-valuenow'] });
  });
  const responses = new Map();
  page.on('response', (r) => responses.set(new URL(r.url()).pathname, r));

  await page.goto(server.url);
  assert.equal(await page.locator('#progress').getAttribute('role'), 'progressbar');
  await waitReady(page);

  const values = (await page.evaluate(() => window.progressValues)).filter((v) => v !== null).map(Number);
  assert.ok(values.some((v) => v > 0 && v < 100), `the bar never showed partial progress: ${values.join(' ')}`);
  assert.equal(Math.max(...values), 100, 'the bar never reached 100%');
  assert.deepEqual(values, [...values].sort((a, b) => a - b), 'the bar went backwards');

  // What the first visit fetched, and how it was served.
  const paths = [...responses.keys()];
  const wasm = paths.find((p) => /^\/game\.[0-9a-f]{16}\.wasm$/.test(p));
  assert.ok(wasm, `no hashed .wasm among ${paths.join(' ')}`);
  // The game's .wasm only: the studio's engine is for /?studio.
  assert.deepEqual(paths.filter((p) => p.endsWith('.wasm')), [wasm]);
  const wasmHeaders = responses.get(wasm).headers();
  assert.equal(wasmHeaders['content-type'], 'application/wasm');
  assert.equal(wasmHeaders['content-encoding'], 'br');
  assert.equal(wasmHeaders['cache-control'], 'public, max-age=31536000, immutable');
  assert.equal(responses.get('/').headers()['cache-control'], 'no-cache');
  for (const p of paths) {
    assert.equal(responses.get(p).status(), 200, `${p}: status ${responses.get(p).status()}`);
    assert.ok(!/favicon/.test(p), `the page asked for ${p}`);
  }
  // Issue 14: a first visit downloads at most 2.6 MB (brotli, as served
  // here; manifest.json is served as it is). The build's sizes say how much
  // each file weighs; wasm/slim and docs/architecture.md say where it went.
  const manifest = await (await fetch(new URL('manifest.json', server.url))).json();
  let firstVisit = 0;
  const weights = [];
  for (const p of paths) {
    const name = p === '/' ? 'index.html' : p.slice(1);
    const size = manifest.files[name]?.br ?? (await responses.get(p).body()).length;
    weights.push(`${name} ${size}`);
    firstVisit += size;
  }
  assert.ok(firstVisit <= 2_600_000, `a first visit downloads ${firstVisit} bytes, over 2.6 MB: ${weights.join(', ')}`);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('the progress bar is right whether the game comes as brotli, gzip or uncompressed', async () => {
  const manifest = await (await fetch(new URL('manifest.json', server.url))).json();
  const [wasmName, sizes] = Object.entries(manifest.files).find(([name]) => /^game\..*\.wasm$/.test(name));
  for (const [encoding, sent] of [['br', sizes.br], ['gzip', sizes.gzip], ['identity', sizes.size]]) {
    // Ask for this encoding only, as a browser or proxy that lacks the others would.
    const { context, page } = await newPage({ extraHTTPHeaders: { 'Accept-Encoding': encoding } });
    await page.addInitScript(() => {
      window.progressText = [];
      window.progressValues = [];
      new MutationObserver((records) => {
        for (const r of records) {
          if (r.attributeName === 'aria-valuenow') window.progressValues.push(Number(r.target.getAttribute('aria-valuenow')));
          else window.progressText.push(r.target.getAttribute('aria-valuetext'));
        }
      }).observe(document, { subtree: true, attributes: true, attributeFilter: ['aria-valuenow', 'aria-valuetext'] });
    });
    const response = page.waitForResponse((r) => r.url().endsWith(wasmName));
    await page.goto(server.url);
    const headers = (await response).headers();
    assert.equal(headers['content-encoding'] || 'identity', encoding);
    assert.equal(Number(headers['content-length']), sent, encoding);
    await waitReady(page);
    const { progressValues: values, progressText: texts } = await page.evaluate(() => ({
      progressValues: window.progressValues, progressText: window.progressText,
    }));
    assert.ok(values.some((v) => v > 0 && v < 100), `${encoding}: no partial progress: ${values.join(' ')}`);
    assert.equal(values.at(-1), 100, `${encoding}: the bar ended at ${values.at(-1)}`);
    assert.deepEqual(values, [...values].sort((a, b) => a - b), `${encoding}: the bar went backwards`);
    assert.equal(texts.at(-1), `100% of ${(sent / 1e6).toFixed(1)} MB`, encoding);
    await context.close();
  }
});

test('the game draws, plays offline with the arrow keys and its replay verifies natively', async () => {
  const { context, page } = await newPage({ locale: 'en-GB' });
  await page.goto(server.url);
  await waitReady(page);
  assert.equal((await page.evaluate(() => window.arcade.state())).scene, 'title');

  // The canvas fills the window and shows more than a blank screen.
  const canvas = page.locator('canvas');
  const box = await canvas.boundingBox();
  assert.deepEqual([box.width, box.height], [960, 540]);
  const image = decodePNG(await canvas.screenshot());
  const colours = countColours(image);
  assert.ok(colours >= 3, `the canvas shows ${colours} colour(s)`);

  // Enter on the title opens the level select; Up wraps to its last entry,
  // the demo (campaign levels come first), and Enter plays it.
  await canvas.click();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.arcade.state().scene === 'select', null, LOAD);
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.arcade.state().scene === 'play', null, LOAD);
  const start = await page.evaluate(() => window.arcade.state());
  assert.equal(start.level, 'demo');
  assert.match(start.hash, /^[0-9a-f]{16}$/);

  // Once loaded the game needs no network.
  await context.setOffline(true);

  // Hold the right arrow for a second of game time.
  await page.keyboard.down('ArrowRight');
  await page.waitForFunction((t) => window.arcade.state().tick >= t + 60, start.tick, LOAD);
  await page.keyboard.up('ArrowRight');
  await page.waitForFunction((t) => window.arcade.state().tick >= t + 10, start.tick + 60, LOAD);

  // state() and replay() in one call see the same tick.
  const { state, replay } = await page.evaluate(() => ({ state: window.arcade.state(), replay: window.arcade.replay() }));
  assert.ok(state.tick > start.tick);
  assert.notEqual(state.hash, start.hash);
  assert.equal(typeof replay, 'string');

  // The keys reached the simulation: the same number of ticks without input
  // ends elsewhere.
  const idle = await run(arcadeBin, ['check', demo, '--ticks', String(state.tick)]);
  assert.match(idle.stdout, new RegExp(`^ok demo ticks=${state.tick} hash=[0-9a-f]{16}\\n$`));
  assert.ok(!idle.stdout.includes(state.hash), 'the run in the browser is the same as one without input');

  // The browser's replay verifies in the native binary, to the same state.
  const dir = mkdtempSync(join(tmpdir(), 'arcade-e2e-'));
  try {
    const file = join(dir, 'browser.replay');
    writeFileSync(file, Buffer.from(replay, 'base64'));
    const { stdout } = await run(arcadeBin, ['verify', demo, file]);
    assert.equal(stdout, `verified demo outcome=${state.outcome} score=${state.score} ticks=${state.tick} hash=${state.hash}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('the canvas keeps filling the window when it is resized, at any pixel ratio', async () => {
  const { context, page } = await newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  await page.goto(server.url);
  await waitReady(page);
  const size = () => page.evaluate(() => {
    const c = document.querySelector('canvas');
    return { css: [c.clientWidth, c.clientHeight], buffer: [c.width, c.height] };
  });
  assert.deepEqual(await size(), { css: [390, 844], buffer: [780, 1688] });
  await page.setViewportSize({ width: 844, height: 390 });
  await page.waitForFunction(() => document.querySelector('canvas').width === 844 * 2, null, LOAD);
  assert.deepEqual(await size(), { css: [844, 390], buffer: [1688, 780] });
  // Letterboxed: the 16:9 view is centred, the bars are black.
  const image = decodePNG(await page.screenshot());
  const at = (x, y) => image.rgba.readUInt32BE((y * image.width + x) * 4);
  assert.equal(at(2, Math.floor(image.height / 2)), 0x000000ff, 'no black bar on the left');
  assert.notEqual(at(Math.floor(image.width / 2), Math.floor(image.height / 2)), 0x000000ff, 'the middle is black');
  await context.close();
});

test('the loader speaks French or English after navigator.language', async () => {
  for (const [locale, lang, tagline] of [['fr-FR', 'fr', /communs/], ['fr-CA', 'fr', /communs/], ['en-GB', 'en', /commons/], ['de-DE', 'en', /commons/]]) {
    const { context, page } = await newPage({ locale });
    await page.route(/\.wasm$/, (route) => route.abort()); // stay on the loader
    await page.goto(server.url);
    await page.waitForSelector('#retry', { state: 'visible', ...LOAD });
    assert.equal(await page.evaluate(() => document.documentElement.lang), lang, locale);
    assert.match(await page.locator('#tagline').innerText(), tagline, locale);
    assert.equal(await page.locator('#retry').innerText(), lang === 'fr' ? 'Réessayer' : 'Try again', locale);
    await context.close();
  }
});

test('a failed download says so, and retrying starts the game', async () => {
  const { context, page } = await newPage({ locale: 'fr-FR' });
  let aborted = 0;
  await page.route(/\.wasm$/, (route) => { aborted++; return route.abort('connectionreset'); });
  await page.goto(server.url);
  await page.waitForSelector('#retry', { state: 'visible', ...LOAD });
  assert.match(await page.locator('#error-text').innerText(), /téléchargement du jeu a échoué/);
  assert.equal(await page.locator('#progress').isVisible(), false);
  assert.equal(aborted, 1);

  await page.unroute(/\.wasm$/);
  await page.locator('#retry').click();
  await waitReady(page);
  assert.equal(await page.locator('#error').isVisible(), false);
  await context.close();
});

test('a browser without WebGL 2 or WebAssembly is told why, without downloading the game', async () => {
  const cases = [
    ['WebGL 2', /WebGL 2/, () => {
      const original = HTMLCanvasElement.prototype.getContext;
      HTMLCanvasElement.prototype.getContext = function (type, ...rest) {
        return type === 'webgl2' ? null : original.call(this, type, ...rest);
      };
    }],
    ['WebAssembly', /WebAssembly/, () => { delete window.WebAssembly; }],
  ];
  for (const [name, message, disable] of cases) {
    const { context, page } = await newPage();
    await page.addInitScript(disable);
    let wasmRequests = 0;
    page.on('request', (r) => { if (r.url().endsWith('.wasm')) wasmRequests++; });
    await page.goto(server.url);
    await page.waitForSelector('#error', { state: 'visible', ...LOAD });
    assert.match(await page.locator('#error-text').innerText(), message, name);
    assert.equal(await page.locator('#retry').isVisible(), false, name);
    assert.equal(wasmRequests, 0, name);
    await context.close();
  }
});

test('on a touch screen the on-screen pad is there from the start and moves the player', async () => {
  // 960x540 with a touch screen: the view is drawn smaller, the pad below
  // it (state().touch says where, in CSS pixels).
  const { context, page } = await newPage({ viewport: { width: 960, height: 540 }, hasTouch: true, isMobile: true });
  await page.goto(new URL('?level=demo', server.url).href);
  await waitReady(page);
  await page.waitForFunction(() => window.arcade.state().scene === 'play', null, LOAD);
  const { touch } = await page.evaluate(() => window.arcade.state());
  assert.ok(touch, 'no touch layout on a touch screen');
  const { pad, view } = touch;
  assert.ok(pad.y - pad.r >= view.y + view.h || pad.x + pad.r <= view.x, 'the pad covers the view');
  const clip = { x: pad.x - pad.r, y: pad.y - pad.r, width: 2 * pad.r, height: 2 * pad.r };
  const before = decodePNG(await page.screenshot({ clip }));
  assert.ok(countColours(before) >= 2, 'the pad is not drawn before any touch');
  const cdp = await context.newCDPSession(page);
  // The pad's right arm.
  const point = { x: pad.x + Math.round(pad.r * 2 / 3), y: pad.y };
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [point] });
  const t0 = (await page.evaluate(() => window.arcade.state())).tick;
  await page.waitForFunction((t) => window.arcade.state().tick >= t + 30, t0, LOAD);
  // While a finger is down its arm lights up.
  const during = decodePNG(await page.screenshot({ clip }));
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  assert.notDeepEqual(during.rgba, before.rgba, 'the pressed arm is not highlighted');
  const state = await page.evaluate(() => window.arcade.state());
  const idle = await run(arcadeBin, ['check', demo, '--ticks', String(state.tick)]);
  assert.ok(!idle.stdout.includes(state.hash), 'holding the pad did not move the player');
  assert.deepEqual(page.errors, []);
  await context.close();
});
