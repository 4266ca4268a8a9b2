// The level studio's page (/studio, docs/studio.md): drafts kept in
// IndexedDB (drafts.js), their text files in CodeMirror 6, the level
// running beside them in the game's studio mode (the frame /?studio,
// window.studioEngine, wasm/studio_js.go). An edit reloads the level
// RELOAD_DELAY ms after the last keystroke; an error marks its line.
// window.studio is the test hook the browser tests drive.
import { EditorView, basicSetup } from 'codemirror';
import { EditorState } from '@codemirror/state';
import { StreamLanguage } from '@codemirror/language';
import { lua } from '@codemirror/legacy-modes/mode/lua';
import { toml } from '@codemirror/legacy-modes/mode/toml';
import { json } from '@codemirror/legacy-modes/mode/javascript';
import { setDiagnostics, lintGutter } from '@codemirror/lint';
import { TEXT, startLanguage } from './i18n.js';
import * as drafts from './drafts.js';
import { darkTheme } from './theme.js';
import { luaCompletion } from './complete.js';
import { publish } from './publish.js';
import { renderManifest } from './manifest.js';
import { MapEditor } from './mapedit.js';
import { SpriteEditor } from './sprites.js';

const RELOAD_DELAY = 250; // ms after the last keystroke
const POLL = 100; // ms between looks at the engine's state
const TEXTS_TAB = '\u0000texts'; // the side-by-side catalogues
const MANIFEST_TAB = '\u0000manifest'; // the manifest form
const MAP_TAB = '\u0000map'; // the map editor (mapedit.js)
const SPRITES_TAB = '\u0000sprites'; // the pixel editor (sprites.js)
// Tabs that are views of the draft rather than one file in the editor.
const VIEW_TABS = { [TEXTS_TAB]: 'texts', [MANIFEST_TAB]: 'manifest', [MAP_TAB]: 'mapedit', [SPRITES_TAB]: 'sprites' };

const $ = (id) => document.getElementById(id);
const frame = $('frame');
let lang = startLanguage();
let t = TEXT[lang];

let engine = null; // the frame's window.studioEngine
let sources = []; // what a draft may start from
let draft = null; // the open draft
let tab = null; // the file shown
const states = new Map(); // file name → EditorState, for the open draft
let reloadTimer = 0;
let pending = false; // an edit not yet given to the engine
let shownError = ''; // the mark in the editor, as file:line:message
let lastError = null;
let publishMark = null; // a problem the server named, {file, line, message}
let draftHash = ''; // the content hash of the draft as last loaded ('' if it does not build)
let keptRun = ''; // the engine's run last looked at for a clear
let publishing = false;
let viewShown = Promise.resolve(); // the map or sprite editor shown, once loaded

// The map and sprite editors write files as an edit does; level.toml's
// editor (when open) restarts on the new text.
const editorHost = {
  draft: () => draft,
  t: () => t,
  engine: () => engine,
  save: (name, content) => {
    states.delete(name);
    edited(name, content);
    reload(); // a press of Save: no pause to wait for
    renderTabs();
  },
};

// ---- files ---------------------------------------------------------------

const textExt = /\.(lua|toml|tmj|json|md|txt)$/;
const isText = (name) => textExt.test(name);
const decoder = new TextDecoder();

/** Files from the engine ({name: Uint8Array}) as a draft keeps them. */
function fromEngine(files) {
  const out = {};
  for (const [name, bytes] of Object.entries(files)) {
    out[name] = isText(name) ? decoder.decode(bytes) : new Uint8Array(bytes);
  }
  return out;
}

/** Tabs: Lua files first (main.lua leading), then the manifest and catalogues. */
function tabNames(files) {
  const names = Object.keys(files).filter((n) => /\.(lua|toml)$/.test(n));
  const order = (n) => (n === 'main.lua' ? 0 : n.endsWith('.lua') ? 1 : n === 'level.toml' ? 2 : 3);
  return names.sort((a, b) => order(a) - order(b) || a.localeCompare(b));
}

const luaLanguage = StreamLanguage.define(lua);

function languageOf(name) {
  if (name.endsWith('.lua')) return [luaLanguage, luaLanguage.data.of({ autocomplete: luaCompletion })];
  if (name.endsWith('.toml')) return StreamLanguage.define(toml);
  if (name.endsWith('.tmj') || name.endsWith('.json')) return StreamLanguage.define(json);
  return [];
}

// ---- editor ----------------------------------------------------------------

const view = new EditorView({ parent: $('editor') });
const mapEditor = new MapEditor($('mapedit'), editorHost);
const spriteEditor = new SpriteEditor($('sprites'), editorHost);

function editorState(name, text) {
  return EditorState.create({
    doc: text,
    extensions: [
      basicSetup,
      darkTheme,
      EditorView.lineWrapping, // narrow tablet screens: no sideways scrolling
      languageOf(name),
      lintGutter(),
      EditorView.updateListener.of((u) => {
        if (u.docChanged && tab === name) edited(name, u.state.doc.toString());
      }),
    ],
  });
}

function showTab(name, file) {
  if (tab && !VIEW_TABS[tab] && states.has(tab)) states.set(tab, view.state);
  tab = name;
  const other = VIEW_TABS[name];
  $('editor').hidden = Boolean(other);
  for (const id of ['texts', 'manifest', 'mapedit', 'sprites']) $(id).hidden = other !== id;
  viewShown = Promise.resolve();
  if (other === 'texts') {
    renderTexts();
  } else if (other === 'manifest') {
    showManifest();
  } else if (other === 'mapedit') {
    viewShown = mapEditor.show();
  } else if (other === 'sprites') {
    viewShown = spriteEditor.show(file);
  } else {
    if (!states.has(name)) states.set(name, editorState(name, draft.files[name] ?? ''));
    view.setState(states.get(name));
    shownError = '';
    markError();
  }
  renderTabs();
}

function renderTabs() {
  const box = $('tabs');
  box.textContent = '';
  const names = draft ? tabNames(draft.files) : [];
  const langs = names.filter((n) => /^text\/[a-z]{2}\.toml$/.test(n));
  const add = (id, label) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.role = 'tab';
    b.textContent = label;
    b.setAttribute('aria-selected', String(id === tab));
    const marked = lastError || publishMark;
    if (marked && marked.file === id) b.classList.add('has-error');
    b.onclick = () => showTab(id);
    box.append(b);
  };
  if (names.includes('level.toml')) add(MANIFEST_TAB, t.manifestTab);
  for (const n of names) add(n, n);
  if (langs.length > 1) add(TEXTS_TAB, t.texts);
  if (names.includes('level.toml')) add(MAP_TAB, t.mapTab);
  if (draft && Object.keys(draft.files).some((n) => /\.png$/i.test(n))) add(SPRITES_TAB, t.spritesTab);
}

/** The manifest form over level.toml (manifest.js). */
function showManifest() {
  renderManifest($('manifest'), engine, draft.files['level.toml'], t, (text) => {
    states.delete('level.toml'); // its editor reopens on the new text
    edited('level.toml', text);
  });
}

/** An edit to name: kept, then the level reloads after a pause in typing. */
function edited(name, text) {
  draft.files[name] = text;
  pending = true;
  publishMark = null;
  clearTimeout(reloadTimer);
  reloadTimer = setTimeout(reload, RELOAD_DELAY);
}

function reload() {
  clearTimeout(reloadTimer);
  if (!draft) return;
  drafts.put(draft).catch(() => {});
  if (!engine) return; // loaded once the engine is ready
  const problems = engine.load(draft.files);
  const h = problems ? null : engine.hash(draft.files);
  draftHash = typeof h === 'string' ? h : '';
  pending = false;
  renderClear();
}

/** Marks the error's line in the editor when it is in the file shown. */
function markError() {
  if (!tab || VIEW_TABS[tab]) return;
  const shown = lastError || publishMark;
  const e = shown && shown.file === tab && shown.line ? shown : null;
  const key = e ? `${e.file}:${e.line}:${e.message}` : '';
  if (key === shownError) return;
  shownError = key;
  const diags = [];
  if (e) {
    const doc = view.state.doc;
    const line = doc.line(Math.min(Math.max(e.line, 1), doc.lines));
    diags.push({ from: line.from, to: Math.max(line.to, line.from), severity: 'error', message: e.message });
  }
  view.dispatch(setDiagnostics(view.state, diags));
}

// ---- the catalogues side by side ---------------------------------------------

/** A flat reading of a catalogue: "section.key" → text (enough to compare). */
function readCatalogue(text) {
  const out = new Map();
  let section = '';
  for (const raw of String(text || '').split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const s = /^\[([^\]]+)\]$/.exec(line);
    if (s) { section = s[1].trim() + '.'; continue; }
    const kv = /^("?[\w.-]+"?)\s*=\s*(.*)$/.exec(line);
    if (kv) out.set(section + kv[1].replaceAll('"', ''), kv[2].replace(/^"(.*)"$/, '$1'));
  }
  return out;
}

function renderTexts() {
  const box = $('texts');
  box.textContent = '';
  const fr = readCatalogue(draft.files['text/fr.toml']);
  const en = readCatalogue(draft.files['text/en.toml']);
  const keys = [...new Set([...fr.keys(), ...en.keys()])].sort();
  const table = document.createElement('table');
  const head = table.insertRow();
  for (const h of [t.key, 'FR', 'EN']) {
    const th = document.createElement('th');
    th.textContent = h;
    head.append(th);
  }
  for (const k of keys) {
    const row = table.insertRow();
    row.insertCell().textContent = k;
    for (const cat of [fr, en]) {
      const cell = row.insertCell();
      if (cat.has(k)) {
        cell.textContent = cat.get(k);
      } else {
        cell.textContent = t.missing;
        cell.className = 'missing';
      }
    }
  }
  box.append(table);
}

// ---- drafts ------------------------------------------------------------------

async function openDraft(d) {
  clearTimeout(reloadTimer);
  draft = d;
  drafts.setCurrent(d.id);
  states.clear();
  tab = null;
  lastError = null;
  publishMark = null;
  draftHash = '';
  mapEditor.reset();
  spriteEditor.reset();
  renderPublishAnswer(null);
  const names = tabNames(d.files);
  showTab(names.includes('main.lua') ? 'main.lua' : names[0]);
  await renderDrafts();
  pending = true;
  reload();
}

async function newDraft(source, name, files) {
  const d = { id: drafts.newID(), name, source, files };
  await drafts.put(d);
  await openDraft(d);
  return d;
}

/** Opens a new draft from a source: "template", an example or a level id. */
async function openSource(id) {
  const eng = await engineReady();
  const src = sources.find((s) => s.id === id);
  if (!src) throw new Error(`studio: no source ${id}`);
  const files = eng.source(id);
  if (files && files.error) throw new Error(files.error.map((e) => e.message).join('; '));
  return newDraft(id, src.title[lang] || id, fromEngine(files));
}

async function renderDrafts() {
  const sel = $('drafts');
  sel.textContent = '';
  for (const d of await drafts.list()) {
    const o = document.createElement('option');
    o.value = d.id;
    o.textContent = d.name;
    o.selected = draft && d.id === draft.id;
    sel.append(o);
  }
}

function renderSources() {
  const sel = $('sources');
  sel.textContent = '';
  const pick = document.createElement('option');
  pick.value = '';
  pick.textContent = t.pick;
  sel.append(pick);
  const groups = { template: t.template, example: t.examples, level: t.levels };
  for (const [kind, label] of Object.entries(groups)) {
    const g = document.createElement('optgroup');
    g.label = label;
    for (const s of sources.filter((x) => x.kind === kind)) {
      const o = document.createElement('option');
      o.value = s.id;
      o.textContent = s.title[lang] || s.id;
      g.append(o);
    }
    sel.append(g);
  }
}

function download() {
  const out = engine && engine.pack(draft.files);
  if (!out || out.error) {
    showStatus('error', `${t.error}: ${(out && out.error || []).map(where).join('\n')}`);
    return;
  }
  const id = /^\s*id\s*=\s*"([^"]+)"/m.exec(draft.files['level.toml'] || '');
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([out], { type: 'application/zip' }));
  a.download = `${id ? id[1] : 'level'}.arcade`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

async function upload(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const eng = await engineReady();
  const files = eng.unpack(new frame.contentWindow.Uint8Array(bytes));
  if (files && files.error) {
    showStatus('error', `${t.badFile}\n${files.error.map(where).join('\n')}`);
    return;
  }
  await newDraft('upload', file.name.replace(/\.arcade$/i, ''), fromEngine(files));
}

// ---- the engine ----------------------------------------------------------------

let engineWaiters = [];

/** Resolves to the frame's studioEngine once it is there. */
function engineReady() {
  if (engine) return Promise.resolve(engine);
  return new Promise((resolve) => engineWaiters.push(resolve));
}

/** Picks up the frame's engine (again after the frame reloads). */
function findEngine() {
  let e = null;
  try { e = frame.contentWindow && frame.contentWindow.studioEngine; } catch (err) { e = null; }
  if (!e || !e.ready || e === engine) return;
  engine = e;
  sources = engine.sources();
  renderSources();
  for (const w of engineWaiters) w(engine);
  engineWaiters = [];
  if (draft) { pending = true; reload(); }
}

const where = (e) => `${e.file || ''}${e.line ? ':' + e.line : ''}${e.file ? ': ' : ''}${e.message}`;

function showStatus(kind, text, line) {
  const box = $('status');
  box.className = kind;
  box.textContent = text;
  if (line) {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = t.show;
    b.onclick = () => goTo(line);
    box.append(b);
  }
}

let paused = false;
let lastStatusKey = '';

function poll() {
  findEngine();
  if (engine) lookForClear(engine.state());
  const s = hookState();
  const prevFile = lastError && lastError.file;
  lastError = s.status === 'error' ? s.error : null;
  if ((lastError && lastError.file) !== prevFile) renderTabs();
  markError();
  const key = `${s.status}|${s.tick}|${paused}|${lang}|${lastError ? where(lastError) : ''}`;
  if (key === lastStatusKey) return;
  lastStatusKey = key;
  if (s.status === 'error') {
    const e = s.error;
    showStatus('error', `${t.error} — ${where(e)}`, e.file && draft.files[e.file] !== undefined && e.line ? e : null);
  } else if (s.status === 'running') {
    showStatus('running', paused ? t.paused(s.tick) : t.running(s.tick));
  } else {
    showStatus('', t.loading);
  }
}

/** window.studio.state(): what the page shows. */
function hookState() {
  const s = engine ? engine.state() : null;
  if (!s || pending || !draft) {
    return { status: 'loading', error: null, level: s ? s.level : '', tick: s ? s.tick : 0 };
  }
  return { status: s.status, error: s.error || null, level: s.level, tick: s.tick };
}

// ---- the clear and publishing -----------------------------------------------------

/** Whether the draft's clear is a win of the draft exactly as it is now. */
function clearValid() {
  return Boolean(draft && draft.clear && draftHash && draft.clear.hash === draftHash && !pending);
}

/** Keeps a run won in the frame on the board's seed as the draft's clear. */
function lookForClear(s) {
  if (!s || s.outcome !== 'won' || pending || !draftHash) return;
  const key = `${s.loads}|${s.tick}`;
  if (key === keptRun) return;
  keptRun = key;
  if (s.seed) { renderClear(t.wonOnSeed(s.seed)); return; }
  const c = engine.clear();
  if (!c || c.error || c.hash !== draftHash) return;
  draft.clear = { hash: c.hash, level: c.level, score: c.score, ticks: c.ticks, replay: new Uint8Array(c.replay), at: Date.now() };
  drafts.put(draft).catch(() => {});
  renderClear();
}

const seconds = (ticks) => (ticks / 60).toFixed(1);

function renderClear(note) {
  const box = $('clear');
  if (!draft) return;
  let text;
  let kind;
  if (note) {
    [text, kind] = [note, 'stale'];
  } else if (clearValid()) {
    [text, kind] = [t.clearKept(draft.clear.score, seconds(draft.clear.ticks)), 'kept'];
  } else if (draft.clear) {
    [text, kind] = [t.clearStale, 'stale'];
  } else {
    [text, kind] = [t.clearNone, 'none'];
  }
  box.className = kind;
  box.textContent = text;
  $('b-publish').disabled = publishing;
}

/** Shows the server's answer, or null to clear it. */
function renderPublishAnswer(r) {
  const box = $('answer');
  box.textContent = '';
  box.className = '';
  box.hidden = !r;
  if (!r) return;
  if (r.ok) {
    box.className = 'good';
    box.append(t.published(r.version), ' ');
    const a = document.createElement('a');
    a.href = r.url;
    a.target = '_blank';
    a.rel = 'noopener';
    a.textContent = r.url;
    box.append(a);
    return;
  }
  box.className = 'bad';
  const head = document.createElement('strong');
  head.textContent = t.refused(r.code, r.rule, r.retryAfter);
  box.append(head);
  const lines = [];
  if (r.message) lines.push(`${t.serverSays} ${r.message}`);
  for (const p of r.problems) lines.push(`• ${where(p)}`);
  if (lines.length) {
    const pre = document.createElement('div');
    pre.textContent = lines.join('\n');
    box.append(pre);
  }
  const at = r.problems.find((p) => p.file && p.line && draft.files[p.file] !== undefined);
  if (at) {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = t.show;
    b.onclick = () => goTo(at);
    box.append(b);
  }
}

async function doPublish() {
  if (!draft || publishing) return null;
  let r;
  if (!engine) {
    r = { ok: false, code: 'no_engine', rule: '', message: '', problems: [] };
  } else if (!clearValid()) {
    r = { ok: false, code: draft.clear ? 'clear_stale' : 'no_clear', rule: '', message: '', problems: [] };
  } else {
    publishing = true;
    renderClear();
    $('answer').hidden = false;
    $('answer').className = '';
    $('answer').textContent = t.sending;
    try {
      r = await publish(engine, draft.files, draft.clear);
    } catch (e) {
      r = { ok: false, code: 'offline', rule: '', message: '', problems: [] };
    } finally {
      publishing = false;
    }
  }
  const p = r.problems && r.problems.find((x) => x.file && draft.files[x.file] !== undefined);
  publishMark = p ? { file: p.file, line: p.line || 0, message: p.message } : null;
  shownError = '\u0001'; // redraw the mark
  markError();
  renderTabs();
  renderPublishAnswer(r);
  renderClear();
  return r;
}

function goTo(e) {
  showTab(e.file);
  const doc = view.state.doc;
  const l = doc.line(Math.min(Math.max(e.line, 1), doc.lines));
  view.dispatch({ selection: { anchor: l.from }, scrollIntoView: true });
  view.focus();
}

// ---- language ------------------------------------------------------------------

function applyLanguage() {
  t = TEXT[lang];
  document.documentElement.lang = lang;
  $('lang').value = lang;
  const label = { 'h-title': t.title, 'l-draft': t.draft, 'l-new': t.startFrom, 'l-seed': t.seed, hint: t.hint,
    'h-publish': t.publishTitle };
  for (const [id, text] of Object.entries(label)) $(id).textContent = text;
  const buttons = { 'b-rename': t.rename, 'b-duplicate': t.duplicate, 'b-delete': t.delete, 'b-download': t.download,
    'b-upload': t.upload, 'b-restart': t.restart, 'b-step': t.step, 'b-publish': t.publish };
  for (const [id, text] of Object.entries(buttons)) $(id).textContent = text;
  $('b-pause').textContent = paused ? t.resume : t.pause;
  frame.title = t.frame;
  $('drafts').setAttribute('aria-label', t.draft);
  if (sources.length) renderSources();
  renderTabs();
  if (tab === TEXTS_TAB) renderTexts();
  if (tab === MANIFEST_TAB) showManifest();
  if (tab === MAP_TAB) mapEditor.render();
  if (tab === SPRITES_TAB) spriteEditor.render();
  renderClear();
  lastStatusKey = '';
}

// ---- start -----------------------------------------------------------------------

function wire() {
  $('lang').onchange = () => {
    lang = $('lang').value;
    try { localStorage.setItem('studio.lang', lang); } catch (e) { /* storage disabled */ }
    applyLanguage();
  };
  $('drafts').onchange = async () => {
    const d = await drafts.get($('drafts').value);
    if (d) await openDraft(d);
  };
  $('sources').onchange = async () => {
    const id = $('sources').value;
    $('sources').value = '';
    if (id) await openSource(id);
  };
  $('b-rename').onclick = async () => {
    const name = prompt(t.renamePrompt, draft.name);
    if (name && name.trim()) {
      draft.name = name.trim();
      await drafts.put(draft);
      await renderDrafts();
    }
  };
  $('b-duplicate').onclick = () => newDraft(draft.source, t.copyOf(draft.name), structuredClone(draft.files));
  $('b-delete').onclick = async () => {
    if (!confirm(t.deleteConfirm(draft.name))) return;
    await drafts.remove(draft.id);
    const rest = await drafts.list();
    if (rest.length) await openDraft(rest[0]);
    else await openSource('template');
  };
  $('b-download').onclick = download;
  $('b-upload').onclick = () => $('upload').click();
  $('upload').onchange = () => {
    const f = $('upload').files[0];
    $('upload').value = '';
    if (f) upload(f);
  };
  $('b-restart').onclick = () => engine && engine.restart();
  $('b-pause').onclick = () => {
    paused = !paused;
    if (engine) engine.pause(paused);
    $('b-pause').setAttribute('aria-pressed', String(paused));
    $('b-pause').textContent = paused ? t.resume : t.pause;
  };
  $('b-step').onclick = () => {
    if (!paused) $('b-pause').click();
    if (engine) engine.step();
  };
  $('seed').onchange = () => engine && engine.seed(Number($('seed').value) || 0);
  $('b-publish').onclick = () => doPublish();
}

async function start() {
  applyLanguage();
  wire();
  setInterval(poll, POLL);
  const q = new URLSearchParams(location.search);
  const wanted = q.get('example') || q.get('level');
  let d = null;
  try {
    if (wanted) {
      d = (await drafts.list()).find((x) => x.source === wanted) || null;
    } else {
      const id = drafts.current();
      d = id ? await drafts.get(id) : null;
      if (!d) d = (await drafts.list())[0] || null;
    }
  } catch (e) {
    showStatus('error', t.noStorage);
  }
  if (d) await openDraft(d);
  else await openSource(wanted || 'template');
  window.studio.ready = true;
  window.dispatchEvent(new Event('studio:ready'));
}

// The test hook (docs/studio.md).
window.studio = {
  ready: false,
  /** Opens a new draft from "template", an example or a built-in level id. */
  open: async (source) => { await openSource(source); },
  /** The draft's file names. */
  files: () => Object.keys(draft ? draft.files : {}).sort(),
  /** A file of the draft: text as a string, any other file (PNG) in base64; null if none. */
  read: (name) => {
    if (name === tab) return view.state.doc.toString();
    const v = draft && draft.files[name];
    if (v instanceof Uint8Array) {
      let bin = '';
      for (let i = 0; i < v.length; i += 0x8000) bin += String.fromCharCode(...v.subarray(i, i + 0x8000));
      return btoa(bin);
    }
    return typeof v === 'string' ? v : null;
  },
  /** Replaces a text file the way typing does: through its editor. */
  write: (name, text) => {
    if (!(name in draft.files)) draft.files[name] = '';
    showTab(name);
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
  },
  /** {status: "loading"|"running"|"error", error: {file, line, message} | null, level, tick} */
  state: hookState,
  /** The draft's clear: {valid, score, ticks, hash} or null when none was won. */
  clear: () => (draft && draft.clear
    ? { valid: clearValid(), score: draft.clear.score, ticks: draft.clear.ticks, hash: draft.clear.hash }
    : null),
  /** Opens the Map tab; sets cell (x, y) of a tile layer to tile id gid (0: empty), as the brush does. */
  paintTile: async (layer, x, y, gid) => { await mapTab(); return mapEditor.paintTile(layer, x, y, gid); },
  /** Opens the Map tab; moves an object (by id) to (x, y), as a drag does. */
  moveObject: async (id, x, y) => { await mapTab(); mapEditor.moveObject(id, x, y); },
  /** Opens the Map tab; adds an object {name, type, x, y, width, height} to an object layer; its id. */
  addObject: async (layer, props) => { await mapTab(); return mapEditor.addObject(layer, props); },
  /** Opens the Map tab; deletes an object. */
  deleteObject: async (id) => { await mapTab(); mapEditor.deleteObject(id); },
  /** Opens the Sprites tab on a PNG; sets pixel (x, y) of a frame to rgba ("#rrggbb[aa]" or [r, g, b, a]), as the pencil does. */
  drawPixel: async (file, frame, x, y, rgba) => {
    if (tab !== SPRITES_TAB || spriteEditor.file !== file) showTab(SPRITES_TAB, file);
    await viewShown;
    if (!spriteEditor.img) return false;
    if (spriteEditor.frame !== frame) spriteEditor.goFrame(frame);
    return spriteEditor.setPixel(frame, x, y, rgba);
  },
  /** Presses Save in the map and sprite editors that have changes (the level reloads). */
  save: async () => {
    mapEditor.save();
    await spriteEditor.save();
    await drafts.put(draft); // kept in IndexedDB when the promise resolves
  },
  /** Presses Publish; resolves to the answer shown ({ok, url, …} or {ok: false, code, rule, message, problems}). */
  publish: () => doPublish(),
};

/** Shows the Map tab, its map loaded. */
async function mapTab() {
  if (tab !== MAP_TAB) showTab(MAP_TAB);
  await viewShown;
}

start();
