package replay_test

import (
	"fmt"
	"strings"

	"github.com/communs-arcade/arcade/engine/level"
	"github.com/communs-arcade/arcade/engine/replay"
	"github.com/communs-arcade/arcade/engine/session"
)

// Inputs written one line per tick (arcade sim's format) are played into a
// record; anyone holding the level verifies the record by playing it again.
func ExamplePlay() {
	lvl, err := level.FromFiles("template", level.TemplateFiles())
	if err != nil {
		fmt.Println(err)
		return
	}
	inputs, err := replay.ParseInputs(strings.NewReader("# walk to the flag\nR*140\n"))
	if err != nil {
		fmt.Println(err)
		return
	}
	rec, err := replay.Play(lvl, inputs, session.Options{Seed: lvl.BoardSeed()})
	if err != nil {
		fmt.Println(err)
		return
	}
	data, _ := replay.Encode(rec)
	back, _ := replay.Decode(data)
	got, err := replay.Verify(lvl, back, session.Options{})
	fmt.Println(got.Outcome, got.Score, got.Ticks, err)
	// Output: won 100 127 <nil>
}
