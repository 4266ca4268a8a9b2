package level

import (
	"strings"
	"testing"
)

func TestPluralOne(t *testing.T) {
	tests := []struct {
		lang, n string
		want    bool
	}{
		{"fr", "0", true},
		{"fr", "1", true},
		{"fr", "1.5", true},
		{"fr", "0.5", true},
		{"fr", "-1", true},
		{"fr", "2", false},
		{"fr", "10", false},
		{"fr", "01", true},
		{"en", "1", true},
		{"en", "0", false},
		{"en", "1.5", false},
		{"en", "2", false},
		{"en", "11", false},
		{"de", "1", true},
		{"de", "0", false},
		{"fr", "", false},
		{"fr", "un", false},
		{"fr", "1e3", false},
		{"en", "inf", false},
	}
	for _, tt := range tests {
		if got := PluralOne(tt.lang, tt.n); got != tt.want {
			t.Errorf("PluralOne(%q, %q) = %v, want %v", tt.lang, tt.n, got, tt.want)
		}
	}
}

func TestPluralInLevel(t *testing.T) {
	base := templateFiles(t)
	fs := base.set("text/fr.toml", base.get("text/fr.toml")+"left_one = \"{n} donnée\"\nleft_other = \"{n} données\"\nhalf_one = \"seul\"\n").
		set("text/en.toml", base.get("text/en.toml")+"left_one = \"{n} piece\"\nleft_other = \"{n} pieces\"\nhalf_one = \"alone\"\n")
	l, err := loadFiles(t, fs)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		lang, n, want string
	}{
		{"fr", "0", "{n} donnée"},
		{"fr", "1", "{n} donnée"},
		{"fr", "2", "{n} données"},
		{"en", "0", "{n} pieces"},
		{"en", "1", "{n} piece"},
		{"en", "2", "{n} pieces"},
	}
	for _, tt := range tests {
		msg := l.Text[tt.lang]["left"]
		if !IsPlural(msg) {
			t.Fatalf("%s: left = %q, not a plural", tt.lang, msg)
		}
		if got := Plural(msg, tt.n); got != tt.want {
			t.Errorf("%s, n = %s: %q, want %q", tt.lang, tt.n, got, tt.want)
		}
	}
	if _, ok := l.Text["fr"]["half"]; ok {
		t.Error("a lone _one key made a plural")
	}
	if got := Plural("plain {n}", "1"); got != "plain {n}" {
		t.Errorf("Plural of a plain message = %q", got)
	}
}

func TestPluralClash(t *testing.T) {
	base := templateFiles(t)
	extra := "left = \"x\"\nleft_one = \"a\"\nleft_other = \"b\"\n"
	fs := base.set("text/fr.toml", base.get("text/fr.toml")+extra).set("text/en.toml", base.get("text/en.toml")+extra)
	_, err := loadFiles(t, fs)
	wantError(t, err, `text/fr.toml: key "left" is both a message and the base of "left_one" and "left_other"`)
}

// FuzzPlural checks that any message and count give one of the forms, and
// a plain message back unchanged.
func FuzzPlural(f *testing.F) {
	f.Add("x", "y", "1", "fr")
	f.Add("{n} a", "{n} b", "0", "en")
	f.Add("a\x1fb", "c", "1.5", "fr")
	f.Fuzz(func(t *testing.T, one, other, n, lang string) {
		if strings.Contains(lang, pluralSep) || strings.Contains(one, pluralSep) {
			t.Skip()
		}
		got := Plural(packPlural(lang, one, other), n)
		if got != one && got != other {
			t.Fatalf("Plural = %q, not %q nor %q", got, one, other)
		}
		if !IsPlural(one) && Plural(one, n) != one {
			t.Fatalf("a plain message changed")
		}
	})
}
