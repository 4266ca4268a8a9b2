package game

import (
	"fmt"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/communs-arcade/arcade/engine/render"
	"github.com/communs-arcade/arcade/engine/sim"
	"github.com/communs-arcade/arcade/game/online"
	"github.com/communs-arcade/arcade/server/protocol"
)

// leaderboard shows a level's top 10 and the entries around the player's
// best, kept live while it is open (watch, record pushes). Left and right
// go to the other levels.
type leaderboard struct {
	items []boardItem
	index int // in items
	back  scene
}

// boardItem is a level the leaderboard scene can show.
type boardItem struct {
	id, title string
	pot       bool
}

func (*leaderboard) name() string { return "board" }

// newLeaderboard shows the boards of the campaign, from its index-th level.
func newLeaderboard(g *Game, index int, back scene) *leaderboard {
	levels := g.campaign()
	items := make([]boardItem, len(levels))
	for i, l := range levels {
		items[i] = boardItem{id: l.Manifest.ID, title: g.levelTitle(&l.Manifest), pot: l.Manifest.Pot}
	}
	return newBoard(g, items, index, back)
}

// newBoard shows the boards of items, from the index-th.
func newBoard(g *Game, items []boardItem, index int, back scene) *leaderboard {
	s := &leaderboard{items: items, index: index, back: back}
	g.openBoard(items[index].id)
	return s
}

func (s *leaderboard) update(g *Game, in sim.Input, pressed sim.Buttons, pause bool) {
	if pressed&(sim.A|sim.B) != 0 || pause {
		g.closeBoard()
		g.scene = s.back
		return
	}
	n := len(s.items)
	switch {
	case pressed&sim.Left != 0:
		s.index = (s.index + n - 1) % n
	case pressed&sim.Right != 0:
		s.index = (s.index + 1) % n
	default:
		return
	}
	g.openBoard(s.items[s.index].id)
}

func (s *leaderboard) draw(g *Game, dst *ebiten.Image) {
	p := g.pal()
	dst.Fill(p.bg)
	lvl := s.items[s.index]
	pg := g.newPage(dst)
	pg.head(g.t("board.heading"), sizeBody+2, p.accent)
	title := lvl.title
	if len(s.items) > 1 {
		title = "◄ " + title + " ►"
	}
	pg.head(title, sizeSmall, p.text)
	pg.foot(g.t("board.hint"), sizeSmall, p.dim)
	b := g.net.board
	mid := (pg.top + pg.bottom) / 2
	if g.net.client == nil || g.net.status != online.Online && (b == nil || !b.loaded) {
		g.text(dst, g.statusLine(), sim.ViewW/2, mid, sizeSmall, p.dim, render.AlignCenter)
		return
	}
	if b == nil || !b.loaded {
		g.text(dst, g.t("board.loading"), sim.ViewW/2, mid, sizeSmall, p.dim, render.AlignCenter)
		return
	}
	if pot, ok := g.net.pots[lvl.id]; ok && lvl.pot {
		pg.foot(g.t("online.world_pot", arg("pot", pot)), sizeSmall, p.accent)
	}
	// Two columns: the top 10 on the left, around the player on the right.
	top := pg.top
	g.text(dst, g.t("board.top"), 8, top, sizeSmall, p.text, render.AlignLeft)
	g.text(dst, g.t("board.players", arg("n", b.total)), sim.ViewW-8, top, sizeSmall, p.dim, render.AlignRight)
	pg.top += g.lineH(sizeSmall) + 2
	rows := pg.rows(g.lineH(sizeSmall) + 1)
	if len(b.top) == 0 {
		g.text(dst, g.t("board.empty"), 8, pg.top, sizeSmall, p.dim, render.AlignLeft)
	}
	g.drawEntries(dst, b.top[:min(rows, len(b.top))], 8, pg.top, 148)
	// The right column's heading sits below the player count when both
	// would not fit on one line.
	right, aroundY := 172.0, pg.top
	if w, _ := render.MeasureText(g.t("board.around")+"  "+g.t("board.players", arg("n", b.total)), g.size(sizeSmall)); w > sim.ViewW-8-right {
		g.text(dst, g.t("board.around"), right, pg.top, sizeSmall, p.text, render.AlignLeft)
		aroundY += g.lineH(sizeSmall) + 1
		rows--
	} else {
		g.text(dst, g.t("board.around"), right, top, sizeSmall, p.text, render.AlignLeft)
	}
	if b.unranked || len(b.around) == 0 {
		g.text(dst, g.t("board.unranked"), right, aroundY, sizeSmall, p.dim, render.AlignLeft)
	} else {
		g.drawEntries(dst, b.around[:min(max(0, rows), len(b.around))], right, aroundY, 140)
	}
}

// drawEntries lists entries from (x, y) in a column w wide: rank and
// pseudonym on the left, score on the right; the player's own in accent.
func (g *Game) drawEntries(dst *ebiten.Image, es []protocol.Entry, x, y, w float64) {
	p := g.pal()
	step := g.lineH(sizeSmall) + 1
	for i, e := range es {
		if i == 10 {
			break
		}
		c := p.dim
		if e.Me {
			c = p.accent
		}
		yy := y + float64(i)*step
		score := fmt.Sprint(e.Score)
		sw, _ := render.MeasureText(score, g.size(sizeSmall))
		g.text(dst, g.fit(fmt.Sprintf("%d. %s", e.Rank, e.Pseudonym), sizeSmall, w-sw-4), x, yy, sizeSmall, c, render.AlignLeft)
		g.text(dst, score, x+w, yy, sizeSmall, c, render.AlignRight)
	}
}
