// Package levels holds the built-in levels, one folder each, and the test
// that checks every one of them: manifest valid in both languages, sources
// present, and golden replays that win and lose verifying natively and in
// wasm. FS embeds them for the builds that carry their levels (the browser
// game).
package levels
