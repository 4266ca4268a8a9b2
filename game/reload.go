package game

import "github.com/communs-arcade/arcade/engine/level"

// Reload is a new version of the level being played, sent by a watcher of
// its folder (`arcade play DIR --watch`): the level, or why it does not
// load.
type Reload struct {
	Level *level.Level
	Err   error
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
			title = g.levelTitle(g.last.lvl)
		}
		g.scene = &failed{lvlTitle: title, err: r.Err, waiting: true}
		return true
	}
	g.scene = newPlay(g, r.Level)
	if f, ok := g.scene.(*failed); ok {
		f.waiting = true // a script error, until the next save
	}
	return true
}
