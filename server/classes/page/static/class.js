// The teacher's page of a classroom workshop (/class) and its printable
// join cards (/class/cards). No framework and nothing from another site.
//
// The teacher link is /class#CODE.KEY: the key lives in the URL fragment,
// which browsers never send to servers. This script reads it and sends it
// only as "Authorization: Bearer KEY"; no URL it builds holds the key.
'use strict';

(() => {
  const data = JSON.parse(document.getElementById('class-data').textContent);
  const levelsById = new Map(data.levels.map((l) => [l.id, l]));
  const $ = (id) => document.getElementById(id);

  // ---- Language: the server's choice (Accept-Language), or the switch.
  let lang = document.documentElement.lang;
  try {
    const saved = localStorage.getItem('arcade.class.lang');
    if (saved && data.messages[saved]) lang = saved;
  } catch (e) { /* storage refused: the server's choice stays */ }

  /** t returns the message key in the page's language, {name}s filled in. */
  function t(key, args) {
    const s = data.messages[lang][key] ?? data.messages.en[key] ?? key;
    return s.replace(/\{(\w+)\}/g, (m, k) => (args && k in args ? String(args[k]) : m));
  }
  /** plural picks key.zero, key.one or key.many. */
  function plural(key, n) {
    if (n === 0 && data.messages[lang][key + '.zero']) return t(key + '.zero', { n });
    return t(n === 1 ? key + '.one' : key + '.many', { n });
  }
  // Community levels' titles, as the level search and the class's levels
  // give them (the page's data holds the built-in levels only).
  const communityTitles = new Map();
  const keepTitle = (l) => communityTitles.set(l.id, l.title);
  const levelTitle = (id) => levelsById.get(id)?.title[lang] ||
    communityTitles.get(id)?.[lang] || communityTitles.get(id)?.[lang === 'fr' ? 'en' : 'fr'] || id;
  const number = (n) => new Intl.NumberFormat(lang).format(n);

  function applyLanguage() {
    document.documentElement.lang = lang;
    for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
    for (const el of document.querySelectorAll('[data-i18n-placeholder]')) el.placeholder = t(el.dataset.i18nPlaceholder);
    for (const el of document.querySelectorAll('[data-i18n-aria]')) el.setAttribute('aria-label', t(el.dataset.i18nAria));
    for (const el of document.querySelectorAll('.level-title')) el.textContent = levelTitle(el.dataset.level);
  }
  $('lang').addEventListener('click', () => {
    const before = data.messages[lang]['controls.messageDefault'];
    lang = lang === 'fr' ? 'en' : 'fr';
    try { localStorage.setItem('arcade.class.lang', lang); } catch (e) { /* not kept */ }
    const msg = $('pause-message');
    if (msg && msg.value === before) msg.value = t('controls.messageDefault');
    applyLanguage();
    rerender();
  });
  let rerender = () => {};
  if (lang !== document.documentElement.lang) {
    const msg = $('pause-message');
    if (msg) msg.value = t('controls.messageDefault');
    applyLanguage();
  }

  /** el makes an element with a class, text and children. */
  function el(tag, props, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (k === 'class') e.className = v;
      else if (k === 'text') e.textContent = v;
      else if (k === 'style') e.style.cssText = v; // CSSOM: allowed by the CSP, unlike a style attribute
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v);
    }
    for (const c of children) if (c != null) e.append(c);
    return e;
  }

  /** notice shows a page-wide message (or hides it with ''). */
  function notice(text) {
    const n = $('notice');
    n.textContent = text;
    n.hidden = !text;
  }

  // ---- The fragment: CODE, or CODE.KEY. Codes are 6 characters of the
  // class alphabet; keys 32 bytes in base64url (43 characters).
  function fragment() {
    const m = /^#([A-Za-z0-9]{6})(?:\.([A-Za-z0-9_-]{43}))?$/.exec(location.hash);
    return m ? { code: m[1].toUpperCase(), key: m[2] || '' } : null;
  }
  const joinURL = (code) => location.origin + '/?class=' + code;

  /** errorText turns an API error answer into words. */
  async function errorText(res) {
    let body = {};
    try { body = await res.json(); } catch (e) { /* not JSON */ }
    const code = body.error?.code || '';
    const message = body.error?.message || res.statusText;
    if (code && data.messages[lang]['err.' + code]) return t('err.' + code, { message, status: res.status });
    return t('err.other', { status: res.status, message });
  }

  if (document.body.dataset.view === 'cards') {
    cards();
    return;
  }

  // ================= Create a class =================
  function endOfToday() {
    const d = new Date();
    d.setHours(23, 59, 0, 0);
    const p = (n) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T23:59`;
  }
  $('ends').value = endOfToday();
  const boxes = () => [...document.querySelectorAll('input[name=levels]')];
  $('all').addEventListener('click', () => boxes().forEach((b) => { b.checked = true; }));
  $('none').addEventListener('click', () => boxes().forEach((b) => { b.checked = false; }));

  // Listed community levels, found with the level search (GET /api/levels?q=):
  // a new search keeps the levels checked so far and replaces the others.
  const communityBoxes = () => [...document.querySelectorAll('input[name=community]')];
  async function searchCommunity() {
    const status = $('community-status');
    const list = $('community-list');
    status.textContent = t('create.searching');
    let res;
    try {
      res = await fetch('/api/levels?q=' + encodeURIComponent($('community-q').value.trim()), { cache: 'no-store' });
    } catch (e) {
      status.textContent = t('err.network');
      return;
    }
    if (!res.ok) {
      status.textContent = await errorText(res);
      return;
    }
    const page = await res.json();
    for (const b of communityBoxes()) if (!b.checked) b.closest('li').remove();
    const have = new Set(communityBoxes().map((b) => b.value));
    for (const l of page.levels) {
      keepTitle(l);
      if (have.has(l.id)) continue;
      list.append(el('li', {}, el('label', {},
        el('input', { type: 'checkbox', name: 'community', value: l.id }), ' ',
        el('span', { class: 'level-title', 'data-level': l.id, text: levelTitle(l.id) }), ' ',
        el('span', { class: 'hint', text: t('create.by', { author: l.author }) }))));
    }
    status.textContent = plural('create.found', page.levels.length);
  }
  $('community-search').addEventListener('click', searchCommunity);
  $('community-q').addEventListener('keydown', (ev) => {
    if (ev.key !== 'Enter') return;
    ev.preventDefault();
    searchCommunity();
  });

  $('create-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const err = $('create-error');
    const fail = (text) => { err.textContent = text; err.hidden = false; };
    err.hidden = true;
    const name = $('name').value.trim();
    const levels = [...boxes(), ...communityBoxes()].filter((b) => b.checked).map((b) => b.value);
    const ends = new Date($('ends').value);
    if (!name) { $('name').focus(); return fail(t('create.needName')); }
    if (!levels.length) return fail(t('create.needLevel'));
    if (isNaN(ends) || ends <= new Date()) { $('ends').focus(); return fail(t('create.needEnd')); }
    const submit = $('create-submit');
    submit.disabled = true;
    submit.textContent = t('create.working');
    try {
      const res = await fetch('/api/classes', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ name, levels, ends_at: ends.toISOString() }),
      });
      if (res.status !== 201) return fail(await errorText(res));
      showCreated(await res.json());
    } catch (e) {
      fail(t('err.network'));
    } finally {
      submit.disabled = false;
      submit.textContent = t('create.submit');
    }
  });

  function showCreated(c) {
    // The link is this page's, whatever origin the server believes it has.
    const link = location.origin + '/class#' + c.code + '.' + c.teacher_key;
    $('create').hidden = true;
    $('created').hidden = false;
    $('created-code').textContent = c.code;
    $('created-join').textContent = joinURL(c.code);
    $('created-ends').textContent = t('created.ends', { date: formatDate(c.ends_at) });
    $('created-link').value = link;
    $('created-open').href = '#' + c.code + '.' + c.teacher_key;
    $('created-cards').href = '/class/cards#' + c.code;
    $('copy').focus();
  }
  $('created-link').addEventListener('focus', (e) => e.target.select());
  $('copy').addEventListener('click', async () => {
    const input = $('created-link');
    const status = $('copy-status');
    try {
      await navigator.clipboard.writeText(input.value);
      status.textContent = t('created.copied');
    } catch (e) {
      // No clipboard API (plain http on a school network): the old way.
      input.focus();
      input.select();
      let ok = false;
      try { ok = document.execCommand('copy'); } catch (e2) { ok = false; }
      status.textContent = t(ok ? 'created.copied' : 'created.copyFailed');
    }
  });

  const formatDate = (iso) => new Intl.DateTimeFormat(lang, { dateStyle: 'full', timeStyle: 'short' }).format(new Date(iso));
  const formatTime = (d) => new Intl.DateTimeFormat(lang, { timeStyle: 'medium' }).format(d);

  // ================= The dashboard =================
  let session = null; // {code, key}
  let progress = null; // the last progress answer
  let etag = '';
  let timer = 0;
  let polling = 0; // generation: a new class stops the old loop
  let projector = false;

  /** api calls the classes API with the teacher key in the header. */
  function api(method, path, body, headers) {
    const h = { Authorization: 'Bearer ' + session.key, ...(headers || {}) };
    if (body !== undefined) h['Content-Type'] = 'application/json';
    return fetch('/api/classes/' + encodeURIComponent(session.code) + path, {
      method, headers: h, cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  function route() {
    const f = fragment();
    clearTimeout(timer);
    polling++;
    if (!f || !f.key) {
      session = null;
      if (location.hash.length > 1) notice(t('err.badLink'));
      $('dash').hidden = true;
      $('create').hidden = !$('created').hidden;
      return;
    }
    notice('');
    session = f;
    progress = null;
    etag = '';
    $('create').hidden = true;
    $('created').hidden = true;
    $('dash').hidden = false;
    $('dash-h').textContent = t('dash.loading');
    $('dash-code').textContent = f.code;
    $('dash-join').textContent = joinURL(f.code);
    $('cards').href = '/class/cards#' + f.code;
    try { projector = sessionStorage.getItem('arcade.class.view') === 'projector'; } catch (e) { projector = false; }
    showView();
    poll(polling);
    loadLevels(polling);
  }
  window.addEventListener('hashchange', route);

  /** poll reads the progress once a second, with If-None-Match. */
  async function poll(gen) {
    if (gen !== polling) return;
    try {
      const res = await api('GET', '/progress', undefined, etag ? { 'If-None-Match': etag } : {});
      if (gen !== polling) return;
      if (res.status === 200) {
        etag = res.headers.get('ETag') || '';
        progress = await res.json();
        render();
        stamp();
      } else if (res.status === 304) {
        stamp();
      } else {
        const text = await errorText(res);
        if (res.status === 401 || res.status === 403 || res.status === 404) {
          notice(text);
          return; // no point retrying with this link
        }
        $('dash-status').textContent = text;
      }
    } catch (e) {
      if (gen !== polling) return;
      $('dash-status').textContent = t('dash.offline');
    }
    timer = setTimeout(() => poll(gen), 1000);
  }
  // ---- The class's levels: its community levels' titles, and the levels
  // its pupils published (class-only until approved), read every 15 s.
  let levelsTimer = 0;
  async function loadLevels(gen) {
    clearTimeout(levelsTimer);
    if (gen !== polling) return;
    try {
      const res = await api('GET', '/levels');
      if (gen !== polling) return;
      if (res.ok) showLevels(await res.json());
    } catch (e) { /* the progress poll says the server is unreachable */ }
    levelsTimer = setTimeout(() => loadLevels(gen), 15_000);
  }
  let classOnly = [];
  function showLevels(cl) {
    for (const l of cl.levels) if (l.community) keepTitle(l);
    cl.class_only.forEach(keepTitle);
    classOnly = cl.class_only;
    rerender();
  }
  function renderClassOnly() {
    $('class-only-empty').hidden = classOnly.length > 0;
    $('class-only').replaceChildren(...classOnly.map((l) => el('li', { 'data-level': l.id },
      el('span', { class: 'level-name', text: levelTitle(l.id) }), ' ',
      el('span', { class: 'detail', text: t('classOnly.meta', { author: l.author, version: l.version }) }), ' ',
      el('button', {
        type: 'button', class: 'small', text: t('classOnly.approve'),
        'aria-label': t('classOnly.approveLabel', { level: levelTitle(l.id) }),
        onclick: () => approve(l.id),
      }))));
  }
  async function approve(id) {
    const level = levelTitle(id);
    if (!confirm(t('confirm.approve', { level }))) return;
    let res;
    try {
      res = await api('POST', '/levels/' + encodeURIComponent(id) + '/approve', {});
    } catch (e) {
      say(t('err.network'));
      return;
    }
    if (!res.ok) {
      say(await errorText(res));
      return;
    }
    showLevels(await res.json());
    say(t('done.approve', { level }));
  }

  let stampText = '';
  function stamp() {
    stampText = t('dash.updated', { time: formatTime(new Date()) });
    $('dash').dataset.updated = stampText;
  }

  rerender = () => {
    if (progress) render();
    if (session) renderClassOnly();
  };

  function showView() {
    $('projector-panel').hidden = !projector;
    $('controls').hidden = projector;
    document.body.classList.toggle('projector', projector);
  }
  $('projector').addEventListener('click', () => { projector = true; keepView(); showView(); });
  $('back').addEventListener('click', () => { projector = false; keepView(); showView(); });
  function keepView() {
    try { sessionStorage.setItem('arcade.class.view', projector ? 'projector' : 'dashboard'); } catch (e) { /* not kept */ }
  }

  const statusIcon = { not_started: '○', playing: '▶', won: '✔', lost: '✘' };

  function render() {
    const p = progress;
    const c = p.class;
    $('dash-h').textContent = c.name;
    $('dash-code').textContent = c.code;
    $('dash-ends').textContent = t('dash.ends', { date: formatDate(c.ends_at) });
    const state = $('dash-state');
    if (c.ended) {
      state.textContent = t('dash.ended');
      state.className = 'pill ended';
    } else if (c.paused) {
      state.textContent = c.message ? t('dash.paused', { message: c.message }) : t('dash.pausedNoMessage');
      state.className = 'pill paused';
    } else {
      state.textContent = t('dash.live');
      state.className = 'pill live';
    }
    $('dash-count').textContent = plural('dash.pupils', p.pupils.length);
    for (const id of ['pause', 'resume', 'end', 'pause-message']) $(id).disabled = c.ended;
    $('pause').hidden = c.paused && !c.ended;
    $('resume').hidden = !c.paused || c.ended;
    renderGrid(p);
    renderQuiz(p);
    renderProjector(p);
  }

  function renderGrid(p) {
    const c = p.class;
    const grid = $('grid');
    const empty = $('grid-empty');
    const locked = new Set(c.locked);
    grid.replaceChildren();
    grid.hidden = false;
    const head = el('tr', {}, el('th', { scope: 'col', text: t('grid.pupil') }));
    for (const id of c.levels) {
      const isLocked = locked.has(id);
      const th = el('th', { scope: 'col', class: isLocked ? 'locked' : '' },
        el('span', { class: 'level-name', text: levelTitle(id) }));
      if (isLocked) th.append(el('span', { class: 'tag lock', text: '⊘ ' + t('grid.locked') }));
      if (!c.ended) {
        th.append(el('button', {
          type: 'button', class: 'small', 'data-level': id,
          'aria-label': t(isLocked ? 'grid.unlockLabel' : 'grid.lockLabel', { level: levelTitle(id) }),
          text: t(isLocked ? 'grid.unlock' : 'grid.lock'),
          onclick: () => control(isLocked ? 'unlock' : 'lock', { level: id }),
        }));
      }
      head.append(th);
    }
    if (!c.ended) head.append(el('th', { scope: 'col', text: t('grid.actions') }));
    const body = el('tbody');
    for (const pupil of p.pupils) {
      const name = el('th', { scope: 'row' }, el('span', { class: 'pseudonym', text: pupil.pseudonym }));
      if (pupil.idle) name.append(el('span', { class: 'tag idle', text: '⚠ ' + t('grid.idle') }));
      const row = el('tr', { class: pupil.idle ? 'idle' : '', 'data-pupil': pupil.id }, name);
      for (const lp of pupil.levels) {
        const cell = el('td', { class: 'st-' + lp.status },
          el('span', { class: 'status' }, el('span', { class: 'icon', 'aria-hidden': 'true', text: statusIcon[lp.status] || '?' }),
            ' ' + t('status.' + lp.status)));
        if (lp.attempts > 0) {
          cell.append(el('span', { class: 'detail', text: t('grid.best', { n: number(lp.best) }) + ' · ' + plural('grid.attempts', lp.attempts) }));
        }
        row.append(cell);
      }
      if (!c.ended) {
        row.append(el('td', { class: 'actions' },
          el('button', { type: 'button', class: 'small', text: t('grid.rename'), onclick: () => rename(pupil) }),
          el('button', { type: 'button', class: 'small danger', text: t('grid.remove'), onclick: () => remove(pupil) })));
      }
      body.append(row);
    }
    grid.append(el('thead', {}, head), body);
    empty.hidden = p.pupils.length > 0;
    empty.textContent = t('dash.empty', { url: location.origin, code: c.code });
  }

  function quizTexts(r) {
    const q = levelsById.get(r.level)?.quiz?.[r.question]?.[lang];
    return { question: q?.q || r.question, choices: q?.choices || [] };
  }

  function renderQuiz(p) {
    const table = $('quiz');
    table.replaceChildren();
    $('quiz-empty').hidden = p.quiz.length > 0;
    table.hidden = p.quiz.length === 0;
    if (!p.quiz.length) return;
    table.append(el('thead', {}, el('tr', {},
      el('th', { scope: 'col', text: t('quiz.level') }), el('th', { scope: 'col', text: t('quiz.question') }),
      el('th', { scope: 'col', text: t('quiz.right') }), el('th', { scope: 'col', text: t('quiz.wrong') }))));
    const body = el('tbody');
    for (const r of p.quiz) {
      const q = quizTexts(r);
      const pct = Math.round(r.right_share * 100);
      let wrong = t('quiz.noWrong');
      if (r.wrong_choice >= 0) {
        const choice = q.choices[r.wrong_choice] || t('quiz.choice', { n: r.wrong_choice + 1 });
        wrong = t('quiz.times', { choice, n: r.wrong_count });
      }
      const bar = el('span', { class: 'meter', 'aria-hidden': 'true' }, el('span', { style: `width:${pct}%` }));
      body.append(el('tr', {},
        el('td', { text: levelTitle(r.level) }), el('td', { text: q.question }),
        el('td', { class: 'share' }, bar, el('span', { text: t('quiz.share', { pct, right: r.right, answers: r.answers }) })),
        el('td', { text: wrong })));
    }
    table.append(body);
  }

  function renderProjector(p) {
    const c = p.class;
    // The class's pot: the progress's own total when the server gives one;
    // else the sum of the pupils' verified best scores on pot levels.
    const potLevels = c.levels.filter((id) => levelsById.get(id)?.pot);
    const pot = $('pot');
    if (typeof p.pot === 'number' || typeof c.pot === 'number') {
      pot.hidden = false;
      $('pot-total').textContent = number(typeof p.pot === 'number' ? p.pot : c.pot);
      $('pot-hint').textContent = '';
    } else if (potLevels.length) {
      pot.hidden = false;
      let sum = 0;
      for (const pupil of p.pupils) for (const lp of pupil.levels) if (potLevels.includes(lp.level)) sum += lp.best;
      $('pot-total').textContent = number(sum);
      $('pot-hint').textContent = t('proj.potHint', { levels: potLevels.map(levelTitle).join(', ') });
    } else {
      pot.hidden = true;
    }
    const ranked = p.pupils.map((pupil) => ({
      name: pupil.pseudonym,
      total: pupil.levels.reduce((s, lp) => s + lp.best, 0),
      won: pupil.levels.filter((lp) => lp.status === 'won').length,
    })).filter((r) => r.total > 0 || r.won > 0)
      .sort((a, b) => b.total - a.total || b.won - a.won || a.name.localeCompare(b.name, lang));
    const board = $('board');
    board.replaceChildren(...ranked.map((r) => el('li', {},
      el('span', { class: 'pseudonym', text: r.name }), ' ',
      el('span', { class: 'score', text: t('grid.best', { n: number(r.total) }) }), ' ',
      el('span', { class: 'detail', text: '(' + plural('proj.won', r.won) + ')' }))));
    $('board-empty').hidden = ranked.length > 0;
  }

  // ---- Controls: each says the server's answer in words.
  function say(text) { $('dash-status').textContent = text; }

  async function control(action, opts) {
    const o = opts || {};
    let res;
    try {
      switch (action) {
        case 'pause': res = await api('POST', '/pause', { message: o.message }); break;
        case 'resume': res = await api('POST', '/resume', {}); break;
        case 'end': res = await api('POST', '/end', {}); break;
        case 'lock': case 'unlock':
          res = await api('POST', '/levels/' + encodeURIComponent(o.level) + '/' + action, {}); break;
        case 'rename': res = await api('PATCH', '/pupils/' + o.pupil.id, { pseudonym: o.name }); break;
        case 'remove': res = await api('DELETE', '/pupils/' + o.pupil.id); break;
        default: return;
      }
    } catch (e) {
      say(t('err.network'));
      return;
    }
    if (!res.ok) {
      say(await errorText(res));
      return;
    }
    const c = await res.json();
    switch (action) {
      case 'pause': say(t('done.pause', { message: c.message })); break;
      case 'resume': say(t('done.resume')); break;
      case 'end': say(t('done.end')); break;
      case 'lock': case 'unlock': say(t('done.' + action, { level: levelTitle(o.level) })); break;
      case 'rename': say(t('done.rename', { old: o.pupil.pseudonym, name: o.name })); break;
      case 'remove': say(t('done.remove', { name: o.pupil.pseudonym })); break;
    }
    // The answer is the class after the control: show it at once, then
    // read the progress again without waiting for the next second.
    if (progress) {
      progress.class = c;
      render();
    }
    clearTimeout(timer);
    polling++;
    poll(polling);
  }

  $('pause').addEventListener('click', () => control('pause', { message: $('pause-message').value.trim() }));
  $('resume').addEventListener('click', () => control('resume'));
  $('end').addEventListener('click', () => { if (confirm(t('confirm.end'))) control('end'); });
  function rename(pupil) {
    const name = prompt(t('prompt.rename', { name: pupil.pseudonym }), pupil.pseudonym);
    if (name && name.trim() && name.trim() !== pupil.pseudonym) control('rename', { pupil, name: name.trim() });
  }
  function remove(pupil) {
    if (confirm(t('confirm.remove', { name: pupil.pseudonym }))) control('remove', { pupil });
  }

  $('csv').addEventListener('click', async () => {
    let res;
    try {
      res = await api('GET', '/export.csv');
    } catch (e) {
      say(t('err.network'));
      return;
    }
    if (!res.ok) {
      say(await errorText(res));
      return;
    }
    const blob = await res.blob();
    const name = 'classe-' + session.code + '.csv';
    const url = URL.createObjectURL(blob);
    const a = el('a', { href: url, download: name });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    say(t('done.csv', { name }));
  });

  route();

  // ================= Printable join cards =================
  function cards() {
    const f = fragment();
    const box = $('cards');
    const draw = () => {
      box.replaceChildren();
      if (!f) {
        notice(t('cards.noCode'));
        return;
      }
      const n = Math.max(1, Math.min(64, Number($('count').value) || 32));
      const url = joinURL(f.code);
      for (let i = 0; i < n; i++) {
        box.append(el('article', { class: 'card' },
          el('div', { class: 'card-text' },
            el('p', { class: 'card-title', text: t('cards.title') }),
            el('p', { class: 'card-label', text: t('cards.open') }),
            el('p', { class: 'card-url', text: url }),
            el('p', { class: 'card-label', text: t('cards.code') }),
            el('p', { class: 'card-code', text: f.code })),
          el('figure', {},
            el('img', { src: '/api/classes/' + f.code + '/qr.png', alt: url, width: '232', height: '232' }),
            el('figcaption', { text: t('cards.scan') }))));
      }
    };
    $('count').addEventListener('change', draw);
    $('print').addEventListener('click', () => window.print());
    rerender = draw;
    draw();
  }
})();
