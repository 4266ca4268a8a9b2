package session_test

import (
	"fmt"

	"github.com/communs-arcade/arcade/engine/level"
	"github.com/communs-arcade/arcade/engine/session"
	"github.com/communs-arcade/arcade/engine/sim"
)

// A session plays a level tick by tick: the template level is won by
// walking right to the flag.
func ExampleNew() {
	lvl, err := level.FromFiles("template", level.TemplateFiles())
	if err != nil {
		fmt.Println(err)
		return
	}
	s, err := session.New(lvl, session.Options{Seed: lvl.BoardSeed()})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer s.Close()
	for !s.Done() {
		if err := s.Step(sim.Input{Buttons: sim.Right}); err != nil {
			fmt.Println(err)
			return
		}
	}
	r := s.Result()
	fmt.Println(r.Outcome, r.Score, r.Ticks)
	// Output: won 100 127
}
