// Publishing a draft to the Community API (docs/api.md): the draft's
// sealed package and its clear (the replay of a run won in the studio on
// the level's board seed) go to POST /api/levels with the player's token,
// the same the game keeps in localStorage (the engine reads or makes it:
// game.PlayerToken), so the game and the studio are one player.

/** A copy of a byte array in this page's realm (the engine's are the frame's). */
const own = (bytes) => new Uint8Array(bytes);

/**
 * Sends the draft. Resolves to {ok: true, id, version, url} or
 * {ok: false, status, code, rule, message, problems}; rejects only when
 * the server cannot be reached.
 */
export async function publish(engine, files, clear) {
  const pkg = engine.pack(files);
  if (!pkg || pkg.error) {
    return { ok: false, status: 0, code: 'invalid_package', rule: '', message: '', problems: (pkg && pkg.error) || [] };
  }
  const token = engine.token();
  if (typeof token !== 'string') {
    return { ok: false, status: 0, code: 'no_token', rule: '', message: '', problems: [] };
  }
  const body = new FormData();
  body.append('package', new Blob([own(pkg)], { type: 'application/zip' }), 'level.arcade');
  body.append('clear', new Blob([own(clear.replay)], { type: 'application/octet-stream' }), 'clear.replay');
  const res = await fetch('/api/levels', { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body });
  let answer = null;
  try { answer = await res.json(); } catch (e) { answer = null; }
  if (res.ok && answer && answer.id) {
    return { ok: true, id: answer.id, version: answer.version, url: `/l/${encodeURIComponent(answer.id)}` };
  }
  const e = (answer && answer.error) || {};
  return {
    ok: false,
    status: res.status,
    code: e.code || 'internal',
    rule: e.rule || '',
    message: e.message || '',
    problems: Array.isArray(e.problems) ? e.problems : [],
    retryAfter: res.headers.get('Retry-After') || '',
  };
}
