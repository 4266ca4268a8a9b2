// `make bench-web`: figures about the web build, printed, never asserted.
//
//  1. What a first visit downloads: every file the page fetches, raw, gzip -9
//     and brotli -q 11 (the precompressed files the server sends, or the
//     same compression done here for files it sends as they are).
//  2. Startup in headless Chromium against `bin/arcade serve` on loopback,
//     median of RUNS cold visits (a fresh browser context each, so an empty
//     cache) and of RUNS warm ones (reloads, the hashed files from cache):
//     times from navigation start to the .wasm downloaded, the game
//     instantiated, its first frame drawn (window.arcade.ready) and the
//     loader gone, read from the loader's performance marks.
//  3. The game against the bare stack: wasm/bench/bare links what the game
//     cannot start without (Ebiten, gopher-lua, resolv, the game's text
//     drawing) and draws one line of text. It is built as wasm/build.sh
//     builds the game (into bin/bench-bare) and served by a second
//     `arcade serve` through the same page and loader; its cold visits
//     alternate with the game's, and the ratio of the medians of their
//     first frames is what the game's startup adds to the least it could
//     take. The bare stack is built twice: as the game is (with wasm/slim's
//     Ebiten and gopher-lua) and with the modules as released (WASM_SLIM=0,
//     into bin/bench-bare-released), the yardstick issue 14 set.
//
// Loopback hides the network: on a real connection add the transfer time of
// the brotli sizes. Compare figures only within one run of one machine.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { launch, median, root, startServer } from './lib.js';

const RUNS = Number(process.env.RUNS || 5);
const dist = join(root, 'wasm/dist');
const bareDist = join(root, 'bin/bench-bare');
const releasedDist = join(root, 'bin/bench-bare-released');

// buildBare builds the bare stack into bareDist with wasm/build.sh, the
// game's build: the same flags, compression, page and loader. Its output
// goes to stderr, the figures alone to stdout.
function buildBare() {
  for (const [folder, slim] of [['bin/bench-bare', '1'], ['bin/bench-bare-released', '0']]) {
    execFileSync(join(root, 'wasm/build.sh'), ['./wasm/bench/bare', folder], {
      cwd: root,
      env: { ...process.env, WASM_SLIM: slim },
      stdio: ['ignore', process.stderr, process.stderr],
    });
  }
}

// wasmBrotli returns the brotli size of the .wasm a build's manifest names.
function wasmBrotli(folder) {
  const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8'));
  const [, file] = Object.entries(manifest.files).find(([name]) => name.endsWith('.wasm'));
  return file.br;
}

const kb = (n) => `${(n / 1024).toFixed(1)} KiB`.padStart(12);
const mib = (n) => (n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(2)} MiB`.padStart(12) : kb(n));
const ms = (n) => (Number.isFinite(n) ? `${Math.round(n)} ms`.padStart(9) : '        —');

// sizeOf returns [raw, gzip, brotli] for a file of dist.
function sizeOf(name) {
  const file = join(dist, name);
  const data = readFileSync(file);
  const variant = (ext, compress) => (existsSync(file + ext) ? statSync(file + ext).size : compress(data).length);
  return [
    data.length,
    variant('.gz', (d) => gzipSync(d, { level: 9 })),
    variant('.br', (d) => brotliCompressSync(d, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } })),
  ];
}

// visit loads the page and returns its timings, and what it transferred.
async function visit(page, url, reload) {
  if (reload) await page.reload();
  else await page.goto(url);
  await page.waitForFunction(() => performance.getEntriesByName('arcade:shown').length > 0, null, { timeout: 120_000 });
  return page.evaluate(() => {
    const mark = (name) => performance.getEntriesByName(name)[0]?.startTime;
    const resources = performance.getEntriesByType('resource');
    const wasm = resources.find((r) => r.name.endsWith('.wasm'));
    const nav = performance.getEntriesByType('navigation')[0];
    return {
      downloaded: wasm?.responseEnd,
      instantiated: mark('arcade:instantiated'),
      main: mark('arcade:main'),
      run: mark('arcade:run'),
      firstFrame: mark('arcade:ready'),
      shown: mark('arcade:shown'),
      transferred: [nav, ...resources].reduce((sum, r) => sum + (r.transferSize || 0), 0),
      files: [nav, ...resources].map((r) => `${new URL(r.name).pathname} ${r.transferSize}`),
    };
  });
}

async function main() {
  const manifest = JSON.parse(readFileSync(join(dist, 'manifest.json'), 'utf8'));
  // The studio's files (its page, script and engine) are for /studio only.
  const names = [...Object.keys(manifest.files).filter((n) => !n.startsWith('studio')), 'manifest.json'];
  console.log(`# web build: what a first visit downloads (${dist})`);
  console.log(`${'file'.padEnd(32)}${'raw'.padStart(12)}${'gzip -9'.padStart(12)}${'brotli -q11'.padStart(12)}`);
  const total = [0, 0, 0];
  for (const name of names) {
    const s = sizeOf(name);
    s.forEach((v, i) => { total[i] += v; });
    console.log(`${name.padEnd(32)}${mib(s[0])}${mib(s[1])}${mib(s[2])}`);
  }
  console.log(`${'total'.padEnd(32)}${mib(total[0])}${mib(total[1])}${mib(total[2])}`);

  buildBare();
  const server = await startServer();
  const bare = await startServer({ web: bareDist });
  const released = await startServer({ web: releasedDist });
  const browser = await launch();
  try {
    console.log(`\n# startup in headless Chromium ${browser.version()}, loopback, median of ${RUNS}`);
    console.log('# game cold, game warm (a reload), bare stack cold and released bare stack cold visits alternate in each run');
    const rows = { cold: [], warm: [], bare: [], released: [] };
    let transferred = 0;
    // Each cold visit in a fresh context: an empty cache. The game's is
    // followed by a reload in the same context (warm).
    const inFreshContext = async (visits) => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
      try {
        await visits(await context.newPage());
      } finally {
        await context.close();
      }
    };
    for (let i = 0; i < RUNS; i++) {
      await inFreshContext(async (page) => {
        const cold = await visit(page, server.url, false);
        transferred = cold.transferred;
        rows.cold.push(cold);
        rows.warm.push(await visit(page, server.url, true));
      });
      await inFreshContext(async (page) => rows.bare.push(await visit(page, bare.url, false)));
      await inFreshContext(async (page) => rows.released.push(await visit(page, released.url, false)));
    }
    const m = (list, key) => median(list.map((r) => r[key]).filter(Number.isFinite));
    console.log(`${'from navigation start to'.padEnd(32)}${'cold'.padStart(9)}${'warm'.padStart(9)}${'bare cold'.padStart(11)}${'released'.padStart(11)}`);
    for (const [key, label] of [
      ['downloaded', '.wasm downloaded'],
      ['instantiated', 'compiled and instantiated'],
      ['main', 'Go started (arcade:main)'],
      ['run', 'set up (arcade:run)'],
      ['firstFrame', 'first frame (arcade.ready)'],
      ['shown', 'loader gone, playable'],
    ]) {
      console.log(`${label.padEnd(32)}${ms(m(rows.cold, key))}${ms(m(rows.warm, key))}  ${ms(m(rows.bare, key))}  ${ms(m(rows.released, key))}`);
    }
    console.log(`cold visit transferred ${(transferred / (1 << 20)).toFixed(2)} MiB (headers included)`);
    console.log(`cold first frame, each run: ${rows.cold.map((r) => Math.round(r.firstFrame)).join(' ')} ms`);
    console.log(`bare cold first frame, each run: ${rows.bare.map((r) => Math.round(r.firstFrame)).join(' ')} ms`);
    console.log(`released bare cold first frame, each run: ${rows.released.map((r) => Math.round(r.firstFrame)).join(' ')} ms`);
    // Where the time goes once the .wasm is instantiated: Go's start (the
    // runtime and every package's initialisation), the program's setup
    // (the game's New), then Ebiten's start and the first frame.
    const phase = (list, from, to) => median(list.map((r) => r[to] - r[from]).filter(Number.isFinite));
    console.log(`${'cold, median of each phase'.padEnd(32)}${'game'.padStart(9)}${'bare'.padStart(9)}`);
    for (const [from, to, label] of [
      ['instantiated', 'main', 'Go start (package init)'],
      ['main', 'run', 'setup (game.New)'],
      ['run', 'firstFrame', 'Ebiten start, first frame'],
    ]) {
      console.log(`${label.padEnd(32)}${ms(phase(rows.cold, from, to))}${ms(phase(rows.bare, from, to))}`);
    }
    console.log(`.wasm brotli: game ${mib(wasmBrotli(dist)).trim()}, bare ${mib(wasmBrotli(bareDist)).trim()}, released bare ${mib(wasmBrotli(releasedDist)).trim()}`);
    const ratio = m(rows.cold, 'firstFrame') / m(rows.bare, 'firstFrame');
    console.log(`first frame, cold, game / bare stack built as the game is: ${ratio.toFixed(2)}×`);
    const releasedRatio = m(rows.cold, 'firstFrame') / m(rows.released, 'firstFrame');
    console.log(`first frame, cold, game / bare stack on the released modules: ${releasedRatio.toFixed(2)}×`);
    await frameTimes(browser, server.url);
  } finally {
    await browser.close();
    await server.stop();
    await bare.stop();
    await released.stop();
  }
}

// frameTimes plays each level for FRAME_SECONDS — the right arrow held,
// A tapped every half second so intros, dialogues and quizzes move on — and
// reports the time between animation frames (Ebiten draws once per frame)
// and the game's ticks per second. The page throttles nothing in headless
// mode, so this measures the machine and SwiftShader, not a GPU. Set
// ARCADE_BENCH_LEVELS=demo,rgpd to measure only some levels.
const FRAME_SECONDS = 6;
async function frameTimes(browser, url) {
  const ids = process.env.ARCADE_BENCH_LEVELS
    ? process.env.ARCADE_BENCH_LEVELS.split(',')
    : readdirSync(join(root, 'levels'), { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(join(root, 'levels', d.name, 'level.toml')))
      .map((d) => d.name).sort();
  console.log(`\n# frame times in the browser, ${FRAME_SECONDS} s per level, right arrow held, A tapped`);
  console.log('| level | median ms | p99 ms | frames | ticks/s |');
  console.log('|---|---|---|---|---|');
  for (const id of ids) {
    const context = await browser.newContext({ viewport: { width: 960, height: 540 } });
    const page = await context.newPage();
    await page.goto(new URL(`?level=${id}`, url).href);
    await page.waitForFunction(() => window.arcade && window.arcade.ready && window.arcade.state().scene === 'play', null, { timeout: 120_000 });
    await page.locator('canvas').click();
    await page.keyboard.down('ArrowRight');
    const tapper = setInterval(() => { page.keyboard.press('z').catch(() => {}); }, 500);
    const { deltas, ticks } = await page.evaluate((seconds) => new Promise((resolve) => {
      const deltas = [];
      const t0 = window.arcade.state().tick;
      let last = performance.now();
      const end = last + seconds * 1000;
      const frame = (now) => {
        deltas.push(now - last);
        last = now;
        if (now < end) requestAnimationFrame(frame);
        else resolve({ deltas, ticks: window.arcade.state().tick - t0 });
      };
      requestAnimationFrame(frame);
    }), FRAME_SECONDS);
    clearInterval(tapper);
    await context.close();
    deltas.sort((a, b) => a - b);
    const p99 = deltas[Math.min(deltas.length - 1, Math.floor(deltas.length * 0.99))];
    console.log(`| ${id} | ${median(deltas).toFixed(1)} | ${p99.toFixed(1)} | ${deltas.length} | ${(ticks / FRAME_SECONDS).toFixed(1)} |`);
  }
}

await main();
