package pseudonym

import (
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/communs-arcade/arcade/server/protocol"
	"github.com/communs-arcade/arcade/server/protocol/pseudonym/form"
)

// Min and Max bound a pseudonym's length, in characters of its composed
// (NFC) form; MaxMarks is the most combining marks on one letter.
const (
	Min, Max = form.Min, form.Max
	MaxMarks = form.MaxMarks
)

// Rule names the rule a refused pseudonym breaks (see form.Rule).
type Rule = form.Rule

// The rules, in the order Check applies them.
const (
	RuleEncoding   = form.RuleEncoding
	RuleBlank      = form.RuleBlank
	RuleInvisible  = form.RuleInvisible
	RuleLength     = form.RuleLength
	RuleCharacters = form.RuleCharacters
	RuleBlocked    = form.RuleBlocked
)

// Error is a refused pseudonym: the rule it breaks and, in English, why.
type Error = form.Error

// RuleOf returns the rule of an *Error in err's chain, or "".
func RuleOf(err error) Rule { return form.RuleOf(err) }

// Check returns an *Error if p is not an acceptable new pseudonym. It is
// the server's decision: CheckForm's rules, then the blocklist. Whether p
// is taken is the store's (by Key).
func Check(p string) error {
	if err := CheckForm(p); err != nil {
		return err
	}
	if blocked(p) {
		return form.Refuse(RuleBlocked, "a word of the pseudonym is on the blocklist (impersonation of the service or an insult)")
	}
	return nil
}

// CheckForm returns an *Error if p breaks a form rule (form.CheckCounting):
// UTF-8, something visible, nothing invisible, Min to Max characters once
// composed, letters, digits, marks on them, spaces, '-' and '_'. Unlike
// the clients' form.Check, it counts the characters of any name, with the
// composition tables.
func CheckForm(p string) error { return form.CheckCounting(p, composedLength) }

// composedLength is p's length in characters of its composed form.
func composedLength(p string) (int, bool) {
	return utf8.RuneCountInString(norm.NFC.String(p)), true
}

// CheckProtocol is Check as the protocol answers it: nil, or a
// *protocol.Error with CodeBadPseudonym whose message names the rule.
func CheckProtocol(p string) error { return protocol.PseudonymError(Check(p)) }

// CheckFormProtocol is CheckForm as the protocol answers it (see
// CheckProtocol).
func CheckFormProtocol(p string) error { return protocol.PseudonymError(CheckForm(p)) }

// Validate applies to a decoded message the rules protocol.Decode leaves to
// the server because the clients do not link their tables: the form of a
// set_pseudonym's name, counted in composed characters. The server calls
// it on every message Decode returns, so that it answers a bad name at
// decoding, as it did when Decode had the tables.
func Validate(m protocol.Message) error {
	if m, ok := m.(*protocol.SetPseudonym); ok {
		return CheckFormProtocol(m.Pseudonym)
	}
	return nil
}
