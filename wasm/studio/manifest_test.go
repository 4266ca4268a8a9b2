package studio

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"github.com/communs-arcade/arcade/engine/level"
)

func templateManifest(t *testing.T) []byte {
	t.Helper()
	for _, f := range level.TemplateFiles() {
		if f.Name == level.ManifestName {
			return f.Data
		}
	}
	t.Fatal("the template has no level.toml")
	return nil
}

func TestFormRoundTrip(t *testing.T) {
	old := templateManifest(t)
	r := ReadForm(old)
	if !r.Readable || len(r.Problems) != 0 || r.Form.ID != "new-level" || len(r.Form.Sources) != 1 ||
		!strings.Contains(string(mustJSON(t, r)), `"sources":[{"title":"What is free software?`) {
		t.Fatalf("ReadForm(template) = %+v", r)
	}
	f := r.Form
	f.Title.FR = `Les "données" \ à moi`
	f.Tags = []string{"rgpd", " ", "vie-privee"}
	f.Sources = append(f.Sources, FormSource{Title: "CNIL", URL: "https://www.cnil.fr/"}, FormSource{})
	w, err := WriteForm(old, f)
	if err != nil {
		t.Fatal(err)
	}
	if len(w.Problems) != 0 {
		t.Fatalf("problems %+v in\n%s", w.Problems, w.Text)
	}
	if !strings.HasPrefix(w.Text, "# The manifest") {
		t.Errorf("the heading comment is lost:\n%s", w.Text)
	}
	m, err := level.ParseManifest([]byte(w.Text))
	if err != nil {
		t.Fatal(err)
	}
	if m.Title.FR != f.Title.FR || strings.Join(m.Tags, ",") != "rgpd,vie-privee" || len(m.Sources) != 2 || m.API != 1 {
		t.Errorf("written %+v", m)
	}
}

func TestFormProblems(t *testing.T) {
	tests := []struct {
		name string
		edit func(*Form)
		want string
	}{
		{"bad id", func(f *Form) { f.ID = "Bad Id" }, "id"},
		{"no tags", func(f *Form) { f.Tags = nil }, "tag"},
		{"no sources", func(f *Form) { f.Sources = nil }, "sources"},
		{"url author", func(f *Form) { f.Author = "me@example.org" }, "author"},
		{"control char", func(f *Form) { f.Title.EN = "a\x01b" }, "title.en"},
	}
	old := templateManifest(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := ReadForm(old).Form
			tt.edit(&f)
			w, err := WriteForm(old, f)
			if err != nil {
				t.Fatal(err)
			}
			if len(w.Problems) == 0 || !strings.Contains(w.Problems[0].Message, tt.want) {
				t.Errorf("problems %+v, want one about %s", w.Problems, tt.want)
			}
			if w.Problems[0].File != level.ManifestName {
				t.Errorf("problem in %q", w.Problems[0].File)
			}
		})
	}
	if _, err := WriteForm([]byte("id = "), Form{}); err == nil {
		t.Error("WriteForm over broken TOML: no error")
	}
	if r := ReadForm([]byte("id = ")); r.Readable || len(r.Problems) == 0 || r.Problems[0].Line == 0 {
		t.Errorf("ReadForm(broken) = %+v", r)
	}
}

func FuzzTOMLString(f *testing.F) {
	for _, s := range []string{"", `a"b\c`, "é\x00\x7f\n\t"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var v struct{ S string }
		if _, err := tomlDecode("S = "+tomlString(s), &v); err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		want := string([]rune(s)) // each invalid byte becomes U+FFFD, as range does
		if want != v.S {
			t.Fatalf("%q read back as %q", s, v.S)
		}
	})
}

func tomlDecode(s string, v any) (any, error) { return toml.Decode(s, v) }

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
