// The Sprites tab: a pixel editor for the draft's PNG sheets. A sheet is
// frames side by side as the engine cuts them (engine/render/assets.go,
// frameCount): square frames as high as the image, or one frame when the
// image is narrower than high. Pencil, eraser, fill, a palette of the
// image's colours and a colour picker, frames (previous, next, add),
// onion skin (the previous frame faded underneath), flips of the frame, a
// zoomed canvas with a pixel grid. Save writes the PNG into the draft
// (canvas → PNG bytes) and the level reloads. window.studio.drawPixel goes
// through the same setPixel as the mouse.
import { decodeImage } from './mapedit.js';

/** The engine's bound on every side of a level's image (engine/level/png.go). */
export const MAX_IMAGE_SIDE = 1024;
const MAX_PALETTE = 32;

const el = (tag, props = {}, ...kids) => {
  const n = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'class') n.className = v;
    else if (k.startsWith('on') || k in n) n[k] = v;
    else n.setAttribute(k, v);
  }
  n.append(...kids);
  return n;
};

/** The frame size of a w×h sheet, as the engine cuts it. */
export function frameSize(w, h) {
  if (h <= 0 || w < h) return { fw: w, fh: h, count: 1 };
  return { fw: h, fh: h, count: Math.floor(w / h) };
}

const hex = (c) => '#' + c.slice(0, 3).map((v) => v.toString(16).padStart(2, '0')).join('');

/** [r, g, b, a] of "#rrggbb", "#rrggbbaa" or an array. */
export function parseColour(c) {
  if (Array.isArray(c)) return [0, 1, 2, 3].map((i) => Math.max(0, Math.min(255, Math.round(c[i] ?? 255))));
  const m = /^#?([0-9a-f]{6})([0-9a-f]{2})?$/i.exec(String(c));
  if (!m) throw new Error(`studio: colour ${c}`);
  const n = parseInt(m[1], 16);
  return [n >> 16 & 255, n >> 8 & 255, n & 255, m[2] ? parseInt(m[2], 16) : 255];
}

export class SpriteEditor {
  /** box: the tab's element; host: {draft(), t(), save(name, bytes)}. */
  constructor(box, host) {
    this.box = box;
    this.host = host;
    this.reset();
  }

  reset() {
    this.file = '';
    this.bytes = null; // the draft's bytes the image was read from
    this.img = null; // ImageData being edited
    this.frame = 0;
    this.tool = 'pencil';
    this.colour = [255, 255, 255, 255];
    this.onion = true;
    this.zoom = 0; // 0: fit
    this.dirty = false;
    this.error = '';
  }

  pngs() {
    return Object.keys(this.host.draft().files).filter((n) => /\.png$/i.test(n)).sort();
  }

  t() { return this.host.t(); }

  /** Opens file (or the first sheet) unless it is open with unsaved changes. */
  async load(file) {
    const files = this.host.draft().files;
    const list = this.pngs();
    const name = file || (list.includes(this.file) ? this.file : list[0] || '');
    if (name === this.file && (this.dirty || files[name] === this.bytes)) return;
    this.file = name;
    this.bytes = files[name] || null;
    this.img = null;
    this.frame = 0;
    this.dirty = false;
    this.error = '';
    if (!this.bytes) return;
    try {
      const bm = await decodeImage(this.bytes);
      const c = new OffscreenCanvas(bm.width, bm.height);
      const g = c.getContext('2d');
      g.drawImage(bm, 0, 0);
      this.img = g.getImageData(0, 0, bm.width, bm.height, { colorSpace: 'srgb' });
    } catch (e) {
      this.error = String(e.message || e);
    }
  }

  async show(file) {
    await this.load(file);
    this.render();
  }

  get size() { return frameSize(this.img.width, this.img.height); }

  render() {
    const t = this.t();
    this.box.textContent = '';
    const list = this.pngs();
    if (!list.length) {
      this.box.append(el('p', { class: 'hint' }, t.spritesNone));
      return;
    }
    const fileSel = el('select', { id: 'sprite-file', onchange: async () => {
      if (this.dirty && !confirm(t.discard)) { fileSel.value = this.file; return; }
      this.dirty = false;
      await this.show(fileSel.value);
    } });
    for (const n of list) fileSel.append(el('option', { value: n, selected: n === this.file }, n));
    const bar = el('div', { class: 'toolbar' }, el('label', {}, `${t.spriteSheet} `, fileSel));
    this.box.append(bar);
    if (!this.img) {
      this.box.append(el('p', { class: 'form-error' }, `${this.file}: ${this.error}`));
      return;
    }
    const { fw, fh, count } = this.size;
    const tool = (id, label) => {
      const b = el('button', { type: 'button', id: `sprite-${id}`, onclick: () => { this.tool = id; this.render(); } }, label);
      b.setAttribute('aria-pressed', String(this.tool === id));
      return b;
    };
    const canAdd = this.img.width >= this.img.height && this.img.width + fw <= MAX_IMAGE_SIDE;
    bar.append(
      el('span', { class: 'dim' }, t.spriteFrames(this.img.width, this.img.height, fw, fh, count)),
      el('span', { class: 'grow' }),
      el('button', { type: 'button', id: 'sprite-save', class: 'primary', disabled: !this.dirty, onclick: () => this.save() },
        this.dirty ? t.saveChanges : t.saved),
    );
    const tools = el('div', { class: 'toolbar' },
      tool('pencil', t.pencil), tool('eraser', t.mapEraser), tool('fill', t.fill), tool('picker', t.picker),
      el('button', { type: 'button', id: 'sprite-flip-h', onclick: () => this.flip(true) }, t.flipH),
      el('button', { type: 'button', id: 'sprite-flip-v', onclick: () => this.flip(false) }, t.flipV),
      el('button', { type: 'button', onclick: () => this.setZoom(this.fit() - 1), 'aria-label': t.zoomOut }, '−'),
      el('span', { class: 'zoom' }, `×${this.fit()}`),
      el('button', { type: 'button', onclick: () => this.setZoom(this.fit() + 1), 'aria-label': t.zoomIn }, '+'),
    );
    const frames = el('div', { class: 'toolbar' },
      el('button', { type: 'button', id: 'sprite-prev', disabled: count < 2, onclick: () => this.goFrame(this.frame - 1) }, '◀'),
      el('span', { id: 'sprite-frame' }, t.frameOf(this.frame + 1, count)),
      el('button', { type: 'button', id: 'sprite-next', disabled: count < 2, onclick: () => this.goFrame(this.frame + 1) }, '▶'),
      el('button', { type: 'button', id: 'sprite-add', disabled: !canAdd, title: canAdd ? '' : t.addFrameLimit(MAX_IMAGE_SIDE), onclick: () => this.addFrame() }, t.addFrame),
      el('label', {}, el('input', { type: 'checkbox', id: 'sprite-onion', checked: this.onion, onchange: (e) => { this.onion = e.target.checked; this.draw(); } }), ` ${t.onion}`),
    );
    this.box.append(tools, frames);
    const body = el('div', { class: 'map-body' });
    const wrap = el('div', { class: 'map-canvas' });
    this.canvas = el('canvas', { id: 'sprite-canvas' });
    wrap.append(this.canvas);
    body.append(wrap, this.palette());
    this.box.append(body);
    this.wire();
    this.draw();
  }

  /** The zoom: chosen, or the largest whole factor that fits the tab. */
  fit() {
    if (this.zoom) return this.zoom;
    const { fw, fh } = this.size;
    const w = Math.max(200, (this.box.clientWidth || 600) - 190);
    const h = Math.max(160, (this.box.clientHeight || 500) - 150);
    return Math.max(1, Math.min(32, Math.floor(Math.min(w / fw, h / fh))));
  }

  setZoom(z) {
    this.zoom = Math.max(1, Math.min(48, z));
    this.render();
  }

  palette() {
    const t = this.t();
    const box = el('div', { class: 'palette sprite-palette' }, el('h3', {}, t.palette));
    const seen = new Map();
    const d = this.img.data;
    for (let i = 0; i < d.length && seen.size < MAX_PALETTE; i += 4) {
      if (d[i + 3] === 0) continue;
      const key = `${d[i]},${d[i + 1]},${d[i + 2]},${d[i + 3]}`;
      if (!seen.has(key)) seen.set(key, [d[i], d[i + 1], d[i + 2], d[i + 3]]);
    }
    const swatches = el('div', { class: 'swatches' });
    for (const c of seen.values()) {
      const same = c.every((v, i) => v === this.colour[i]);
      swatches.append(el('button', { type: 'button', class: same ? 'swatch picked' : 'swatch', title: hex(c),
        style: `background: rgba(${c[0]},${c[1]},${c[2]},${c[3] / 255})`, onclick: () => { this.colour = c; this.tool = this.tool === 'eraser' || this.tool === 'picker' ? 'pencil' : this.tool; this.render(); } }));
    }
    const input = el('input', { type: 'color', id: 'sprite-colour', value: hex(this.colour),
      oninput: () => { this.colour = [...parseColour(input.value).slice(0, 3), 255]; } });
    box.append(swatches, el('label', { class: 'field' }, t.colour, input));
    return box;
  }

  goFrame(i) {
    const n = this.size.count;
    this.frame = ((i % n) + n) % n;
    this.render();
  }

  draw() {
    const c = this.canvas;
    if (!c) return;
    const { fw, fh } = this.size;
    const z = this.fit();
    c.width = fw * z;
    c.height = fh * z;
    const g = c.getContext('2d');
    g.imageSmoothingEnabled = false;
    // A checkerboard under transparent pixels.
    for (let y = 0; y < fh; y++) {
      for (let x = 0; x < fw; x++) {
        g.fillStyle = (x + y) % 2 ? '#3a3d5c' : '#2b2e4d';
        g.fillRect(x * z, y * z, z, z);
      }
    }
    const d = this.img.data;
    const W = this.img.width;
    const paint = (frame, alpha) => {
      for (let y = 0; y < fh; y++) {
        for (let x = 0; x < fw; x++) {
          const i = (y * W + frame * fw + x) * 4;
          if (!d[i + 3]) continue;
          g.fillStyle = `rgba(${d[i]},${d[i + 1]},${d[i + 2]},${(d[i + 3] / 255) * alpha})`;
          g.fillRect(x * z, y * z, z, z);
        }
      }
    };
    if (this.onion && this.size.count > 1) paint((this.frame + this.size.count - 1) % this.size.count, 0.3);
    paint(this.frame, 1);
    if (z >= 4) {
      g.strokeStyle = 'rgba(110,114,170,0.55)'; // seen on light and dark pixels
      g.lineWidth = 1;
      g.beginPath();
      for (let x = 0; x <= fw; x++) { g.moveTo(x * z + 0.5, 0); g.lineTo(x * z + 0.5, c.height); }
      for (let y = 0; y <= fh; y++) { g.moveTo(0, y * z + 0.5); g.lineTo(c.width, y * z + 0.5); }
      g.stroke();
    }
  }

  wire() {
    const c = this.canvas;
    let down = false;
    const at = (e) => {
      const r = c.getBoundingClientRect();
      const z = this.fit();
      return [Math.floor((e.clientX - r.left) * (c.width / r.width) / z), Math.floor((e.clientY - r.top) * (c.height / r.height) / z)];
    };
    c.onpointerdown = (e) => {
      c.setPointerCapture(e.pointerId);
      const [x, y] = at(e);
      if (this.tool === 'fill') { this.fill(this.frame, x, y, this.colour); return; }
      if (this.tool === 'picker') { this.pick(x, y); return; }
      down = true;
      this.use(x, y);
    };
    c.onpointermove = (e) => { if (down) this.use(...at(e)); };
    c.onpointerup = () => { down = false; };
  }

  use(x, y) {
    this.setPixel(this.frame, x, y, this.tool === 'eraser' ? [0, 0, 0, 0] : this.colour);
  }

  pick(x, y) {
    const { fw, fh } = this.size;
    if (x < 0 || y < 0 || x >= fw || y >= fh) return;
    const i = (y * this.img.width + this.frame * fw + x) * 4;
    this.colour = [...this.img.data.slice(i, i + 4)];
    this.tool = 'pencil';
    this.render();
  }

  changed() {
    if (!this.dirty) {
      this.dirty = true;
      const b = this.box.querySelector('#sprite-save');
      if (b) { b.disabled = false; b.textContent = this.t().saveChanges; }
    }
    this.draw();
  }

  /** Sets pixel (x, y) of a frame (frame coordinates) to an [r, g, b, a] colour. */
  setPixel(frame, x, y, rgba) {
    const { fw, fh, count } = this.size;
    if (frame < 0 || frame >= count || x < 0 || y < 0 || x >= fw || y >= fh) return false;
    const i = (y * this.img.width + frame * fw + x) * 4;
    const c = parseColour(rgba);
    this.img.data.set(c[3] === 0 ? [0, 0, 0, 0] : c, i);
    this.changed();
    return true;
  }

  /** Flood fill of the frame from (x, y) with a colour (4-connected). */
  fill(frame, x, y, rgba) {
    const { fw, fh } = this.size;
    if (x < 0 || y < 0 || x >= fw || y >= fh) return;
    const d = this.img.data;
    const W = this.img.width;
    const idx = (px, py) => (py * W + frame * fw + px) * 4;
    const from = [...d.slice(idx(x, y), idx(x, y) + 4)];
    const to = parseColour(rgba);
    if (from.every((v, k) => v === to[k])) return;
    const stack = [[x, y]];
    while (stack.length) {
      const [px, py] = stack.pop();
      if (px < 0 || py < 0 || px >= fw || py >= fh) continue;
      const i = idx(px, py);
      if (d[i] !== from[0] || d[i + 1] !== from[1] || d[i + 2] !== from[2] || d[i + 3] !== from[3]) continue;
      d.set(to, i);
      stack.push([px + 1, py], [px - 1, py], [px, py + 1], [px, py - 1]);
    }
    this.changed();
  }

  /** Flips the frame shown left to right (horizontal) or top to bottom. */
  flip(horizontal) {
    const { fw, fh } = this.size;
    const d = this.img.data;
    const W = this.img.width;
    const copy = d.slice();
    for (let y = 0; y < fh; y++) {
      for (let x = 0; x < fw; x++) {
        const sx = horizontal ? fw - 1 - x : x;
        const sy = horizontal ? y : fh - 1 - y;
        const to = (y * W + this.frame * fw + x) * 4;
        const from = (sy * W + this.frame * fw + sx) * 4;
        d.set(copy.subarray(from, from + 4), to);
      }
    }
    this.changed();
  }

  /** Adds a frame after the last, a copy of the one shown, and shows it. */
  addFrame() {
    const { fw, fh, count } = this.size;
    const W = this.img.width;
    if (W < this.img.height || W + fw > MAX_IMAGE_SIDE) return false;
    const next = new ImageData(W + fw, fh);
    for (let y = 0; y < fh; y++) {
      next.data.set(this.img.data.subarray(y * W * 4, (y + 1) * W * 4), y * (W + fw) * 4);
      next.data.set(this.img.data.subarray((y * W + this.frame * fw) * 4, (y * W + (this.frame + 1) * fw) * 4), (y * (W + fw) + W) * 4);
    }
    this.img = next;
    this.frame = count;
    this.dirty = true;
    this.render();
    return true;
  }

  /** Writes the sheet into the draft as PNG bytes (the level reloads). */
  async save() {
    if (!this.img || !this.dirty) return;
    const c = document.createElement('canvas');
    c.width = this.img.width;
    c.height = this.img.height;
    c.getContext('2d').putImageData(this.img, 0, 0);
    const blob = await new Promise((resolve) => c.toBlob(resolve, 'image/png'));
    const bytes = new Uint8Array(await blob.arrayBuffer());
    this.bytes = bytes;
    this.dirty = false;
    this.host.save(this.file, bytes);
    if (this.box.isConnected) this.render();
  }
}
