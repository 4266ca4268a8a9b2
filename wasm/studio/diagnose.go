// Package studio is the Go side of the level studio (/studio, docs/studio.md)
// that needs no browser: it turns what stops a draft (a level that does not
// load, a Lua error) into the {file, line, message} the page marks in its
// editor. The browser glue is wasm/studio.go (package main); the page's
// JavaScript and its npm project live beside this file.
package studio

import (
	"errors"
	"strconv"
	"strings"

	"github.com/communs-arcade/arcade/engine/level"
	"github.com/communs-arcade/arcade/engine/script"
)

// Diagnostic is one problem of a draft, where the editor shows it.
type Diagnostic struct {
	File    string `json:"file"`    // the file inside the level ("main.lua"), or "" for the whole level
	Line    int    `json:"line"`    // 1-based, or 0 when unknown
	Message string `json:"message"` // in English, as the engine says it
}

// cutScriptPlace splits the "<chunk>:<line>: " a script error starts with
// from msg: it returns the chunk and the line's digits that
// ^([^\s:]+\.lua):(\d+): captures, and the rest of msg after the match; ok
// is false when msg does not start so. The chunk ends at the first colon,
// which it cannot contain, so no other split need be tried.
func cutScriptPlace(msg string) (chunk, line, rest string, ok bool) {
	chunk, after, found := strings.Cut(msg, ":")
	// \s is [\t\n\f\r ] in Go; the chunk is at least one character then
	// ".lua".
	if !found || len(chunk) <= len(".lua") || !strings.HasSuffix(chunk, ".lua") || strings.ContainsAny(chunk, "\t\n\f\r ") {
		return "", "", "", false
	}
	n := 0
	for n < len(after) && '0' <= after[n] && after[n] <= '9' {
		n++
	}
	if n == 0 || !strings.HasPrefix(after[n:], ": ") {
		return "", "", "", false
	}
	return chunk, after[:n], after[n+len(": "):], true
}

// Diagnose returns the problems err holds, first the one to show: every
// level.Problems of a level that does not load, or the script error (a
// syntax error, a runtime error, the instruction budget) with its file and
// line. levelPath is the level's Path, the prefix of the file names in
// messages. Diagnose returns nil for a nil err.
func Diagnose(err error, levelPath string) []Diagnostic {
	if err == nil {
		return nil
	}
	if ps := level.Problems(err); len(ps) > 0 {
		out := make([]Diagnostic, 0, len(ps))
		for _, p := range ps {
			out = append(out, Diagnostic{File: p.File, Line: p.Line, Message: p.Msg})
		}
		return out
	}
	msg := err.Error()
	var se *script.Error
	if errors.As(err, &se) {
		msg = se.Msg
	}
	d := Diagnostic{Message: msg}
	if chunk, line, rest, ok := cutScriptPlace(msg); ok {
		d.File = relative(chunk, levelPath)
		d.Line, _ = strconv.Atoi(line)
		d.Message = rest
	}
	return []Diagnostic{d}
}

// relative strips the level's path from a chunk name: "draft/main.lua" is
// "main.lua".
func relative(chunk, levelPath string) string {
	if rest, ok := strings.CutPrefix(chunk, strings.TrimSuffix(levelPath, "/")+"/"); ok && levelPath != "" {
		return rest
	}
	return chunk
}
