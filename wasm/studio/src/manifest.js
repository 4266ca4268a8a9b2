// The manifest form: level.toml's title, summary, tags, sources, licence,
// author, id and version as fields. The engine reads and writes the TOML
// (wasm/studio/manifest.go) and checks it as `arcade check` does; every
// change writes level.toml back, so its own tab stays the truth and stays
// editable.

const LICENCES = ['CC-BY-SA-4.0', 'CC-BY-4.0', 'CC0-1.0'];

/** Which field a problem's message is about ("sources[2].url …" → "sources.2.url"). */
export function fieldOf(message) {
  const m = /^(id|version|licence|author|tags?|title\.(?:fr|en)|summary\.(?:fr|en)|sources\[(\d+)\]\.(title|url))\b/.exec(message);
  if (m) {
    if (m[2]) return `sources.${m[2]}.${m[3]}`;
    return m[1] === 'tag' ? 'tags' : m[1];
  }
  if (/\[\[sources\]\]|sources/.test(message)) return 'sources';
  if (/^at most \d+ tags|tag/.test(message)) return 'tags';
  if (/^title/.test(message)) return 'title.fr';
  if (/^summary/.test(message)) return 'summary.fr';
  return '';
}

/**
 * Renders the form into box for the draft's level.toml. onText(text) is
 * called with the new TOML after each change; t holds the page's texts.
 */
export function renderManifest(box, engine, text, t, onText) {
  box.textContent = '';
  const read = engine ? engine.manifest(text || '') : null;
  if (!read || read.error || !read.readable) {
    const p = document.createElement('p');
    p.className = 'form-error';
    const probs = (read && (read.problems || read.error)) || [];
    p.textContent = `${t.mfUnreadable}\n${probs.map((e) => `level.toml${e.line ? ':' + e.line : ''}: ${e.message}`).join('\n')}`;
    box.append(p);
    return;
  }
  const form = structuredClone(read.form);
  const el = (tag, props = {}, ...kids) => {
    const n = document.createElement(tag);
    Object.assign(n, props);
    n.append(...kids);
    return n;
  };
  const errors = new Map(); // field → its message element
  const fields = new Map(); // field → its input

  let timer = 0;
  const changed = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const res = engine.writeManifest(text, form);
      if (!res || res.error) return;
      text = res.text;
      onText(text);
      showProblems(res.problems || []);
    }, 200);
  };

  const field = (key, label, value, set, opts = {}) => {
    const id = `mf-${key.replaceAll('.', '-')}`;
    const input = opts.area
      ? el('textarea', { id, value, rows: 2 })
      : el('input', { id, value: String(value ?? ''), type: opts.type || 'text' });
    if (opts.list) input.setAttribute('list', opts.list);
    if (opts.hint) input.placeholder = opts.hint;
    input.dataset.field = key;
    input.oninput = () => { set(input.value); changed(); };
    const msg = el('span', { className: 'field-error', id: `${id}-error` });
    input.setAttribute('aria-describedby', msg.id);
    fields.set(key, input);
    errors.set(key, msg);
    return el('div', { className: `field ${opts.wide ? 'wide' : ''}` }, el('label', { htmlFor: id, textContent: label }), input, msg);
  };

  const main = el('fieldset', {}, el('legend', { textContent: t.mfLevel }),
    field('title.fr', t.mfTitle + ' (FR)', form.title.fr, (v) => { form.title.fr = v; }),
    field('title.en', t.mfTitle + ' (EN)', form.title.en, (v) => { form.title.en = v; }),
    field('summary.fr', t.mfSummary + ' (FR)', form.summary.fr, (v) => { form.summary.fr = v; }, { area: true, wide: true }),
    field('summary.en', t.mfSummary + ' (EN)', form.summary.en, (v) => { form.summary.en = v; }, { area: true, wide: true }),
    field('tags', t.mfTags, form.tags.join(', '), (v) => { form.tags = v.split(',').map((s) => s.trim()).filter(Boolean); },
      { hint: 'rgpd, vie-privee' }),
  );
  const who = el('fieldset', {}, el('legend', { textContent: t.mfIdentity }),
    field('id', t.mfId, form.id, (v) => { form.id = v; }, { hint: 'mon-niveau' }),
    field('version', t.mfVersion, form.version, (v) => { form.version = Number(v) || 0; }, { type: 'number' }),
    field('author', t.mfAuthor, form.author, (v) => { form.author = v; }),
    field('licence', t.mfLicence, form.licence, (v) => { form.licence = v; }, { list: 'mf-licences' }),
    el('datalist', { id: 'mf-licences' }, ...LICENCES.map((l) => el('option', { value: l }))),
  );

  const srcBox = el('fieldset', { className: 'sources' }, el('legend', { textContent: t.mfSources }));
  const srcErr = el('span', { className: 'field-error' });
  errors.set('sources', srcErr);
  const renderSources = () => {
    srcBox.querySelectorAll('.source').forEach((n) => n.remove());
    form.sources.forEach((s, i) => {
      const n = i + 1;
      const del = el('button', { type: 'button', textContent: '×', title: t.mfRemove, className: 'remove' });
      del.setAttribute('aria-label', `${t.mfRemove} ${n}`);
      del.onclick = () => { form.sources.splice(i, 1); renderSources(); changed(); };
      srcBox.insertBefore(el('div', { className: 'source' },
        field(`sources.${n}.title`, `${t.mfSourceTitle} ${n}`, s.title, (v) => { s.title = v; }),
        field(`sources.${n}.url`, 'URL', s.url, (v) => { s.url = v; }, { type: 'url', hint: 'https://' }),
        del), add);
    });
  };
  const add = el('button', { type: 'button', textContent: t.mfAddSource });
  add.onclick = () => { form.sources.push({ title: '', url: '' }); renderSources(); fields.get(`sources.${form.sources.length}.title`)?.focus(); };
  srcBox.append(add, srcErr);
  renderSources();

  const summary = el('div', { className: 'form-status', id: 'mf-status', role: 'status' });
  box.append(el('p', { className: 'hint', textContent: t.mfHint }), main, who, srcBox, summary);

  function showProblems(problems) {
    for (const [, m] of errors) m.textContent = '';
    for (const [, f] of fields) f.removeAttribute('aria-invalid');
    const loose = [];
    for (const p of problems) {
      const key = fieldOf(p.message);
      const target = errors.get(key) || (key.startsWith('sources') ? errors.get('sources') : null);
      if (target) {
        target.textContent = (target.textContent ? target.textContent + ' · ' : '') + p.message;
        fields.get(key)?.setAttribute('aria-invalid', 'true');
      } else {
        loose.push(p.message);
      }
    }
    summary.className = `form-status ${problems.length ? 'bad' : 'good'}`;
    summary.textContent = problems.length ? `${t.mfProblems(problems.length)}${loose.length ? '\n' + loose.join('\n') : ''}` : t.mfValid;
  }
  showProblems(read.problems || []);
}
