// Package form holds the part of the pseudonym rules that needs no Unicode
// tables beyond the standard library's: the limits, the rules' names and
// errors, and Check, the form check a client applies before it sends a
// name. The server's complete rules (the composed length of any name, the
// blocklist, the key that makes look-alikes one name) are in the parent
// package, server/protocol/pseudonym, which links golang.org/x/text and the
// confusables table; the game imports only this package (through
// server/protocol), so its WebAssembly build links neither (x/text was
// 618 KB of the .wasm, 121 KB of it brotli-compressed).
package form

import (
	"errors"
	"fmt"
	"unicode"
	"unicode/utf8"
)

// Min and Max bound a pseudonym's length, in characters of its composed
// (NFC) form, so that "é" counts once however it was typed.
const Min, Max = 3, 24

// MaxMarks is the most combining marks a pseudonym may stack on one
// letter: enough for Vietnamese or Devanagari, too few to draw over the
// neighbouring names of a leaderboard.
const MaxMarks = 3

// Rule names the rule a refused pseudonym breaks. The values are stable
// and appear in the English messages, so that a log or a player's report
// says which rule was hit.
type Rule string

// The rules, in the order the checks apply them.
const (
	RuleEncoding   Rule = "encoding"   // not valid UTF-8
	RuleBlank      Rule = "blank"      // nothing visible once invisible characters are removed
	RuleInvisible  Rule = "invisible"  // an invisible, formatting or non-ASCII space character
	RuleLength     Rule = "length"     // fewer than Min or more than Max characters
	RuleCharacters Rule = "characters" // a character other than letters, digits, space, '-' and '_', or one out of place
	RuleBlocked    Rule = "blocked"    // a word of the blocklist
)

// Error is a refused pseudonym: the rule it breaks and, in English, why.
type Error struct {
	Rule Rule
	// Detail says what in the pseudonym breaks the rule, without repeating
	// the pseudonym.
	Detail string
}

func (e *Error) Error() string { return fmt.Sprintf("pseudonym: %s rule: %s", e.Rule, e.Detail) }

// RuleOf returns the rule of an *Error in err's chain, or "".
func RuleOf(err error) Rule {
	var e *Error
	if errors.As(err, &e) {
		return e.Rule
	}
	return ""
}

// Refuse returns an *Error for rule r with a formatted detail.
func Refuse(r Rule, format string, args ...any) error {
	return &Error{Rule: r, Detail: fmt.Sprintf(format, args...)}
}

// Check returns an *Error if p breaks a form rule that it can decide
// without normalisation tables. It never refuses a name the server's form
// rules (pseudonym.CheckForm) accept, and when it refuses, it returns the
// very error they return:
//
//   - a name whose runes are all below U+0300 (ASCII, Latin-1, Latin
//     Extended-A and -B, IPA: what French and English names and the game's
//     random names are made of) is its own composed form, so every rule is
//     checked exactly;
//   - any other name is checked for encoding, blankness and invisible
//     characters only: its length in composed characters needs Unicode's
//     composition tables, and the length rule comes before the character
//     rule, so both are left to the server, which answers with
//     bad_pseudonym.
func Check(p string) error { return CheckCounting(p, simpleLength) }

// simpleLength counts p's characters when p is certainly its own composed
// form: every rune is below U+0300, the first combining mark, and no rune
// there composes with another or decomposes.
func simpleLength(p string) (int, bool) {
	n := 0
	for _, r := range p {
		if r >= 0x300 {
			return 0, false
		}
		n++
	}
	return n, true
}

// CheckCounting applies the form rules in order: p is valid UTF-8; it has
// something visible; it holds no invisible, formatting or non-ASCII space
// character; it has Min to Max characters; those are letters (any script),
// digits, combining marks on them (at most MaxMarks in a row), spaces, '-'
// and '_', starting and ending with a letter or digit. length returns p's
// length in composed (NFC) characters, or false when it cannot tell: then
// the length and character rules are not checked and p passes them.
func CheckCounting(p string, length func(string) (int, bool)) error {
	if !utf8.ValidString(p) {
		return Refuse(RuleEncoding, "not valid UTF-8")
	}
	visible, invisible := false, rune(-1)
	for _, r := range p {
		switch {
		case Invisible(r):
			if invisible < 0 {
				invisible = r
			}
		case r != ' ':
			visible = true
		}
	}
	if !visible {
		return Refuse(RuleBlank, "nothing visible once spaces and invisible characters are removed")
	}
	if invisible >= 0 {
		return Refuse(RuleInvisible, "U+%04X is an invisible, formatting or non-ASCII space character", invisible)
	}
	n, ok := length(p)
	if !ok {
		return nil
	}
	if n < Min || n > Max {
		return Refuse(RuleLength, "%d characters, want %d to %d", n, Min, Max)
	}
	return checkCharacters(p)
}

// checkCharacters applies the character rule to a valid, visible p.
func checkCharacters(p string) error {
	const allowed = "letters, digits, space, - and _ only, starting and ending with a letter or digit"
	marks := 0
	var prev rune
	for i, r := range p {
		last := i+utf8.RuneLen(r) == len(p)
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			marks = 0
		case unicode.IsMark(r):
			if i == 0 || !(unicode.IsLetter(prev) || unicode.IsDigit(prev) || unicode.IsMark(prev)) {
				return Refuse(RuleCharacters, "the combining mark U+%04X is not on a letter", r)
			}
			if marks++; marks > MaxMarks {
				return Refuse(RuleCharacters, "more than %d combining marks on one letter", MaxMarks)
			}
		case r == ' ' || r == '-' || r == '_':
			if i == 0 || last {
				return Refuse(RuleCharacters, "%q at the start or end: %s", r, allowed)
			}
			marks = 0
		default:
			return Refuse(RuleCharacters, "%q is not allowed: %s", r, allowed)
		}
		prev = r
	}
	return nil
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
