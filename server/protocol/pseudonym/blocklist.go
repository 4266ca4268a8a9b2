package pseudonym

import (
	"strings"
	"sync"
	"unicode"
)

// blockedWords are refused as whole words of a pseudonym, compared by Key:
// names that impersonate the service or the people who run it, and the
// commonest insults in French and English. The list is deliberately short
// — classroom teachers moderate the rest. Whole words, because matching
// inside words refuses "Badminton" (admin) and "Scunthorpe"; by Key, so
// that "Аdmin" with a Cyrillic А, "ADMIN", "adm1n" and "Modérateur" are
// caught. Key drops accents, so each word is written once without them.
var blockedWords = []string{
	// the service and its staff
	"admin", "admins", "administrator", "administrateur", "administratrice", "sysadmin",
	"root", "mod", "mods", "modo", "modos", "moderator", "moderateur", "moderatrice",
	"staff", "support", "official", "officiel", "teacher", "professeur", "professeure",
	"prof", "enseignant", "enseignante", "communsarcade",
	// insults
	"connard", "connasse", "conne", "salope", "salaud", "encule", "enculee", "pute", "putain",
	"merde", "batard", "nazi", "nazis", "hitler", "pd", "negro", "negre",
	"fuck", "fucker", "fucking", "shit", "bitch", "cunt", "asshole", "whore", "slut",
	"nigger", "nigga", "faggot", "fag", "retard",
}

// blockedKeys returns the set of the blocked words' keys, built on first
// use. It is a function, not a package variable, so that a program that
// never checks the blocklist (the game, which leaves it to the server)
// does not link Key and the confusables table: an initialised variable
// would keep them reachable.
func blockedKeys() map[string]bool {
	blockedOnce.Do(func() {
		blockedSet = make(map[string]bool, len(blockedWords))
		for _, w := range blockedWords {
			blockedSet[Key(w)] = true
		}
	})
	return blockedSet
}

var (
	blockedOnce sync.Once
	blockedSet  map[string]bool
)

// blocked reports whether p holds a blocked word. The candidates are the
// whole pseudonym without its separators (so "A-d-m-i-n" and "Communs
// Arcade" are caught), each word between separators ("x admin x",
// "ADMIN_1"), and each word's parts split where the case or the kind
// changes ("SuperAdmin", "admin42"), each compared by Key.
//
// Words are not split where the script changes: "Аdmin" with a Cyrillic А
// would then become "А" and "dmin", and escape. The skeleton is what makes
// mixed scripts compare.
func blocked(p string) bool {
	keys := blockedKeys()
	if keys[Key(p)] {
		return true
	}
	for _, w := range strings.FieldsFunc(p, separator) {
		if keys[Key(w)] {
			return true
		}
		for _, part := range parts(w) {
			if keys[Key(part)] {
				return true
			}
		}
	}
	return false
}

// separator splits a pseudonym into words: anything but letters, digits
// and marks.
func separator(r rune) bool {
	return !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r))
}

// parts splits a word where a lower-case letter is followed by an upper-case
// one ("superAdmin"), where an upper-case run ends in a capitalised word
// ("XMLAdmin"), and between letters and digits ("admin42"). Marks stay with
// their letter. It returns nil when the word has a single part.
func parts(w string) []string {
	rs := []rune(w)
	var out []string
	start, base := 0, rs[0] // base: the last rune that is not a mark
	for i := 1; i < len(rs); i++ {
		r := rs[i]
		if unicode.IsMark(r) {
			continue
		}
		split := unicode.IsDigit(base) != unicode.IsDigit(r) ||
			unicode.IsLower(base) && unicode.IsUpper(r) ||
			unicode.IsUpper(base) && unicode.IsUpper(r) && i+1 < len(rs) && unicode.IsLower(rs[i+1])
		if split {
			out = append(out, string(rs[start:i]))
			start = i
		}
		base = r
	}
	if start == 0 {
		return nil
	}
	return append(out, string(rs[start:]))
}
