package levels_test

import (
	"io/fs"
	"strings"
	"testing"

	"github.com/communs-arcade/arcade/engine/level"
	"github.com/communs-arcade/arcade/levels"
)

// TestEmbeddedLevels checks that levels.FS holds every level exactly as its
// folder does (same content hash), and none of their testdata.
func TestEmbeddedLevels(t *testing.T) {
	for _, dir := range levelDirs(t) {
		t.Run(dir, func(t *testing.T) {
			disk, err := level.Load(dir)
			if err != nil {
				t.Fatal(err)
			}
			embedded, err := level.LoadFS(levels.FS, dir)
			if err != nil {
				t.Fatal(err)
			}
			if disk.ContentHash() != embedded.ContentHash() {
				var onDisk []string
				for _, f := range disk.Files() {
					if _, ok := embedded.File(f.Name); !ok {
						onDisk = append(onDisk, f.Name)
					}
				}
				t.Errorf("levels.FS differs from the folder; not embedded: %v (extend the //go:embed patterns in embed.go)", onDisk)
			}
		})
	}
	err := fs.WalkDir(levels.FS, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Name() == level.TestDataDir || strings.HasSuffix(name, ".go") {
			t.Errorf("levels.FS holds %s", name)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
