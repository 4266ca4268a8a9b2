package game

import (
	"fmt"
	"image"
	"slices"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/communs-arcade/arcade/engine/render"
	"github.com/communs-arcade/arcade/engine/sim"
	"github.com/communs-arcade/arcade/game/community"
	"github.com/communs-arcade/arcade/game/online"
	"github.com/communs-arcade/arcade/server/protocol/api"
)

// ---- title -------------------------------------------------------------

type title struct{ m menu }

func (*title) name() string { return "title" }

func (s *title) update(g *Game, in sim.Input, pressed sim.Buttons, pause bool) {
	if !s.m.move(pressed, 5) {
		// Left and right on the language line switch language at once.
		if s.m.sel == 4 && pressed&(sim.Left|sim.Right) != 0 {
			g.nextLanguage()
		}
		return
	}
	g.notice = ""
	switch s.m.sel {
	case 0:
		g.scene = &levelSelect{}
	case 1:
		g.scene = newCommunityList()
	case 2:
		if g.class != nil {
			g.scene = &classHome{}
		} else {
			g.scene = newClassJoin(g, "")
		}
	case 3:
		g.scene = &settings{back: s}
	case 4:
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
	class := g.t("title.class")
	if g.class != nil {
		class = g.t("title.my_class", arg("code", g.class.code))
	}
	items := []string{g.t("title.start"), g.t("title.community"), class, g.t("title.settings"), g.t("title.language")}
	pg := g.newPage(dst)
	hint := g.t("title.hint")
	if g.input.TouchActive() {
		hint = g.t("title.hint_touch")
	}
	pg.foot(hint, sizeSmall, p.dim)
	if g.notice != "" {
		pg.para(g.notice, sizeSmall, p.accent, 3)
	}
	// The title a little down the screen when there is room; the tagline
	// only when the menu still fits whole below it.
	menuH := float64(len(items)) * g.menuStep()
	titleH, tagH := g.lineH(sizeTitle)+2, pg.height(g.t("title.tagline"), sizeSmall)+2
	pg.top += max(0, min(30, (pg.bottom-pg.top-menuH-titleH-tagH)/3))
	pg.head(g.t("title.name"), sizeTitle, p.accent)
	if pg.top+tagH+menuH <= pg.bottom {
		pg.head(g.t("title.tagline"), sizeSmall, p.text)
	}
	pg.top += 4
	pg.menu(items, s.m.sel)
}

// ---- level select ----------------------------------------------------

type levelSelect struct {
	m      menu
	placed bool // the selection is where the player left it (Game.selectPos)
	// In a class, its community levels follow the built-in ones (see
	// classCommunity): asked once, with the class's levels.
	asked bool
	call  *community.Call[api.ClassLevels]
	known *api.ClassLevels
}

func (*levelSelect) name() string { return "select" }

func (s *levelSelect) update(g *Game, in sim.Input, pressed sim.Buttons, pause bool) {
	if pressed&sim.B != 0 || pause {
		g.scene = &title{}
		if g.inClass() {
			g.scene = &classHome{}
		}
		return
	}
	s.askClass(g)
	s.place(g)
	defer func() { g.selectPos = s.m.sel }()
	list := g.selectable()
	comm := s.classCommunity(g)
	if pressed&sim.Right != 0 && s.m.sel < len(list) && g.publicRuns() {
		g.scene = newLeaderboard(g, slices.Index(g.campaign(), list[s.m.sel]), s)
		return
	}
	if !s.m.move(pressed, len(list)+len(comm)) {
		return
	}
	if s.m.sel >= len(list) {
		if l := comm[s.m.sel-len(list)]; !g.levelLocked(l.ID) {
			g.scene = newCommunityLevel(g, l.ID, nil, s)
		}
		return
	}
	if !g.levelLocked(list[s.m.sel].Manifest.ID) {
		g.scene = g.openBuiltin(list[s.m.sel])
	}
}

// place puts the selection where the player last left the level select.
func (s *levelSelect) place(g *Game) {
	if !s.placed {
		s.m.sel, s.placed = g.selectPos, true
	}
}

func (s *levelSelect) draw(g *Game, dst *ebiten.Image) {
	s.place(g)
	p := g.pal()
	dst.Fill(p.bg)
	heading := g.t("select.heading")
	if g.inClass() {
		heading = g.t("class.select_heading", arg("name", g.class.name))
	}
	pg := g.newPage(dst)
	pg.head(heading, sizeBody+2, p.accent)
	levels := g.selectable()
	comm := s.classCommunity(g)
	n := len(levels) + len(comm)
	s.m.sel = min(s.m.sel, max(0, n-1))
	if n > 0 {
		// The selected level's summary in a box at the bottom.
		summary := ""
		if s.m.sel < len(levels) {
			summary = g.levelSummary(&levels[s.m.sel].Manifest)
		} else if l := comm[s.m.sel-len(levels)]; l.Author != "" {
			summary = g.t("community.by", arg("author", l.Author))
		}
		// Room for a whole summary: three lines at 100 %, four at the
		// larger text sizes (where the list scrolls a little sooner). The
		// box keeps its height from level to level, so the list does not
		// move as the selection does.
		lh := g.lineH(sizeSmall)
		boxLines := 3
		if g.saved.Settings.TextScale > 100 {
			boxLines = 4
		}
		boxH := float64(boxLines)*lh + 6
		top := pg.bottom - boxH
		render.DrawBox(dst, 6, top, sim.ViewW-12, boxH, render.BoxStyle{Fill: p.panel, Border: p.dim})
		width := float64(sim.ViewW - 24)
		lines := g.clampLines(render.Wrap(summary, g.size(sizeSmall), width), boxLines, sizeSmall, width)
		for i, line := range lines {
			g.text(dst, line, 12, top+3+float64(i)*lh, sizeSmall, p.text, render.AlignLeft)
		}
		pg.bottom = top - 2
	}
	pg.foot(g.t("select.hint"), sizeSmall, p.dim)
	// A window of the list around the selection.
	step := g.lineH(sizeBody) + 1
	room := pg.rows(step)
	first := window(n, room, s.m.sel)
	for i := first; i < n && i < first+room; i++ {
		y := pg.top + float64(i-first)*step
		// A tap on a row plays it (its line, touching the next).
		g.addTarget(image.Rect(6, int(y-1), sim.ViewW-6, int(y-1+step)), menuPresses(i-s.m.sel)...)
		if i >= len(levels) {
			s.drawCommunity(g, dst, comm[i-len(levels)], i, y)
			continue
		}
		lvl := levels[i]
		c := p.dim
		if i == s.m.sel {
			c = p.accent
		}
		status := g.t("select.new")
		if b, ok := g.saved.Best[lvl.Manifest.ID]; ok {
			status = g.t("select.best", arg("score", b.Score))
			if b.Won {
				status = g.t("select.won") + " · " + status
			}
		}
		if g.levelLocked(lvl.Manifest.ID) {
			status = g.t("class.locked")
			if i != s.m.sel {
				c = p.panel
			}
		}
		g.drawRow(dst, fmt.Sprintf("%d. %s", i+1, g.levelTitle(&lvl.Manifest)), status, i == s.m.sel, y, c)
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
	// The device opens a tick after the player arrives, in time for the
	// volume's blip.
	g.sound()
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
		if chosen || right {
			st.TextScale = map[int]int{100: 125, 125: 150, 150: 100}[st.TextScale]
			changed = true
		} else if left {
			st.TextScale = map[int]int{100: 150, 125: 100, 150: 125}[st.TextScale]
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
	pg := g.newPage(dst)
	pg.head(g.t("settings.heading"), sizeTitle, p.accent)
	line := g.statusLine()
	if n := len(g.saved.Online.Outbox); n > 0 && g.net.client != nil && g.net.status != online.Online {
		line += " · " + g.t("online.pending", arg("n", n))
	}
	pg.foot(line, sizeSmall, p.dim)
	pg.menu(s.items(g), s.m.sel)
}

// ---- error -----------------------------------------------------------

// failed shows a level's error (level, file, line, message) with a way back.
type failed struct {
	lvlTitle string
	err      error
	back     scene // nil: the level select
	// waiting is set while a watched level does not load: the error
	// stays until the next save reloads it.
	waiting bool
}

func (*failed) name() string { return "error" }

func (s *failed) update(g *Game, in sim.Input, pressed sim.Buttons, pause bool) {
	if s.waiting {
		return
	}
	if pressed&(sim.A|sim.B) != 0 || pause {
		g.scene = s.back
		if s.back == nil {
			g.scene = &levelSelect{}
		}
	}
}

func (s *failed) draw(g *Game, dst *ebiten.Image) {
	p := g.pal()
	dst.Fill(p.bg)
	pg := g.newPage(dst)
	pg.head(g.t("error.heading"), sizeBody+1, p.accent)
	pg.head(s.lvlTitle, sizeSmall, p.dim)
	pg.bottom -= g.menuStep()
	g.drawMenuAt(dst, []string{g.t("error.back")}, 0, sim.ViewW/2, pg.bottom+2)
	pg.bottom -= 2
	pg.foot(g.t("error.hint"), sizeSmall, p.dim)
	// The error itself, in the room left (the whole of it is in the log).
	pg.top += 4
	pg.para(s.err.Error(), sizeSmall, p.text, max(1, int((pg.bottom-pg.top)/g.lineH(sizeSmall))))
}
