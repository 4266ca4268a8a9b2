package store

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// MaxPageLimit is the largest Query.Limit: a larger one is lowered to it.
const MaxPageLimit = 100

// SearchWords splits a text into the words that search compares: accents
// removed (NFD, combining marks dropped, NFC again), case folded, split at
// every character that is not a letter, a digit or a private-use character
// (what SQLite's unicode61 tokenizer keeps). Both backends fold the
// indexed texts and the query with it, so that they find the same levels
// and no character of the query can have a meaning of its own: what is
// left of it is only words.
func SearchWords(s string) []string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, " ")
	}
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	folded := cases.Fold().String(norm.NFC.String(b.String()))
	return strings.FieldsFunc(folded, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsNumber(r) && !unicode.Is(unicode.Co, r)
	})
}

// CheckVersion returns an error for a version no store accepts.
func CheckVersion(v Version) error {
	switch {
	case v.Level == "":
		return errors.New("store: version without a level id")
	case len(v.Level) > MaxLevelLen:
		return fmt.Errorf("store: level id of %d bytes (at most %d)", len(v.Level), MaxLevelLen)
	case v.Version < 1:
		return fmt.Errorf("store: version %d (from 1)", v.Version)
	case v.Hash == [32]byte{}:
		return errors.New("store: version without a content hash")
	case v.Owner == 0:
		return errors.New("store: version without an owner")
	case v.Class != "" && CheckClassCode(v.Class) != nil:
		return CheckClassCode(v.Class)
	}
	if ns := v.At.UnixNano(); !v.At.IsZero() && !Time(ns).Equal(v.At) {
		return fmt.Errorf("store: version time %s out of range", v.At.Format("2006-01-02"))
	}
	return nil
}

// CheckReport returns an error for a report no store accepts.
func CheckReport(r Report) error {
	switch r.Reason {
	case ReasonHate, ReasonHarassment, ReasonPersonalData, ReasonIllegal, ReasonBroken, ReasonOther:
	default:
		return fmt.Errorf("store: unknown report reason %q", r.Reason)
	}
	switch {
	case len(r.Note) > MaxReportNote:
		return fmt.Errorf("store: report note of %d bytes (at most %d)", len(r.Note), MaxReportNote)
	case !utf8.ValidString(r.Note):
		return errors.New("store: report note is not UTF-8")
	case r.Player == 0:
		return errors.New("store: report without a player")
	}
	return nil
}

// CheckSearch returns the query with its defaults filled in (SortNew, a
// Limit lowered to MaxPageLimit), or an error for an unknown sort or a
// negative offset or limit.
func CheckSearch(q Query) (Query, error) {
	switch q.Sort {
	case "":
		q.Sort = SortNew
	case SortNew, SortTop, SortPlayed:
	default:
		return q, fmt.Errorf("store: unknown sort %q", q.Sort)
	}
	if q.Offset < 0 || q.Limit < 0 {
		return q, fmt.Errorf("store: negative offset %d or limit %d", q.Offset, q.Limit)
	}
	q.Limit = min(q.Limit, MaxPageLimit)
	return q, nil
}

// Stamp is the time a store records for t: t itself as the store returns it
// (see Time), or now when t is zero, so that a caller need not fill the
// time of a report, an action or a version.
func Stamp(t time.Time) time.Time {
	if t.IsZero() {
		t = time.Now()
	}
	return Time(t.UnixNano())
}

// MeanRating is a level's mean rating, 0 without ratings: the value
// SortTop orders by (both backends compute it as this float64 division).
func MeanRating(sum, n int) float64 {
	if n == 0 {
		return 0
	}
	return float64(sum) / float64(n)
}
