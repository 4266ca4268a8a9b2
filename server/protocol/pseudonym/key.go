// Package pseudonym holds the rules for pseudonyms in one place: which
// pseudonyms are acceptable (Check, the server's decision, and CheckForm,
// the part a client can check alone) and the key under which two
// pseudonyms are the same name (Key), which the stores use for uniqueness
// and the blocklist for matching. It lives beside the protocol because the
// game, which shares only the protocol with the server, checks names with
// CheckForm before sending them.
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
		if Invisible(r) || unicode.In(r, unicode.Mn, unicode.Me) {
			continue
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mc, r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Invisible reports whether r shows nothing, or nothing of its own, so that
// a pseudonym holding it can look like another or like nothing: control and
// format characters (zero-width spaces and joiners, bidirectional
// controls, the soft hyphen, tag characters), variation selectors, line and
// paragraph separators, the default-ignorable letters (the Hangul fillers
// U+115F, U+1160, U+3164, U+FFA0, Khmer's inherent vowels), and every space
// but U+0020.
func Invisible(r rune) bool {
	switch {
	case r == ' ':
		return false
	case unicode.IsSpace(r), r == 0x2800: // U+2800 BRAILLE PATTERN BLANK
		return true
	}
	return unicode.In(r, unicode.Cc, unicode.Cf, unicode.Zs, unicode.Zl, unicode.Zp,
		unicode.Variation_Selector, unicode.Other_Default_Ignorable_Code_Point)
}
