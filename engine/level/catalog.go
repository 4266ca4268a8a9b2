package level

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
)

// Catalog maps dotted message keys ("menu.start") to texts in one language.
// Texts may hold placeholders such as {score}, filled in by the engine.
type Catalog map[string]string

// Keys returns the catalogue's keys in sorted order.
func (c Catalog) Keys() []string {
	keys := make([]string, 0, len(c))
	for k := range c {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Bounds on catalogues.
const (
	maxTextLen = 2000 // characters of one message
	maxKeys    = 4096 // messages in one catalogue
	maxKeyLen  = 128  // bytes of a dotted key
	maxNesting = 8    // table levels in a catalogue
)

// validKeyPart reports whether s is one part of a catalogue key: what
// ^[a-z0-9_-]+$ matches.
func validKeyPart(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !lowerOrDigit(c) && c != '_' && c != '-' {
			return false
		}
	}
	return true
}

// catalogLang returns the language of a catalogue file named
// text/<language>.toml: what ^text/([a-z]{2,3})\.toml$ captures. ok is
// false for any other name.
func catalogLang(name string) (lang string, ok bool) {
	lang, ok = strings.CutPrefix(name, "text/")
	if ok {
		lang, ok = strings.CutSuffix(lang, ".toml")
	}
	if !ok || len(lang) < 2 || len(lang) > 3 {
		return "", false
	}
	for i := 0; i < len(lang); i++ {
		if !lower(lang[i]) {
			return "", false
		}
	}
	return lang, true
}

// requiredLangs are the languages every level must provide, in the order
// their problems are reported.
var requiredLangs = [...]string{"fr", "en"}

// parseCatalog decodes a catalogue: nested tables of strings, flattened to
// dotted keys.
func parseCatalog(file string, data []byte, p *problems) Catalog {
	before := len(p.list)
	if len(data) > maxCatalogSize {
		p.addf(RuleText, file, 0, "catalogue is larger than %d KiB", maxCatalogSize>>10)
		return nil
	}
	if !utf8.Valid(data) {
		p.addf(RuleText, file, lineOf(data, invalidUTF8(data)), "not valid UTF-8")
		return nil
	}
	var raw map[string]any
	md, err := toml.Decode(string(data), &raw)
	if err != nil {
		line, msg := tomlError(data, err)
		p.add(RuleText, file, line, msg, err)
		return nil
	}
	c := Catalog{}
	// Walk the keys in file order so problems come out in a stable order.
	for _, k := range md.Keys() {
		key := strings.Join(k, ".")
		if !validKey(k) {
			p.addf(RuleText, file, 0, "key %q: each part must be made of a-z 0-9 _ -", key)
			continue
		}
		if len(key) > maxKeyLen {
			p.addf(RuleText, file, 0, "key %q is longer than %d bytes", key, maxKeyLen)
			continue
		}
		if len(k) > maxNesting {
			p.addf(RuleText, file, 0, "key %q is nested more than %d tables deep", key, maxNesting)
			continue
		}
		v, ok := lookup(raw, k)
		if !ok {
			continue // inside an array, already reported
		}
		switch v := v.(type) {
		case map[string]any:
			// a table: its keys follow
		case string:
			if len(c) == maxKeys {
				p.addf(RuleText, file, 0, "more than %d messages", maxKeys)
				return nil
			}
			if n := utf8.RuneCountInString(v); n > maxTextLen {
				p.addf(RuleText, file, 0, "message %q is longer than %d characters (%d)", key, maxTextLen, n)
				continue
			}
			if r, ok := badTextRune(v); ok {
				p.addf(RuleText, file, 0, "message %q contains the control character %U", key, r)
				continue
			}
			c[key] = v
		default:
			p.addf(RuleText, file, 0, "key %q must be a text or a table, not %s", key, strings.ToLower(md.Type(k...)))
		}
	}
	if len(p.list) > before || p.full {
		return nil
	}
	return c
}

// validKey reports whether every part of k is made of a-z 0-9 _ -.
func validKey(k toml.Key) bool {
	for _, part := range k {
		if !validKeyPart(part) {
			return false
		}
	}
	return true
}

// lookup follows k through nested tables.
func lookup(raw map[string]any, k toml.Key) (any, bool) {
	var v any = raw
	for _, part := range k {
		t, ok := v.(map[string]any)
		if !ok {
			return nil, false
		}
		if v, ok = t[part]; !ok {
			return nil, false
		}
	}
	return v, true
}

// badTextRune returns the first control character of s other than newline
// and tab.
func badTextRune(s string) (rune, bool) {
	for _, r := range s {
		if (r < ' ' && r != '\n' && r != '\t') || r == 0x7f {
			return r, true
		}
	}
	return 0, false
}

// compareCatalogs records every key present in one catalogue and missing in
// another. langs are the languages present, sorted; fr is the reference.
func compareCatalogs(text map[string]Catalog, langs []string, p *problems) {
	ref := "fr"
	rc := text[ref]
	for _, lang := range langs {
		if lang == ref {
			continue
		}
		c := text[lang]
		for _, k := range rc.Keys() {
			if _, ok := c[k]; !ok {
				p.addf(RuleText, catalogName(lang), 0, "key %q is missing (it is in %s)", k, catalogName(ref))
			}
		}
		for _, k := range c.Keys() {
			if _, ok := rc[k]; !ok {
				p.addf(RuleText, catalogName(ref), 0, "key %q is missing (it is in %s)", k, catalogName(lang))
			}
		}
	}
}

// catalogName returns the file holding the catalogue of lang.
func catalogName(lang string) string { return "text/" + lang + ".toml" }

// ParseCatalog decodes one catalogue file outside a level, with the same
// rules: the game's own menus use the level format for their texts.
func ParseCatalog(file string, data []byte) (Catalog, error) {
	p := &problems{}
	c := parseCatalog(file, data, p)
	if err := p.err(); err != nil {
		return nil, err
	}
	return c, nil
}
