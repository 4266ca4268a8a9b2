package packages_test

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/communs-arcade/arcade/engine/level"
	"github.com/communs-arcade/arcade/levels/leveltest"
	"github.com/communs-arcade/arcade/server/packages"
)

func TestPutGet(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "packages")
	d, err := packages.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	lvl := leveltest.Load(t, "demo")
	data, err := d.Put(lvl)
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if err := level.Pack(lvl, &want); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, want.Bytes()) {
		t.Error("Put stored other bytes than level.Pack writes")
	}
	if again, err := d.Put(lvl); err != nil || !bytes.Equal(again, data) {
		t.Errorf("Put again = %v", err)
	}
	got, err := d.Get(lvl.ContentHash())
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("Get = %d bytes, %v", len(got), err)
	}
	if fromFS, err := fs.ReadFile(d.FS(), packages.Name(lvl.ContentHash())); err != nil || !bytes.Equal(fromFS, data) {
		t.Errorf("FS read = %v", err)
	}
	if _, err := d.Get([32]byte{1}); err == nil {
		t.Error("Get of a hash never stored succeeded")
	}
}

// TestSweep: a write a killed server left half done is removed at Open.
func TestSweep(t *testing.T) {
	dir := t.TempDir()
	torn := filepath.Join(dir, ".tmp-123")
	if err := os.WriteFile(torn, []byte("half"), 0o644); err != nil {
		t.Fatal(err)
	}
	d, err := packages.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if _, err := os.Stat(torn); err == nil {
		t.Error("a torn temporary file survived Open")
	}
}

func TestParseName(t *testing.T) {
	var h [32]byte
	h[0], h[31] = 0xab, 0x01
	good := packages.Name(h)
	if got, ok := packages.ParseName(good); !ok || got != h {
		t.Errorf("ParseName(%q) = %x, %v", good, got, ok)
	}
	for _, bad := range []string{"", "../" + good, good[:63] + ".arcade", "AB" + good[2:], good + ".arcade", good[:64], "/etc/passwd", good[:64] + ".zip"} {
		if _, ok := packages.ParseName(bad); ok {
			t.Errorf("ParseName(%q) accepted", bad)
		}
	}
}
