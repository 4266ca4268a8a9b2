package pseudonym

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/communs-arcade/arcade/server/protocol"
	"github.com/communs-arcade/arcade/server/protocol/pseudonym/form"
)

// alices are look-alikes of "Alice" that the score server was shown to
// accept as other players (issue 13).
var alices = []struct{ name, p string }{
	{"latin", "Alice"},
	{"lower case", "alice"},
	{"upper case", "ALICE"},
	{"cyrillic A", "\u0410lice"},
	{"cyrillic a, i, c, e", "Al\u0456\u0441\u0435"},
	{"greek A", "\u0391lice"},
	{"fullwidth", "Ａｌｉｃｅ"},
	{"mathematical bold", "𝐀𝐥𝐢𝐜𝐞"},
	{"mathematical script", "𝒜𝓁𝒾𝒸ℯ"},
	{"lisu", "ꓮꓡꓲꓚꓰ"},
	{"cherokee", "ᎪᏞᎥᏟᎬ"},
	{"cherokee small", "ꭺꮮꭵꮯꭼ"},
	{"capital I for l", "AIice"},
	{"digit 1 for l", "A1ice"},
	{"accents", "Álïcè"},
	{"decomposed accent", "Alice\u0301"},
	{"separators", "A-li_ce"},
	{"zero-width joiner", "Al\u200dice"},
	{"hangul filler", "Alice\u3164"},
}

func TestKeyCollisions(t *testing.T) {
	want := Key("Alice")
	for _, a := range alices {
		if got := Key(a.p); got != want {
			t.Errorf("%s: Key(%q) = %q, want %q", a.name, a.p, got, want)
		}
	}
	same := [][]string{
		{"Zoé", "Zoe", "ZOÉ", "zoe\u0301", "Zoë"},
		{"Straße", "STRASSE", "strasse"},
		{"B0B", "BOB", "bob", "Bοb"}, // digit zero, Greek omicron
		{"ian", "Ian", "lan", "IAN"},
		{"Renard-Bleu-42", "Renard Bleu 42", "renard_bleu_42", "RenardBleu42", "Ｒｅｎａｒｄ－Ｂｌｅｕ－４２"},
		{"m", "rn"},
		{"東京タワー", "東京タワー"},
	}
	for _, group := range same {
		for _, p := range group[1:] {
			if Key(p) != Key(group[0]) {
				t.Errorf("Key(%q) = %q, Key(%q) = %q: want equal", p, Key(p), group[0], Key(group[0]))
			}
		}
	}
	differ := [][2]string{
		{"Alice", "Alicia"},
		{"Zoé", "Zoa"},
		{"Renard-Bleu-42", "Renard-Bleu-43"},
		{"Loup", "Lou"},
		{"東京", "京都"},
		{"Ελένη", "Νίκος"},
	}
	for _, d := range differ {
		if Key(d[0]) == Key(d[1]) {
			t.Errorf("Key(%q) == Key(%q) == %q: want different", d[0], d[1], Key(d[0]))
		}
	}
}

func TestCheck(t *testing.T) {
	tests := []struct {
		p    string
		rule Rule // "" when accepted
	}{
		{"Renard-Bleu-42", ""},
		{"Loutre Verte", ""},
		{"Élan_Jaune", ""},
		{"Zoé", ""},
		{"Zoe\u0301", ""}, // decomposed: 3 characters once composed
		{"東京タワー", ""},
		{"Ελένη", ""},
		{"नमस्ते", ""},
		{"Tiếng Việt", ""},
		{"abc", ""},
		{strings.Repeat("a", 24), ""},
		{strings.Repeat("é", 24), ""},
		{"Badminton", ""},
		{"Scunthorpe", ""},
		{"Administration", ""},
		{"Modeste", ""},
		{"Professionnel", ""},
		{"Shitake", ""},

		{"\xff\xfeabc", RuleEncoding},
		{"", RuleBlank},
		{"   ", RuleBlank},
		{"\u3164", RuleBlank},
		{"\u3164\u3164\u3164", RuleBlank},
		{"\u115f\u1160\u115f", RuleBlank},
		{"\uffa0\uffa0\uffa0", RuleBlank},
		{"\u200b\u200b\u200b", RuleBlank},
		{"\u2800\u2800\u2800", RuleBlank},
		{"Bob\u3164", RuleInvisible},
		{"Bo\u115fb", RuleInvisible},
		{"Bo\u1160b", RuleInvisible},
		{"Bob\uffa0", RuleInvisible},
		{"Al\u200bice", RuleInvisible},     // zero-width space
		{"Al\u200cice", RuleInvisible},     // zero-width non-joiner
		{"Al\u200dice", RuleInvisible},     // zero-width joiner
		{"Al\u2060ice", RuleInvisible},     // word joiner
		{"\ufeffAlice", RuleInvisible},     // byte order mark
		{"Al\u00adice", RuleInvisible},     // soft hyphen
		{"\u202eecilA", RuleInvisible},     // right-to-left override
		{"Alice\u2066", RuleInvisible},     // left-to-right isolate
		{"Al\u200fice", RuleInvisible},     // right-to-left mark
		{"Alice\ufe0f", RuleInvisible},     // variation selector 16
		{"Alice\U000e0100", RuleInvisible}, // variation selector 17
		{"Alice\U000e0041", RuleInvisible}, // tag latin capital letter A
		{"Al\u034fice", RuleInvisible},     // combining grapheme joiner
		{"Ali\u00a0ce", RuleInvisible},     // no-break space
		{"Ali\u3000ce", RuleInvisible},     // ideographic space
		{"Ali\tce", RuleInvisible},
		{"a\nbc", RuleInvisible},
		{"ab", RuleLength},
		{"Zé", RuleLength},
		{strings.Repeat("a", 25), RuleLength},
		{"-abc", RuleCharacters},
		{"abc ", RuleCharacters},
		{"a<b>c", RuleCharacters},
		{"Ali\u2800ce", RuleInvisible},
		{"\u0301abc", RuleCharacters},
		{"Za\u0301\u0301\u0301\u0301", RuleCharacters}, // four marks stacked
		{"ab\U000F0000", RuleCharacters},               // private use

		{"admin", RuleBlocked},
		{"Admin", RuleBlocked},
		{"ADMIN", RuleBlocked},
		{"\u0410dmin", RuleBlocked}, // Cyrillic А
		{"Ａｄｍｉｎ", RuleBlocked},
		{"ADMIN_1", RuleBlocked},
		{"admin42", RuleBlocked},
		{"adm1n", RuleBlocked},
		{"x admin x", RuleBlocked},
		{"A-d-m-i-n", RuleBlocked},
		{"SuperAdmin", RuleBlocked},
		{"mod", RuleBlocked},
		{"Le Mod", RuleBlocked},
		{"Modérateur", RuleBlocked},
		{"PUTAIN", RuleBlocked},
		{"Communs Arcade", RuleBlocked},
		{"Prof-Martin", RuleBlocked},
	}
	for _, tt := range tests {
		err := Check(tt.p)
		if got := RuleOf(err); got != tt.rule {
			t.Errorf("Check(%q) = %v, want rule %q", tt.p, err, tt.rule)
			continue
		}
		if err != nil && !strings.Contains(err.Error(), string(tt.rule)+" rule") {
			t.Errorf("Check(%q) = %q: the message does not name the rule", tt.p, err)
		}
		if tt.rule != RuleBlocked && RuleOf(CheckForm(tt.p)) != tt.rule {
			t.Errorf("CheckForm(%q) = %v, want rule %q", tt.p, CheckForm(tt.p), tt.rule)
		}
		checkClientsAgree(t, tt.p)
	}
}

// checkClientsAgree checks the clients' form rules (form.Check) against
// the server's (CheckForm) on p: they never refuse what the server
// accepts, they refuse with the server's very error, and on a name below
// U+0300 they decide exactly as the server.
func checkClientsAgree(t *testing.T, p string) {
	t.Helper()
	client, server := form.Check(p), CheckForm(p)
	if client != nil && !reflect.DeepEqual(client, server) {
		t.Errorf("form.Check(%q) = %v, but CheckForm = %v", p, client, server)
	}
	simple := true
	for _, r := range p {
		simple = simple && r < 0x300
	}
	if simple && !reflect.DeepEqual(client, server) {
		t.Errorf("form.Check(%q) = %v, want CheckForm's %v", p, client, server)
	}
}

// TestClientsLeaveComposedLength: names past U+0300 whose composed length
// only the server can count pass the clients' check, and the server
// refuses them.
func TestClientsLeaveComposedLength(t *testing.T) {
	for _, p := range []string{
		strings.Repeat("東", 25),
		"Z\u0301",                     // two runes, one character once composed
		strings.Repeat("e\u0301", 13), // 26 runes, 13 characters
		strings.Repeat("東", 25) + "!", // too long and a bad character: the length rule first
	} {
		if err := form.Check(p); err != nil {
			t.Errorf("form.Check(%q) = %v, want it left to the server", p, err)
		}
		checkClientsAgree(t, p)
	}
	if RuleOf(CheckForm(strings.Repeat("東", 25)+"!")) != RuleLength {
		t.Errorf("CheckForm: want the length rule first")
	}
	if err := CheckForm(strings.Repeat("e\u0301", 13)); err != nil {
		t.Errorf("CheckForm of 13 composed characters: %v", err)
	}
}

// TestCheckProtocol checks the protocol's wrapping of the rules.
func TestCheckProtocol(t *testing.T) {
	tests := []struct {
		p        string
		ok, form bool   // CheckProtocol, CheckFormProtocol
		rule     string // named in the message
	}{
		{"Renard-Bleu-42", true, true, ""},
		{"Élan_Jaune", true, true, ""},
		{"東京タワー", true, true, ""},
		{"Badminton", true, true, ""},
		{"ab", false, false, "length rule"},
		{strings.Repeat("a", 25), false, false, "length rule"},
		{strings.Repeat("東", 25), false, false, "length rule"},
		{"a<b>c", false, false, "characters rule"},
		{"\u3164\u3164\u3164", false, false, "blank rule"},
		{"Bob\u3164", false, false, "invisible rule"},
		{"\xff\xfeabc", false, false, "encoding rule"},
		{"\u0410dmin", false, true, "blocked rule"},
		{"ADMIN_1", false, true, "blocked rule"},
	}
	for _, tt := range tests {
		err := CheckProtocol(tt.p)
		if (err == nil) != tt.ok {
			t.Errorf("CheckProtocol(%q) = %v, want ok=%v", tt.p, err, tt.ok)
		}
		if err != nil && (protocol.CodeOf(err) != protocol.CodeBadPseudonym || !strings.Contains(err.Error(), tt.rule)) {
			t.Errorf("CheckProtocol(%q) = %v: want code %s naming the %s", tt.p, err, protocol.CodeBadPseudonym, tt.rule)
		}
		if err := CheckFormProtocol(tt.p); (err == nil) != tt.form {
			t.Errorf("CheckFormProtocol(%q) = %v, want ok=%v", tt.p, err, tt.form)
		}
	}
}

// TestValidate: a set_pseudonym whose name only the server can measure
// passes Decode, and Validate refuses it as Decode refuses a Latin one.
func TestValidate(t *testing.T) {
	for _, p := range []string{strings.Repeat("東", 25), strings.Repeat("a", 25)} {
		frame, err := protocol.Encode(nil, 3, &protocol.SetPseudonym{Pseudonym: p})
		if err != nil {
			t.Fatal(err)
		}
		_, m, err := protocol.Decode(frame)
		if err == nil {
			err = Validate(m)
		}
		if protocol.CodeOf(err) != protocol.CodeBadPseudonym || !strings.Contains(err.Error(), "length rule") {
			t.Errorf("set_pseudonym %q: %v, want %s (length rule)", p, err, protocol.CodeBadPseudonym)
		}
	}
	if err := Validate(&protocol.SetPseudonym{Pseudonym: "Loutre Verte"}); err != nil {
		t.Errorf("Validate(Loutre Verte) = %v", err)
	}
	if err := Validate(&protocol.Watch{Level: "demo"}); err != nil {
		t.Errorf("Validate(watch) = %v", err)
	}
}

// TestCheckFormLeavesTheBlocklist: the part of the rules a client applies
// does not refuse blocked words (the server does).
func TestCheckFormLeavesTheBlocklist(t *testing.T) {
	if err := CheckForm("Admin"); err != nil {
		t.Errorf("CheckForm(Admin) = %v", err)
	}
}

func TestParts(t *testing.T) {
	tests := []struct {
		w    string
		want []string
	}{
		{"Alice", nil},
		{"SuperAdmin", []string{"Super", "Admin"}},
		{"XMLAdmin", []string{"XML", "Admin"}},
		{"admin42", []string{"admin", "42"}},
		{"Ze\u03014x", []string{"Ze\u0301", "4", "x"}},
		{"東京タワー", nil},
	}
	for _, tt := range tests {
		if got := parts(tt.w); strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("parts(%q) = %q, want %q", tt.w, got, tt.want)
		}
	}
}

func FuzzKey(f *testing.F) {
	for _, a := range alices {
		f.Add(a.p)
	}
	for _, s := range []string{"", "Zoé", "ß", "ǅ", "ﬃ", "Ⅻ", "①", "\xff", "İstanbul", "ΐ", "ᾼ", "ᏸ", "東京タワー", "नमस्ते", "\u3164"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k := Key(s)
		if !utf8.ValidString(k) {
			t.Fatalf("Key(%q) = %q: not UTF-8", s, k)
		}
		if k2 := Key(k); k2 != k {
			t.Fatalf("Key(%q) = %q but Key(%q) = %q", s, k, k, k2)
		}
		_ = Check(s) // never panics
		checkClientsAgree(t, s)
	})
}

// TestBelowU0300IsComposed checks what form.Check rests on: a string of
// runes below U+0300 is its own composed form, so its length is its rune
// count. Each such rune is stable under NFC, and no pair composes (the
// composition of longer runs goes through pairs of a starter and the next
// rune).
func TestBelowU0300IsComposed(t *testing.T) {
	for a := rune(0); a < 0x300; a++ {
		s := string(a)
		if norm.NFC.String(s) != s {
			t.Errorf("U+%04X changes under NFC", a)
		}
		for b := rune(0); b < 0x300; b++ {
			if p := s + string(b); !norm.NFC.IsNormalString(p) {
				t.Errorf("U+%04X U+%04X is not NFC", a, b)
			}
		}
	}
}
