#!/usr/bin/env bash
# Builds the browser game into wasm/dist/ (`make wasm` runs it):
#
#   wasm/build.sh [PACKAGE DIST]
#
# builds another js/wasm main package the same way, into DIST
# (`make bench-web` does so for its bare stack, wasm/bench/bare). Without
# arguments it builds ./wasm into wasm/dist:
#
#   game.<hash>.wasm (+ .br, .gz)   the game, GOOS=js GOARCH=wasm, stripped,
#                                    built with wasm/slim's Ebiten and gopher-lua
#   studio-engine.<hash>.wasm (+ .br, .gz)
#                                    the same with -tags studio: the game plus
#                                    the level studio's engine (studio_js.go),
#                                    which only the studio's frame (/?studio)
#                                    loads; the game page's .wasm leaves it out
#   wasm_exec.<hash>.js (+ .br, .gz) Go's JavaScript support, from this Go
#   loader.<hash>.js (+ .br, .gz)    wasm/loader.js
#   index.html (+ .br, .gz)          wasm/index.html naming the files above
#   studio.<hash>.js (+ .br, .gz)    the level studio's script: wasm/studio/src
#                                    bundled by esbuild (npm ci in wasm/studio
#                                    first: `make wasm` does it)
#   studio.html (+ .br, .gz)         wasm/studio/studio.html naming it (/studio)
#   sw.js (+ .br, .gz)               wasm/sw.js, the service worker that lets the
#                                    game reload offline, with this build's
#                                    version and the game page's files
#   manifest.json                    raw and compressed size of every file
#
# <hash> is the first 16 hex digits of the file's SHA-256, so a name always
# means the same bytes and the server lets browsers cache it for a year.
# Brotli at quality 11 takes about half a minute for the .wasm: compressed
# files are kept in bin/wasm/ under the hash of what they compress and reused
# while it does not change. dist/ is updated in place (new files first,
# index.html, then sw.js, then stale files removed), so a running `arcade
# serve` serves the new build at once. sw.js comes after the page it
# caches: a browser that sees the new worker then gets the new page too.
set -euo pipefail
cd "$(dirname "$0")/.."

GO=${GO:-go}
cache=bin/wasm
# Another js/wasm main package may be built the same way into another
# folder: `make bench-web` builds its bare stack (wasm/bench/bare) so, to
# serve it through the same page and loader as the game. Its files in the
# making stay apart from the game's, under bin/wasm/<folder name>. Only the
# game (./wasm) has a studio engine to build.
pkg=${1:-./wasm}
dist=${2:-wasm/dist}
work=$cache
if [ "$dist" != wasm/dist ]; then work=$cache/$(basename "$dist"); fi
studio=false
if [ "$pkg" = ./wasm ]; then studio=true; fi
mkdir -p "$cache" "$work" "$dist"

hash16() { sha256sum "$1" | cut -c1-16; }

# compress FILE HASH: FILE.br and FILE.gz, from the cache when it has them.
compress() {
  local file=$1 h=$2
  if [ ! -s "$cache/$h.br" ]; then
    brotli -q 11 -f -o "$cache/$h.br.tmp" "$file"
    mv "$cache/$h.br.tmp" "$cache/$h.br"
  fi
  if [ ! -s "$cache/$h.gz" ]; then
    gzip -9 -n -c "$file" >"$cache/$h.gz.tmp"
    mv "$cache/$h.gz.tmp" "$cache/$h.gz"
  fi
  touch "$cache/$h.br" "$cache/$h.gz" # in use: not stale
  cp "$cache/$h.br" "$file.br"
  cp "$cache/$h.gz" "$file.gz"
}

# put SRC NAME: copy SRC into dist as NAME (atomically), with its
# compressed variants; prints nothing.
put() {
  local src=$1 name=$2 h
  h=$(sha256sum "$src" | cut -d' ' -f1)
  cp "$src" "$dist/.$name.tmp"
  compress "$dist/.$name.tmp" "$h"
  mv "$dist/.$name.tmp.br" "$dist/$name.br"
  mv "$dist/.$name.tmp.gz" "$dist/$name.gz"
  mv "$dist/.$name.tmp" "$dist/$name"
}

# Ebiten and gopher-lua with code the browser never runs taken out
# (wasm/slim/main.go says what and why): a copy of each and a go.mod that
# builds with them, rewritten from the module cache at every build.
# WASM_SLIM=0 builds with the modules as released instead: `make bench-web`
# builds its bare stack both ways, to compare.
modfile=go.mod
if [ "${WASM_SLIM:-1}" != 0 ]; then
  GO="$GO" "$GO" run ./wasm/slim "$work/slim"
  modfile=$work/slim/go.mod
fi
# gobuild OUT [FLAG...]: the package, for js/wasm, stripped, into OUT.
gobuild() {
  local out=$1
  shift
  echo "wasm: GOOS=js GOARCH=wasm $GO build -modfile=$modfile -trimpath -ldflags=\"-s -w\" ${*:+$* }$pkg"
  GOOS=js GOARCH=wasm "$GO" build -modfile="$modfile" -trimpath -ldflags="-s -w" "$@" -o "$out" "$pkg"
}
gobuild "$work/game.wasm"
# The studio's frame (/?studio) runs the same game with the studio's engine
# (wasm/studio_js.go, wasm/studio, levels/examples): a .wasm of its own, so
# that the game page's players do not download it.
if $studio; then
  gobuild "$work/studio-engine.wasm" -tags studio
fi

wasm_exec="$("$GO" env GOROOT)/lib/wasm/wasm_exec.js"
game_name="game.$(hash16 "$work/game.wasm").wasm"
exec_name="wasm_exec.$(hash16 "$wasm_exec").js"
loader_name="loader.$(hash16 wasm/loader.js).js"

if [ ! -s "$cache/$(sha256sum "$work/game.wasm" | cut -d' ' -f1).br" ]; then
  echo "wasm: compressing $game_name (brotli -q 11 takes about half a minute)"
fi
put "$work/game.wasm" "$game_name"
engine_name=
if $studio; then
  engine_name="studio-engine.$(hash16 "$work/studio-engine.wasm").wasm"
  if [ ! -s "$cache/$(sha256sum "$work/studio-engine.wasm" | cut -d' ' -f1).br" ]; then
    echo "wasm: compressing $engine_name (brotli -q 11 takes about half a minute)"
  fi
  put "$work/studio-engine.wasm" "$engine_name"
fi
put "$wasm_exec" "$exec_name"
put wasm/loader.js "$loader_name"

# The studio's script: CodeMirror and the page, one minified file.
esbuild=wasm/studio/node_modules/.bin/esbuild
if [ ! -x "$esbuild" ]; then
  echo "wasm: $esbuild is missing: run \`cd wasm/studio && npm ci\` (make wasm does)" >&2
  exit 1
fi
"$esbuild" wasm/studio/src/main.js --bundle --minify --format=iife --target=es2020 \
  --legal-comments=none --log-level=warning --outfile="$work/studio.js"
studio_name="studio.$(hash16 "$work/studio.js").js"
put "$work/studio.js" "$studio_name"

# index.html names the hashed files; each reference must be there exactly
# once. A build without a studio engine drops the page's reference to it:
# its loader then loads data-wasm for /?studio too.
if $studio; then
  engine_sed="s|data-studio-wasm=\"studio-engine.wasm\"|data-studio-wasm=\"$engine_name\"|"
  engine_ref="data-studio-wasm=\"$engine_name\""
else
  engine_sed="s| data-studio-wasm=\"studio-engine.wasm\"||"
  engine_ref=
fi
sed -e "s|src=\"wasm_exec.js\"|src=\"$exec_name\"|" \
    -e "s|src=\"loader.js\"|src=\"$loader_name\"|" \
    -e "s|data-wasm=\"game.wasm\"|data-wasm=\"$game_name\"|" \
    -e "$engine_sed" \
    wasm/index.html >"$work/index.html"
for ref in "src=\"$exec_name\"" "src=\"$loader_name\"" "data-wasm=\"$game_name\"" ${engine_ref:+"$engine_ref"}; do
  if [ "$(grep -c -F "$ref" "$work/index.html")" != 1 ]; then
    echo "wasm: wasm/index.html must reference wasm_exec.js, loader.js, game.wasm and studio-engine.wasm once each ($ref)" >&2
    exit 1
  fi
done
if grep -q -F 'studio-engine.wasm"' "$work/index.html"; then
  echo "wasm: wasm/index.html must reference studio-engine.wasm once, as data-studio-wasm" >&2
  exit 1
fi
sed -e "s|src=\"studio.js\"|src=\"$studio_name\"|" wasm/studio/studio.html >"$work/studio.html"
if [ "$(grep -c -F "src=\"$studio_name\"" "$work/studio.html")" != 1 ]; then
  echo "wasm: wasm/studio/studio.html must reference studio.js once" >&2
  exit 1
fi
# The service worker: its version follows the page (which names every
# hashed file) and its own code, so that either change installs it anew and
# replaces the previous build's cache. It precaches the game page and what
# the page loads; the studio stays online only (nor does the worker cache
# studio-engine.<hash>.wasm when the studio's frame loads it).
sw_version=$(cat "$work/index.html" wasm/sw.js | sha256sum | cut -c1-16)
sed -e "s|^const VERSION = 'dev'; // build\$|const VERSION = '$sw_version'; // build|" \
    -e "s|^const PRECACHE = \[\]; // build:|const PRECACHE = ['./', 'manifest.json', '$exec_name', '$loader_name', '$game_name']; // build:|" \
    wasm/sw.js >"$work/sw.js"
for ref in "const VERSION = '$sw_version';" "const PRECACHE = ['./', "; do
  if [ "$(grep -c -F "$ref" "$work/sw.js")" != 1 ]; then
    echo "wasm: wasm/sw.js must have its VERSION and PRECACHE lines marked \"// build\" ($ref)" >&2
    exit 1
  fi
done
names=("$game_name" ${engine_name:+"$engine_name"} "$exec_name" "$loader_name" "$studio_name" studio.html index.html sw.js)

# The manifest gives the raw size of every file (the loader's progress bar
# needs the .wasm's), and the compressed sizes for information.
size() { stat -c %s "$1"; }
{
  echo '{'
  echo '  "files": {'
  sep=''
  for n in "${names[@]}"; do
    f=$dist/$n
    case "$n" in index.html | studio.html | sw.js) f=$work/$n ;; esac
    if [ "$f" = "$work/$n" ]; then
      h=$(sha256sum "$f" | cut -d' ' -f1)
      compress "$f" "$h"
    fi
    printf '%s    "%s": {"size": %d, "gzip": %d, "br": %d}' "$sep" "$n" "$(size "$f")" "$(size "$f.gz")" "$(size "$f.br")"
    sep=$',\n'
  done
  echo
  echo '  }'
  echo '}'
} >"$work/manifest.json"
cp "$work/manifest.json" "$dist/.manifest.json.tmp" && mv "$dist/.manifest.json.tmp" "$dist/manifest.json"

# The pages last: until they are replaced, visitors get the previous
# build, whose files are still there.
for ext in br gz; do
  cp "$work/studio.html.$ext" "$dist/.studio.html.$ext.tmp" && mv "$dist/.studio.html.$ext.tmp" "$dist/studio.html.$ext"
done
cp "$work/studio.html" "$dist/.studio.html.tmp" && mv "$dist/.studio.html.tmp" "$dist/studio.html"
for ext in br gz; do
  cp "$work/index.html.$ext" "$dist/.index.html.$ext.tmp" && mv "$dist/.index.html.$ext.tmp" "$dist/index.html.$ext"
done
cp "$work/index.html" "$dist/.index.html.tmp" && mv "$dist/.index.html.tmp" "$dist/index.html"
for ext in br gz; do
  cp "$work/sw.js.$ext" "$dist/.sw.js.$ext.tmp" && mv "$dist/.sw.js.$ext.tmp" "$dist/sw.js.$ext"
done
cp "$work/sw.js" "$dist/.sw.js.tmp" && mv "$dist/.sw.js.tmp" "$dist/sw.js"

# Remove what the previous builds left.
keep=" manifest.json "
for n in "${names[@]}"; do keep+="$n $n.br $n.gz "; done
for f in "$dist"/* "$dist"/.[!.]*; do
  [ -e "$f" ] || continue
  case "$keep" in *" $(basename "$f") "*) ;; *) rm -rf "$f" ;; esac
done
# Compressed copies of files that are gone: keep the cache from growing.
find "$cache" -maxdepth 1 \( -name '*.br' -o -name '*.gz' \) -mtime +7 -delete

for n in "$game_name" ${engine_name:+"$engine_name"}; do
  echo "wasm: $dist/$n $(size "$dist/$n") bytes, br $(size "$dist/$n.br"), gzip $(size "$dist/$n.gz")"
done
