package pseudonym

import (
	"errors"
	"fmt"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
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

// The rules, in the order Check applies them.
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

func refuse(r Rule, format string, args ...any) error {
	return &Error{Rule: r, Detail: fmt.Sprintf(format, args...)}
}

// Check returns an *Error if p is not an acceptable new pseudonym. It is
// the server's decision: CheckForm's rules, then the blocklist. Whether p
// is taken is the store's (by Key).
func Check(p string) error {
	if err := CheckForm(p); err != nil {
		return err
	}
	if blocked(p) {
		return refuse(RuleBlocked, "a word of the pseudonym is on the blocklist (impersonation of the service or an insult)")
	}
	return nil
}

// CheckForm returns an *Error if p breaks a rule that needs no tables: it
// is valid UTF-8; it has something visible; it holds no invisible,
// formatting or non-ASCII space character; it has Min to Max characters;
// those are letters (any script), digits, combining marks on them (at most
// MaxMarks in a row), spaces, '-' and '_', starting and ending with a
// letter or digit. Clients check this before sending a pseudonym and leave
// the rest (the blocklist, and whether it is taken) to the server.
func CheckForm(p string) error {
	if !utf8.ValidString(p) {
		return refuse(RuleEncoding, "not valid UTF-8")
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
		return refuse(RuleBlank, "nothing visible once spaces and invisible characters are removed")
	}
	if invisible >= 0 {
		return refuse(RuleInvisible, "U+%04X is an invisible, formatting or non-ASCII space character", invisible)
	}
	if n := utf8.RuneCountInString(norm.NFC.String(p)); n < Min || n > Max {
		return refuse(RuleLength, "%d characters, want %d to %d", n, Min, Max)
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
				return refuse(RuleCharacters, "the combining mark U+%04X is not on a letter", r)
			}
			if marks++; marks > MaxMarks {
				return refuse(RuleCharacters, "more than %d combining marks on one letter", MaxMarks)
			}
		case r == ' ' || r == '-' || r == '_':
			if i == 0 || last {
				return refuse(RuleCharacters, "%q at the start or end: %s", r, allowed)
			}
			marks = 0
		default:
			return refuse(RuleCharacters, "%q is not allowed: %s", r, allowed)
		}
		prev = r
	}
	return nil
}
