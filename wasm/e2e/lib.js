// Shared by the browser tests (*.test.js) and the startup benchmark
// (bench.js): start `bin/arcade serve` on a free port, launch Debian's
// Chromium through playwright-core, open pages and wait for the game, read
// PNG screenshots.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { inflateSync } from 'node:zlib';
import { chromium } from 'playwright-core';

/** The repository's root. */
export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The arcade binary `make build` writes. */
export const arcadeBin = join(root, 'bin/arcade');

/**
 * Chromium's flags. playwright-core adds --headless, --no-sandbox (as it
 * runs without Chromium's sandbox) and its own defaults. The network flags
 * keep Chromium from calling hosts this closed network refuses. WebGL 2,
 * which Ebiten needs, is drawn in software by SwiftShader through ANGLE:
 * asking for it explicitly gives the same pixels on machines with and
 * without a GPU, and --enable-unsafe-swiftshader keeps that software
 * fallback allowed in recent Chromium (playwright-core passes it too).
 */
export const chromiumFlags = [
  '--disable-gpu',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Generous limits for a slow CI machine: they only bound a failing run. */
export const LOAD = { timeout: 120_000 };

/**
 * Opens a page in a fresh context of browser (empty cache; 960×540 and
 * en-US unless options say otherwise) and collects the page's errors in
 * page.errors so a test can show them when it fails.
 */
export async function newPage(browser, options = {}) {
  const context = await browser.newContext({ viewport: { width: 960, height: 540 }, locale: 'en-US', ...options });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
  return { context, page };
}

/** Waits until the game has drawn its first frame and the loader is gone. */
export async function waitReady(page) {
  try {
    await page.waitForFunction(() => window.arcade && window.arcade.ready === true, null, LOAD);
    await page.waitForSelector('#loader', { state: 'hidden', ...LOAD });
  } catch (e) {
    const text = await page.locator('#loader').innerText().catch(() => '');
    throw new Error(`game not ready: ${e.message}\nloader: ${text}\npage errors: ${(page.errors ?? []).join('\n')}`);
  }
}

/** Launches Chromium (CHROMIUM overrides /usr/bin/chromium). */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: chromiumFlags,
  });
}

/**
 * Starts `bin/arcade serve --addr 127.0.0.1:0` on the web build web
 * (wasm/dist unless given) with a temporary data folder, and resolves to
 * {url, stop} once it prints the address it listens on.
 */
export function startServer({ web = join(root, 'wasm/dist') } = {}) {
  const data = mkdtempSync(join(tmpdir(), 'arcade-e2e-data-'));
  const child = spawn(arcadeBin, ['serve', '--addr', '127.0.0.1:0', '--web', web, '--data', data], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  const exited = new Promise((done) => child.on('exit', (code, signal) => done({ code, signal })));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const end = await exited;
    rmSync(data, { recursive: true, force: true });
    return end;
  };
  return new Promise((resolvePromise, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const m = /^serving (http:\/\/\S+)$/.exec(line);
      if (m) resolvePromise({ url: m[1] + '/', stop });
    });
    child.on('error', reject);
    exited.then(({ code, signal }) => reject(new Error(
      `arcade serve exited (${code ?? signal}) before printing its address: ${stderr.trim()} (run make build first)`)));
  });
}

/**
 * Decodes a PNG as Chromium writes screenshots (8-bit RGB or RGBA, not
 * interlaced) into {width, height, rgba}.
 */
export function decodePNG(buf) {
  if (buf.readUInt32BE(0) !== 0x89504e47) throw new Error('png: not a PNG');
  let pos = 8;
  let width = 0, height = 0, channels = 0;
  const idat = [];
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    const data = buf.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      const depth = data[8], colour = data[9], interlace = data[12];
      if (depth !== 8 || interlace !== 0 || (colour !== 2 && colour !== 6)) {
        throw new Error(`png: unsupported format (depth ${depth}, colour type ${colour}, interlace ${interlace})`);
      }
      channels = colour === 6 ? 4 : 3;
    } else if (type === 'IDAT') {
      idat.push(data);
    } else if (type === 'IEND') {
      break;
    }
    pos += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const out = Buffer.alloc(width * height * 4);
  let prev = Buffer.alloc(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = Buffer.from(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)));
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? line[i - channels] : 0;
      const b = prev[i];
      const c = i >= channels ? prev[i - channels] : 0;
      let add = 0;
      switch (filter) {
        case 0: break;
        case 1: add = a; break;
        case 2: add = b; break;
        case 3: add = (a + b) >> 1; break;
        case 4: {
          const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
          add = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
          break;
        }
        default: throw new Error(`png: bad filter ${filter}`);
      }
      line[i] = (line[i] + add) & 0xff;
    }
    for (let x = 0; x < width; x++) {
      out[(y * width + x) * 4] = line[x * channels];
      out[(y * width + x) * 4 + 1] = line[x * channels + 1];
      out[(y * width + x) * 4 + 2] = line[x * channels + 2];
      out[(y * width + x) * 4 + 3] = channels === 4 ? line[x * channels + 3] : 255;
    }
    prev = line;
  }
  return { width, height, rgba: out };
}

/** Counts the distinct colours of a decoded image. */
export function countColours({ rgba }) {
  const seen = new Set();
  for (let i = 0; i < rgba.length; i += 4) seen.add(rgba.readUInt32BE(i));
  return seen.size;
}

/** The median of numbers. */
export function median(values) {
  const v = [...values].sort((a, b) => a - b);
  const mid = v.length >> 1;
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}
