package game

import (
	"fmt"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/communs-arcade/arcade/engine/render"
	"github.com/communs-arcade/arcade/engine/sim"
	"github.com/communs-arcade/arcade/game/online"
)

// ---- title -------------------------------------------------------------

type title struct{ m menu }

func (*title) name() string { return "title" }

func (s *title) update(g *Game, in sim.Input, pressed sim.Buttons, pause bool) {
	if !s.m.move(pressed, 3) {
		// Left and right on the language line switch language at once.
		if s.m.sel == 2 && pressed&(sim.Left|sim.Right) != 0 {
			g.nextLanguage()
		}
		return
	}
	g.notice = ""
	switch s.m.sel {
	case 0:
		g.scene = &levelSelect{}
	case 1:
		g.scene = &settings{back: s}
	case 2:
		g.nextLanguage()
	}
}

func (g *Game) nextLanguage() {
	for i, l := range Languages {
		if l == g.lang() {
			g.saved.Settings.Lang = Languages[(i+1)%len(Languages)]
			break
		}
	}
	g.save()
}

func (s *title) draw(g *Game, dst *ebiten.Image) {
	p := g.pal()
	dst.Fill(p.bg)
	g.text(dst, g.t("title.name"), sim.ViewW/2, 34, sizeTitle, p.accent, render.AlignCenter)
	g.text(dst, g.t("title.tagline"), sim.ViewW/2, 58, sizeSmall, p.text, render.AlignCenter)
	g.drawMenu(dst, []string{g.t("title.start"), g.t("title.settings"), g.t("title.language")}, s.m.sel, 88)
	g.text(dst, g.t("title.hint"), sim.ViewW/2, 160, sizeSmall, p.dim, render.AlignCenter)
	if g.notice != "" {
		for i, line := range render.Wrap(g.notice, g.size(sizeSmall), sim.ViewW-16) {
			g.text(dst, line, 8, 4+float64(i)*10, sizeSmall, p.accent, render.AlignLeft)
		}
	}
}

// ---- level select ----------------------------------------------------

type levelSelect struct{ m menu }

func (*levelSelect) name() string { return "select" }

func (s *levelSelect) update(g *Game, in sim.Input, pressed sim.Buttons, pause bool) {
	if pressed&sim.B != 0 || pause {
		g.scene = &title{}
		return
	}
	if pressed&sim.Right != 0 && len(g.levels) > 0 {
		g.scene = newLeaderboard(g, s.m.sel, s)
		return
	}
	if s.m.move(pressed, len(g.levels)) {
		g.scene = newPlay(g, g.levels[s.m.sel])
	}
}

func (s *levelSelect) draw(g *Game, dst *ebiten.Image) {
	p := g.pal()
	dst.Fill(p.bg)
	g.text(dst, g.t("select.heading"), sim.ViewW/2, 10, sizeBody+2, p.accent, render.AlignCenter)
	step := g.size(sizeBody) + 4
	// Show a window of the list around the selection.
	first := max(0, s.m.sel-5)
	for i := first; i < len(g.levels) && i < first+7; i++ {
		lvl := g.levels[i]
		y := 28 + float64(i-first)*step
		c := p.dim
		mark := "  "
		if i == s.m.sel {
			c, mark = p.accent, "► "
		}
		g.text(dst, fmt.Sprintf("%s%d. %s", mark, i+1, g.levelTitle(lvl)), 12, y, sizeBody, c, render.AlignLeft)
		status := g.t("select.new")
		if b, ok := g.saved.Best[lvl.Manifest.ID]; ok {
			status = g.t("select.best", arg("score", b.Score))
			if b.Won {
				status = g.t("select.won") + " · " + status
			}
		}
		g.text(dst, status, sim.ViewW-12, y, sizeSmall, c, render.AlignRight)
	}
	g.text(dst, g.t("select.hint"), sim.ViewW/2, 126, sizeSmall, p.dim, render.AlignCenter)
	if len(g.levels) > 0 {
		render.DrawBox(dst, 6, 140, sim.ViewW-12, 34, render.BoxStyle{Fill: p.panel, Border: p.dim})
		for i, line := range render.Wrap(g.levelSummary(g.levels[s.m.sel]), g.size(sizeSmall), sim.ViewW-24) {
			if i == 2 {
				break
			}
			g.text(dst, line, 12, 146+float64(i)*12, sizeSmall, p.text, render.AlignLeft)
		}
	}
}

// ---- results ---------------------------------------------------------

type results struct {
	m       menu
	play    *play
	newBest bool
}

func (*results) name() string { return "results" }

func (s *results) update(g *Game, in sim.Input, pressed sim.Buttons, pause bool) {
	if !s.m.move(pressed, 3) {
		return
	}
	switch s.m.sel {
	case 0:
		g.scene = newPlay(g, s.play.lvl)
	case 1:
		for i, l := range g.levels {
			if l == s.play.lvl {
				g.scene = newLeaderboard(g, i, s)
				return
			}
		}
		// A level opened from a folder (arcade play PATH) has no board in
		// the campaign list: back to the levels.
		g.scene = &levelSelect{}
	default:
		g.scene = &levelSelect{}
	}
}

func (s *results) draw(g *Game, dst *ebiten.Image) {
	p := g.pal()
	dst.Fill(p.bg)
	r := s.play.sess.Result()
	head := g.t("results.lost")
	if r.Outcome == sim.Won {
		head = g.t("results.won")
	}
	g.text(dst, g.levelTitle(s.play.lvl), sim.ViewW/2, 8, sizeSmall, p.dim, render.AlignCenter)
	g.text(dst, head, sim.ViewW/2, 22, sizeTitle, p.accent, render.AlignCenter)
	g.text(dst, g.t("results.score", arg("score", r.Score)), sim.ViewW/2, 46, sizeBody, p.text, render.AlignCenter)
	best := g.t("results.best", arg("best", g.saved.Best[s.play.lvl.Manifest.ID].Score))
	if s.newBest {
		best = g.t("results.newbest")
	}
	g.text(dst, best, sim.ViewW/2, 60, sizeSmall, p.dim, render.AlignCenter)
	// With a server, the right column says what became of the run.
	width := float64(sim.ViewW - 24)
	if sub := g.net.last; g.net.client != nil && sub != nil {
		width = 180
		g.drawSubmission(dst, sub, s.play.lvl.Manifest.Pot, 200, 72)
	}
	y := 72.0
	if len(s.play.learned) > 0 {
		g.text(dst, g.t("results.learned"), 12, y, sizeSmall, p.text, render.AlignLeft)
		text := g.levelText(s.play.lvl)
		for _, key := range s.play.learned {
			for _, line := range render.Wrap("• "+text(key, nil), g.size(sizeSmall), width) {
				if y > 96 {
					break
				}
				y += 10
				g.text(dst, line, 12, y, sizeSmall, p.dim, render.AlignLeft)
			}
		}
		y += 14
	}
	g.text(dst, g.t("results.sources"), 12, y, sizeSmall, p.text, render.AlignLeft)
	for _, src := range s.play.lvl.Manifest.Sources {
		y += 10
		if y > 124 {
			break
		}
		line := render.Wrap("• "+src.Title, g.size(sizeSmall), width)
		g.text(dst, line[0], 12, y, sizeSmall, p.text, render.AlignLeft)
		// The address, readable: a link in a canvas cannot be clicked.
		y += 10
		url := strings.TrimPrefix(strings.TrimPrefix(src.URL, "https://"), "http://")
		g.text(dst, "  "+url, 12, y, sizeSmall, p.dim, render.AlignLeft)
	}
	g.drawMenu(dst, []string{g.t("results.again"), g.t("results.board"), g.t("results.next")}, s.m.sel, 136)
}

// drawSubmission is the results' online column from (x, y): sending,
// offline, refused, or the rank and the neighbours on the board.
func (g *Game) drawSubmission(dst *ebiten.Image, sub *submission, pot bool, x, y float64) {
	p := g.pal()
	w := float64(sim.ViewW) - x - 6
	for _, msg := range g.submissionLines(sub) {
		for _, line := range render.Wrap(msg, g.size(sizeSmall), w) {
			g.text(dst, line, x, y, sizeSmall, p.accent, render.AlignLeft)
			y += 10
		}
	}
	if sub.state == "stored" {
		// The neighbours: two above and two below the player's best.
		around := sub.reply.Around
		mine := 0
		for i, e := range around {
			if e.Me {
				mine = i
			}
		}
		lo, hi := max(0, mine-2), min(len(around), mine+3)
		g.drawEntries(dst, around[lo:hi], x, y+2, w)
		y += 2 + float64(hi-lo)*(g.size(sizeSmall)+3)
	}
	if total, ok := g.net.pots[sub.level]; pot && ok {
		g.text(dst, g.t("online.world_pot", arg("pot", total)), x, y+2, sizeSmall, p.text, render.AlignLeft)
	}
}

// ---- settings --------------------------------------------------------

type settings struct {
	m    menu
	back scene
}

func (*settings) name() string { return "settings" }

func onOff(g *Game, b bool) string {
	if b {
		return g.t("settings.on")
	}
	return g.t("settings.off")
}

func (s *settings) items(g *Game) []string {
	st := g.saved.Settings
	return []string{
		g.t("settings.volume", arg("n", st.Volume)),
		g.t("settings.textsize", arg("n", st.TextScale)),
		g.t("settings.contrast", arg("on", onOff(g, st.HighContrast))),
		g.t("settings.motion", arg("on", onOff(g, st.ReducedMotion))),
		g.t("settings.pseudonym", arg("pseudonym", g.pseudonym())),
		g.t("settings.keys"),
		g.t("settings.back"),
	}
}

func (s *settings) update(g *Game, in sim.Input, pressed sim.Buttons, pause bool) {
	if pressed&sim.B != 0 || pause {
		g.scene = s.back
		g.save()
		return
	}
	chosen := s.m.move(pressed, 7)
	left, right := pressed&sim.Left != 0, pressed&sim.Right != 0
	st := &g.saved.Settings
	changed := false
	switch s.m.sel {
	case 0:
		if left || right {
			d := 10
			if left {
				d = -10
			}
			st.Volume = max(0, min(100, st.Volume+d))
			if g.audio != nil {
				g.audio.SetVolume(float64(st.Volume) / 100)
				g.audio.Play(sim.Sound{Preset: "blip", Wave: "square", Freq: 880, Decay: 0.06, Volume: 0.4})
			}
			changed = true
		}
	case 1:
		if chosen || left || right {
			st.TextScale = map[int]int{100: 125, 125: 150, 150: 100}[st.TextScale]
			changed = true
		}
	case 2:
		if chosen || left || right {
			st.HighContrast = !st.HighContrast
			changed = true
		}
	case 3:
		if chosen || left || right {
			st.ReducedMotion = !st.ReducedMotion
			changed = true
		}
	case 4:
		if chosen {
			g.scene = newPseudonymEdit(g, s)
		}
	case 5:
		if chosen {
			g.scene = &keys{back: s}
		}
	case 6:
		if chosen {
			g.scene = s.back
		}
	}
	if changed || g.scene == s.back {
		g.save()
	}
}

func (s *settings) draw(g *Game, dst *ebiten.Image) {
	p := g.pal()
	dst.Fill(p.bg)
	g.text(dst, g.t("settings.heading"), sim.ViewW/2, 14, sizeTitle, p.accent, render.AlignCenter)
	g.drawMenu(dst, s.items(g), s.m.sel, 40)
	line := g.statusLine()
	if n := len(g.saved.Online.Outbox); n > 0 && g.net.client != nil && g.net.status != online.Online {
		line += " · " + g.t("online.pending", arg("n", n))
	}
	g.text(dst, line, sim.ViewW/2, 150, sizeSmall, p.dim, render.AlignCenter)
}

// ---- error -----------------------------------------------------------

// failed shows a level's error (level, file, line, message) with a way back.
type failed struct {
	lvlTitle string
	err      error
}

func (*failed) name() string { return "error" }

func (s *failed) update(g *Game, in sim.Input, pressed sim.Buttons, pause bool) {
	if pressed&(sim.A|sim.B) != 0 || pause {
		g.scene = &levelSelect{}
	}
}

func (s *failed) draw(g *Game, dst *ebiten.Image) {
	p := g.pal()
	dst.Fill(p.bg)
	g.text(dst, g.t("error.heading"), sim.ViewW/2, 12, sizeBody+1, p.accent, render.AlignCenter)
	g.text(dst, s.lvlTitle, sim.ViewW/2, 28, sizeSmall, p.dim, render.AlignCenter)
	y := 46.0
	for _, line := range render.Wrap(s.err.Error(), g.size(sizeSmall), sim.ViewW-20) {
		if y > 120 {
			break
		}
		g.text(dst, line, 10, y, sizeSmall, p.text, render.AlignLeft)
		y += 11
	}
	for i, line := range render.Wrap(g.t("error.hint"), g.size(sizeSmall), sim.ViewW-20) {
		g.text(dst, line, sim.ViewW/2, 132+float64(i)*11, sizeSmall, p.dim, render.AlignCenter)
	}
	g.drawMenu(dst, []string{g.t("error.back")}, 0, 160)
}
