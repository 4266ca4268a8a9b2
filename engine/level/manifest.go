package level

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
)

// ManifestName is the name of the manifest at the root of every package.
const ManifestName = "level.toml"

// Manifest is what level.toml declares about a level.
type Manifest struct {
	// ID names the level in URLs and saves: ^[a-z0-9][a-z0-9-]{0,39}$.
	ID string `toml:"id"`
	// Version is the level's own revision, 1 or more.
	Version int `toml:"version"`
	// API is the level API the scripts were written for (see APIVersion).
	API int `toml:"api"`
	// Licence is the licence of the whole package, e.g. "CC-BY-SA-4.0".
	Licence string `toml:"licence"`
	// Author is a pseudonym: 1 to 32 characters, no URL or e-mail address.
	Author string `toml:"author"`
	// Tags are topic tags made of a-z and '-', at least one.
	Tags []string `toml:"tags"`
	// Pot is true when the level adds to a shared cooperative total.
	Pot bool `toml:"pot"`
	// MaxSeconds is the longest run the level's boards accept, in seconds
	// of play (DefaultMaxSeconds when not given, at most MaxRunSeconds):
	// a server refuses a longer run before spending any time verifying it.
	MaxSeconds int `toml:"max_seconds"`
	// Campaign is the level's place in the built-in campaign (1, 2, …);
	// 0 for levels outside it, listed after the campaign.
	Campaign int `toml:"campaign"`
	// Main is the Lua file run first; "main.lua" when not given.
	Main string `toml:"main"`
	// Map is the Tiled map (.tmj) loaded with the level, or "".
	Map string `toml:"map"`
	// Title and Summary are shown in the level list.
	Title   Localized `toml:"title"`
	Summary Localized `toml:"summary"`
	// Sources are where the level's facts come from, at least one.
	Sources []Source `toml:"sources"`
	// RemixOf is "<id>@<version>" of the level this one remixes (changed
	// from a copy of it), "" for an original: the chain of credits that
	// CC BY-SA asks for. See Remix.
	RemixOf string `toml:"remix_of"`
}

// Remix returns the id and version of the level m remixes, and false when
// it remixes none.
func (m *Manifest) Remix() (id string, version int, ok bool) {
	id, version, err := ParseRemix(m.RemixOf)
	return id, version, err == nil
}

// ParseRemix reads a level reference "<id>@<version>", as remix_of holds
// it: an id as the id key allows and a version of 1 or more, in decimal
// without sign or leading zero.
func ParseRemix(s string) (id string, version int, err error) {
	id, v, found := strings.Cut(s, "@")
	if !found || !validID(id) || !validVersion(v) {
		return "", 0, fmt.Errorf("level: %q must be <id>@<version>, e.g. \"tax-pot@3\"", s)
	}
	version, _ = strconv.Atoi(v) // at most nine digits: never out of range
	return id, version, nil
}

// Localized is a short text in French and English.
type Localized struct {
	FR string `toml:"fr"`
	EN string `toml:"en"`
}

// Source is a reference the level's content is based on.
type Source struct {
	Title string `toml:"title"`
	URL   string `toml:"url"`
}

// Bounds on manifest fields.
const (
	maxAuthor  = 32  // characters
	maxTitle   = 80  // characters, each language
	maxSummary = 500 // characters, each language
	maxTags    = 16
	maxTagLen  = 32
	maxSources = 32
	maxSrcText = 200  // characters of a source title
	maxURL     = 2048 // bytes
	maxLicence = 64
)

// Run lengths a level may declare with max_seconds.
const (
	// DefaultMaxSeconds is the longest run of a level that declares no
	// max_seconds: ten minutes.
	DefaultMaxSeconds = 600
	// MaxRunSeconds is the most max_seconds may be: thirty minutes, the
	// longest run a replay record holds.
	MaxRunSeconds = 30 * 60
)

// validID reports whether s is a level id: what ^[a-z0-9][a-z0-9-]{0,39}$
// matches.
func validID(s string) bool {
	if s == "" || len(s) > 40 || !lowerOrDigit(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if c := s[i]; !lowerOrDigit(c) && c != '-' {
			return false
		}
	}
	return true
}

// validTag reports whether s is a tag, lower-case words joined by single
// hyphens: what ^[a-z]+(-[a-z]+)*$ matches.
func validTag(s string) bool {
	afterWord := false // the byte before is a letter
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case lower(c):
			afterWord = true
		case c == '-' && afterWord:
			afterWord = false
		default:
			return false
		}
	}
	return afterWord
}

// validLicence reports whether s has the form of an SPDX identifier: what
// ^[A-Za-z0-9][A-Za-z0-9.+-]*$ matches.
func validLicence(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !lowerOrDigit(c) && !('A' <= c && c <= 'Z') && (i == 0 || c != '.' && c != '+' && c != '-') {
			return false
		}
	}
	return true
}

// validVersion reports whether s is a version of 1 to nine digits without
// leading zero: what ^[1-9][0-9]{0,8}$ matches.
func validVersion(s string) bool {
	if s == "" || len(s) > 9 || s[0] == '0' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !digit(s[i]) {
			return false
		}
	}
	return true
}

// looksLikeDomain reports whether s holds an "example.org"-looking word: a
// letter, digit or hyphen, a dot, then two letters. It matches what
// (?i)[a-z0-9-]+\.[a-z]{2,} matches, where (?i) makes a letter also its
// case folds: A-Z, and the long s (U+017F) and Kelvin sign (U+212A) that
// fold to s and k.
func looksLikeDomain(s string) bool {
	before := false // the rune before is in (?i)[a-z0-9-]
	for i, r := range s {
		if r == '.' && before {
			a, n := utf8.DecodeRuneInString(s[i+1:])
			b, _ := utf8.DecodeRuneInString(s[i+1+n:])
			if foldsToLetter(a) && foldsToLetter(b) {
				return true
			}
		}
		before = foldsToLetter(r) || '0' <= r && r <= '9' || r == '-'
	}
	return false
}

// foldsToLetter reports whether r matches (?i)[a-z].
func foldsToLetter(r rune) bool {
	return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || r == '\u017f' || r == '\u212a'
}

// parseTOMLPosition reads the position the toml package puts in the text
// of type errors, which are not ParseErrors: "toml: line 3 (last key
// "a.b"): rest", the "line 3 " being optional. It returns what
// (?s)^toml: (?:line (\d+) )?\(last key "((?:[^"\\]|\\.)*)"\): (.*)$
// captures: the line's digits ("" without them), the key as quoted, with
// its backslash escapes, and the rest of msg; ok is false when msg has
// another form.
func parseTOMLPosition(msg string) (line, key, rest string, ok bool) {
	s, ok := strings.CutPrefix(msg, "toml: ")
	if !ok {
		return "", "", "", false
	}
	if after, found := strings.CutPrefix(s, "line "); found {
		n := 0
		for n < len(after) && digit(after[n]) {
			n++
		}
		if n == 0 || n == len(after) || after[n] != ' ' {
			return "", "", "", false
		}
		line, s = after[:n], after[n+1:]
	}
	if s, ok = strings.CutPrefix(s, `(last key "`); !ok {
		return "", "", "", false
	}
	// The key ends at the first quote not escaped by a backslash; a
	// backslash escapes any character, a multi-byte one too, whose other
	// bytes could not be a quote anyway.
	i := 0
	for i < len(s) && s[i] != '"' {
		if s[i] == '\\' {
			i++
		}
		i++
	}
	if i >= len(s) {
		return "", "", "", false
	}
	if rest, ok = strings.CutPrefix(s[i+1:], "): "); !ok {
		return "", "", "", false
	}
	return line, s[:i], rest, true
}

// lower reports whether c is an ASCII lower-case letter.
func lower(c byte) bool { return 'a' <= c && c <= 'z' }

// digit reports whether c is an ASCII digit.
func digit(c byte) bool { return '0' <= c && c <= '9' }

// lowerOrDigit reports whether c is in [a-z0-9].
func lowerOrDigit(c byte) bool { return lower(c) || digit(c) }

// manifestKeys is every key level.toml may hold, exactly as spelled.
var manifestKeys = map[string]bool{
	"id": true, "version": true, "api": true, "licence": true, "author": true,
	"tags": true, "pot": true, "max_seconds": true, "campaign": true, "main": true, "map": true,
	"remix_of": true, "title": true, "title.fr": true, "title.en": true,
	"summary": true, "summary.fr": true, "summary.en": true,
	"sources": true, "sources.title": true, "sources.url": true,
}

// ParseManifest decodes and checks level.toml alone, with every check a
// load makes of it: the manifest, or every problem found (see Problems;
// their File is ManifestName). The studio's manifest form uses it.
func ParseManifest(data []byte) (*Manifest, error) {
	p := &problems{}
	m := parseManifest(data, p)
	if err := p.err(); err != nil {
		return nil, err
	}
	return m, nil
}

// parseManifest decodes level.toml, recording every problem in p.
func parseManifest(data []byte, p *problems) *Manifest {
	const file = ManifestName
	before := len(p.list)
	if len(data) > maxManifestSize {
		p.addf(RuleManifest, file, 0, "manifest is larger than %d KiB", maxManifestSize>>10)
		return nil
	}
	if !utf8.Valid(data) {
		p.addf(RuleManifest, file, lineOf(data, invalidUTF8(data)), "not valid UTF-8")
		return nil
	}
	var m Manifest
	md, err := toml.Decode(string(data), &m)
	if err != nil {
		line, msg := tomlError(data, err)
		p.add(RuleManifest, file, line, msg, err)
		if len(md.Keys()) == 0 { // syntax error: nothing else to check
			return nil
		}
	}
	reported := map[string]bool{}
	unknown := func(k toml.Key) {
		s := k.String()
		if reported[s] {
			return
		}
		reported[s] = true
		msg := fmt.Sprintf("unknown key %q", s)
		if s == "license" {
			msg += ` (did you mean "licence"?)`
		}
		p.addf(RuleManifest, file, 0, "%s", msg)
	}
	for _, k := range md.Undecoded() {
		unknown(k)
	}
	// The toml package matches struct fields case-insensitively: "ID" would
	// fill ID. Only the exact spelling is a known key.
	for _, k := range md.Keys() {
		if !manifestKeys[strings.Join(k, ".")] {
			unknown(k)
		}
	}
	if err != nil || len(p.list) > before {
		return nil
	}

	required := func(key string) bool {
		if !md.IsDefined(strings.Split(key, ".")...) {
			p.addf(RuleManifest, file, 0, "%s", key+" is required")
			return false
		}
		return true
	}
	if required("id") && !validID(m.ID) {
		p.addf(RuleManifest, file, 0, "id %q must match ^[a-z0-9][a-z0-9-]{0,39}$", m.ID)
	}
	if required("version") && m.Version < 1 {
		p.addf(RuleManifest, file, 0, "version must be 1 or more, not %d", m.Version)
	}
	if required("api") {
		switch {
		case m.API < 1:
			p.addf(RuleManifest, file, 0, "api must be 1 or more, not %d", m.API)
		case m.API > APIVersion:
			p.addf(RuleManifest, file, 0, "level needs a newer engine (api %d; this engine supports api %d)", m.API, APIVersion)
		}
	}
	if required("licence") && (len(m.Licence) > maxLicence || !validLicence(m.Licence)) {
		p.addf(RuleManifest, file, 0, "licence %q must be an SPDX identifier such as CC-BY-SA-4.0", m.Licence)
	}
	if required("author") {
		if msg := checkAuthor(m.Author); msg != "" {
			p.addf(RuleManifest, file, 0, "%s", msg)
		}
	}
	if required("tags") {
		checkTags(m.Tags, p)
	}
	if md.IsDefined("max_seconds") {
		if m.MaxSeconds < 1 || m.MaxSeconds > MaxRunSeconds {
			p.addf(RuleManifest, file, 0, "max_seconds must be from 1 to %d, not %d", MaxRunSeconds, m.MaxSeconds)
		}
	} else {
		m.MaxSeconds = DefaultMaxSeconds
	}
	if md.IsDefined("remix_of") {
		if _, _, err := ParseRemix(m.RemixOf); err != nil {
			p.addf(RuleManifest, file, 0, "remix_of %q must be the remixed level's <id>@<version>, e.g. \"tax-pot@3\" (id as for id, version 1 or more)", m.RemixOf)
		}
	}
	if md.IsDefined("main") {
		if msg := checkRef(m.Main, ".lua"); msg != "" {
			p.addf(RuleManifest, file, 0, "%s", "main: "+msg)
		}
	} else {
		m.Main = "main.lua"
	}
	if md.IsDefined("map") {
		if msg := checkRef(m.Map, ".tmj"); msg != "" {
			p.addf(RuleManifest, file, 0, "%s", "map: "+msg)
		}
	}
	for _, t := range [...]struct {
		key string
		l   Localized
		max int
	}{{"title", m.Title, maxTitle}, {"summary", m.Summary, maxSummary}} {
		if !required(t.key) {
			continue
		}
		for _, lang := range [...]struct{ code, s string }{{"fr", t.l.FR}, {"en", t.l.EN}} {
			if msg := checkLine(lang.s, t.max, t.key == "summary"); msg != "" {
				p.addf(RuleManifest, file, 0, "%s", t.key+"."+lang.code+" "+msg)
			}
		}
	}
	if required("sources") {
		switch {
		case len(m.Sources) == 0:
			p.addf(RuleManifest, file, 0, "at least one [[sources]] entry is required")
		case len(m.Sources) > maxSources:
			p.addf(RuleManifest, file, 0, "more than %d sources", maxSources)
		}
		for i, s := range m.Sources {
			if len(m.Sources) > maxSources {
				break
			}
			if msg := checkLine(s.Title, maxSrcText, false); msg != "" {
				p.addf(RuleManifest, file, 0, "sources[%d].title %s", i+1, msg)
			}
			if msg := checkURL(s.URL); msg != "" {
				p.addf(RuleManifest, file, 0, "sources[%d].url %s", i+1, msg)
			}
		}
	}
	if len(p.list) > before || p.full {
		return nil
	}
	return &m
}

// tomlError returns the line (0 if unknown) and message of a toml error.
func tomlError(data []byte, err error) (int, string) {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		// The toml package counts a newline that causes an error as the
		// start of the next line; the byte offset is exact.
		line := pe.Position.Line
		if s := pe.Position.Start; s > 0 && s <= len(data) {
			line = lineOf(data, s)
		}
		return line, pe.Message
	}
	if digits, key, rest, ok := parseTOMLPosition(err.Error()); ok {
		line, _ := strconv.Atoi(digits)
		return line, fmt.Sprintf("%q: %s", key, rest)
	}
	return 0, strings.TrimPrefix(err.Error(), "toml: ")
}

// checkAuthor reports why a pseudonym is not acceptable, or "".
func checkAuthor(a string) string {
	n := utf8.RuneCountInString(a)
	switch {
	case n == 0 || strings.TrimSpace(a) == "":
		return "author must not be empty"
	case n > maxAuthor:
		return fmt.Sprintf("author is longer than %d characters", maxAuthor)
	case strings.TrimSpace(a) != a:
		return "author starts or ends with a space"
	}
	for _, r := range a {
		if !unicode.IsPrint(r) {
			return fmt.Sprintf("author contains the invisible or control character %U", r)
		}
	}
	low := strings.ToLower(a)
	if strings.Contains(low, "@") || strings.Contains(low, "://") || strings.Contains(low, "www.") || looksLikeDomain(low) {
		return "author must be a pseudonym, not an e-mail or web address"
	}
	return ""
}

// checkTags records problems with the tag list.
func checkTags(tags []string, p *problems) {
	switch {
	case len(tags) == 0:
		p.addf(RuleManifest, ManifestName, 0, "tags must hold at least one tag")
		return
	case len(tags) > maxTags:
		p.addf(RuleManifest, ManifestName, 0, "more than %d tags", maxTags)
		return
	}
	seen := map[string]bool{}
	for _, t := range tags {
		switch {
		case len(t) > maxTagLen || !validTag(t):
			p.addf(RuleManifest, ManifestName, 0, "tag %q must be lower-case words a-z joined by '-', at most %d bytes", t, maxTagLen)
		case seen[t]:
			p.addf(RuleManifest, ManifestName, 0, "tag %q is listed twice", t)
		}
		seen[t] = true
	}
}

// checkRef reports why name cannot be a file of the package with the given
// extension, or "".
func checkRef(name, ext string) string {
	if msg := checkName(name); msg != "" {
		return fmt.Sprintf("%q: %s", name, msg)
	}
	if !strings.HasSuffix(name, ext) {
		return fmt.Sprintf("%q must be a %s file", name, ext)
	}
	return ""
}

// checkLine reports why s is not a fine title (or, with multiline, summary)
// of at most max characters, or "". The message starts with a verb.
func checkLine(s string, max int, multiline bool) string {
	if strings.TrimSpace(s) == "" {
		return "must not be empty"
	}
	if n := utf8.RuneCountInString(s); n > max {
		return fmt.Sprintf("is longer than %d characters", max)
	}
	for _, r := range s {
		if r == '\n' && multiline {
			continue
		}
		if !unicode.IsPrint(r) && r != '\u00a0' && r != '\u202f' {
			return fmt.Sprintf("contains the invisible or control character %U", r)
		}
	}
	return ""
}

// checkURL reports why u is not an absolute http or https URL, or "".
func checkURL(u string) string {
	if u == "" {
		return "must not be empty"
	}
	if len(u) > maxURL {
		return fmt.Sprintf("is longer than %d bytes", maxURL)
	}
	for _, r := range u {
		if r <= ' ' || r == 0x7f || !unicode.IsPrint(r) {
			return fmt.Sprintf("%q contains a space or control character", u)
		}
	}
	pu, err := url.Parse(u)
	if err != nil {
		return fmt.Sprintf("%q is not a valid URL", u)
	}
	if pu.Scheme != "http" && pu.Scheme != "https" {
		return fmt.Sprintf("%q must start with http:// or https://", u)
	}
	if pu.Host == "" || pu.Hostname() == "" {
		return fmt.Sprintf("%q has no host", u)
	}
	if pu.User != nil {
		return fmt.Sprintf("%q must not contain a user name or password", u)
	}
	return ""
}

// lineOf returns the 1-based line of byte offset off in data.
func lineOf(data []byte, off int) int {
	if off > len(data) {
		off = len(data)
	}
	n := 1
	for _, c := range data[:max(off, 0)] {
		if c == '\n' {
			n++
		}
	}
	return n
}

// invalidUTF8 returns the offset of the first invalid UTF-8 byte, or
// len(data).
func invalidUTF8(data []byte) int {
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return len(data)
}
