package game

import (
	"fmt"
	"image"
	"image/color"
	"slices"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/communs-arcade/arcade/engine/level"
	"github.com/communs-arcade/arcade/engine/render"
	"github.com/communs-arcade/arcade/engine/replay"
	"github.com/communs-arcade/arcade/engine/session"
	"github.com/communs-arcade/arcade/engine/sim"
	"github.com/communs-arcade/arcade/server/protocol/api"
)

// hudHeight is the height of the game's HUD bar at the top of the view:
// a line of small text (12 pixels at 100 %).
func (g *Game) hudHeight() float64 { return g.lineH(sizeSmall) + 2 }

// hudFill darkens the top of the view under the HUD text.
var hudFill = color.RGBA{0x10, 0x11, 0x1f, 0xd0}

// endPause is how long the last frame of a run stays before A may bring
// the results, so the player sees how it ended and an A mashed as the run
// ended does not skip its message.
const endPause = sim.TicksPerSecond / 2

// play runs one level. Every tick's input is recorded: the run's replay is
// exactly what the server will re-simulate.
type play struct {
	lvl      *level.Level
	seed     uint64
	sess     *session.Session
	renderer *render.Renderer
	inputs   []sim.Input
	paused   bool
	m        menu
	ended    int // ticks since the run ended
	// learned are the explanations the level showed after quiz answers
	// (panels named "quiz" without choices), for the results screen.
	learned []string
	// comm is the community level's listing, nil for a built-in level;
	// back is where quitting goes (nil: the level select).
	comm *api.Level
	back scene
}

func (*play) name() string { return "play" }

// newPlay starts a level, or shows why it cannot start.
func newPlay(g *Game, lvl *level.Level) scene {
	// Every run of a level version is played on its board's seed: a run is
	// rankable, offline too, and no one can shop for a lucky seed.
	seed := lvl.BoardSeed()
	if g.reloadSeed != 0 {
		seed = g.reloadSeed // the studio's seed field
	}
	p := &play{lvl: lvl, seed: seed}
	var err error
	p.sess, err = session.New(lvl, session.Options{Seed: seed, Library: g.opts.Library})
	if err != nil {
		return &failed{lvlTitle: g.levelTitle(&lvl.Manifest), err: err}
	}
	assets, err := render.LoadAssets(lvl)
	if err != nil {
		p.sess.Close()
		return &failed{lvlTitle: g.levelTitle(&lvl.Manifest), err: err}
	}
	p.renderer = render.New(assets, g.renderOptions())
	// The player is made and the presets synthesized as a level opens,
	// not before the title's first frame; the next level finds them made.
	g.sound().PreloadPresets()
	g.last = p
	g.classStarted(lvl.Manifest.ID)
	return p
}

func (g *Game) lastPlay() *play { return g.last }

// playFailed is the scene for a run stopped by err. While the level is
// watched (--watch, the studio) the error stays until the next reload.
func (g *Game) playFailed(lvl *level.Level, err error) scene {
	return &failed{lvlTitle: g.levelTitle(&lvl.Manifest), err: err, waiting: g.opts.Reload != nil}
}

func (p *play) update(g *Game, in sim.Input, pressed sim.Buttons, pause bool) {
	if p.sess.Done() {
		if err := p.sess.Err(); err != nil {
			g.scene = g.playFailed(p.lvl, err)
			return
		}
		// The results come when the player presses A on the ending's
		// message (its ►), never on their own.
		p.ended++
		if p.ended >= endPause && pressed&sim.A != 0 {
			p.finish(g)
		}
		return
	}
	if p.paused {
		p.updatePause(g, pressed, pause)
		return
	}
	if pause {
		p.paused, p.m = true, menu{}
		return
	}
	p.inputs = append(p.inputs, in)
	if err := p.sess.Step(in); err != nil {
		g.scene = g.playFailed(p.lvl, err)
		return
	}
	if g.audio != nil {
		g.audio.PlayAll(p.sess.World.Sounds)
	}
	p.noteExplanation()
}

// noteExplanation remembers a quiz explanation on screen (scripts/quiz.lua
// shows it as the "quiz" panel once the question is answered).
func (p *play) noteExplanation() {
	q := p.sess.World.Panel("quiz")
	if q == nil || len(q.Choices) > 0 || slices.Contains(p.learned, q.Key) || len(p.learned) >= 3 {
		return
	}
	p.learned = append(p.learned, q.Key)
}

func (p *play) updatePause(g *Game, pressed sim.Buttons, pause bool) {
	if pause || pressed&sim.B != 0 {
		p.paused = false
		return
	}
	if p.m.sel == 3 && pressed&(sim.Left|sim.Right) != 0 {
		g.nextLanguage()
	}
	if !p.m.move(pressed, 4) {
		return
	}
	switch p.m.sel {
	case 0:
		p.paused = false
	case 3:
		g.nextLanguage()
	case 1:
		p.sess.Close()
		g.scene = p.again(g)
	case 2:
		p.sess.Close()
		g.scene = p.quit()
	}
}

// again starts the same level anew, from the same place.
func (p *play) again(g *Game) scene {
	if p.comm != nil {
		return newCommunityPlay(g, p.lvl, *p.comm, p.back)
	}
	return newPlay(g, p.lvl)
}

// quit is the scene quitting goes to.
func (p *play) quit() scene {
	if p.back != nil {
		return p.back
	}
	return &levelSelect{}
}

// finish records the run and shows the results.
func (p *play) finish(g *Game) {
	r := p.sess.Result()
	data := p.replay()
	newBest, id := g.saved.record(p.lvl.Manifest.ID, r.Score, r.Outcome == sim.Won, encodeBase64(data))
	g.save()
	g.submitRun(id, p.lvl.Manifest.ID, data)
	r2 := &results{play: p, newBest: newBest}
	// The last item goes on (next level, or back): a press meant for the
	// learn-more card never restarts the level.
	r2.m.sel = len(r2.items(g)) - 1
	g.scene = r2
}

// replay encodes the run so far.
func (p *play) replay() []byte {
	if p.sess == nil {
		return nil
	}
	rec, err := replay.FromSession(p.sess, p.seed, p.inputs)
	if err != nil {
		return nil
	}
	data, err := replay.Encode(rec)
	if err != nil {
		return nil
	}
	return data
}

func (p *play) draw(g *Game, dst *ebiten.Image) {
	w := p.sess.World
	p.renderer.Draw(dst, w, g.levelText(p.lvl))
	if !p.paused && !p.sess.Done() {
		// A tap on the dialogue goes on, as A does; a tap on a choice moves
		// the selection there and answers, as the arrows and A do (from no
		// selection, DOWN selects the first).
		shown := p.renderer.Shown()
		g.addTarget(shown.Say, sim.A)
		for _, c := range shown.Choices {
			for i, row := range c.Rows {
				g.addTarget(row, menuPresses(i-c.Sel)...)
			}
		}
	}
	pal := g.pal()
	// HUD: a thin bar along the top with the level title, time and score.
	// Levels keep their own panels below it (y >= hudHeight).
	render.DrawBox(dst, 0, 0, sim.ViewW, g.hudHeight(), render.BoxStyle{Fill: hudFill})
	secs := int(w.Tick()) / sim.TicksPerSecond
	clock := fmt.Sprintf("%d:%02d", secs/60, secs%60)
	hud := g.t("play.time", arg("time", clock))
	if pot, ok := g.net.pots[p.lvl.Manifest.ID]; ok && p.lvl.Manifest.Pot {
		// The shared pot's world total, live (pot pushes).
		hud = g.t("play.time_pot", arg("time", clock), arg("pot", pot))
	}
	score := g.t("play.score", arg("score", w.Score()))
	// The time in the middle, the score on the right; the title takes
	// what is left on the left, ending in … when it is too long.
	hw, _ := render.MeasureText(hud, g.size(sizeSmall))
	sw, _ := render.MeasureText(score, g.size(sizeSmall))
	mid := min(sim.ViewW/2, sim.ViewW-4-sw-6-hw/2)
	g.text(dst, g.fit(g.levelTitle(&p.lvl.Manifest), sizeSmall, mid-hw/2-6-4), 4, 1, sizeSmall, pal.text, render.AlignLeft)
	g.text(dst, hud, mid, 1, sizeSmall, pal.text, render.AlignCenter)
	g.text(dst, score, sim.ViewW-4, 1, sizeSmall, pal.accent, render.AlignRight)
	if p.sess.Done() && p.ended >= endPause && !p.paused {
		// The run is over: a tap anywhere is the A that brings the results.
		g.addTarget(image.Rect(0, 0, sim.ViewW, sim.ViewH), sim.A)
	}
	if p.sess.Done() && p.ended >= endPause && w.Panel("say") == nil && (g.frames/30)%2 == 0 {
		// No ending message with its ►: the game's own, bottom right.
		g.text(dst, "►", sim.ViewW-6, sim.ViewH-4-g.size(sizeBody), sizeBody, pal.accent, render.AlignRight)
	}
	if p.paused {
		// The pause panel dims the scene, so it reads as paused.
		render.DrawBox(dst, 0, 0, sim.ViewW, sim.ViewH, render.BoxStyle{Fill: color.RGBA{0, 0, 0, 0x90}})
		render.DrawBox(dst, 70, 34, 180, 112, render.BoxStyle{Fill: pal.panel, Border: pal.accent})
		g.text(dst, g.t("play.paused"), sim.ViewW/2, 44, sizeBody+2, pal.accent, render.AlignCenter)
		g.drawMenu(dst, []string{g.t("play.resume"), g.t("play.restart"), g.t("play.quit"), g.t("title.language")}, p.m.sel, 70)
	}
}
