// Package levels holds the built-in levels, one folder each, and the test
// that checks every one of them: manifest valid in both languages, sources
// present, and golden replays that win and lose verifying natively and in
// wasm. It has no code of its own.
package levels
