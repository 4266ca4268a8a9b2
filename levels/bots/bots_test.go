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
