// Package pseudonym holds the server's rules for pseudonyms: which
// pseudonyms are acceptable (Check, the server's decision, and CheckForm,
// its form rules) and the key under which two pseudonyms are the same name
// (Key), which the stores use for uniqueness and the blocklist for
// matching. The part of the rules that needs no tables (limits, rule
// names, the clients' form check) is its package form, which the protocol
// and so the game import; this package, with golang.org/x/text and the
// confusables table, is the server's (and its fakes'), so the game's
// WebAssembly build does not link it.
//
// The rules exist so that no player can pass for another: look-alike
// letters from other scripts or compatibility forms, accents, case and
// invisible characters must not make a second "Alice".
package pseudonym

import (
	"strings"
	"sync"
	"unicode"

	"go.mau.fi/util/confusable"
	"golang.org/x/text/cases"
	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"

	"github.com/communs-arcade/arcade/server/protocol/pseudonym/form"
)

// maxRounds bounds Key's search for a fixed point. One round is almost
// always enough and a second confirms it; the fuzz target checks that the
// result is stable.
const maxRounds = 4

// Key returns the key under which pseudonyms are compared: two pseudonyms
// with the same key are the same name, and the second is refused. It is for
// comparison only and never shown. Key folds, in order:
//
//   - compatibility forms (NFKC): fullwidth "Ａｌｉｃｅ" and mathematical
//     bold "𝐀𝐥𝐢𝐜𝐞" become "Alice";
//   - everything that is not a letter, digit or mark (spaces, '-', '_') and
//     invisible characters, so that "Renard-Bleu" and "Renard Bleu" collide;
//   - accents: combining marks are removed after decomposition, so "Zoé"
//     and "Zoe" collide;
//   - look-alikes: the Unicode UTS #39 confusable skeleton, so Cyrillic,
//     Greek, Cherokee or Lisu letters that look Latin collide with the
//     Latin ones, and so do "0" and "O", "1", "I" and "l", "rn" and "m";
//   - case, with full case folding ("ß" and "ss").
//
// Case and look-alikes interact: "I" looks like "l" but its lower case "i"
// does not. Key therefore takes the skeleton of the upper-cased name, folds
// it, and takes the skeleton again: "ian", "Ian" and "lan" all collide. It
// repeats the whole until nothing changes, so Key(Key(s)) == Key(s).
//
// Key never fails: any string, even invalid UTF-8, has a key (invalid bytes
// fold to U+FFFD). The key of a pseudonym without a letter or digit is "".
func Key(s string) string {
	k := round(s)
	for range maxRounds - 1 {
		n := round(k)
		if n == k {
			break
		}
		k = n
	}
	return k
}

// casers are reused between calls: making a Caser costs kilobytes, and
// every new player's name goes through several. A Caser keeps state, so
// one goroutine at a time uses a pair (String resets it).
// The pool has no New: made in round, the Casers' tables stay out of
// builds that never call Key (the game's).
var casers sync.Pool

type caserPair struct{ upper, fold cases.Caser }

// round is one pass of Key's folding.
func round(s string) string {
	c, _ := casers.Get().(*caserPair)
	if c == nil {
		c = &caserPair{upper: cases.Upper(language.Und), fold: cases.Fold()}
	}
	defer casers.Put(c)
	s = letters(norm.NFKC.String(s))
	s = confusable.Skeleton(c.upper.String(s))
	s = confusable.Skeleton(c.fold.String(s))
	s = c.fold.String(s)
	return norm.NFC.String(letters(s))
}

// letters decomposes s (NFD) and keeps its letters and digits: marks,
// separators, punctuation, symbols and invisible characters are dropped.
// Spacing marks (Mc) stay: in Indic scripts they are vowels, not accents.
func letters(s string) string {
	s = norm.NFD.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if form.Invisible(r) || unicode.In(r, unicode.Mn, unicode.Me) {
			continue
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mc, r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}
