package game

import (
	"image"
	"strconv"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/communs-arcade/arcade/engine/level"
	"github.com/communs-arcade/arcade/engine/render"
	"github.com/communs-arcade/arcade/engine/sim"
	"github.com/communs-arcade/arcade/game/community"
	"github.com/communs-arcade/arcade/server/protocol/api"
)

// communityLevel is one community level's card: title, author, remix,
// summary, ratings, plays, best, languages; Play downloads its package (or
// takes the one kept on the device) and plays it. A link /l/<id> opens the
// game here.
type communityLevel struct {
	m      menu
	ref    string // id or id@version
	lvl    *api.Level
	back   scene
	detail *community.Call[api.LevelDetail]
	dl     *community.Call[[]byte]
	err    error
	kept   string // what became of the package on the device: "", kept, not_kept
}

func (*communityLevel) name() string { return "community-level" }

// newCommunityLevel opens a level's card: lvl as listed, or nil to ask the
// server (a link).
func newCommunityLevel(g *Game, ref string, lvl *api.Level, back scene) *communityLevel {
	s := &communityLevel{ref: ref, lvl: lvl, back: back}
	if lvl == nil {
		s.load(g)
	}
	return s
}

func (s *communityLevel) load(g *Game) {
	s.err = nil
	if g.comm.client == nil {
		s.fromCache(g, &community.Error{Code: "no_server"})
		return
	}
	s.detail = g.comm.client.Level(s.ref)
}

// fromCache finds the level among those kept, when the server cannot say.
func (s *communityLevel) fromCache(g *Game, err error) {
	id, version := s.ref, ""
	if i := strings.IndexByte(s.ref, '@'); i >= 0 {
		id, version = s.ref[:i], s.ref[i+1:]
	}
	for _, e := range g.comm.cache.Index().Entries {
		if e.Level.ID == id && (version == "" || version == strconv.Itoa(e.Level.Version)) {
			l := e.Level
			s.lvl = &l
			return
		}
	}
	s.err = err
}

func (s *communityLevel) update(g *Game, in sim.Input, pressed sim.Buttons, pause bool) {
	if s.detail != nil {
		if d, err, ok := s.detail.Result(); ok {
			s.detail = nil
			if err != nil {
				s.fromCache(g, err)
			} else {
				s.lvl = &d.Level
			}
		}
	}
	if s.dl != nil {
		if data, err, ok := s.dl.Result(); ok {
			s.dl = nil
			if err == nil {
				s.start(g, data, true)
			} else {
				s.err = err
			}
		}
		return
	}
	if s.lvl != nil {
		g.comm.selected, g.comm.card = s.lvl.ID, s.lvl
	}
	if pressed&sim.B != 0 || pause {
		g.comm.card = nil
		g.scene = s.back
		return
	}
	if !s.m.move(pressed, 3) {
		return
	}
	switch s.m.sel {
	case 0:
		s.play(g)
	case 1:
		if s.lvl != nil {
			g.scene = newBoard(g, []boardItem{{id: s.lvl.ID, title: g.apiText(s.lvl.Title)}}, 0, s)
		}
	case 2:
		g.scene = s.back
	}
}

// play starts the level from the package kept, or downloads it.
func (s *communityLevel) play(g *Game) {
	if s.lvl == nil {
		if s.detail == nil {
			s.load(g)
		}
		return
	}
	s.err = nil
	if data := g.comm.cache.Get(s.lvl.Hash); data != nil {
		s.start(g, data, false)
		return
	}
	if g.comm.client == nil {
		s.err = &community.Error{Code: "no_server"}
		return
	}
	s.dl = g.comm.client.Package(s.lvl.Package)
}

// start checks a package against the listing, keeps it if it is new and
// plays it.
func (s *communityLevel) start(g *Game, data []byte, fresh bool) {
	lvl, err := community.Load(data, s.lvl.Hash)
	if err != nil {
		s.err = err
		return
	}
	if fresh {
		s.kept = "kept"
		if _, err := g.comm.cache.Put(*s.lvl, data); err != nil {
			s.kept = "not_kept"
		}
	}
	lvl.Path = s.lvl.URL
	g.scene = newCommunityPlay(g, lvl, *s.lvl, s)
}

func (s *communityLevel) draw(g *Game, dst *ebiten.Image) {
	p := g.pal()
	dst.Fill(p.bg)
	y := 6.0
	if s.lvl == nil {
		msg := g.t("community.loading")
		if s.err != nil {
			msg = g.communityError(s.err)
		}
		for i, line := range render.Wrap(msg, g.size(sizeSmall), sim.ViewW-24) {
			g.text(dst, line, sim.ViewW/2, 70+float64(i)*11, sizeSmall, p.dim, render.AlignCenter)
		}
		g.drawMenu(dst, []string{g.t("community.retry"), "", g.t("community.back")}, s.m.sel, 120)
		return
	}
	l := *s.lvl
	for _, line := range render.Wrap(g.apiText(l.Title), g.size(sizeTitle), sim.ViewW-16) {
		g.text(dst, line, sim.ViewW/2, y, sizeTitle, p.accent, render.AlignCenter)
		y += g.size(sizeTitle) + 2
	}
	byline, summary, facts := g.levelLines(l)
	lineH := g.size(sizeSmall) + 2
	for _, line := range render.Wrap(byline, g.size(sizeSmall), sim.ViewW-16) {
		g.text(dst, line, sim.ViewW/2, y, sizeSmall, p.dim, render.AlignCenter)
		y += lineH
	}
	y += 3
	for i, line := range render.Wrap(summary, g.size(sizeSmall), sim.ViewW-24) {
		if i < 3 {
			g.text(dst, line, sim.ViewW/2, y, sizeSmall, p.text, render.AlignCenter)
			y += lineH
		}
	}
	y += 3
	g.text(dst, g.ratingText(l.Rating, l.Ratings), sim.ViewW/2, y, sizeSmall, p.text, render.AlignCenter)
	y += lineH
	for _, line := range render.Wrap(facts, g.size(sizeSmall), sim.ViewW-16) {
		g.text(dst, line, sim.ViewW/2, y, sizeSmall, p.dim, render.AlignCenter)
		y += lineH
	}
	status := ""
	switch {
	case s.dl != nil:
		status = g.t("community.downloading", arg("kb", (l.Size+1023)/1024))
	case s.err != nil:
		status = g.communityError(s.err)
	case s.kept == "kept":
		status = g.t("community.kept")
	case s.kept == "not_kept":
		status = g.t("community.not_kept")
	}
	menuY := sim.ViewH - 3*g.menuStep() - 4
	if status != "" {
		for i, line := range render.Wrap(status, g.size(sizeSmall), sim.ViewW-16) {
			if i < 2 {
				g.text(dst, line, sim.ViewW/2, menuY-2*lineH-2+float64(i)*lineH, sizeSmall, p.accent, render.AlignCenter)
			}
		}
	}
	g.drawMenu(dst, []string{g.t("community.play"), g.t("results.board"), g.t("community.back")}, s.m.sel, menuY)
}

// newCommunityPlay plays a community level; quitting goes back to back.
func newCommunityPlay(g *Game, lvl *level.Level, meta api.Level, back scene) scene {
	sc := newPlay(g, lvl)
	switch p := sc.(type) {
	case *play:
		p.comm, p.back = &meta, back
	case *failed:
		p.back = back
	}
	return sc
}

// ---- rating and reporting ------------------------------------------------

// Report reasons, in the order the report screen cycles them.
var reportReasons = []string{api.ReasonBroken, api.ReasonHate, api.ReasonHarassment, api.ReasonPersonalData, api.ReasonIllegal, api.ReasonOther}

// feedback lets a player who finished a community level rate it (1 to 5
// stars, left and right) and report it (a reason, a short note). The
// server answers in words below: it takes a rating or a report only once
// it has verified a run of the player on that level.
type feedback struct {
	m      menu
	lvl    api.Level
	back   scene
	stars  int
	reason int
	note   textEntry
	rate   *community.Call[api.Rated]
	report *community.Call[struct{}]
	answer string // the last answer in words
	ok     bool
}

// Rows of the feedback screen.
const (
	fbStars = iota
	fbReason
	fbNote
	fbSend
	fbBack
	fbRows
)

func newFeedback(g *Game, lvl api.Level, back scene) *feedback {
	stars := lvl.MyRating
	if stars == 0 {
		stars = 5
	}
	g.comm.answer = ""
	return &feedback{lvl: lvl, back: back, stars: stars, note: textEntry{max: 140}}
}

func (*feedback) name() string { return "feedback" }

func (s *feedback) update(g *Game, in sim.Input, pressed sim.Buttons, pause bool) {
	if s.rate != nil {
		if r, err, ok := s.rate.Result(); ok {
			s.rate = nil
			s.answered(g, err)
			if err == nil {
				s.answer = g.t("feedback.rated", arg("rating", g.ratingText(r.Rating, r.Ratings)))
				s.lvl.Rating, s.lvl.Ratings, s.lvl.MyRating = r.Rating, r.Ratings, r.Mine
			}
		}
	}
	if s.report != nil {
		if _, err, ok := s.report.Result(); ok {
			s.report = nil
			s.answered(g, err)
			if err == nil {
				s.answer = g.t("feedback.reported")
				s.note.text = nil
			}
		}
	}
	if s.note.active {
		s.note.update(g, pressed, pause)
		return
	}
	if pressed&sim.B != 0 || pause {
		g.scene = s.back
		return
	}
	left, right := pressed&sim.Left != 0, pressed&sim.Right != 0
	switch s.m.sel {
	case fbStars:
		if left {
			s.stars = max(1, s.stars-1)
		}
		if right {
			s.stars = min(5, s.stars+1)
		}
	case fbReason:
		n := len(reportReasons)
		if left {
			s.reason = (s.reason + n - 1) % n
		}
		if right {
			s.reason = (s.reason + 1) % n
		}
	}
	if !s.m.move(pressed, fbRows) {
		return
	}
	busy := s.rate != nil || s.report != nil
	switch s.m.sel {
	case fbStars:
		if !busy && g.comm.client != nil {
			s.answer, s.rate = g.t("feedback.sending"), g.comm.client.Rate(s.lvl.ID, s.stars)
		} else if g.comm.client == nil {
			s.answered(g, &community.Error{Code: "no_server"})
		}
	case fbNote:
		s.note.open()
	case fbSend:
		if !busy && g.comm.client != nil {
			s.answer, s.report = g.t("feedback.sending"), g.comm.client.Report(s.lvl.ID, reportReasons[s.reason], s.note.String())
		} else if g.comm.client == nil {
			s.answered(g, &community.Error{Code: "no_server"})
		}
	case fbBack:
		g.scene = s.back
	}
}

// answered notes the server's answer; the caller words a success.
func (s *feedback) answered(g *Game, err error) {
	s.ok = err == nil
	g.comm.answer = "ok"
	if err != nil {
		g.comm.answer = community.CodeOf(err)
		if g.comm.client == nil {
			g.comm.answer = "no_server"
		}
		s.answer = g.communityError(err)
	}
}

func (s *feedback) draw(g *Game, dst *ebiten.Image) {
	p := g.pal()
	dst.Fill(p.bg)
	g.text(dst, g.t("feedback.heading"), sim.ViewW/2, 4, sizeBody+2, p.accent, render.AlignCenter)
	g.text(dst, g.fit(g.apiText(s.lvl.Title), sizeSmall, sim.ViewW-16), sim.ViewW/2, 20, sizeSmall, p.dim, render.AlignCenter)
	stars := ""
	for i := 1; i <= 5; i++ {
		if i <= s.stars {
			stars += "●"
		} else {
			stars += "○"
		}
	}
	items := []string{
		g.t("feedback.rate", arg("stars", stars), arg("n", s.stars)),
		g.t("feedback.reason", arg("reason", g.t("feedback.reason_"+reportReasons[s.reason]))),
		"",
		g.t("feedback.send_report"),
		g.t("community.back"),
	}
	y := 36.0
	step := g.menuStep()
	for i, it := range items {
		c := p.dim
		if i == s.m.sel {
			c = p.accent
		}
		if i == fbNote {
			r := s.note.drawField(g, dst, g.t("feedback.note"), 30, y-1, sim.ViewW-60, s.m.sel == fbNote)
			g.addTarget(r, menuPresses(i-s.m.sel)...)
			y += step + 2
			continue
		}
		// A tap on a line chooses it; on the stars or the reason, its
		// thirds lower, choose, or raise them.
		row := image.Rect(24, int(y-2), sim.ViewW-24, int(y-2+step))
		if i == fbStars || i == fbReason {
			g.addChoiceTargets(row, i-s.m.sel)
		} else {
			g.addTarget(row, menuPresses(i-s.m.sel)...)
		}
		if i == s.m.sel {
			it = "► " + it
			if i == fbStars || i == fbReason {
				it += " ◄►"
			}
		}
		g.text(dst, it, sim.ViewW/2, y, sizeBody, c, render.AlignCenter)
		y += step
		if i == fbStars {
			y += 4 // the report below is another matter
		}
	}
	c := p.accent
	if !s.ok {
		c = p.text
	}
	for i, line := range render.Wrap(s.answer, g.size(sizeSmall), sim.ViewW-24) {
		if i < 3 {
			g.text(dst, line, sim.ViewW/2, y+6+float64(i)*(g.size(sizeSmall)+2), sizeSmall, c, render.AlignCenter)
		}
	}
	hint := g.t("feedback.hint")
	if s.note.active {
		hint = g.t("community.typing_hint")
	}
	g.text(dst, hint, sim.ViewW/2, sim.ViewH-g.size(sizeSmall)-2, sizeSmall, p.dim, render.AlignCenter)
	s.note.drawKeyboard(g, dst)
}
