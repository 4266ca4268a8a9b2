package game

import "github.com/communs-arcade/arcade/engine/level"

// Reload is a new version of the level being played, sent by a watcher of
// its folder (`arcade play DIR --watch`): the level, or why it does not
// load.
type Reload struct {
	Level *level.Level
	Err   error
	// Seed, when not 0, plays the level on this seed instead of its
	// board's (the studio's seed field); such runs are not rankable.
	Seed uint64
}

// pollReload restarts the play on a reloaded level, or shows why it failed
// in place of the level until the next reload: the window stays open and
// an author sees each save at once. It tells whether the scene changed.
func (g *Game) pollReload() bool {
	if g.opts.Reload == nil {
		return false
	}
	var r Reload
	select {
	case r = <-g.opts.Reload:
	default:
		return false
	}
	if p, ok := g.scene.(*play); ok {
		p.sess.Close()
	}
	if r.Err != nil {
		title := ""
		if g.last != nil {
			title = g.levelTitle(&g.last.lvl.Manifest)
		}
		g.scene = &failed{lvlTitle: title, err: r.Err, waiting: true}
		return true
	}
	g.reloadSeed = r.Seed
	g.scene = newPlay(g, r.Level)
	if f, ok := g.scene.(*failed); ok {
		f.waiting = true // a script error, until the next save
	}
	return true
}

// Hold stops the play from advancing (the studio's pause, wasm/studio),
// or lets it go on; the frame stays drawn and reloads still apply.
func (g *Game) Hold(held bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.held, g.steps = held, 0
}

// StepOnce lets a held play advance by one tick.
func (g *Game) StepOnce() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.steps++
}

// Failure is the error shown in place of the level (a level that does not
// load, a script error), or nil while none is.
func (g *Game) Failure() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if f, ok := g.scene.(*failed); ok {
		return f.err
	}
	return nil
}

// held reports whether this tick's update is to be skipped: the game is
// held and no step is pending.
func (g *Game) heldTick() bool {
	if !g.held {
		return false
	}
	if g.steps > 0 {
		g.steps--
		return false
	}
	return true
}
