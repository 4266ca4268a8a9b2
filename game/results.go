package game

import (
	"image/color"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/communs-arcade/arcade/engine/render"
	"github.com/communs-arcade/arcade/engine/sim"
)

// results is the screen after a run: the outcome and score on top, the
// online rank in a column on the right (with a server), and a card of
// pages with what the player learned (the quiz explanations) and where to
// learn more (the level's sources). The card turns pages with ← and →, so
// nothing is ever cut however long the texts or large the text size; the
// menu stays below it.
type results struct {
	m       menu
	page    int
	play    *play
	newBest bool
}

func (*results) name() string { return "results" }

func (s *results) update(g *Game, in sim.Input, pressed sim.Buttons, pause bool) {
	n := len(s.pages(g, s.layout(g)))
	switch {
	case pressed&sim.Left != 0:
		s.page = max(0, s.page-1)
	case pressed&sim.Right != 0:
		s.page = min(n-1, s.page+1)
	}
	items := s.items(g)
	if !s.m.move(pressed, len(items)) {
		return
	}
	switch items[s.m.sel] {
	case "results.again":
		g.scene = s.play.again(g)
	case "results.feedback":
		g.scene = newFeedback(g, *s.play.comm, s)
	case "results.community":
		g.scene = s.play.quit()
	case "results.board":
		if c := s.play.comm; c != nil {
			g.scene = newBoard(g, []boardItem{{id: c.ID, title: g.apiText(c.Title)}}, 0, s)
			return
		}
		for i, l := range g.campaign() {
			if l.lvl == s.play.lvl {
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

// items are the menu's catalogue keys: a community level's results add
// rating and reporting, and go back to the community.
func (s *results) items(g *Game) []string {
	if s.play.comm != nil {
		return []string{"results.again", "results.board", "results.feedback", "results.community"}
	}
	return []string{"results.again", "results.board", "results.next"}
}

// resultsLayout is where the results' parts go, in view pixels. Every
// position follows from the text size, so a larger text moves things
// instead of overlapping them.
type resultsLayout struct {
	card         rect    // the pages of explanations and sources
	column       rect    // the online column; zero without a server
	menuX, menuY float64 // the menu's centre and first line
	lineH        float64 // a line of the card
	rows         int     // lines on one page of the card
}

type rect struct{ x, y, w, h float64 }

const (
	cardPad   = 4 // inside the card's border
	urlIndent = 8 // a source's address, under its title
)

func (s *results) layout(g *Game) resultsLayout {
	return s.layoutFor(g, g.net.client != nil && g.net.last != nil)
}

// layoutFor lays the screen out with or without the online column.
func (s *results) layoutFor(g *Game, column bool) resultsLayout {
	var l resultsLayout
	// The header: level title, outcome, then score and best on one line.
	top := 4 + g.size(sizeSmall) + 3 + g.size(sizeTitle) + 4 + g.size(sizeBody) + 5
	step := g.menuStep()
	l.menuY = sim.ViewH - float64(len(s.items(g))-1)*step - g.size(sizeBody) - 4
	l.card = rect{6, top, sim.ViewW - 12, l.menuY - 4 - top}
	l.menuX = sim.ViewW / 2
	if column {
		l.column = rect{sim.ViewW - 124, top, 118, l.card.h}
		l.card.w = l.column.x - 4 - l.card.x
		l.menuX = l.card.x + l.card.w/2
	}
	l.lineH = g.size(sizeSmall) + 2
	l.rows = max(2, int((l.card.h-2*cardPad)/l.lineH))
	return l
}

// cardRow is one line of the card.
type cardRow struct {
	text    string
	dim     bool // an address
	heading bool
}

// pages splits what the player learned and the sources into pages of at
// most l.rows lines. Each part starts with its heading, repeated on the
// pages it continues on when a page has room for five lines or more; an
// entry moves whole to the next page when it does not fit, and is cut only
// when it is longer than a page. When both parts fit on one page, they
// share it.
func (s *results) pages(g *Game, l resultsLayout) [][]cardRow {
	width := l.card.w - 2*cardPad
	wrap := func(text string, dim bool) []cardRow {
		var rows []cardRow
		w := width
		if dim {
			w -= urlIndent
		}
		for _, line := range render.Wrap(text, g.size(sizeSmall), w) {
			rows = append(rows, cardRow{text: line, dim: dim})
		}
		return rows
	}
	type part struct {
		heading string
		entries [][]cardRow
	}
	var parts []part
	if len(s.play.learned) > 0 {
		text := g.levelText(s.play.lvl)
		p := part{heading: g.t("results.learned")}
		for _, key := range s.play.learned {
			p.entries = append(p.entries, wrap("• "+text(key, nil), false))
		}
		parts = append(parts, p)
	}
	if srcs := s.play.lvl.Manifest.Sources; len(srcs) > 0 {
		p := part{heading: g.t("results.sources")}
		for _, src := range srcs {
			// The address, readable: a link in a canvas cannot be clicked.
			url := strings.TrimPrefix(strings.TrimPrefix(src.URL, "https://"), "http://")
			p.entries = append(p.entries, append(wrap("• "+src.Title, false), wrap(url, true)...))
		}
		parts = append(parts, p)
	}
	var pages [][]cardRow
	var page []cardRow
	for i, pt := range parts {
		head := cardRow{text: pt.heading, heading: true}
		if i > 0 && len(page) > 0 {
			// Share the page only if the whole part fits after a gap.
			n := 2
			for _, e := range pt.entries {
				n += len(e)
			}
			if len(page)+n <= l.rows {
				page = append(page, cardRow{})
			} else {
				pages, page = append(pages, page), nil
			}
		}
		page = append(page, head)
		// cont is how a page this part continues on starts: small pages
		// keep their lines for the text.
		var cont []cardRow
		if l.rows >= 5 {
			cont = []cardRow{head}
		}
		turn := func() {
			pages = append(pages, page)
			page = append([]cardRow(nil), cont...)
		}
		for _, e := range pt.entries {
			if len(page)+len(e) > l.rows && len(page) > len(cont) && page[len(page)-1] != head {
				turn()
			}
			for _, r := range e {
				if len(page) == l.rows {
					turn()
				}
				page = append(page, r)
			}
		}
	}
	if len(page) > 0 {
		pages = append(pages, page)
	}
	return pages
}

func (s *results) draw(g *Game, dst *ebiten.Image) {
	p := g.pal()
	dst.Fill(p.bg)
	l := s.layout(g)
	r := s.play.sess.Result()
	head := g.t("results.lost")
	if r.Outcome == sim.Won {
		head = g.t("results.won")
	}
	y := 4.0
	g.text(dst, g.levelTitle(&s.play.lvl.Manifest), sim.ViewW/2, y, sizeSmall, p.dim, render.AlignCenter)
	y += g.size(sizeSmall) + 3
	g.text(dst, head, sim.ViewW/2, y, sizeTitle, p.accent, render.AlignCenter)
	y += g.size(sizeTitle) + 4
	// Score and personal best side by side, centred as one line.
	score := g.t("results.score", arg("score", r.Score))
	best := g.t("results.best", arg("best", g.saved.Best[s.play.lvl.Manifest.ID].Score))
	if s.newBest {
		best = g.t("results.newbest")
	}
	const gap = 10
	ws, _ := render.MeasureText(score, g.size(sizeBody))
	wb, _ := render.MeasureText(best, g.size(sizeSmall))
	x := (sim.ViewW - ws - gap - wb) / 2
	g.text(dst, score, x, y, sizeBody, p.text, render.AlignLeft)
	g.text(dst, best, x+ws+gap, y+g.size(sizeBody)-g.size(sizeSmall), sizeSmall, p.dim, render.AlignLeft)

	style := render.BoxStyle{Fill: p.panel, Border: p.dim}
	if c := l.column; c.w > 0 {
		render.DrawBox(dst, c.x, c.y, c.w, c.h, style)
		g.drawSubmission(dst, g.net.last, s.play.lvl.Manifest.Pot, c.x+cardPad, c.y+cardPad, c.y+c.h-cardPad)
	}
	pages := s.pages(g, l)
	if len(pages) > 0 {
		c := l.card
		render.DrawBox(dst, c.x, c.y, c.w, c.h, style)
		page := min(s.page, len(pages)-1)
		for i, row := range pages[page] {
			var clr color.Color = p.text
			x := c.x + cardPad
			if row.dim {
				clr, x = p.dim, x+urlIndent
			}
			g.text(dst, row.text, x, c.y+cardPad+float64(i)*l.lineH, sizeSmall, clr, render.AlignLeft)
		}
		if len(pages) > 1 {
			ind := g.t("results.page", arg("n", page+1), arg("total", len(pages)))
			g.text(dst, ind, sim.ViewW-8, l.menuY+g.menuStep(), sizeSmall, p.accent, render.AlignRight)
		}
	}
	var items []string
	for _, k := range s.items(g) {
		items = append(items, g.t(k))
	}
	g.drawMenuAt(dst, items, s.m.sel, l.menuX, l.menuY)
}

// drawSubmission is the results' online column from (x, y) down to bottom:
// sending, offline, refused, or the rank and the neighbours on the board,
// as many as fit around the player's own line.
func (g *Game) drawSubmission(dst *ebiten.Image, sub *submission, pot bool, x, y, bottom float64) {
	p := g.pal()
	w := float64(sim.ViewW) - x - 10
	for _, msg := range g.submissionLines(sub) {
		for _, line := range render.Wrap(msg, g.size(sizeSmall), w) {
			g.text(dst, line, x, y, sizeSmall, p.accent, render.AlignLeft)
			y += g.size(sizeSmall) + 2
		}
	}
	total, showPot := g.net.pots[sub.level]
	showPot = showPot && pot
	if sub.state == submitStored {
		step := g.size(sizeSmall) + 3
		room := bottom - y - 2
		if showPot {
			room -= g.size(sizeSmall) + 4
		}
		// The neighbours: two above and two below the player's best,
		// fewer when the column is short.
		n := max(1, min(5, int(room/step)))
		around := sub.reply.Around
		mine := 0
		for i, e := range around {
			if e.Me {
				mine = i
			}
		}
		lo := max(0, min(mine-(n-1)/2, len(around)-n))
		hi := min(len(around), lo+n)
		g.drawEntries(dst, around[lo:hi], x, y+2, w)
		y += 2 + float64(hi-lo)*step
	}
	if showPot {
		g.text(dst, g.t("online.world_pot", arg("pot", total)), x, y+2, sizeSmall, p.text, render.AlignLeft)
	}
}
