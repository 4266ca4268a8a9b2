// Browser tests of the game on a phone: Chromium's touch emulation
// (hasTouch, isMobile) held sideways (844×390) and upright (390×844). The
// on-screen controls are there from the first frame, around the view and
// never on it, and taps on menu items choose them: title → settings →
// back (the pause button) → level select → a level → its pause menu. The
// game says where its controls and tap targets are in state().touch (CSS
// pixels), and which screen it shows in state().scene.
//
// PHONE_SHOTS=DIR saves a screenshot of each step there, to look at.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { LOAD, countColours, decodePNG, launch, newPage, startServer, waitReady } from './lib.js';

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

const state = (page) => page.evaluate(() => window.arcade.state());
const scene = (page, name) => page.waitForFunction((n) => window.arcade.state().scene === n, name, LOAD);

// shot saves a screenshot under PHONE_SHOTS, if set.
async function shot(page, name) {
  const dir = process.env.PHONE_SHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`) });
}

// tapTarget taps the middle of the i-th thing a tap can choose on screen
// (the items of the menu shown, in order).
async function tapTarget(page, i) {
  const { touch } = await state(page);
  const t = touch.targets[i];
  assert.ok(t, `no tap target ${i} on ${JSON.stringify(touch.targets)}`);
  await page.touchscreen.tap(t.x + t.w / 2, t.y + t.h / 2);
}

// tapCircle taps a control of state().touch: pad, a, b or pause.
async function tapCircle(page, name) {
  const { touch } = await state(page);
  await page.touchscreen.tap(touch[name].x, touch[name].y);
}

// assertLayout checks the controls are on the screen, off the view, and
// drawn before any touch.
async function assertLayout(page, label) {
  const { touch } = await state(page);
  assert.ok(touch, `${label}: no touch controls on a touch screen`);
  const { view, screen } = touch;
  assert.ok(view.x >= 0 && view.y >= 0 && view.x + view.w <= screen.w && view.y + view.h <= screen.h, `${label}: view ${JSON.stringify(view)} off the screen`);
  for (const name of ['pad', 'a', 'b', 'pause']) {
    const c = touch[name];
    const nx = Math.max(view.x, Math.min(c.x, view.x + view.w - 1));
    const ny = Math.max(view.y, Math.min(c.y, view.y + view.h - 1));
    assert.ok((nx - c.x) ** 2 + (ny - c.y) ** 2 >= c.r ** 2, `${label}: ${name} ${JSON.stringify(c)} covers the view ${JSON.stringify(view)}`);
    const img = decodePNG(await page.screenshot({ clip: { x: c.x - c.r, y: c.y - c.r, width: 2 * c.r, height: 2 * c.r } }));
    assert.ok(countColours(img) >= 2, `${label}: ${name} is not drawn`);
  }
  return touch;
}

test('held sideways, taps choose menu items: title, settings, back, a level, its pause menu', async () => {
  const { context, page } = await newPage(browser, { viewport: { width: 844, height: 390 }, hasTouch: true, isMobile: true, locale: 'fr-FR' });
  await page.goto(server.url);
  await waitReady(page);
  await scene(page, 'title');
  const touch = await assertLayout(page, 'sideways');
  // Sideways the controls sit in columns beside the view.
  assert.ok(touch.pad.x + touch.pad.r <= touch.view.x, 'the pad is not left of the view');
  assert.ok(touch.a.x - touch.a.r >= touch.view.x + touch.view.w, 'A is not right of the view');
  await shot(page, 'landscape-1-title');

  // Title: Play, Community, Class, Settings, Language.
  await tapTarget(page, 3);
  await scene(page, 'settings');
  await shot(page, 'landscape-2-settings');
  // The pause button is the back button.
  await tapCircle(page, 'pause');
  await scene(page, 'title');

  await tapTarget(page, 0);
  await scene(page, 'select');
  await shot(page, 'landscape-3-select');
  // The first campaign level, selected already: one tap plays it.
  await tapTarget(page, 0);
  await scene(page, 'play');
  const level = (await state(page)).level;
  assert.ok(level, 'no level is played');
  await shot(page, 'landscape-4-play');

  // Pause, then Quit (the third item of the pause menu) back to the select.
  await tapCircle(page, 'pause');
  await page.waitForFunction(() => window.arcade.state().touch.targets.length === 4, null, LOAD);
  await shot(page, 'landscape-5-pause');
  await tapTarget(page, 2);
  await scene(page, 'select');
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('held upright, the view is on top, the controls below, and taps work', async () => {
  const { context, page } = await newPage(browser, { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, locale: 'fr-FR' });
  await page.goto(server.url);
  await waitReady(page);
  await scene(page, 'title');
  const touch = await assertLayout(page, 'upright');
  assert.equal(touch.view.y, 0, 'the view is not at the top');
  assert.equal(touch.view.w, 390, 'the view does not take the width');
  assert.ok(touch.pad.y - touch.pad.r >= touch.view.h, 'the pad is not below the view');
  await shot(page, 'portrait-1-title');

  await tapTarget(page, 3);
  await scene(page, 'settings');
  await shot(page, 'portrait-2-settings');
  // Settings' last item is Back.
  const n = (await state(page)).touch.targets.length;
  await tapTarget(page, n - 1);
  await scene(page, 'title');
  assert.deepEqual(page.errors, []);
  await context.close();
});
