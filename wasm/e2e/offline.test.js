// Browser tests of the service worker (wasm/sw.js): a player who has
// loaded the game once reloads it with the network gone and still plays
// the campaign, and a new build reaches a player who is online at their
// next visit, then works offline in turn.
//
// "Offline" is both Playwright's emulation (context.setOffline) and the
// server stopped, so neither the page nor the worker can reach anything.
// Each test has its own server, on its own copy of wasm/dist (the second
// test writes a new build into it).
//
// Like page.test.js they wait on conditions, never on time, and assert no
// duration.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOAD, countColours, decodePNG, launch, newPage, root, startServer, waitReady } from './lib.js';

// Bounds each test (several game starts in software WebGL); a passing run
// takes far less.
const BOUND = { timeout: 600_000 };

let browser;
const cleanups = [];

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
  for (const cleanup of cleanups.reverse()) await cleanup();
});

// serveCopy copies wasm/dist to a temporary folder and serves it: {url,
// stop, dir}. stop may be called more than once.
async function serveCopy() {
  const dir = mkdtempSync(join(tmpdir(), 'arcade-e2e-web-'));
  cpSync(join(root, 'wasm/dist'), dir, { recursive: true });
  const server = await startServer({ web: dir });
  let stopped;
  const stop = () => (stopped ??= server.stop());
  cleanups.push(async () => { await stop(); rmSync(dir, { recursive: true, force: true }); });
  return { url: server.url, stop, dir };
}

// swVersion reads the cache version the build wrote into sw.js.
function swVersion(dir) {
  const m = /^const VERSION = '([0-9a-f]{16})'; \/\/ build$/m.exec(readFileSync(join(dir, 'sw.js'), 'utf8'));
  assert.ok(m, 'sw.js has no build version');
  return m[1];
}

// controlled waits until the service worker has installed (its cache
// filled), activated and taken control of the page.
async function controlled(page) {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, LOAD);
}

// cacheState lists the worker's caches and the paths each one holds.
function cacheState(page) {
  return page.evaluate(async () => {
    const out = {};
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      out[name] = (await cache.keys()).map((r) => new URL(r.url).pathname).sort();
    }
    return out;
  });
}

// loaderName is the hashed loader script the page names.
const loaderName = (page) => page.evaluate(() => document.querySelector('script[data-wasm]').getAttribute('src'));

const scene = (page, name) => page.waitForFunction((n) => window.arcade.state().scene === n, name, LOAD);

test('a game loaded once reloads and plays a campaign level offline', BOUND, async () => {
  const server = await serveCopy();
  const version = swVersion(server.dir);
  const { context, page } = await newPage(browser);
  const responses = new Map();
  page.on('response', (r) => responses.set(new URL(r.url()).pathname, r));
  await page.goto(server.url);
  await waitReady(page);
  await controlled(page);

  // How the server serves the worker: revalidated on every visit, as a script.
  const sw = await fetch(new URL('sw.js', server.url));
  assert.equal(sw.headers.get('cache-control'), 'no-cache');
  assert.equal(sw.headers.get('content-type'), 'text/javascript; charset=utf-8');

  // One cache, of this build: the page, the loader's manifest and the
  // hashed files the page loads; nothing of the studio or the score server.
  const wasm = [...responses.keys()].find((p) => /^\/game\.[0-9a-f]{16}\.wasm$/.test(p));
  const exec = [...responses.keys()].find((p) => /^\/wasm_exec\.[0-9a-f]{16}\.js$/.test(p));
  const cached = {
    [`arcade-${version}`]: ['/', '/manifest.json', wasm, exec, '/' + await loaderName(page)].sort(),
  };
  assert.deepEqual(await cacheState(page), cached);

  // The studio's frame (/?studio), under the same worker, gets the studio's
  // engine from the network; the worker keeps no copy: the studio is
  // online only.
  const frame = await context.newPage();
  const frameWasm = [];
  frame.on('response', (r) => {
    if (r.url().endsWith('.wasm')) frameWasm.push([new URL(r.url()).pathname, r.status(), r.fromServiceWorker()]);
  });
  await frame.goto(new URL('?studio', server.url).href);
  await frame.waitForFunction(() => window.studioEngine && window.studioEngine.ready, null, LOAD);
  assert.equal(frameWasm.length, 1, JSON.stringify(frameWasm));
  assert.match(frameWasm[0][0], /^\/studio-engine\.[0-9a-f]{16}\.wasm$/);
  assert.deepEqual(frameWasm[0].slice(1), [200, false]);
  await frame.close();
  assert.deepEqual(await cacheState(page), cached);

  // The network goes: the browser's, and the server itself.
  await context.setOffline(true);
  await server.stop();
  responses.clear();
  await page.reload();
  await waitReady(page);
  for (const [path, r] of responses) {
    if (path === '/ws') continue;
    assert.ok(r.fromServiceWorker(), `${path} did not come from the service worker`);
  }
  assert.ok(responses.has(wasm), `the game was not loaded: ${[...responses.keys()].join(' ')}`);

  // The title is drawn, and the online part says it is offline rather
  // than waiting for a server that does not answer.
  assert.equal((await page.evaluate(() => window.arcade.state())).scene, 'title');
  const colours = countColours(decodePNG(await page.locator('canvas').screenshot()));
  assert.ok(colours >= 3, `the canvas shows ${colours} colour(s)`);
  await page.waitForFunction(() => window.arcade.state().online.status === 'offline', null, LOAD);

  // The first entry of the level select is a campaign level: it opens and
  // runs.
  await page.locator('canvas').click();
  await page.keyboard.press('Enter');
  await scene(page, 'select');
  await page.keyboard.press('Enter');
  await scene(page, 'play');
  const start = await page.evaluate(() => window.arcade.state());
  assert.notEqual(start.level, 'demo');
  assert.match(start.level, /^[a-z0-9-]+$/);
  await page.waitForFunction((t) => window.arcade.state().tick >= t + 60, start.tick, LOAD);
  assert.deepEqual(page.errors.filter((e) => !/WebSocket|ERR_INTERNET_DISCONNECTED|ERR_CONNECTION_REFUSED/.test(e)), []);
  await context.close();
});

// newBuild writes into dir what a new build with a changed loader would:
// a new hashed loader, index.html naming it, and sw.js with a new version
// precaching it (their compressed copies removed: the server then serves
// the new files as they are). Returns {loader, version}.
function newBuild(dir) {
  const sha = (text) => createHash('sha256').update(text).digest('hex').slice(0, 16);
  const index = readFileSync(join(dir, 'index.html'), 'utf8');
  const old = /src="(loader\.[0-9a-f]{16}\.js)"/.exec(index)[1];
  const code = readFileSync(join(dir, old), 'utf8') + '\n// the next build\n';
  const loader = `loader.${sha(code)}.js`;
  writeFileSync(join(dir, loader), code);
  const page = index.replace(`src="${old}"`, `src="${loader}"`);
  const version = sha(page);
  const sw = readFileSync(join(dir, 'sw.js'), 'utf8')
    .replace(`'${old}'`, `'${loader}'`)
    .replace(/^const VERSION = '[0-9a-f]{16}';/m, `const VERSION = '${version}';`);
  for (const [name, text] of [['index.html', page], ['sw.js', sw]]) {
    for (const ext of ['.br', '.gz']) unlinkSync(join(dir, name + ext));
    writeFileSync(join(dir, name), text);
  }
  return { loader, version };
}

test('a new build is what an online visit gets, and then works offline', BOUND, async () => {
  const server = await serveCopy();
  const { context, page } = await newPage(browser);
  await page.goto(server.url);
  await waitReady(page);
  await controlled(page);
  const first = await loaderName(page);

  // The page comes from the network first: the reload shows the new build.
  const next = newBuild(server.dir);
  await page.reload();
  await waitReady(page);
  assert.equal(await loaderName(page), next.loader);

  // The browser saw the worker change on that visit: the new one installs,
  // takes over and deletes the previous build's cache. Starting it beside a
  // running game takes about a minute here, the game's frames being drawn
  // in software on a shared CPU, so the page leaves the game for a document
  // of the same scope without it. update() settles once the browser has
  // compared sw.js (here again, or on the reload), so the new worker is
  // then installing, waiting or active; its state becomes "activated" once
  // its activate handler (which deletes) is done.
  await page.goto(new URL('manifest.json', server.url).href);
  await page.evaluate(async () => {
    const reg = await navigator.serviceWorker.getRegistration();
    await reg.update();
    const settled = (w) => new Promise((resolve) => {
      const check = () => {
        if (w.state !== 'activated' && w.state !== 'redundant') return false;
        w.removeEventListener('statechange', check);
        resolve();
        return true;
      };
      if (!check()) w.addEventListener('statechange', check);
    });
    for (let w = reg.installing || reg.waiting || reg.active; w; w = reg.installing || reg.waiting) await settled(w);
  });
  const want = `arcade-${next.version}`;
  const cached = await cacheState(page);
  assert.deepEqual(Object.keys(cached), [want]);
  assert.ok(cached[want].includes('/' + next.loader), `the new loader is not cached: ${cached[want].join(' ')}`);
  assert.ok(!cached[want].includes('/' + first), 'the old loader is still cached');

  // Offline, the new build starts from the cache.
  await context.setOffline(true);
  await server.stop();
  await page.goto(server.url);
  await waitReady(page);
  assert.equal(await loaderName(page), next.loader);
  await context.close();
});
