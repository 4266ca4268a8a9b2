package level

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"path"
	"slices"
	"strings"
)

// Level is a validated level package, held entirely in memory.
type Level struct {
	// Path is the folder or .arcade file it was loaded from, as given.
	Path     string
	Manifest Manifest
	// Map is the map named by the manifest, or nil when it names none.
	Map *Map
	// Maps are all the .tmj files of the package, sorted by name.
	Maps []*Map
	// Text holds the message catalogues by language ("fr", "en", ...).
	// The base key of a key_one/key_other pair holds a packed plural
	// message: see Plural.
	Text map[string]Catalog

	files  []File         // sorted by name
	index  map[string]int // name → position in files
	hash   [32]byte
	sealed bool // loaded from a zip whose seal matched its files
}

// File is one file of a package. Data must not be modified.
type File struct {
	Name string // slash-separated, relative to the package root
	Data []byte
}

// File returns the contents of the named file.
func (l *Level) File(name string) ([]byte, bool) {
	i, ok := l.index[name]
	if !ok {
		return nil, false
	}
	return l.files[i].Data, true
}

// Files returns every file of the package, sorted by name.
func (l *Level) Files() []File { return slices.Clone(l.files) }

// Module returns the Lua source a script gets from require(name): "enemies"
// is enemies.lua, "lib.util" is lib/util.lua.
func (l *Level) Module(name string) ([]byte, bool) {
	if name == "" || strings.ContainsAny(name, "/\\") {
		return nil, false
	}
	file := strings.ReplaceAll(name, ".", "/") + ".lua"
	if checkName(file) != "" {
		return nil, false
	}
	return l.File(file)
}

// Cover returns the package's cover.png, the image a link to the level
// shows, when it has one.
func (l *Level) Cover() ([]byte, bool) { return l.File(CoverName) }

// Sealed reports whether the level was loaded from a zip that carries the
// seal Pack writes (its content hash, in the zip comment) and whose files
// match it: a package as `arcade pack` wrote it. A server may require it.
func (l *Level) Sealed() bool { return l.sealed }

// Languages returns the languages of the catalogues, sorted.
func (l *Level) Languages() []string {
	langs := make([]string, 0, len(l.Text))
	for lang := range l.Text {
		langs = append(langs, lang)
	}
	slices.Sort(langs)
	return langs
}

// ContentHash returns the SHA-256 of the package's canonical encoding: a
// version line, then for each file in name order the name's length (4 bytes,
// big-endian), the name, the data's length (8 bytes) and the data. It is the
// same whether the level came from a folder or a zip.
func (l *Level) ContentHash() [32]byte { return l.hash }

// BoardSeed returns the seed of the level's ranked runs: every player of a
// level version plays on the same seed, so no one can shop for a lucky one,
// and a run recorded offline is still rankable. It is derived from the
// content hash (see SeedOf), so a new version of the level gets a new seed
// along with its new boards.
func (l *Level) BoardSeed() uint64 { return SeedOf(l.hash) }

// SeedOf returns the board seed of the level version whose content hash is
// hash: the first 8 bytes, big-endian, of SHA-256("communs-arcade board
// seed v1\n" + hash). A server that knows only a level's hash derives the
// seed its runs must have.
func SeedOf(hash [32]byte) uint64 {
	h := sha256.New()
	h.Write([]byte("communs-arcade board seed v1\n"))
	h.Write(hash[:])
	var sum [32]byte
	return binary.BigEndian.Uint64(h.Sum(sum[:0]))
}

// MaxTicks returns the longest run the level's boards accept, in ticks
// (the manifest's max_seconds at 60 ticks a second).
func (l *Level) MaxTicks() uint32 { return uint32(l.Manifest.MaxSeconds) * 60 }

// contentHash computes ContentHash over files sorted by name.
func contentHash(files []File) [32]byte {
	h := sha256.New()
	h.Write([]byte("communs-arcade level v1\n"))
	var n [8]byte
	for _, f := range files {
		binary.BigEndian.PutUint32(n[:4], uint32(len(f.Name)))
		h.Write(n[:4])
		h.Write([]byte(f.Name))
		binary.BigEndian.PutUint64(n[:], uint64(len(f.Data)))
		h.Write(n[:])
		h.Write(f.Data)
	}
	var sum [32]byte
	h.Sum(sum[:0])
	return sum
}

// build validates the files of a package (names already checked, sorted)
// and assembles the Level.
func build(display string, files []File) (*Level, error) {
	p := &problems{path: display}
	l := &Level{Path: display, files: files, index: make(map[string]int, len(files)), Text: map[string]Catalog{}}
	for i, f := range files {
		l.index[f.Name] = i
	}
	isPNG := func(name string) bool {
		_, ok := l.index[name]
		return ok && path.Ext(name) == ".png"
	}

	var m *Manifest
	if data, ok := l.File(ManifestName); ok {
		m = parseManifest(data, p)
	} else {
		msg := "missing level.toml (the manifest)"
		for _, f := range files {
			if path.Base(f.Name) == ManifestName {
				msg = "level.toml must be at the root of the package, not in " + path.Dir(f.Name) + "/ (zip the folder's contents, or use arcade pack)"
				break
			}
		}
		p.addf(RuleManifest, "", 0, "%s", msg)
	}

	var langs []string
	for _, f := range files {
		switch path.Ext(f.Name) {
		case ".toml":
			if f.Name == ManifestName {
				continue
			}
			if _, ok := l.index[ManifestName]; !ok && path.Base(f.Name) == ManifestName {
				continue // the manifest out of place: said above
			}
			lang, ok := catalogLang(f.Name)
			if !ok {
				p.addf(RuleFileType, f.Name, 0, "the only TOML files allowed are level.toml and text/<language>.toml (e.g. text/fr.toml)")
				continue
			}
			if c := parseCatalog(f.Name, f.Data, p); c != nil {
				l.Text[lang] = c
				langs = append(langs, lang)
			}
		case ".lua", ".md", ".txt":
			checkText(f, p)
		case ".png":
			rule, msg := checkPNG(f.Data)
			if msg == "" && f.Name == CoverName {
				rule, msg = checkCover(f.Data)
			}
			if msg != "" {
				p.addf(rule, f.Name, 0, "%s", msg)
			}
		case ".tmj":
			if mp := parseMap(f.Name, f.Data, isPNG, p); mp != nil {
				l.Maps = append(l.Maps, mp)
			}
		}
	}

	if m != nil {
		l.Manifest = *m
		if _, ok := l.index[m.Main]; !ok && checkRef(m.Main, ".lua") == "" {
			p.addf(RuleManifest, ManifestName, 0, "%s", "main: "+m.Main+" is not in the package")
		}
		if m.Map != "" && checkRef(m.Map, ".tmj") == "" {
			if _, ok := l.index[m.Map]; !ok {
				p.addf(RuleManifest, ManifestName, 0, "%s", "map: "+m.Map+" is not in the package")
			}
			for _, mp := range l.Maps {
				if mp.Name == m.Map {
					l.Map = mp
				}
			}
		}
	}
	for _, lang := range requiredLangs {
		if _, ok := l.index[catalogName(lang)]; !ok {
			p.addf(RuleText, catalogName(lang), 0, "missing: every level needs text/fr.toml and text/en.toml")
		}
	}
	if _, ok := l.Text["fr"]; ok {
		compareCatalogs(l.Text, langs, p)
	}
	for _, lang := range langs {
		addPlurals(lang, l.Text[lang], p)
	}
	if err := p.err(); err != nil {
		return nil, err
	}
	l.hash = contentHash(files)
	return l, nil
}

// checkText records a problem if f is not UTF-8 text without NUL bytes or,
// for Lua, starts with a byte-order mark. The rule is RuleScript for Lua
// files, RuleText for the others.
func checkText(f File, p *problems) {
	rule := RuleText
	if path.Ext(f.Name) == ".lua" {
		rule = RuleScript
	}
	if off := invalidUTF8(f.Data); off < len(f.Data) {
		p.addf(rule, f.Name, lineOf(f.Data, off), "not valid UTF-8 text")
		return
	}
	if off := bytes.IndexByte(f.Data, 0); off >= 0 {
		p.addf(rule, f.Name, lineOf(f.Data, off), "NUL byte in a text file")
		return
	}
	if rule == RuleScript && bytes.HasPrefix(f.Data, []byte("\ufeff")) {
		p.addf(rule, f.Name, 1, "starts with a UTF-8 byte-order mark; save it without one")
	}
}
