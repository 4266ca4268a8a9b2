// Communs Arcade loader: checks that the browser can run the game, downloads
// the game's WebAssembly with a progress bar, starts it with Go's
// wasm_exec.js, and hides itself once the game has drawn its first frame
// (window.arcade.ready, see wasm/bridge). It explains what went wrong when
// WebAssembly or WebGL 2 is missing, the download fails (with a retry
// button) or the game stops.
//
// The progress bar counts the bytes of the body as the page receives them.
// Browsers hand fetch() the body already decoded from br or gzip, so those
// are bytes of the raw .wasm, while Content-Length is the size of what was
// sent, compressed. The bar's total therefore comes from manifest.json,
// written by the build, which gives each file's raw size (Content-Length
// serves only for a response that is not compressed). The text gives the
// share done and the size that actually crosses the network: Content-Length,
// or the manifest's size for the encoding the server chose.
//
// Once the game is ready the loader registers the service worker
// (sw.js, next to the page), which keeps the page and its files so that the
// next visit works offline too.
//
// No framework, nothing from another host, nothing sent anywhere.
(function () {
  'use strict';

  const TEXT = {
    fr: {
      tagline: 'Des jeux courts pour comprendre les communs, nos données et l’impôt.',
      loading: 'Chargement du jeu…',
      progress: (percent, size) => `${percent} de ${size}`,
      unit: 'Mo',
      starting: 'Démarrage…',
      noWasm: 'Ce navigateur ne sait pas exécuter WebAssembly, dont le jeu a besoin. Essayez avec un navigateur récent : Firefox, Chrome, Edge ou Safari.',
      noWebGL: 'Ce navigateur ou cet appareil ne permet pas WebGL 2, dont le jeu a besoin pour dessiner. Activez l’accélération graphique dans les réglages du navigateur, ou essayez un autre navigateur.',
      download: 'Le téléchargement du jeu a échoué. Vérifiez la connexion, puis réessayez.',
      crashed: 'Le jeu s’est arrêté à cause d’une erreur. Rechargez la page pour recommencer.',
      details: 'Détails techniques',
      retry: 'Réessayer',
      reload: 'Recharger',
    },
    en: {
      tagline: 'Short games to understand the commons, our data and taxes.',
      loading: 'Loading the game…',
      progress: (percent, size) => `${percent} of ${size}`,
      unit: 'MB',
      starting: 'Starting…',
      noWasm: 'This browser cannot run WebAssembly, which the game needs. Try a recent browser: Firefox, Chrome, Edge or Safari.',
      noWebGL: 'This browser or device does not offer WebGL 2, which the game needs to draw. Turn on hardware acceleration in the browser’s settings, or try another browser.',
      download: 'The game could not be downloaded. Check the connection, then try again.',
      crashed: 'The game stopped because of an error. Reload the page to start again.',
      details: 'Technical details',
      retry: 'Try again',
      reload: 'Reload',
    },
  };

  const lang = /^fr\b/i.test(navigator.language || '') ? 'fr' : 'en';
  const t = TEXT[lang];
  document.documentElement.lang = lang;

  const script = document.currentScript;
  // The level studio's frame (/?studio) loads the game built with the
  // studio's engine (wasm/studio_js.go), which the game page's .wasm leaves
  // out; a build without it (wasm/build.sh for another package) names none.
  const studio = new URLSearchParams(location.search).has('studio');
  const wasmURL = (studio && script.dataset.studioWasm) || script.dataset.wasm;
  const manifestURL = script.dataset.manifest;
  const $ = (id) => document.getElementById(id);
  const loader = $('loader');
  const bar = $('progress');
  const fill = $('progress-fill');
  const status = $('status');
  const retry = $('retry');
  $('tagline').textContent = t.tagline;

  // The last lines the game printed (Go's runtime writes panics with
  // console.log), shown under "Technical details" when it stops.
  const lastLines = [];
  for (const level of ['log', 'warn', 'error']) {
    const original = console[level];
    console[level] = function (...args) {
      lastLines.push(args.map(String).join(' '));
      if (lastLines.length > 40) lastLines.shift();
      return original.apply(this, args);
    };
  }

  const megabytes = new Intl.NumberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const mb = (bytes) => `${megabytes.format(bytes / 1e6)} ${t.unit}`;
  const percentage = new Intl.NumberFormat(lang, { style: 'percent' });

  // setProgress shows received of total raw bytes; sent is the size of the
  // download as sent (compressed), 0 if unknown.
  function setProgress(received, total, sent) {
    if (total > 0) {
      const percent = Math.min(100, Math.floor((received * 100) / total));
      const text = sent > 0 ? t.progress(percentage.format(percent / 100), mb(sent)) : percentage.format(percent / 100);
      bar.classList.remove('indeterminate');
      fill.style.width = `${percent}%`;
      bar.setAttribute('aria-valuenow', String(percent));
      bar.setAttribute('aria-valuetext', text);
      status.textContent = `${t.loading} ${text}`;
    } else {
      bar.classList.add('indeterminate');
      bar.removeAttribute('aria-valuenow');
      bar.setAttribute('aria-valuetext', mb(received));
      status.textContent = `${t.loading} ${mb(received)}`;
    }
  }

  let failed = false;

  // fail shows message instead of the progress bar; action is what the
  // button does ('retry' starts the download again, 'reload' reloads the
  // page, none hides it).
  function fail(message, action, details) {
    failed = true;
    loader.classList.remove('done');
    loader.hidden = false;
    bar.hidden = true;
    status.hidden = true;
    $('error-text').textContent = message;
    $('error').hidden = false;
    const log = [details, ...lastLines.filter((line) => line !== details)].filter(Boolean).join('\n');
    $('error-details').hidden = !log;
    $('error-summary').textContent = t.details;
    $('error-log').textContent = log;
    retry.hidden = !action;
    if (action) {
      retry.textContent = action === 'retry' ? t.retry : t.reload;
      retry.onclick = action === 'retry' ? start : () => location.reload();
      retry.focus();
    }
  }

  function hasWebGL2() {
    try {
      const gl = document.createElement('canvas').getContext('webgl2');
      if (!gl) return false;
      const lose = gl.getExtension('WEBGL_lose_context');
      if (lose) lose.loseContext();
      return true;
    } catch (e) {
      return false;
    }
  }

  // sizes returns {total, sent}: the size of the decoded .wasm, from the
  // manifest (a pending fetch) or from Content-Length when the response is
  // not compressed, and the size of the response as sent; 0 when unknown.
  async function sizes(response, manifestResponse) {
    const encoding = (response.headers.get('Content-Encoding') || 'identity').toLowerCase();
    const length = Number(response.headers.get('Content-Length')) || 0;
    let entry = null;
    try {
      const manifest = await (await manifestResponse).json();
      entry = manifest.files && manifest.files[wasmURL];
    } catch (e) {
      // No manifest: rely on the response's headers.
    }
    const fromManifest = (key) => (entry && entry[key] > 0 ? entry[key] : 0);
    const total = fromManifest('size') || (encoding === 'identity' ? length : 0);
    const sent = length || fromManifest(encoding === 'identity' ? 'size' : encoding);
    return { total, sent };
  }

  // download fetches the .wasm. It returns the response, untouched so that
  // the browser may compile it while it arrives and cache the compiled code
  // for the next visit (which a Response rebuilt around a counting stream
  // would prevent), and a promise that settles once a copy of the body (a
  // tee) has been counted into the progress bar.
  async function download() {
    const manifest = fetch(manifestURL); // in parallel, awaited by sizes
    manifest.catch(() => {});
    const response = await fetch(wasmURL);
    if (!response.ok) throw new Error(`${wasmURL}: HTTP ${response.status}`);
    const { total, sent } = await sizes(response, manifest);
    setProgress(0, total, sent);
    if (!response.body) return { response, counted: Promise.resolve() };
    const reader = response.clone().body.getReader();
    const counted = (async () => {
      let received = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        received += value.byteLength;
        setProgress(received, total, sent);
      }
      setProgress(total || received, total || received, sent);
    })();
    counted.catch(() => {}); // a failed download fails the compilation too
    return { response, counted };
  }

  async function instantiate(response, go) {
    if (WebAssembly.instantiateStreaming) {
      // Compiles while the bytes arrive.
      return (await WebAssembly.instantiateStreaming(response, go.importObject)).instance;
    }
    const bytes = await response.arrayBuffer();
    return (await WebAssembly.instantiate(bytes, go.importObject)).instance;
  }

  // keepOffline registers the service worker that makes the next visit
  // work offline (wasm/sw.js). Browsers allow it only in a secure context
  // (HTTPS, or localhost); elsewhere, or if it fails, the game simply needs
  // the network the next time as well. The page's <base> (the /l/<id>
  // pages have one) resolves the name, so every page registers the same
  // worker.
  function keepOffline() {
    if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
    navigator.serviceWorker.register('sw.js').catch((e) => {
      console.warn(`service worker: ${e && e.message || e}`);
    });
  }

  function hide() {
    if (failed) return;
    performance.mark('arcade:ready');
    keepOffline();
    loader.classList.add('done');
    let removed = false;
    const remove = () => {
      if (removed || failed) return;
      removed = true;
      loader.hidden = true;
      performance.mark('arcade:shown');
    };
    loader.addEventListener('transitionend', remove, { once: true });
    setTimeout(remove, 600);
  }

  async function start() {
    failed = false;
    $('error').hidden = true;
    retry.hidden = true;
    bar.hidden = false;
    status.hidden = false;
    setProgress(0, 0, 0);
    if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') {
      fail(t.noWasm);
      return;
    }
    if (!hasWebGL2()) {
      fail(t.noWebGL);
      return;
    }
    if (typeof Go !== 'function') {
      fail(t.download, 'reload', 'wasm_exec.js did not load');
      return;
    }
    performance.mark('arcade:start');
    const go = new Go();
    let instance;
    try {
      const { response, counted } = await download();
      instance = await instantiate(response, go);
      await counted;
    } catch (e) {
      fail(t.download, 'retry', String(e && e.message || e));
      return;
    }
    performance.mark('arcade:instantiated');
    status.textContent = t.starting;

    window.addEventListener('arcade:error', () => {
      fail(t.crashed, 'reload', window.arcade && window.arcade.error);
    }, { once: true });
    if (window.arcade && window.arcade.ready) {
      hide();
    } else {
      window.addEventListener('arcade:ready', hide, { once: true });
    }
    let code = 0;
    go.exit = (c) => { code = c; };
    try {
      await go.run(instance);
      if (!failed) fail(t.crashed, 'reload', `exit status ${code}`);
    } catch (e) {
      if (!failed) fail(t.crashed, 'reload', String(e && e.message || e));
    }
  }

  start();
})();
