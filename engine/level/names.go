package level

import (
	"fmt"
	"path"
	"strings"
)

// Limits on a level package. Archives over MaxArchiveSize are refused before
// anything is decompressed; the other limits hold for folders and zips alike.
const (
	// APIVersion is the level API this engine implements; a manifest asking
	// for a higher one needs a newer engine.
	APIVersion = 1

	MaxArchiveSize = 2 << 20  // bytes of a .arcade file
	MaxFiles       = 200      // files in a package (directories not counted)
	MaxTotalSize   = 16 << 20 // uncompressed bytes of all files together
	MaxFileSize    = 4 << 20  // uncompressed bytes of any one file
	MaxNameLen     = 128      // bytes of a file name, directories included

	// MaxRatio bounds uncompressed/compressed size, per file and for the
	// whole archive, once more than ratioSlack bytes are involved (small,
	// very regular files such as empty map layers compress far better).
	MaxRatio   = 100
	ratioSlack = 1 << 20

	maxDepth        = 8         // directory levels in a name
	maxManifestSize = 64 << 10  // level.toml
	maxCatalogSize  = 256 << 10 // each text/<lang>.toml
)

// allowedExt lists the extensions a package may contain, with what they hold.
var allowedExt = map[string]bool{
	".toml": true, ".lua": true, ".tmj": true, ".png": true, ".md": true, ".txt": true,
}

const allowedExtList = ".lua .md .png .tmj .toml .txt"

// checkName reports why name may not appear in a package, or "" if it may.
// Names are slash-separated and relative; each element is made of ASCII
// letters, digits, '_', '-' and '.', starts with a letter, digit or '_',
// does not end with '.', and is not a reserved Windows device name.
func checkName(name string) string {
	_, msg := checkNameRule(name)
	return msg
}

// checkNameRule is checkName with the rule broken: RuleUnsafePath for a
// name that could reach outside the package's folder once extracted
// (absolute, "..", backslash, drive letter, empty element), RuleFileName
// for the others.
func checkNameRule(name string) (rule, msg string) {
	switch {
	case name == "":
		return RuleUnsafePath, "empty file name"
	case len(name) > MaxNameLen:
		return RuleFileName, fmt.Sprintf("name is longer than %d bytes", MaxNameLen)
	case strings.HasPrefix(name, "/"):
		return RuleUnsafePath, "absolute path"
	case strings.Contains(name, "\\"):
		return RuleUnsafePath, "backslash in name (use '/')"
	}
	elems := strings.Split(name, "/")
	for _, e := range elems {
		if e == ".." {
			return RuleUnsafePath, "parent directory (..) in name"
		}
	}
	if len(elems) > maxDepth {
		return RuleFileName, fmt.Sprintf("more than %d directory levels", maxDepth-1)
	}
	for _, e := range elems {
		if e == "" || e == "." {
			return RuleUnsafePath, "empty or '.' element in name"
		}
		for i := 0; i < len(e); i++ {
			c := e[i]
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.') {
				rule := RuleFileName
				if c == ':' { // a drive letter or an NTFS stream
					rule = RuleUnsafePath
				}
				return rule, fmt.Sprintf("unsafe character %q in name (allowed: A-Z a-z 0-9 _ - .)", rune(c))
			}
		}
		if e[0] == '.' || e[0] == '-' {
			return RuleFileName, "name element starts with '.' or '-'"
		}
		if e[len(e)-1] == '.' {
			return RuleFileName, "name element ends with '.'"
		}
		if reservedWindows(e) {
			return RuleFileName, fmt.Sprintf("%q is a reserved device name on Windows", e)
		}
	}
	return "", ""
}

// reservedWindows reports whether e (before its first dot) names a device.
func reservedWindows(e string) bool {
	base, _, _ := strings.Cut(strings.ToLower(e), ".")
	switch base {
	case "con", "prn", "aux", "nul":
		return true
	}
	if len(base) == 4 && (strings.HasPrefix(base, "com") || strings.HasPrefix(base, "lpt")) {
		return base[3] >= '1' && base[3] <= '9'
	}
	return false
}

// checkExt reports why the extension of name is not allowed, or "".
func checkExt(name string) string {
	ext := path.Ext(name)
	if !allowedExt[ext] {
		if ext == "" {
			return "file has no extension (allowed: " + allowedExtList + ")"
		}
		return fmt.Sprintf("extension %q is not allowed (allowed: %s)", ext, allowedExtList)
	}
	return ""
}

// nameSet detects names that collide: exact or case-insensitive duplicates,
// and a file whose name is also used as a directory.
type nameSet struct {
	files map[string]string // lower-case name → name as given
	dirs  map[string]string // lower-case directory → directory as given
}

func newNameSet() *nameSet {
	return &nameSet{files: map[string]string{}, dirs: map[string]string{}}
}

// addDir records a directory; it reports a collision, or "".
func (s *nameSet) addDir(dir string) string {
	low := strings.ToLower(dir)
	if prev, ok := s.files[low]; ok {
		return fmt.Sprintf("%q is both a file and a directory", prev)
	}
	if prev, ok := s.dirs[low]; ok && prev != dir {
		return fmt.Sprintf("directory %q differs from %q only by case", dir, prev)
	}
	s.dirs[low] = dir
	return ""
}

// addFile records a file and its parent directories; it reports a
// collision, or "".
func (s *nameSet) addFile(name string) string {
	low := strings.ToLower(name)
	if prev, ok := s.files[low]; ok {
		if prev == name {
			return "duplicate file name"
		}
		return fmt.Sprintf("name differs from %q only by case", prev)
	}
	if _, ok := s.dirs[low]; ok {
		return "name is both a file and a directory"
	}
	for i := 0; i < len(name); i++ {
		if name[i] == '/' {
			if msg := s.addDir(name[:i]); msg != "" {
				return msg
			}
		}
	}
	s.files[low] = name
	return ""
}
