//go:build js && wasm

package main

import (
	"fmt"
	"sync"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/communs-arcade/arcade/engine/level"
	"github.com/communs-arcade/arcade/engine/render"
	"github.com/communs-arcade/arcade/engine/replay"
	"github.com/communs-arcade/arcade/engine/session"
	"github.com/communs-arcade/arcade/engine/sim"
	"github.com/communs-arcade/arcade/levels"
	"github.com/communs-arcade/arcade/scripts"
	"github.com/communs-arcade/arcade/wasm/bridge"
)

// standInLevel is the level the stand-in plays, from levels.FS.
const standInLevel = "demo"

// standInSeed seeds every run of the stand-in, as `arcade sim` does by
// default.
const standInSeed = 1

// standIn plays one level with the keyboard until the game replaces it:
// arrows (or W A S D) move, Space is A and X is B; once the run is over,
// Space or Enter starts a new one. It records every tick's input so
// window.arcade.replay() can hand the run to the server.
type standIn struct {
	page *bridge.Page
	lvl  *level.Level

	mu     sync.Mutex // guards the run against window.arcade's callbacks
	run    *session.Session
	inputs []sim.Input
	drawn  bool
}

// runStandIn loads the level, publishes window.arcade and runs the game
// until Ebiten stops.
func runStandIn() error {
	lvl, err := level.LoadFS(levels.FS, standInLevel)
	if err != nil {
		return fmt.Errorf("wasm: %w", err)
	}
	g := &standIn{lvl: lvl}
	if err := g.restart(); err != nil {
		return err
	}
	g.page = bridge.Expose(g)
	ebiten.SetTPS(sim.TicksPerSecond)
	if err := ebiten.RunGame(g); err != nil {
		return fmt.Errorf("wasm: %w", err)
	}
	return nil
}

// restart begins a new run; the caller holds mu (or nothing else runs).
func (g *standIn) restart() error {
	s, err := session.New(g.lvl, session.Options{Seed: standInSeed, Library: scripts.FS})
	if err != nil {
		return fmt.Errorf("wasm: %w", err)
	}
	if g.run != nil {
		g.run.Close()
	}
	g.run, g.inputs = s, g.inputs[:0]
	return nil
}

// anyKey reports whether one of keys is held.
func anyKey(keys ...ebiten.Key) bool {
	for _, k := range keys {
		if ebiten.IsKeyPressed(k) {
			return true
		}
	}
	return false
}

// readInput turns the held keys into the tick's input. Ebiten names keys
// by position, so W A S D are Z Q S D on a French keyboard.
func readInput() sim.Input {
	var b sim.Buttons
	for _, k := range []struct {
		button sim.Buttons
		keys   []ebiten.Key
	}{
		{sim.Left, []ebiten.Key{ebiten.KeyArrowLeft, ebiten.KeyA}},
		{sim.Right, []ebiten.Key{ebiten.KeyArrowRight, ebiten.KeyD}},
		{sim.Up, []ebiten.Key{ebiten.KeyArrowUp, ebiten.KeyW}},
		{sim.Down, []ebiten.Key{ebiten.KeyArrowDown, ebiten.KeyS}},
		{sim.A, []ebiten.Key{ebiten.KeySpace}},
		{sim.B, []ebiten.Key{ebiten.KeyX}},
	} {
		if anyKey(k.keys...) {
			b |= k.button
		}
	}
	return sim.Input{Buttons: b}
}

// Update advances the run by one tick.
func (g *standIn) Update() error {
	in := readInput()
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.run.Done() || len(g.inputs) >= replay.MaxTicks {
		if anyKey(ebiten.KeySpace, ebiten.KeyEnter) {
			return g.restart()
		}
		return nil
	}
	if err := g.run.Step(in); err != nil {
		// The run ends here, without counting the tick; the level's
		// error is for its author, in the console.
		fmt.Println(err)
		return nil
	}
	g.inputs = append(g.inputs, in)
	return nil
}

// Draw draws the world and, the first time, tells the page it is ready.
func (g *standIn) Draw(screen *ebiten.Image) {
	g.mu.Lock()
	render.DrawWorld(screen, g.run.World)
	g.mu.Unlock()
	if !g.drawn {
		g.drawn = true
		g.page.Ready()
	}
}

// Layout keeps the simulation's view size; Ebiten scales it to the canvas
// and letterboxes it, keeping its 16:9 aspect.
func (g *standIn) Layout(outsideWidth, outsideHeight int) (int, int) {
	return sim.ViewW, sim.ViewH
}

// State implements bridge.Game.
func (g *standIn) State() bridge.State {
	g.mu.Lock()
	defer g.mu.Unlock()
	r := g.run.Result()
	return bridge.State{
		Scene:   "play",
		Level:   g.lvl.Manifest.ID,
		Tick:    r.Ticks,
		Score:   r.Score,
		Hash:    r.Hash,
		Outcome: r.Outcome.String(),
	}
}

// Replay implements bridge.Game.
func (g *standIn) Replay() ([]byte, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	rec, err := replay.FromSession(g.run, standInSeed, g.inputs)
	if err != nil {
		return nil, err
	}
	return replay.Encode(rec)
}
