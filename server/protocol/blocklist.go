package protocol

import "strings"

// blockedWords are refused anywhere in a pseudonym, whatever the case:
// names that impersonate the service and the commonest insults in French
// and English. It is deliberately short — classroom teachers moderate the
// rest — and matched on letters only, so "A-d-m-i-n" is caught too.
var blockedWords = []string{
	"admin", "moderat", "teacher", "professeur", "communsarcade",
	"connard", "salope", "encule", "putain", "merde", "batard", "nazi",
	"fuck", "shit", "bitch", "cunt", "asshole", "whore", "nigger", "faggot",
}

func blocked(p string) bool {
	var b strings.Builder
	for _, r := range strings.ToLower(p) {
		switch r {
		case 'é', 'è', 'ê', 'ë':
			r = 'e'
		case 'à', 'â':
			r = 'a'
		case 'ï', 'î', '1':
			r = 'i'
		case 'ô', '0':
			r = 'o'
		case 'ù', 'û':
			r = 'u'
		}
		if r >= 'a' && r <= 'z' {
			b.WriteRune(r)
		}
	}
	s := b.String()
	for _, w := range blockedWords {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}
