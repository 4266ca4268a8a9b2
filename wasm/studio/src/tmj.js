// Reading and writing Tiled maps (.tmj, JSON) for the map editor, keeping
// every field the editor does not touch: the map is the parsed JSON itself,
// layers' data and objects are changed in place, and the text is written
// back with the file's own indentation, arrays of numbers on one line (as
// engine/level/tmj.go reads it, and Tiled opens it).

/** The Tiled flip flags live in the top four bits of a cell. */
export const GID_MASK = 0x0fffffff;

/** The indentation of a JSON text: its second line's leading blanks, or one space. */
function indentOf(text) {
  const m = /\n([ \t]+)\S/.exec(text || '');
  return m ? m[1] : ' ';
}

/** JSON text of v, objects and arrays one item a line, arrays of numbers on one line. */
export function stringify(v, indent = ' ', depth = 0) {
  const pad = indent.repeat(depth + 1);
  const end = indent.repeat(depth);
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    if (v.every((x) => typeof x === 'number')) return `[${v.join(',')}]`;
    return `[\n${v.map((x) => pad + stringify(x, indent, depth + 1)).join(',\n')}\n${end}]`;
  }
  if (v && typeof v === 'object') {
    const keys = Object.keys(v).filter((k) => v[k] !== undefined);
    if (keys.length === 0) return '{}';
    return `{\n${keys.map((k) => `${pad}${JSON.stringify(k)}: ${stringify(v[k], indent, depth + 1)}`).join(',\n')}\n${end}}`;
  }
  return JSON.stringify(v);
}

/** A map opened for editing: {json, indent, tileLayers, objectLayers, tilesets}. */
export function parseMap(text) {
  const json = JSON.parse(text);
  if (!json || typeof json !== 'object' || !Array.isArray(json.layers)) throw new Error('not a Tiled map (no layers)');
  const m = { json, indent: indentOf(text), tileLayers: [], objectLayers: [] };
  const walk = (layers, group) => {
    for (const l of layers) {
      if (l.type === 'group' && Array.isArray(l.layers)) walk(l.layers, group ? `${group}/${l.name}` : l.name);
      const label = group ? `${group}/${l.name}` : l.name;
      if (l.type === 'tilelayer') m.tileLayers.push({ layer: l, label, cells: cellsOf(l, json) });
      if (l.type === 'objectgroup') {
        if (!Array.isArray(l.objects)) l.objects = [];
        m.objectLayers.push({ layer: l, label });
      }
    }
  };
  walk(json.layers, '');
  return m;
}

/**
 * The cells of a tile layer as an array the editor changes (CSV data is
 * the layer's own array; uncompressed base64 is decoded, and encoded again
 * by mapText); null when the editor cannot read them (compressed data).
 */
function cellsOf(l, json) {
  const n = (l.width || json.width) * (l.height || json.height);
  if (Array.isArray(l.data)) return l.data;
  if (typeof l.data === 'string' && l.encoding === 'base64' && !l.compression) {
    const bin = atob(l.data);
    const out = new Array(n).fill(0);
    for (let i = 0; i < n && i * 4 + 3 < bin.length; i++) {
      out[i] = (bin.charCodeAt(i * 4) | bin.charCodeAt(i * 4 + 1) << 8 | bin.charCodeAt(i * 4 + 2) << 16 | bin.charCodeAt(i * 4 + 3) << 24) >>> 0;
    }
    return out;
  }
  return null;
}

/** The .tmj text of an edited map. */
export function mapText(m) {
  for (const t of m.tileLayers) {
    const l = t.layer;
    if (t.cells && typeof l.data === 'string') {
      let bin = '';
      for (const c of t.cells) bin += String.fromCharCode(c & 255, c >>> 8 & 255, c >>> 16 & 255, c >>> 24 & 255);
      l.data = btoa(bin);
    }
  }
  return stringify(m.json, m.indent) + '\n';
}

/** A package path: ref relative to the map file's folder ("" when outside the package). */
export function resolvePath(mapName, ref) {
  const parts = mapName.split('/').slice(0, -1);
  for (const p of String(ref).split('/')) {
    if (p === '..') { if (!parts.length) return ''; parts.pop(); } else if (p && p !== '.') parts.push(p);
  }
  return parts.join('/');
}

/**
 * A new small map: width×height tiles of the tileset image (imageName,
 * tw×th tiles, cols×rows of them): a "walls" tile layer (solid, its border
 * drawn with tile 1) and a "things" object layer.
 */
export function newMap({ width = 20, height = 11, tw = 16, th = 16, imageName, imageWidth, imageHeight }) {
  const cols = Math.max(1, Math.floor(imageWidth / tw));
  const rows = Math.max(1, Math.floor(imageHeight / th));
  const data = [];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.push(x === 0 || y === 0 || x === width - 1 || y === height - 1 ? 1 : 0);
  }
  const json = {
    type: 'map', version: '1.10', tiledversion: '1.10.2', orientation: 'orthogonal', renderorder: 'right-down',
    width, height, tilewidth: tw, tileheight: th, infinite: false, nextlayerid: 3, nextobjectid: 1,
    layers: [
      { id: 1, name: 'walls', type: 'tilelayer', width, height, x: 0, y: 0, opacity: 1, visible: true,
        properties: [{ name: 'solid', type: 'bool', value: true }], data },
      { id: 2, name: 'things', type: 'objectgroup', x: 0, y: 0, opacity: 1, visible: true, draworder: 'topdown', objects: [] },
    ],
    tilesets: [{ firstgid: 1, name: 'tiles', tilewidth: tw, tileheight: th, columns: cols, tilecount: cols * rows,
      image: imageName, imagewidth: imageWidth, imageheight: imageHeight, margin: 0, spacing: 0 }],
  };
  return stringify(json, ' ') + '\n';
}

/** level.toml with map = "name" set (replaced, or added before the first table). */
export function setManifestMap(toml, name) {
  const line = `map = ${JSON.stringify(name)}`;
  if (/^map\s*=.*$/m.test(toml)) return toml.replace(/^map\s*=.*$/m, line);
  const lines = toml.split('\n');
  const at = lines.findIndex((l) => /^\s*\[/.test(l));
  if (at < 0) return toml.replace(/\n*$/, '\n') + line + '\n';
  let i = at;
  while (i > 0 && lines[i - 1].trim() === '') i--;
  lines.splice(i, 0, line);
  return lines.join('\n');
}
