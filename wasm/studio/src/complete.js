// Completion of the level API's names in Lua files, each with its forms
// and one-line help. api.json is generated from engine/script/apidoc.go,
// the table docs/lua-api.md is generated from too (go generate
// ./engine/script), so the two cannot drift.
import api from './api.json';

/** One option per name: a name with several forms (btn, sfx) merges them. */
function options() {
  const byName = new Map();
  for (const e of api) {
    const o = byName.get(e.name);
    if (o) {
      o.forms.push(...(e.forms || []));
      o.help.push(e.help);
      continue;
    }
    byName.set(e.name, { name: e.name, kind: e.kind || 'function', forms: [...(e.forms || [])], help: [e.help], returns: e.returns || '' });
  }
  const type = { function: 'function', constant: 'constant', callback: 'keyword', table: 'namespace' };
  return [...byName.values()].map((o) => ({
    label: o.name,
    type: type[o.kind] || 'function',
    detail: o.forms.length ? o.forms[0].slice(o.name.length) + (o.returns ? ` → ${o.returns}` : '') : '',
    info: () => infoNode(o),
    // A callback completes to its whole definition's first line.
    apply: o.kind === 'callback' ? o.forms[0] : o.name,
    boost: o.name.includes('.') ? -1 : 0,
  }));
}

/** Text with `code spans` as <code> elements. */
function withCode(parent, text) {
  text.split('`').forEach((part, i) => {
    if (i % 2) {
      const c = document.createElement('code');
      c.textContent = part;
      parent.append(c);
    } else if (part) {
      parent.append(part);
    }
  });
}

function infoNode(o) {
  const box = document.createElement('div');
  if (o.forms.length) {
    const f = document.createElement('div');
    f.className = 'forms';
    withCode(f, o.forms.map((x) => '`' + x + '`').join(', '));
    box.append(f);
  }
  for (const h of o.help) {
    const p = document.createElement('div');
    withCode(p, h);
    box.append(p);
  }
  return box;
}

const all = options();

/** The completion source for Lua: API names, modules' fields after "mod.". */
export function luaCompletion(ctx) {
  const word = ctx.matchBefore(/[A-Za-z_][\w.]*/);
  if (!word || (word.from === word.to && !ctx.explicit)) return null;
  // Not inside a comment or a string.
  const line = ctx.state.doc.lineAt(ctx.pos);
  const before = line.text.slice(0, ctx.pos - line.from);
  if (/--/.test(before.replace(/"[^"]*"|'[^']*'/g, '')) || (before.split('"').length % 2 === 0)) return null;
  return { from: word.from, options: all, validFor: /^[\w.]*$/ };
}

/** The number of names offered (for the docs and tests). */
export const apiNames = all.length;
