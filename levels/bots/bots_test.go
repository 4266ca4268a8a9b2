package bots_test

import (
	"testing"

	"github.com/communs-arcade/arcade/engine/level"
	"github.com/communs-arcade/arcade/engine/sim"
	"github.com/communs-arcade/arcade/levels"
	"github.com/communs-arcade/arcade/levels/bots"
	"github.com/communs-arcade/arcade/scripts"
)

// TestBotsWin plays every bot's level on its board seed: a bot that no
// longer wins cannot write the level's golden run (`make goldens`).
func TestBotsWin(t *testing.T) {
	for _, id := range bots.Levels() {
		t.Run(id, func(t *testing.T) {
			lvl, err := level.LoadFS(levels.FS, id)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := bots.For(id)
			_, res, err := bots.Play(lvl, scripts.FS, b, int(lvl.MaxTicks()))
			if err != nil {
				t.Fatal(err)
			}
			if res.Outcome != sim.Won {
				t.Errorf("%v after %d ticks, score %d; want won", res.Outcome, res.Ticks, res.Score)
			}
		})
	}
}

// TestNewcomerWinsTheFirstLevel: the first campaign level is won by a
// player who reacts a third of a second late and holds each key that
// long, on the first try (the level teaches before it tests; as tuned,
// half a second still wins on today's board seed). The later levels ramp
// up and need no such guarantee.
func TestNewcomerWinsTheFirstLevel(t *testing.T) {
	var first *level.Level
	for _, id := range bots.Levels() {
		lvl, err := level.LoadFS(levels.FS, id)
		if err != nil {
			t.Fatal(err)
		}
		if lvl.Manifest.Campaign == 1 {
			first = lvl
		}
	}
	if first == nil {
		t.Fatal("no bot plays the first campaign level")
	}
	b, _ := bots.For(first.Manifest.ID)
	_, res, err := bots.Play(first, scripts.FS, bots.Newcomer(b, 20), int(first.MaxTicks()))
	if err != nil {
		t.Fatal(err)
	}
	if res.Outcome != sim.Won {
		t.Errorf("%s: a newcomer %v after %d ticks, score %d; want won", first.Manifest.ID, res.Outcome, res.Ticks, res.Score)
	}
}
