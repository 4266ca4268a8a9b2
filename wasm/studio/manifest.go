package studio

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/communs-arcade/arcade/engine/level"
)

// Form is what the studio's manifest form edits of level.toml.
type Form struct {
	ID      string       `json:"id"`
	Version int          `json:"version"`
	Title   Title        `json:"title"`
	Summary Title        `json:"summary"`
	Tags    []string     `json:"tags"`
	Sources []FormSource `json:"sources"`
	Licence string       `json:"licence"`
	Author  string       `json:"author"`
}

// FormSource is one [[sources]] entry of the form.
type FormSource struct {
	Title string `json:"title"`
	URL   string `json:"url"`
}

// FormResult is ReadForm's and WriteForm's answer: the form's values, the
// manifest's text, and its problems as `arcade check` reports them
// (level.ParseManifest), none when it is valid.
type FormResult struct {
	Form     Form         `json:"form"`
	Text     string       `json:"text"`
	Problems []Diagnostic `json:"problems"`
	// Readable is false when the TOML does not parse: the form cannot
	// show it and the manifest's own tab must fix it first.
	Readable bool `json:"readable"`
}

// ReadForm reads level.toml into the form, with its problems.
func ReadForm(data []byte) FormResult {
	res := FormResult{Text: string(data), Problems: manifestProblems(data)}
	var m level.Manifest
	if _, err := toml.Decode(string(data), &m); err != nil {
		return res
	}
	res.Readable = true
	res.Form = Form{ID: m.ID, Version: m.Version, Title: titleOf(m.Title), Summary: titleOf(m.Summary),
		Tags: m.Tags, Sources: []FormSource{}, Licence: m.Licence, Author: m.Author}
	if res.Form.Tags == nil {
		res.Form.Tags = []string{}
	}
	for _, s := range m.Sources {
		res.Form.Sources = append(res.Form.Sources, FormSource(s))
	}
	return res
}

// WriteForm writes the form into level.toml: the comment lines heading
// the old text, the form's keys, then the old text's other keys (api,
// pot, max_seconds, campaign, main, map, remix_of) as they were. The
// answer holds the new text and its problems. Comments inside the old
// text are not kept: the form writes the manifest in one canonical order.
func WriteForm(old []byte, f Form) (FormResult, error) {
	var m level.Manifest
	md, err := toml.Decode(string(old), &m)
	if err != nil {
		return FormResult{}, fmt.Errorf("studio: level.toml does not parse; fix it in its tab first: %w", err)
	}
	var b strings.Builder
	for _, line := range strings.Split(string(old), "\n") {
		if !strings.HasPrefix(strings.TrimSpace(line), "#") {
			break
		}
		b.WriteString(line + "\n")
	}
	kv := func(k, v string) { b.WriteString(k + " = " + v + "\n") }
	kv("id", tomlString(f.ID))
	kv("version", strconv.Itoa(f.Version))
	api := m.API
	if !md.IsDefined("api") {
		api = level.APIVersion
	}
	kv("api", strconv.Itoa(api))
	kv("licence", tomlString(f.Licence))
	kv("author", tomlString(f.Author))
	tags := make([]string, 0, len(f.Tags))
	for _, t := range f.Tags {
		if t = strings.TrimSpace(t); t != "" {
			tags = append(tags, tomlString(t))
		}
	}
	kv("tags", "["+strings.Join(tags, ", ")+"]")
	if md.IsDefined("pot") {
		kv("pot", strconv.FormatBool(m.Pot))
	}
	for _, o := range []struct {
		key string
		n   int
	}{{"max_seconds", m.MaxSeconds}, {"campaign", m.Campaign}} {
		if md.IsDefined(o.key) {
			kv(o.key, strconv.Itoa(o.n))
		}
	}
	for _, o := range []struct{ key, s string }{{"main", m.Main}, {"map", m.Map}, {"remix_of", m.RemixOf}} {
		if md.IsDefined(o.key) {
			kv(o.key, tomlString(o.s))
		}
	}
	for _, t := range []struct {
		key string
		v   Title
	}{{"title", f.Title}, {"summary", f.Summary}} {
		b.WriteString("\n[" + t.key + "]\n")
		kv("fr", tomlString(t.v.FR))
		kv("en", tomlString(t.v.EN))
	}
	for _, s := range f.Sources {
		if strings.TrimSpace(s.Title) == "" && strings.TrimSpace(s.URL) == "" {
			continue
		}
		b.WriteString("\n[[sources]]\n")
		kv("title", tomlString(s.Title))
		kv("url", tomlString(s.URL))
	}
	res := ReadForm([]byte(b.String()))
	return res, nil
}

// manifestProblems is what `arcade check` says of level.toml alone.
func manifestProblems(data []byte) []Diagnostic {
	_, err := level.ParseManifest(data)
	return Diagnose(err, "")
}

// tomlString quotes s as a TOML basic string: UTF-8 kept, the quote, the
// backslash and control characters escaped (TOML has no \x escape, so
// strconv.Quote will not do).
func tomlString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		default:
			if r < 0x20 || r == 0x7f {
				fmt.Fprintf(&b, `\u%04X`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}
