// The Map tab: the draft's Tiled map (level.toml's map = "…") on a zoomable
// canvas with its tilesets' images from the draft. Paint tiles on a tile
// layer (brush, eraser, a tile picked from the palette), select, drag,
// rename and delete objects of object layers, add one. Save writes the
// .tmj back through tmj.js (every field not edited kept) and the level
// reloads as for a code edit. The mouse and window.studio's paintTile,
// moveObject, addObject and deleteObject go through the same methods.
import { GID_MASK, mapText, newMap, parseMap, resolvePath, setManifestMap } from './tmj.js';

const el = (tag, props = {}, ...kids) => {
  const n = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'class') n.className = v;
    else if (k.startsWith('on')) n[k] = v;
    else if (k in n && k !== 'list') n[k] = v;
    else n.setAttribute(k, v);
  }
  n.append(...kids);
  return n;
};

/** The map file the manifest names, or "". */
/** The map's zooms: half steps while small, so a 20×11 map fills a laptop's pane. */
const ZOOMS = [1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 8];

export function manifestMap(toml) {
  const m = /^map\s*=\s*"([^"]*)"/m.exec(toml || '');
  return m ? m[1] : '';
}

/** An ImageBitmap of PNG bytes, colours as stored. */
export function decodeImage(bytes) {
  return createImageBitmap(new Blob([bytes], { type: 'image/png' }), { premultiplyAlpha: 'none', colorSpaceConversion: 'none' });
}

export class MapEditor {
  /**
   * box: the tab's element; host: {draft(), t(), engine(), save(name, content)}
   * where save writes a draft file the way an edit does (the level reloads).
   */
  constructor(box, host) {
    this.box = box;
    this.host = host;
    this.reset();
  }

  /** Forgets the map (another draft was opened). */
  reset() {
    this.name = '';
    this.text = null; // the .tmj text the map was read from
    this.map = null;
    this.images = new Map(); // tileset index → {bitmap, bytes}
    this.dirty = false;
    this.layer = 0; // index into map.tileLayers
    this.gid = 1; // the tile the brush paints
    this.tool = 'brush';
    this.zoom = 0; // 0: the largest whole zoom that fits the tab, when first shown
    this.selected = null; // an object of an object layer
    this.objLayer = 0; // index into map.objectLayers for new objects
    this.error = '';
  }

  /** Reads the draft's map again unless the editor holds unsaved changes. */
  async load() {
    const draft = this.host.draft();
    const name = manifestMap(draft.files['level.toml']);
    const text = draft.files[name];
    if (this.dirty && name === this.name) return;
    if (name !== this.name || text !== this.text) {
      this.name = name;
      this.text = typeof text === 'string' ? text : null;
      this.map = null;
      this.error = '';
      this.selected = null;
      if (this.text !== null) {
        try { this.map = parseMap(this.text); } catch (e) { this.error = String(e.message || e); }
      }
      if (this.map) {
        this.layer = Math.min(this.layer, Math.max(0, this.map.tileLayers.length - 1));
        this.objLayer = Math.min(this.objLayer, Math.max(0, this.map.objectLayers.length - 1));
      }
    }
    await this.loadImages();
  }

  /** Decodes the tilesets' images (again when their bytes changed). */
  async loadImages() {
    if (!this.map) return;
    const files = this.host.draft().files;
    const sets = this.map.json.tilesets || [];
    for (let i = 0; i < sets.length; i++) {
      const path = sets[i].image ? resolvePath(this.name, sets[i].image) : '';
      const bytes = files[path];
      const had = this.images.get(i);
      if (!(bytes instanceof Uint8Array)) { this.images.delete(i); continue; }
      if (had && had.bytes === bytes) continue;
      try { this.images.set(i, { bytes, bitmap: await decodeImage(bytes) }); } catch (e) { this.images.delete(i); }
    }
  }

  /** Renders the tab. */
  async show() {
    await this.load();
    this.render();
  }

  t() { return this.host.t(); }

  render() {
    const t = this.t();
    this.box.textContent = '';
    if (!this.name || this.text === null) {
      this.box.append(el('p', { class: 'hint' }, this.name ? t.mapMissing(this.name) : t.mapNone),
        el('button', { type: 'button', class: 'primary', id: 'map-create', onclick: () => this.create() }, t.mapCreate));
      return;
    }
    if (!this.map) {
      this.box.append(el('p', { class: 'form-error' }, `${this.name}: ${this.error}`));
      return;
    }
    const m = this.map;
    if (!this.zoom) {
      const w = Math.max(160, (this.box.clientWidth || 600) - 190);
      const h = Math.max(160, (this.box.clientHeight || 500) - 60);
      const fit = Math.min(w / (m.json.width * m.json.tilewidth), h / (m.json.height * m.json.tileheight));
      this.zoom = [...ZOOMS].reverse().find((z) => z <= fit) || 1;
    }
    const tools = el('div', { class: 'toolbar' });
    const toolButton = (id, label) => {
      const b = el('button', { type: 'button', id: `map-${id}`, onclick: () => { this.tool = id; this.render(); } }, label);
      b.setAttribute('aria-pressed', String(this.tool === id));
      return b;
    };
    const layerSel = el('select', { id: 'map-layer', onchange: () => { this.layer = Number(layerSel.value); this.tool = this.tool === 'select' || this.tool === 'add' ? 'brush' : this.tool; this.render(); } });
    m.tileLayers.forEach((l, i) => layerSel.append(el('option', { value: String(i), selected: i === this.layer }, l.label)));
    tools.append(
      el('label', {}, `${t.mapLayer} `, layerSel),
      toolButton('brush', t.mapBrush), toolButton('eraser', t.mapEraser),
      toolButton('select', t.mapSelect), toolButton('add', t.mapAdd),
      el('button', { type: 'button', onclick: () => this.setZoom(-1), 'aria-label': t.zoomOut }, '−'),
      el('span', { class: 'zoom' }, `×${this.zoom}`),
      el('button', { type: 'button', onclick: () => this.setZoom(1), 'aria-label': t.zoomIn }, '+'),
      el('span', { class: 'grow' }),
      el('button', { type: 'button', id: 'map-save', class: 'primary', disabled: !this.dirty, onclick: () => this.save() },
        this.dirty ? t.saveChanges : t.saved),
    );
    this.box.append(tools);
    const cur = m.tileLayers[this.layer];
    if (cur && !cur.cells) this.box.append(el('p', { class: 'form-error' }, t.mapCompressed(cur.label)));

    const body = el('div', { class: 'map-body' });
    const side = el('div', { class: 'map-side' });
    side.append(this.palette(), this.objectPanel());
    const wrap = el('div', { class: 'map-canvas' });
    this.canvas = el('canvas', { id: 'map-canvas' });
    wrap.append(this.canvas);
    body.append(wrap, side);
    this.box.append(body);
    this.wire();
    this.draw();
  }

  /** One zoom step in or out (step +1 or -1). */
  setZoom(step) {
    const i = ZOOMS.findIndex((z) => z >= this.zoom);
    this.zoom = ZOOMS[Math.max(0, Math.min(ZOOMS.length - 1, (i < 0 ? ZOOMS.length - 1 : i) + step))];
    this.render();
  }

  /** The tileset palette: every tile of every tileset with an image; a click picks it. */
  palette() {
    const t = this.t();
    const box = el('div', { class: 'palette' }, el('h3', {}, t.mapTiles));
    const sets = this.map.json.tilesets || [];
    sets.forEach((ts, i) => {
      const img = this.images.get(i);
      if (!img || !ts.tilewidth) return;
      const count = ts.tilecount || 0;
      for (let id = 0; id < count; id++) {
        const gid = (ts.firstgid || 1) + id;
        const c = el('canvas', { width: ts.tilewidth, height: ts.tileheight, title: `${ts.name || ''} #${id} (${gid})` });
        c.className = gid === this.gid ? 'tile picked' : 'tile';
        c.dataset.gid = String(gid);
        const r = this.tileRect(ts, id);
        c.getContext('2d').drawImage(img.bitmap, r.x, r.y, r.w, r.h, 0, 0, r.w, r.h);
        c.onclick = () => { this.gid = gid; if (this.tool !== 'brush') this.tool = 'brush'; this.render(); };
        box.append(c);
      }
    });
    return box;
  }

  /** The selected object's fields, or what the Add tool places. */
  objectPanel() {
    const t = this.t();
    const box = el('div', { class: 'objects' }, el('h3', {}, t.mapObjects));
    if (!this.map.objectLayers.length) {
      box.append(el('p', { class: 'hint' }, t.mapNoObjects));
      return box;
    }
    const o = this.selected;
    if (o) {
      const field = (key, label) => {
        const input = el('input', { id: `map-obj-${key}`, value: String(o[key] ?? ''), onchange: () => {
          if (key === 'x' || key === 'y') this.moveObject(o.id, key === 'x' ? Number(input.value) : o.x, key === 'y' ? Number(input.value) : o.y);
          else this.setField(o, key, input.value);
        } });
        return el('label', { class: 'field' }, label, input);
      };
      box.append(el('p', {}, `#${o.id}`), field('name', t.mapName), field('type', t.mapType), field('x', 'x'), field('y', 'y'),
        el('button', { type: 'button', id: 'map-delete', onclick: () => this.deleteObject(o.id) }, t.mapDelete));
    } else {
      const layer = el('select', { id: 'map-objlayer', onchange: () => { this.objLayer = Number(layer.value); } });
      this.map.objectLayers.forEach((l, i) => layer.append(el('option', { value: String(i), selected: i === this.objLayer }, l.label)));
      this.newName = this.newName || el('input', { id: 'map-new-name', value: 'player' });
      this.newType = this.newType || el('input', { id: 'map-new-type', value: 'player' });
      box.append(el('p', { class: 'hint' }, t.mapObjectsHint),
        el('label', { class: 'field' }, t.mapObjLayer, layer),
        el('label', { class: 'field' }, t.mapName, this.newName),
        el('label', { class: 'field' }, t.mapType, this.newType));
    }
    return box;
  }

  tileRect(ts, id) {
    const cols = ts.columns || Math.max(1, Math.floor(((ts.imagewidth || 0) - 2 * (ts.margin || 0) + (ts.spacing || 0)) / (ts.tilewidth + (ts.spacing || 0))));
    const margin = ts.margin || 0;
    const spacing = ts.spacing || 0;
    return { x: margin + (id % cols) * (ts.tilewidth + spacing), y: margin + Math.floor(id / cols) * (ts.tileheight + spacing),
      w: ts.tilewidth, h: ts.tileheight };
  }

  /** The tileset of gid and the tile's index in it. */
  tilesetOf(gid) {
    const sets = this.map.json.tilesets || [];
    let found = -1;
    for (let i = 0; i < sets.length; i++) if ((sets[i].firstgid || 1) <= gid && (found < 0 || sets[i].firstgid >= sets[found].firstgid)) found = i;
    return found < 0 ? null : { index: found, ts: sets[found], id: gid - (sets[found].firstgid || 1) };
  }

  draw() {
    const c = this.canvas;
    if (!c) return;
    const j = this.map.json;
    const tw = j.tilewidth;
    const th = j.tileheight;
    const z = this.zoom;
    c.width = Math.round(j.width * tw * z);
    c.height = Math.round(j.height * th * z);
    const g = c.getContext('2d');
    g.imageSmoothingEnabled = false;
    g.fillStyle = '#0c0d18';
    g.fillRect(0, 0, c.width, c.height);
    this.map.tileLayers.forEach((tl, li) => {
      if (!tl.cells || tl.layer.visible === false) return;
      g.globalAlpha = (tl.layer.opacity ?? 1) * (li === this.layer || this.tool === 'select' || this.tool === 'add' ? 1 : 0.6);
      const w = tl.layer.width || j.width;
      tl.cells.forEach((raw, i) => {
        const gid = raw & GID_MASK;
        if (!gid) return;
        const at = this.tilesetOf(gid);
        const img = at && this.images.get(at.index);
        if (!img) return;
        const r = this.tileRect(at.ts, at.id);
        g.drawImage(img.bitmap, r.x, r.y, r.w, r.h, (i % w) * tw * z, (Math.floor(i / w) + 1) * th * z - r.h * z, r.w * z, r.h * z);
      });
    });
    g.globalAlpha = 1;
    // The grid.
    g.strokeStyle = 'rgba(255,255,255,0.12)';
    g.lineWidth = 1;
    g.beginPath();
    for (let x = 0; x <= j.width; x++) { g.moveTo(x * tw * z + 0.5, 0); g.lineTo(x * tw * z + 0.5, c.height); }
    for (let y = 0; y <= j.height; y++) { g.moveTo(0, y * th * z + 0.5); g.lineTo(c.width, y * th * z + 0.5); }
    g.stroke();
    // Objects.
    g.font = `${Math.max(11, Math.min(14, 5 * z))}px system-ui, sans-serif`;
    g.textBaseline = 'bottom';
    for (const ol of this.map.objectLayers) {
      if (ol.layer.visible === false) continue;
      for (const o of ol.layer.objects) {
        const sel = o === this.selected;
        const [x, y, w, h] = [o.x * z, o.y * z, (o.width || 0) * z, (o.height || 0) * z];
        g.strokeStyle = sel ? '#f2c14e' : '#7fd1ff';
        g.fillStyle = sel ? 'rgba(242,193,78,0.3)' : 'rgba(127,209,255,0.18)';
        g.lineWidth = sel ? 2 : 1;
        if (w && h) { g.fillRect(x, y, w, h); g.strokeRect(x + 0.5, y + 0.5, w, h); } else { g.beginPath(); g.arc(x, y, 3 * z, 0, 7); g.fill(); g.stroke(); }
        // The name on a dark label, above the object (below it at the top edge).
        const label = o.name || o.type || `#${o.id}`;
        const lw = g.measureText(label).width + 6;
        const lh = Math.max(11, Math.min(14, 5 * z)) + 4;
        const ly = y - lh - 1 >= 0 ? y - lh - 1 : y + Math.max(h, 3 * z) + 1;
        g.fillStyle = 'rgba(18,19,34,0.85)';
        g.fillRect(x, ly, lw, lh);
        g.fillStyle = sel ? '#ffd878' : '#d9f2ff';
        g.fillText(label, x + 3, ly + lh - 2);
      }
    }
  }

  /** Map pixel coordinates of a pointer event. */
  at(e) {
    const r = this.canvas.getBoundingClientRect();
    return { x: (e.clientX - r.left) * (this.canvas.width / r.width) / this.zoom, y: (e.clientY - r.top) * (this.canvas.height / r.height) / this.zoom };
  }

  wire() {
    const c = this.canvas;
    let drag = null;
    c.onpointerdown = (e) => {
      c.setPointerCapture(e.pointerId);
      const p = this.at(e);
      const j = this.map.json;
      if (this.tool === 'brush' || this.tool === 'eraser') {
        drag = { paint: true };
        this.paintAt(p);
      } else if (this.tool === 'select') {
        const o = this.objectAt(p);
        this.selected = o;
        drag = o ? { o, dx: p.x - o.x, dy: p.y - o.y, moved: false } : null;
        this.render();
      } else if (this.tool === 'add') {
        this.addObject(this.map.objectLayers[this.objLayer]?.layer.name, {
          name: this.newName ? this.newName.value : '', type: this.newType ? this.newType.value : '',
          x: Math.round(p.x - j.tilewidth / 2), y: Math.round(p.y - j.tileheight / 2), width: j.tilewidth, height: j.tileheight,
        });
        this.tool = 'select';
        this.render();
      }
    };
    c.onpointermove = (e) => {
      if (!drag) return;
      const p = this.at(e);
      if (drag.paint) this.paintAt(p);
      else if (drag.o) { drag.moved = true; this.moveObject(drag.o.id, Math.round(p.x - drag.dx), Math.round(p.y - drag.dy), true); }
    };
    c.onpointerup = () => {
      if (drag && drag.o && drag.moved) this.render();
      drag = null;
    };
  }

  paintAt(p) {
    const j = this.map.json;
    const tl = this.map.tileLayers[this.layer];
    if (!tl) return;
    this.paintTile(tl.layer.name, Math.floor(p.x / j.tilewidth), Math.floor(p.y / j.tileheight), this.tool === 'eraser' ? 0 : this.gid);
  }

  objectAt(p) {
    for (let k = this.map.objectLayers.length - 1; k >= 0; k--) {
      const objs = this.map.objectLayers[k].layer.objects;
      for (let i = objs.length - 1; i >= 0; i--) {
        const o = objs[i];
        const w = o.width || 6 / this.zoom * 2;
        const h = o.height || 6 / this.zoom * 2;
        const x0 = o.width ? o.x : o.x - w / 2;
        const y0 = o.height ? o.y : o.y - h / 2;
        if (p.x >= x0 && p.x < x0 + w && p.y >= y0 && p.y < y0 + h) return o;
      }
    }
    return null;
  }

  changed(redraw = true) {
    if (!this.dirty) {
      this.dirty = true;
      const b = this.box.querySelector('#map-save');
      if (b) { b.disabled = false; b.textContent = this.t().saveChanges; }
    }
    if (redraw) this.draw();
  }

  tileLayer(name) {
    const tl = this.map && this.map.tileLayers.find((l) => l.layer.name === name || l.label === name);
    if (!tl) throw new Error(`studio: no tile layer ${name}`);
    if (!tl.cells) throw new Error(`studio: tile layer ${name} is compressed`);
    return tl;
  }

  objectByID(id) {
    for (const ol of this.map ? this.map.objectLayers : []) {
      const o = ol.layer.objects.find((x) => x.id === id);
      if (o) return { o, ol };
    }
    throw new Error(`studio: no object ${id}`);
  }

  /** Sets cell (x, y) of a tile layer to gid (0: empty). */
  paintTile(layer, x, y, gid) {
    const tl = this.tileLayer(layer);
    const w = tl.layer.width || this.map.json.width;
    const h = tl.layer.height || this.map.json.height;
    if (x < 0 || y < 0 || x >= w || y >= h) return false;
    if (tl.cells[y * w + x] === gid) return true;
    tl.cells[y * w + x] = gid;
    this.changed();
    return true;
  }

  /** Moves an object's top-left corner (Tiled's x, y) to (x, y). */
  moveObject(id, x, y, dragging = false) {
    const { o } = this.objectByID(id);
    o.x = Number(x);
    o.y = Number(y);
    this.changed();
    if (!dragging && this.selected === o) this.render();
  }

  setField(o, key, value) {
    o[key] = value;
    this.changed();
  }

  /** Adds an object to the object layer named layer; returns its id. */
  addObject(layer, { name = '', type = '', x = 0, y = 0, width = 0, height = 0 } = {}) {
    const ol = this.map && (this.map.objectLayers.find((l) => l.layer.name === layer || l.label === layer) || this.map.objectLayers[0]);
    if (!ol) throw new Error('studio: the map has no object layer');
    const j = this.map.json;
    const id = Math.max(j.nextobjectid || 1, ...ol.layer.objects.map((o) => o.id + 1));
    j.nextobjectid = id + 1;
    const o = { id, name, type, x, y, width, height, rotation: 0, visible: true };
    ol.layer.objects.push(o);
    this.selected = o;
    this.changed();
    return id;
  }

  /** Deletes an object. */
  deleteObject(id) {
    const { o, ol } = this.objectByID(id);
    ol.layer.objects.splice(ol.layer.objects.indexOf(o), 1);
    if (this.selected === o) this.selected = null;
    this.changed();
    this.render();
  }

  /** Writes the .tmj into the draft (the level reloads). */
  save() {
    if (!this.map || !this.dirty) return;
    const text = mapText(this.map);
    this.text = text;
    this.dirty = false;
    this.host.save(this.name, text);
    if (this.box.isConnected) this.render();
  }

  /**
   * A new map for a draft without one: the map-objects example's tileset
   * (its tiles.png, copied into the draft), a solid "walls" tile layer and a
   * "things" object layer; level.toml's map names it.
   */
  async create() {
    const draft = this.host.draft();
    const eng = this.host.engine();
    const ex = eng && eng.source('map-objects');
    if (!ex || ex.error || !ex['tiles.png']) throw new Error('studio: no tileset to start a map from');
    const bytes = new Uint8Array(ex['tiles.png']);
    let img = 'tiles.png';
    for (let i = 2; draft.files[img] !== undefined; i++) img = `tiles-${i}.png`;
    let name = 'map.tmj';
    for (let i = 2; draft.files[name] !== undefined; i++) name = `map-${i}.tmj`;
    const bitmap = await decodeImage(bytes);
    draft.files[img] = bytes;
    draft.files[name] = newMap({ imageName: img, imageWidth: bitmap.width, imageHeight: bitmap.height });
    this.host.save('level.toml', setManifestMap(draft.files['level.toml'] || '', name));
    this.reset();
    await this.show();
  }
}
