package input

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/hajimehoshi/ebiten/v2"
)

// MaxMappingText is the largest mapping text DecodeMapping reads.
const MaxMappingText = 16 << 10

// maxMappingErrors caps how many line errors one decode reports.
const maxMappingErrors = 10

// EncodeMapping writes m as text, one line per action in order:
//
//	left = ArrowLeft, A
//	a = Z, Space, Enter
//
// Key names are Ebiten's (ebiten.Key.String). DecodeMapping reads it back.
func EncodeMapping(m Mapping) []byte {
	var b bytes.Buffer
	for a, ks := range m.keys {
		b.WriteString(Action(a).String())
		b.WriteString(" =")
		for i, k := range ks {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteByte(' ')
			b.WriteString(k.String())
		}
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// DecodeMapping reads a mapping written by EncodeMapping, tolerantly: blank
// lines and lines starting with # are skipped, names are case-insensitive,
// keys may be separated by commas or spaces, Ebiten's older key names
// ("Left", "KP0") are accepted, and a key listed twice for one action counts
// once.
//
// The returned Mapping is always usable (Validate returns nil), even with an
// error: a line in error is skipped, a key already bound by an earlier line
// is dropped, and an action the text does not bind gets its default keys that
// are still free. The error, if any, joins one "input: mapping line N: …"
// error per bad line (at most ten), so a game can log it and go on.
func DecodeMapping(text []byte) (Mapping, error) {
	if len(text) > MaxMappingText {
		return DefaultMapping(), fmt.Errorf("input: mapping text is %d bytes, at most %d allowed", len(text), MaxMappingText)
	}
	var (
		m     Mapping
		given [numActions]int // line that bound each action, 0 if none
		owner = map[ebiten.Key]int{}
		errs  []error
	)
	fail := func(line int, format string, args ...any) {
		if len(errs) < maxMappingErrors {
			errs = append(errs, fmt.Errorf("input: mapping line %d: "+format, append([]any{line}, args...)...))
		}
	}
	for i, raw := range strings.Split(string(text), "\n") {
		line := i + 1
		s := strings.TrimSpace(raw)
		if s == "" || s[0] == '#' {
			continue
		}
		name, list, ok := strings.Cut(s, "=")
		if !ok {
			fail(line, "want action = keys, got %q", clip(s))
			continue
		}
		name = strings.ToLower(strings.TrimSpace(name))
		a, ok := ParseAction(name)
		if !ok {
			fail(line, "unknown action %q (want one of %s)", clip(name), strings.Join(actionNames[:], ", "))
			continue
		}
		if given[a] != 0 {
			fail(line, "action %s already bound on line %d", a, given[a])
			continue
		}
		var keys []ebiten.Key
		bad := false
		for _, field := range strings.FieldsFunc(list, func(r rune) bool {
			return r == ',' || r == ' ' || r == '\t' || r == '\r'
		}) {
			var k ebiten.Key
			if err := k.UnmarshalText([]byte(field)); err != nil || !validKey(k) {
				fail(line, "unknown key %q for %s", clip(field), a)
				bad = true
				continue
			}
			if b, taken := owner[k]; taken {
				fail(line, "key %s for %s is already bound on line %d", k, a, b)
				bad = true
				continue
			}
			if !slices.Contains(keys, k) {
				keys = append(keys, k)
			}
		}
		if len(keys) > MaxKeysPerAction {
			fail(line, "%d keys for %s, at most %d allowed", len(keys), a, MaxKeysPerAction)
			keys = keys[:MaxKeysPerAction]
		}
		if len(keys) == 0 {
			if !bad {
				fail(line, "no key for %s", a)
			}
			continue
		}
		given[a] = line
		for _, k := range keys {
			owner[k] = line
		}
		m.keys[a] = keys
	}
	// Actions the text left unbound take their free default keys; in the
	// rare case none is free, any free key does.
	def := DefaultMapping()
	for a := range m.keys {
		if len(m.keys[a]) > 0 {
			continue
		}
		for _, k := range def.keys[a] {
			if _, taken := owner[k]; !taken {
				m.keys[a] = append(m.keys[a], k)
				owner[k] = 0
			}
		}
		if len(m.keys[a]) == 0 {
			if k, ok := freeKey(owner); ok {
				m.keys[a] = []ebiten.Key{k}
				owner[k] = 0
			}
		}
	}
	return m, errors.Join(errs...)
}

// freeKey returns the first valid key not in used.
func freeKey(used map[ebiten.Key]int) (ebiten.Key, bool) {
	for k := ebiten.Key(0); k <= ebiten.KeyMax; k++ {
		if _, taken := used[k]; !taken && validKey(k) {
			return k, true
		}
	}
	return 0, false
}

// clip shortens s for an error message, cutting between runes.
func clip(s string) string {
	const max = 32
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// MarshalText implements encoding.TextMarshaler with EncodeMapping, so a
// Mapping can sit in a TOML or JSON settings file as a string.
func (m Mapping) MarshalText() ([]byte, error) {
	return EncodeMapping(m), nil
}

// UnmarshalText implements encoding.TextUnmarshaler with DecodeMapping. On
// error *m is still set to DecodeMapping's usable result.
func (m *Mapping) UnmarshalText(text []byte) error {
	dm, err := DecodeMapping(text)
	*m = dm
	return err
}
