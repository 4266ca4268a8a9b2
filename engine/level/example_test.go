package level_test

import (
	"fmt"

	"github.com/communs-arcade/arcade/engine/level"
)

// A level loads from a folder (or a .arcade file) with every check made;
// its content hash fixes its board's seed.
func ExampleLoad() {
	lvl, err := level.Load("../../levels/demo")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(lvl.Manifest.ID, lvl.Manifest.Version, lvl.Languages())
	fmt.Println(lvl.BoardSeed() == level.SeedOf(lvl.ContentHash()))
	// Output:
	// demo 1 [en fr]
	// true
}

// A level held in memory (the studio's drafts) loads with the same checks,
// and a broken one says which rule it breaks, in which file, and why.
func ExampleFromFiles() {
	files := level.TemplateFiles()
	lvl, err := level.FromFiles("draft", files)
	fmt.Println(lvl.Manifest.ID, err)
	for i, f := range files {
		if f.Name == level.ManifestName {
			files[i].Data = []byte("id = \"x\"\nversion = 0\n")
		}
	}
	_, err = level.FromFiles("draft", files)
	for _, p := range level.Problems(err)[:1] {
		fmt.Println(p.Rule, p.File, p.Msg)
	}
	// Output:
	// new-level <nil>
	// manifest level.toml version must be 1 or more, not 0
}
