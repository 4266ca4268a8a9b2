package ranked

import (
	"testing"
	"testing/fstest"

	"github.com/communs-arcade/arcade/engine/level"
	"github.com/communs-arcade/arcade/levels"
)

func TestBuiltin(t *testing.T) {
	c, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	demo, err := level.LoadFS(levels.FS, "demo")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		id      string
		ok, pot bool
	}{
		{"demo", true, false},
		{"tax-pot", true, true},
		{"free-software", true, false},
		{"nope", false, false},
		{"", false, false},
	}
	for _, tt := range tests {
		l, ok := c.Lookup(tt.id)
		if ok != tt.ok || l.Pot != tt.pot {
			t.Errorf("Lookup(%q) = %+v, %v; want ok %v pot %v", tt.id, l, ok, tt.ok, tt.pot)
		}
	}
	if l, _ := c.Lookup("demo"); l.Hash != demo.ContentHash() {
		t.Errorf("demo hash %x, want %x", l.Hash, demo.ContentHash())
	}
	ls := c.All()
	for i := 1; i < len(ls); i++ {
		if ls[i-1].ID >= ls[i].ID {
			t.Errorf("levels not sorted: %q before %q", ls[i-1].ID, ls[i].ID)
		}
	}
	if p := c.Pots(); len(p) != 1 || p[0].ID != "tax-pot" {
		t.Errorf("Pots() = %+v, want tax-pot alone", p)
	}
}

func TestNewRefusesDuplicates(t *testing.T) {
	if _, err := New([]Level{{ID: "a"}, {ID: "b"}, {ID: "a"}}); err == nil {
		t.Error("duplicate ids accepted")
	}
}

func TestLoadSkipsNonLevels(t *testing.T) {
	c, err := Load(fstest.MapFS{"README.md": {Data: []byte("x")}, "empty/x.txt": {Data: []byte("x")}})
	if err != nil || len(c.All()) != 0 {
		t.Errorf("Load = %v, %v; want an empty set", c.All(), err)
	}
}
