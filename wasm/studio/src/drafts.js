// Drafts in IndexedDB (database "arcade-studio", store "drafts"): each is
// {id, name, source, files: {name: string | Uint8Array}, updated}. The id
// of the open draft is kept in localStorage, so a reload reopens it.
const DB = 'arcade-studio';
const STORE = 'drafts';
const CURRENT = 'studio.current';

let dbPromise = null;

function db() {
  if (!dbPromise) {
    dbPromise = new Promise((resolve, reject) => {
      const req = indexedDB.open(DB, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'id' });
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }
  return dbPromise;
}

async function tx(mode, fn) {
  const d = await db();
  return new Promise((resolve, reject) => {
    const t = d.transaction(STORE, mode);
    const store = t.objectStore(STORE);
    let result;
    Promise.resolve(fn(store)).then((r) => { result = r; });
    t.oncomplete = () => resolve(result);
    t.onerror = () => reject(t.error);
    t.onabort = () => reject(t.error);
  });
}

function request(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** Every draft, most recently changed first. */
export async function list() {
  const all = await tx('readonly', (s) => request(s.getAll()));
  return (all || []).sort((a, b) => b.updated - a.updated);
}

export async function get(id) {
  return tx('readonly', (s) => request(s.get(id)));
}

export async function put(draft) {
  draft.updated = Date.now();
  await tx('readwrite', (s) => request(s.put(draft)));
  return draft;
}

export async function remove(id) {
  await tx('readwrite', (s) => request(s.delete(id)));
}

export function newID() {
  const b = new Uint8Array(8);
  crypto.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

export function current() {
  try { return localStorage.getItem(CURRENT); } catch (e) { return null; }
}

export function setCurrent(id) {
  try { localStorage.setItem(CURRENT, id); } catch (e) { /* storage disabled */ }
}
