package level

import "strings"

// Plural messages. A level's catalogue may hold a message in two forms,
// key_one (singular) and key_other (plural):
//
//	revenue_one = "{n} crédit collecté"
//	revenue_other = "{n} crédits collectés"
//
// Lua shows the message by its base key ("revenue") with a numeric argument
// named n, and the form is chosen when the text is displayed, by the
// player's language: the simulation, the world hash and a run's replay are
// the same whatever the language. Load gives the base key of each such pair
// a packed message holding the catalogue's language and both forms; the
// game fills its placeholders as for any message and the renderer unpacks
// it with Plural, reading {n}.
//
// The rules follow CLDR for whole and decimal numbers as Lua formats them:
// French takes the singular for 0 and 1 (and 1,5: the integer part is 0 or
// 1), English and every other language only for exactly 1.

// PluralArg is the name of the argument whose value chooses a plural form.
const PluralArg = "n"

// Plural forms' key suffixes.
const (
	pluralOne   = "_one"
	pluralOther = "_other"
)

// The separators of a packed plural message: control characters that a
// catalogue text may not contain, so no message is mistaken for one.
const (
	pluralMark = "\x1e" // starts a packed message
	pluralSep  = "\x1f" // separates the language and the two forms
)

// packPlural packs the two forms of a message in lang.
func packPlural(lang, one, other string) string {
	return pluralMark + lang + pluralSep + one + pluralSep + other
}

// IsPlural reports whether a message (filled or not) is a packed plural
// message.
func IsPlural(msg string) bool { return strings.HasPrefix(msg, pluralMark) }

// Plural returns the form of msg for the count n (the text of the {n}
// argument, as Lua formatted it). A message that is not a packed plural is
// returned as it is; a count that is not a number takes the plural form.
func Plural(msg, n string) string {
	rest, ok := strings.CutPrefix(msg, pluralMark)
	if !ok {
		return msg
	}
	lang, forms, _ := strings.Cut(rest, pluralSep)
	one, other, _ := strings.Cut(forms, pluralSep)
	if PluralOne(lang, n) {
		return one
	}
	return other
}

// PluralOne reports whether the count n, as Lua formats a number ("1",
// "0", "1.5", "-1"), takes the singular form in lang.
func PluralOne(lang, n string) bool {
	n = strings.TrimPrefix(strings.TrimSpace(n), "-")
	whole, frac, _ := strings.Cut(n, ".")
	if whole == "" || strings.Trim(whole, "0123456789") != "" || strings.Trim(frac, "0123456789") != "" {
		return false
	}
	whole = strings.TrimLeft(whole, "0")
	switch lang {
	case "fr":
		return whole == "" || whole == "1" // integer part 0 or 1
	default:
		return whole == "1" && frac == ""
	}
}

// addPlurals gives the base key of every key_one/key_other pair of c, the
// catalogue of lang, its packed plural message. A lone half of a pair is an
// ordinary message; a pair whose base key is also a message is a problem.
func addPlurals(lang string, c Catalog, p *problems) {
	for _, k := range c.Keys() {
		base, ok := strings.CutSuffix(k, pluralOther)
		if !ok || base == "" || strings.HasSuffix(base, ".") {
			continue
		}
		one, ok := c[base+pluralOne]
		if !ok {
			continue
		}
		if _, clash := c[base]; clash {
			p.addf(RuleText, catalogName(lang), 0, "key %q is both a message and the base of %q and %q", base, base+pluralOne, k)
			continue
		}
		c[base] = packPlural(lang, one, c[k])
	}
}
