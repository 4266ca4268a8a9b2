package game

import (
	"errors"
	"image"
	"slices"
	"strconv"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/communs-arcade/arcade/engine/render"
	"github.com/communs-arcade/arcade/engine/sim"
	"github.com/communs-arcade/arcade/game/community"
	"github.com/communs-arcade/arcade/server/protocol/api"
	"github.com/communs-arcade/arcade/wasm/bridge"
)

// communityView is what the game keeps of the community levels: the
// API's client and the packages kept on the device. Requests run on their
// own goroutines; scenes poll their Calls in update.
type communityView struct {
	client *community.Client // nil: no server
	cache  *community.Cache  // nil: nothing kept (no storage)
	// shown and selected are what the Community screen shows, for the
	// page's testing interface; answer is the code of the last rating or
	// report ("ok" when accepted).
	shown    []string
	selected string
	answer   string
	card     *api.Level // the level whose card is open (state().community.card)
}

// startCommunity makes the API client for the server at addr ("" keeps
// the game offline) and the package cache.
func (g *Game) startCommunity(addr string, token []byte) error {
	if g.opts.Store != nil {
		g.comm.cache = community.NewCache(g.opts.Store, packageCacheLimit, packageCacheText)
	}
	if addr == "" {
		return nil
	}
	base, err := community.BaseURL(addr)
	if err != nil {
		return err
	}
	g.comm.client = community.New(base, token, g.opts.CommunityTransport)
	return nil
}

// communityState is the community part of State.
func (g *Game) communityState() *bridge.Community {
	c := &bridge.Community{Shown: slices.Clone(g.comm.shown), Selected: g.comm.selected, Answer: g.comm.answer}
	if l := g.comm.card; l != nil {
		c.Card = &bridge.CommunityCard{ID: l.ID, Version: l.Version, Plays: l.Plays, Rating: l.Rating, Ratings: l.Ratings}
	}
	return c
}

// tn is t for a count: key_one or key_other by the language's rule, with
// {n} filled in.
func (g *Game) tn(key string, n int64, args ...sim.Arg) string {
	one := n == 1
	if g.lang() == "fr" {
		one = n == 0 || n == 1 // French: 0 and 1 are singular
	}
	form := "_other"
	if one {
		form = "_one"
	}
	return g.t(key+form, append(args, arg("n", n))...)
}

// apiText picks the player's language, else the other.
func (g *Game) apiText(t api.Text) string {
	if g.lang() == "en" && t.EN != "" || t.FR == "" {
		return t.EN
	}
	return t.FR
}

// ratingText is "●●●●○ 4.2 (12 ratings)", or "no ratings yet".
func (g *Game) ratingText(rating float64, ratings int) string {
	if ratings == 0 {
		return g.t("community.unrated")
	}
	full := max(0, min(5, int(rating+0.5)))
	r := strconv.FormatFloat(rating, 'f', 1, 64)
	if g.lang() == "fr" {
		r = strings.Replace(r, ".", ",", 1)
	}
	return strings.Repeat("●", full) + strings.Repeat("○", 5-full) + " " + g.tn("community.ratings", int64(ratings), arg("rating", r))
}

// communityError says in words what went wrong with a request.
func (g *Game) communityError(err error) string {
	code := community.CodeOf(err)
	if g.comm.client == nil {
		code = "no_server"
	}
	key := "community.err." + code
	if _, ok := g.cats[g.lang()][key]; ok {
		return g.t(key)
	}
	return g.t("community.err.other", arg("code", code))
}

// languageNames lists a level's languages in words.
func (g *Game) languageNames(langs []string) string {
	var out []string
	for _, l := range langs {
		key := "community.lang_" + l
		if _, ok := g.cats[g.lang()][key]; ok {
			out = append(out, g.t(key))
		} else {
			out = append(out, l)
		}
	}
	return strings.Join(out, ", ")
}

// ---- the Community screen -----------------------------------------------

// Sort orders the Community screen offers, in the order it cycles them.
var communitySorts = []string{api.SortNew, api.SortTop, api.SortPlayed}

// communityPerPage is how many levels a page of the Community screen
// holds.
const communityPerPage = 8

// Rows of the Community screen before its levels.
const (
	rowSearch = iota
	rowTag
	rowSort
	rowLevels
)

// communityList is the Community screen: a search box, a tag, a sort
// order, and a page of levels. Up and down move between them, left and
// right change the tag or the sort, or turn the page on the levels; A
// types in the search box or opens a level; B goes back.
type communityList struct {
	m      menu
	search textEntry
	tag    int // in tags(); 0: every tag
	sort   int // in communitySorts
	page   int // from 1
	call   *community.Call[api.LevelPage]
	result *api.LevelPage
	err    error
	kept   bool // offline: the levels shown are those kept on the device
	asked  bool
}

func newCommunityList() *communityList {
	return &communityList{page: 1, search: textEntry{max: 40}}
}

func (*communityList) name() string { return "community" }

// tags are the filter's choices: every tag of the built-in levels, then
// any other tag of the page shown.
func (s *communityList) tags(g *Game) []string {
	var out []string
	for _, l := range g.campaign() {
		out = append(out, l.Manifest.Tags...)
	}
	slices.Sort(out)
	out = slices.Compact(out)
	if s.result != nil {
		for _, l := range s.result.Levels {
			for _, t := range l.Tags {
				if !slices.Contains(out, t) {
					out = append(out, t)
				}
			}
		}
	}
	return append([]string{""}, out...)
}

func (s *communityList) levels() []api.Level {
	if s.result == nil {
		return nil
	}
	return s.result.Levels
}

func (s *communityList) pages() int {
	if s.result == nil || s.result.PerPage <= 0 || s.kept {
		return 1
	}
	return max(1, (s.result.Total+s.result.PerPage-1)/s.result.PerPage)
}

// ask sends the search for the current choices.
func (s *communityList) ask(g *Game) {
	s.asked, s.err, s.kept = true, nil, false
	if g.comm.client == nil {
		s.showKept(g, errors.New("no server"))
		return
	}
	tags := s.tags(g)
	s.call = g.comm.client.Search(community.Query{
		Text: s.search.String(), Tag: tags[min(s.tag, len(tags)-1)], Sort: communitySorts[s.sort],
		Page: s.page, PerPage: communityPerPage,
	})
}

// showKept lists the levels kept on the device, when the server cannot.
func (s *communityList) showKept(g *Game, err error) {
	s.err, s.result = err, nil
	if g.comm.cache == nil {
		return
	}
	var page api.LevelPage
	for _, e := range g.comm.cache.Index().Entries {
		page.Levels = append(page.Levels, e.Level)
	}
	if len(page.Levels) > 0 {
		page.Total, page.Page, page.PerPage = len(page.Levels), 1, len(page.Levels)
		s.result, s.kept = &page, true
	}
}

func (s *communityList) update(g *Game, in sim.Input, pressed sim.Buttons, pause bool) {
	if !s.asked {
		s.ask(g)
	}
	if s.call != nil {
		if page, err, ok := s.call.Result(); ok {
			s.call = nil
			if err != nil {
				if community.CodeOf(err) == community.CodeOffline {
					s.showKept(g, err)
				} else {
					s.err, s.result = err, nil
				}
			} else {
				s.result = &page
				s.m.sel = min(s.m.sel, rowLevels+max(0, len(page.Levels)-1))
			}
		}
	}
	s.note(g)
	if s.search.active {
		if s.search.update(g, pressed, pause) {
			s.page = 1
			s.ask(g)
		}
		return
	}
	if pressed&sim.B != 0 || pause {
		g.comm.shown, g.comm.selected = nil, ""
		g.scene = &title{m: menu{sel: 1}}
		return
	}
	lvls := s.levels()
	n := rowLevels + len(lvls)
	left, right := pressed&sim.Left != 0, pressed&sim.Right != 0
	switch s.m.sel {
	case rowTag:
		if left || right {
			k := len(s.tags(g))
			s.tag = (s.tag + k + map[bool]int{true: 1, false: -1}[right]) % k
			s.page = 1
			s.ask(g)
		}
	case rowSort:
		if left || right {
			k := len(communitySorts)
			s.sort = (s.sort + k + map[bool]int{true: 1, false: -1}[right]) % k
			s.page = 1
			s.ask(g)
		}
	default:
		if s.m.sel >= rowLevels && (left && s.page > 1 || right && s.page < s.pages()) {
			if right {
				s.page++
			} else {
				s.page--
			}
			s.m.sel = rowLevels
			s.ask(g)
			return
		}
	}
	if !s.m.move(pressed, n) {
		return
	}
	switch {
	case s.m.sel == rowSearch:
		s.search.open()
	case s.m.sel >= rowLevels:
		l := lvls[s.m.sel-rowLevels]
		g.scene = newCommunityLevel(g, l.ID, &l, s)
	}
}

// note records what the screen shows for the page's testing interface.
func (s *communityList) note(g *Game) {
	g.comm.shown = g.comm.shown[:0]
	for _, l := range s.levels() {
		g.comm.shown = append(g.comm.shown, l.ID)
	}
	g.comm.selected = ""
	if i := s.m.sel - rowLevels; i >= 0 && i < len(s.levels()) {
		g.comm.selected = s.levels()[i].ID
	}
}

// status says in words what the list is waiting for or why it is empty.
func (s *communityList) status(g *Game) string {
	switch {
	case s.call != nil:
		return g.t("community.loading")
	case s.kept:
		return g.t("community.offline_kept")
	case s.err != nil:
		return g.communityError(s.err)
	case s.result != nil && len(s.result.Levels) == 0:
		if s.search.String() != "" || s.tag != 0 {
			return g.t("community.none_found")
		}
		return g.t("community.none")
	}
	return ""
}

func (s *communityList) draw(g *Game, dst *ebiten.Image) {
	p := g.pal()
	dst.Fill(p.bg)
	pg := g.newPage(dst)
	heading := g.t("community.heading")
	if s.result != nil && s.result.Total > 0 && !s.kept {
		ind := g.t("community.page", arg("n", s.page), arg("total", s.pages()))
		g.text(dst, ind, sim.ViewW-6, pg.top, sizeSmall, p.dim, render.AlignRight)
		iw, _ := render.MeasureText(ind, g.size(sizeSmall))
		heading = g.fit(heading, sizeBody+2, sim.ViewW-18-iw)
	}
	g.text(dst, heading, 6, pg.top, sizeBody+2, p.accent, render.AlignLeft)
	pg.top += g.lineH(sizeBody+2) + 1
	// A tap on the search box types in it; on the tag or the sort, changes
	// it; on a level's row, opens it.
	field := s.search.drawField(g, dst, g.t("community.search"), 6, pg.top, sim.ViewW-12, s.m.sel == rowSearch)
	g.addTarget(field, menuPresses(rowSearch-s.m.sel)...)
	pg.top += g.lineH(sizeBody) + 6
	tags := s.tags(g)
	tag := g.t("community.all_tags")
	if t := tags[min(s.tag, len(tags)-1)]; t != "" {
		tag = t
	}
	choice := func(text string, row int, x float64) {
		c := p.dim
		if s.m.sel == row {
			c, text = p.accent, "◄ "+text+" ►"
		}
		g.text(dst, g.fit(text, sizeSmall, sim.ViewW/2-10), x, pg.top, sizeSmall, c, render.AlignLeft)
	}
	choice(g.t("community.tag", arg("tag", tag)), rowTag, 6)
	choice(g.t("community.sort", arg("sort", g.t("community.sort_"+communitySorts[s.sort]))), rowSort, sim.ViewW/2+4)
	choiceH := int(pg.top + g.lineH(sizeSmall) + 3)
	g.addChoiceTargets(image.Rect(6, int(pg.top)-1, sim.ViewW/2, choiceH), rowTag-s.m.sel)
	g.addChoiceTargets(image.Rect(sim.ViewW/2, int(pg.top)-1, sim.ViewW-6, choiceH), rowSort-s.m.sel)
	pg.top += g.lineH(sizeSmall) + 3
	hint := g.t("community.hint")
	if s.search.active {
		hint = g.t("community.typing_hint")
	}
	pg.foot(hint, sizeSmall, p.dim)
	lvls := s.levels()
	panelH := 3*g.lineH(sizeSmall) + 6
	panelY := pg.bottom - panelH
	pg.bottom = panelY - 2
	if msg := s.status(g); msg != "" {
		lines := pg.wrap(msg, sizeSmall)
		if !s.kept {
			// Over an empty list: it may take the room the list would.
			lines = g.clampLines(lines, max(1, int((pg.bottom-pg.top)/g.lineH(sizeSmall))), sizeSmall, sim.ViewW-4*pageMargin)
		} else {
			lines = g.clampLines(lines, 2, sizeSmall, sim.ViewW-4*pageMargin)
		}
		for i, line := range lines {
			g.text(dst, line, sim.ViewW/2, pg.top+float64(i)*g.lineH(sizeSmall), sizeSmall, p.dim, render.AlignCenter)
		}
		if s.kept {
			pg.top += float64(len(lines)) * g.lineH(sizeSmall)
		}
	}
	step := g.lineH(sizeSmall) + 1
	rows := pg.rows(step)
	first := max(0, min(s.m.sel-rowLevels-rows/2, len(lvls)-rows))
	for i := first; i < len(lvls) && i < first+rows; i++ {
		l := lvls[i]
		c, mark := p.text, "  "
		if s.m.sel == rowLevels+i {
			c, mark = p.accent, "► "
		}
		yy := pg.top + float64(i-first)*step
		g.addTarget(image.Rect(6, int(yy-1), sim.ViewW-6, int(yy-1+step)), menuPresses(rowLevels+i-s.m.sel)...)
		right := g.ratingText(l.Rating, l.Ratings)
		rw, _ := render.MeasureText(right, g.size(sizeSmall))
		g.text(dst, right, sim.ViewW-6, yy, sizeSmall, c, render.AlignRight)
		g.text(dst, g.fit(mark+g.apiText(l.Title), sizeSmall, sim.ViewW-18-rw), 6, yy, sizeSmall, c, render.AlignLeft)
	}
	if i := s.m.sel - rowLevels; i >= 0 && i < len(lvls) {
		g.drawLevelCard(dst, lvls[i], 6, panelY, sim.ViewW-12, panelH)
	}
	s.search.drawKeyboard(g, dst)
}

// levelLines are what the game says of a community level under its title:
// author and remix, summary, then ratings, plays, best and languages.
func (g *Game) levelLines(l api.Level) (byline, summary, facts string) {
	byline = g.t("community.by", arg("author", l.Author))
	if r := l.RemixOf; r != nil {
		if r.Author != "" {
			byline += " · " + g.t("community.remix_of", arg("level", r.ID), arg("author", r.Author))
		} else {
			byline += " · " + g.t("community.remix_of_unknown", arg("level", r.ID))
		}
	}
	parts := []string{g.tn("community.plays", l.Plays)}
	switch {
	case l.MyBest != nil:
		parts = append(parts, g.t("community.my_best", arg("score", l.MyBest.Score), arg("rank", l.MyBest.Rank)))
	default:
		if b, ok := g.saved.Best[l.ID]; ok {
			parts = append(parts, g.t("community.my_best_here", arg("score", b.Score)))
		}
	}
	if len(l.Languages) > 0 {
		parts = append(parts, g.languageNames(l.Languages))
	}
	return byline, g.apiText(l.Summary), strings.Join(parts, " · ")
}

// drawLevelCard draws a level's byline, summary and facts in a box.
func (g *Game) drawLevelCard(dst *ebiten.Image, l api.Level, x, y, w, h float64) {
	p := g.pal()
	render.DrawBox(dst, x, y, w, h, render.BoxStyle{Fill: p.panel, Border: p.dim})
	byline, summary, facts := g.levelLines(l)
	lineH := g.lineH(sizeSmall)
	yy := y + 3
	g.text(dst, g.fit(byline, sizeSmall, w-8), x+4, yy, sizeSmall, p.dim, render.AlignLeft)
	yy += lineH
	g.text(dst, g.fit(summary, sizeSmall, w-8), x+4, yy, sizeSmall, p.text, render.AlignLeft)
	yy += lineH
	g.text(dst, g.fit(facts, sizeSmall, w-8), x+4, yy, sizeSmall, p.dim, render.AlignLeft)
}
