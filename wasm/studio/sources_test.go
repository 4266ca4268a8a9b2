package studio

import (
	"slices"
	"testing"

	"github.com/communs-arcade/arcade/engine/level"
)

// TestSources: every source opens as a level that loads, and packs into a
// sealed .arcade that unpacks to the same files.
func TestSources(t *testing.T) {
	srcs := Sources()
	kinds := map[string]int{}
	for _, s := range srcs {
		kinds[s.Kind]++
		files, err := SourceFiles(s.ID)
		if err != nil {
			t.Fatalf("%s: %v", s.ID, err)
		}
		l, err := level.FromFiles(s.ID, files)
		if err != nil {
			t.Fatalf("%s: %v", s.ID, err)
		}
		data, err := Pack(files)
		if err != nil {
			t.Fatalf("%s: pack: %v", s.ID, err)
		}
		back, err := Unpack(data)
		if err != nil {
			t.Fatalf("%s: unpack: %v", s.ID, err)
		}
		if !slices.EqualFunc(back, l.Files(), func(a, b level.File) bool { return a.Name == b.Name && string(a.Data) == string(b.Data) }) {
			t.Fatalf("%s: unpacked files differ", s.ID)
		}
	}
	if kinds["template"] != 1 || kinds["example"] < 8 || kinds["level"] < 5 {
		t.Fatalf("sources by kind: %v", kinds)
	}
	for _, bad := range []string{"", "..", "../x", "nope"} {
		if _, err := SourceFiles(bad); err == nil {
			t.Errorf("SourceFiles(%q) did not fail", bad)
		}
	}
	if _, err := Unpack([]byte("not a zip")); err == nil {
		t.Error("Unpack of garbage did not fail")
	}
}
