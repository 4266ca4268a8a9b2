package game

import (
	"fmt"
	"image/color"
	"slices"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"

	"github.com/communs-arcade/arcade/engine/input"
	"github.com/communs-arcade/arcade/engine/render"
	"github.com/communs-arcade/arcade/engine/sim"
	"github.com/communs-arcade/arcade/game/community"
	"github.com/communs-arcade/arcade/game/online"
	"github.com/communs-arcade/arcade/server/protocol"
	"github.com/communs-arcade/arcade/server/protocol/api"
	"github.com/communs-arcade/arcade/wasm/bridge"
)

// A pupil's side of a classroom workshop (docs/protocol.md, "join"): the
// join screens (the class code, a pseudonym or the class's list, the
// secret picture), the class's home screen, the pupil's data, and the
// teacher's pause over everything. The server is the authority: the game
// shows the class as the last joined or class_state said.

// classroom is the class the pupil is in, or joining.
type classroom struct {
	code, name, pseudonym string
	levels, locked        []string
	paused                bool
	message               string
	// joined is true once the server has answered the join (it rejoins by
	// itself after a reconnection: see online.Client.Join).
	joined  bool
	joinReq uint32
	// pending is what the game saves once the join is answered.
	pending SavedClass
}

// classFailure is the server's refusal of the last join.
type classFailure struct {
	code    protocol.Code
	message string
}

// classCodeAlphabet is the letters and digits of a class code
// (store.ClassCodeAlphabet).
const classCodeAlphabet = "ACDEFGHJKMNPQRTWXY34679"

// validClassCode reports whether s has a class code's form, six characters
// of classCodeAlphabet: what ^[ACDEFGHJKMNPQRTWXY34679]{6}$ matches.
func validClassCode(s string) bool {
	if len(s) != 6 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(classCodeAlphabet, s[i]) < 0 {
			return false
		}
	}
	return true
}

// normalizeCode upper-cases a typed code and drops its spaces.
func normalizeCode(s string) string {
	return strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(s), " ", ""))
}

// joinClass sends a join (the picture is the grid's cell animal, colour).
func (g *Game) joinClass(j protocol.Join) {
	g.classFail = nil
	c := g.net.client
	if c == nil {
		g.classFail = &classFailure{code: online.CodeOffline}
		return
	}
	req := c.Join(j)
	pub := false
	if s := g.saved.Class; s != nil && s.Code == j.Code {
		pub = s.Public
	}
	g.class = &classroom{code: j.Code, pseudonym: j.Pseudonym, joinReq: req,
		pending: SavedClass{Code: j.Code, Pseudonym: j.Pseudonym, Animal: j.Animal, Color: j.Color, Public: pub}}
}

// rejoinSaved rejoins the class saved on this device (at start).
func (g *Game) rejoinSaved() {
	if s := g.saved.Class; s != nil && g.net.client != nil {
		g.joinClass(protocol.Join{Code: s.Code, Pseudonym: s.Pseudonym, Animal: s.Animal, Color: s.Color})
	}
}

// leaveClass leaves the class on the server (forget: and deletes the
// pupil there) and forgets it on this device.
func (g *Game) leaveClass(forget bool) uint32 {
	var req uint32
	if c := g.net.client; c != nil {
		req = c.Leave(forget)
	}
	g.class, g.saved.Class = nil, nil
	g.save()
	return req
}

// classEvent applies a class event of the connection; it reports whether
// saved data changed.
func (g *Game) classEvent(ev online.Event) bool {
	switch e := ev.(type) {
	case online.Joined:
		cl := g.class
		if cl == nil {
			return false
		}
		j := e.Joined
		cl.code, cl.name, cl.pseudonym, cl.levels, cl.locked = j.Code, j.Name, j.Pseudonym, j.Levels, j.Locked
		cl.paused, cl.message, cl.joined = j.Paused, j.Message, true
		cl.pending.Pseudonym = j.Pseudonym
		s := cl.pending
		g.saved.Class = &s
		return true
	case online.JoinFailed:
		g.classFail = &classFailure{code: e.Code, message: e.Message}
		if g.class != nil && g.class.joined {
			// The rejoin after a reconnection was refused.
			g.notice = g.classError(e.Code, e.Message)
		}
		g.class = nil
		if g.saved.Class != nil && e.Code != protocol.CodeRateLimited {
			g.saved.Class = nil
			return true
		}
	case online.ClassChanged:
		cl := g.class
		if cl == nil || cl.code != e.State.Code {
			return false
		}
		cl.locked, cl.paused, cl.message = e.State.Locked, e.State.Paused, e.State.Message
		if e.State.Ended {
			g.class, g.saved.Class = nil, nil
			g.notice = g.t("class.ended")
			if _, in := g.scene.(*play); !in {
				g.scene = &title{}
			}
			return true
		}
	case online.Left:
		if e.Request == g.classLeft.req {
			g.classLeft.code, g.classLeft.done = e.Code, true
		}
	}
	return false
}

// classPaused reports whether the teacher paused the pupil's class.
func (g *Game) classPaused() bool { return g.class != nil && g.class.joined && g.class.paused }

// inClass reports whether the pupil plays in a joined class.
func (g *Game) inClass() bool { return g.class != nil && g.class.joined }

// selectable lists the levels of the level select: the class's, in the
// teacher's order, while in a class; else the campaign.
func (g *Game) selectable() []*builtin {
	if !g.inClass() {
		return g.campaign()
	}
	var out []*builtin
	for _, id := range g.class.levels {
		for _, l := range g.campaign() {
			if l.Manifest.ID == id {
				out = append(out, l)
			}
		}
	}
	return out
}

// classItem is a community level of the class in the level select.
type classItem struct {
	api.ClassLevel
	// own is true for a class-only level, published by a pupil of the
	// class and not yet approved by the teacher.
	own bool
}

// askClass asks the community API once for the class's levels, for the
// community ones' titles and the class-only levels; the select shows the
// class's community ids meanwhile (or without it, offline).
func (s *levelSelect) askClass(g *Game) {
	if !s.asked && g.inClass() && g.comm.client != nil {
		s.asked, s.call = true, g.comm.client.ClassLevels(g.class.code)
	}
	if s.call == nil {
		return
	}
	if v, err, ok := s.call.Result(); ok {
		s.call = nil
		if err == nil && v.Code == g.class.code {
			s.known = &v
		}
	}
}

// classCommunity lists the class's community levels after its built-in
// ones: the listed levels the teacher chose, in the class's order, then
// the class-only ones. Each is played from its card (communityLevel),
// whose requests carry the player token that class-only levels need.
func (s *levelSelect) classCommunity(g *Game) []classItem {
	if !g.inClass() {
		return nil
	}
	var out []classItem
	for _, id := range g.class.levels {
		if slices.ContainsFunc(g.campaign(), func(l *builtin) bool { return l.Manifest.ID == id }) {
			continue
		}
		it := classItem{ClassLevel: api.ClassLevel{ID: id, Community: true}}
		if s.known != nil {
			if i := slices.IndexFunc(s.known.Levels, func(l api.ClassLevel) bool { return l.ID == id }); i >= 0 {
				it.ClassLevel = s.known.Levels[i]
			}
		}
		out = append(out, it)
	}
	if s.known != nil {
		for _, l := range s.known.ClassOnly {
			out = append(out, classItem{ClassLevel: l, own: true})
		}
	}
	return out
}

// drawCommunity draws the i-th line of the level select, a community
// level of the class, at y.
func (s *levelSelect) drawCommunity(g *Game, dst *ebiten.Image, it classItem, i int, y float64) {
	p := g.pal()
	c := p.dim
	if i == s.m.sel {
		c = p.accent
	}
	name := g.apiText(it.Title)
	if name == "" {
		name = it.ID
	}
	status := g.t("class.community")
	if it.own {
		status = g.t("class.class_only")
	}
	if g.levelLocked(it.ID) {
		status = g.t("class.locked")
		if i != s.m.sel {
			c = p.panel
		}
	}
	g.drawRow(dst, fmt.Sprintf("%d. %s", i+1, name), status, i == s.m.sel, y, c)
}

// levelLocked reports whether the teacher locked a level of the class.
func (g *Game) levelLocked(id string) bool {
	return g.inClass() && slices.Contains(g.class.locked, id)
}

// classStarted tells the teacher that the pupil opened a level.
func (g *Game) classStarted(id string) {
	if g.inClass() && g.net.client != nil && slices.Contains(g.class.levels, id) {
		g.net.client.Start(id)
	}
}

// publicRuns reports whether finished runs go to the public board: always
// outside a class, by the pupil's choice in one.
func (g *Game) publicRuns() bool {
	return g.class == nil || g.saved.Class != nil && g.saved.Class.Public
}

// classError says in words why a join was refused.
func (g *Game) classError(code protocol.Code, message string) string {
	switch code {
	case protocol.CodeUnknownClass, protocol.CodeClassEnded, protocol.CodeClassFull, protocol.CodeTaken,
		protocol.CodeUnknownPupil, protocol.CodeWrongPicture, protocol.CodeBadPseudonym, online.CodeOffline:
		return g.t("class.err." + string(code))
	case protocol.CodeRateLimited:
		if i := strings.Index(message, "retry in "); i >= 0 {
			var secs int
			for _, r := range message[i+len("retry in "):] {
				if r < '0' || r > '9' {
					break
				}
				secs = secs*10 + int(r-'0')
			}
			if secs > 0 {
				mins := (secs + 59) / 60
				return g.tn("class.err.rate_limited_wait", int64(mins))
			}
		}
		return g.t("class.err.rate_limited")
	}
	return g.t("class.err.other", arg("code", string(code)))
}

// classState is state().class.
func (g *Game) classState() *bridge.Class {
	cl := g.class
	if cl == nil {
		if f := g.classFail; f != nil {
			return &bridge.Class{Error: string(f.code)}
		}
		return nil
	}
	out := &bridge.Class{Code: cl.code, Name: cl.name, Pseudonym: cl.pseudonym, Joined: cl.joined, Paused: cl.paused,
		Message: cl.message, Levels: slices.Clone(cl.levels), Locked: slices.Clone(cl.locked), Public: g.publicRuns()}
	if out.Levels == nil {
		out.Levels = []string{}
	}
	if out.Locked == nil {
		out.Locked = []string{}
	}
	return out
}

// drawClassPause draws the teacher's pause message over everything.
func (g *Game) drawClassPause(dst *ebiten.Image) {
	p := g.pal()
	render.DrawBox(dst, 0, 0, sim.ViewW, sim.ViewH, render.BoxStyle{Fill: color.RGBA{0x10, 0x11, 0x1f, 0xe8}})
	render.DrawBox(dst, 24, 30, sim.ViewW-48, 120, render.BoxStyle{Fill: p.panel, Border: p.accent})
	g.text(dst, g.t("class.paused"), sim.ViewW/2, 40, sizeTitle, p.accent, render.AlignCenter)
	y := 66.0
	msg := g.class.message
	if msg == "" {
		msg = g.t("class.paused_default")
	}
	for _, line := range render.Wrap(msg, g.size(sizeBody+2), sim.ViewW-64) {
		if y > 130 {
			break
		}
		g.text(dst, line, sim.ViewW/2, y, sizeBody+2, p.text, render.AlignCenter)
		y += g.size(sizeBody+2) + 3
	}
	g.text(dst, g.t("class.paused_hint"), sim.ViewW/2, 136, sizeSmall, p.dim, render.AlignCenter)
}

// ---- the picture grid ------------------------------------------------

// pictureColors are the grid's colours, in the protocol's order: red,
// orange, yellow, green, blue, purple, pink, brown.
var pictureColors = []color.RGBA{
	{0xe5, 0x39, 0x35, 0xff}, {0xfb, 0x8c, 0x00, 0xff}, {0xfd, 0xd8, 0x35, 0xff}, {0x43, 0xa0, 0x47, 0xff},
	{0x1e, 0x88, 0xe5, 0xff}, {0x8e, 0x24, 0xaa, 0xff}, {0xf0, 0x62, 0x92, 0xff}, {0x79, 0x55, 0x48, 0xff},
}

// darkOn reports whether text on the colour must be dark to be read.
func darkOn(c color.RGBA) bool {
	return int(c.R)*299+int(c.G)*587+int(c.B)*114 > 150_000
}

// Where the picture screen's parts go, in view pixels: the 12 animals in
// 2 rows of 6, the 8 colours in 2 rows of 4, then OK. Every part stays
// clear of the touch controls' corners.
const (
	animalX, animalY, animalW, animalH = 16, 24, 48, 24
	colorX, colorY, colorW, colorH     = 96, 80, 32, 17
	okX, okY, okW, okH                 = 120, 118, 80, 14
)

// pictureRowLen is the length of one of the cursor's rows: two rows of
// animals, two of colours, then OK.
func pictureRowLen(row int) int {
	switch {
	case row < 2:
		return 6
	case row < 4:
		return 4
	}
	return 1
}

// pictureAt is the part of the screen at (x, y): kind 'a' an animal, 'c'
// a colour, 'o' OK, 0 nothing.
func pictureAt(x, y int) (kind byte, index int) {
	switch {
	case x >= animalX && x < animalX+6*animalW && y >= animalY && y < animalY+2*animalH:
		return 'a', (y-animalY)/animalH*6 + (x-animalX)/animalW
	case x >= colorX && x < colorX+4*colorW && y >= colorY && y < colorY+2*colorH:
		return 'c', (y-colorY)/colorH*4 + (x-colorX)/colorW
	case x >= okX && x < okX+okW && y >= okY && y < okY+okH:
		return 'o', 0
	}
	return 0, 0
}

// tap returns where the mouse clicked or a finger touched the view this
// tick, in view pixels (the screen may hold more than the view: see
// input.Layout).
func (g *Game) tap() (x, y int, ok bool) {
	if p, ok := g.input.Tap(); ok {
		return p.X, p.Y, true
	}
	if inpututil.IsMouseButtonJustPressed(ebiten.MouseButtonLeft) {
		x, y = ebiten.CursorPosition()
		p := g.input.Layout().ToView(input.Point{X: x, Y: y})
		return p.X, p.Y, true
	}
	return 0, 0, false
}

// ---- the join screens ------------------------------------------------

type joinStep int

const (
	stepCode joinStep = iota
	stepName
	stepPupils
	stepPicture
	stepWait
)

// classJoin joins a class: the code, then a new pupil's pseudonym or a
// rejoining pupil's pick in the class's list, then the secret picture.
type classJoin struct {
	step   joinStep
	m      menu
	code   textEntry
	pseudo textEntry
	isNew  bool
	list   *community.Call[api.ClassPupils]
	names  []string
	err    string // shown under the heading
	animal int    // -1: none chosen yet
	color  int
	row    int // the picture cursor: row and column
	col    int
}

func newClassJoin(g *Game, code string) *classJoin {
	s := &classJoin{code: textEntry{max: protocol.ClassCodeLen + 2}, pseudo: textEntry{max: protocol.MaxPseudonym},
		animal: -1, color: -1}
	s.code.text = []rune(normalizeCode(code))
	if code != "" {
		s.m.sel = 1 // the code is there: "I'm new" is next
	}
	g.classFail = nil
	return s
}

func (s *classJoin) name() string {
	return [...]string{"class_code", "class_name", "class_pupils", "class_picture", "class_wait"}[s.step]
}

func (s *classJoin) update(g *Game, in sim.Input, pressed sim.Buttons, pause bool) {
	switch s.step {
	case stepCode:
		s.updateCode(g, pressed, pause)
	case stepName:
		s.updateName(g, pressed, pause)
	case stepPupils:
		s.updatePupils(g, pressed, pause)
	case stepPicture:
		s.updatePicture(g, pressed, pause)
	case stepWait:
		s.updateWait(g)
	}
}

func (s *classJoin) codeValue() string { return normalizeCode(s.code.String()) }

func (s *classJoin) updateCode(g *Game, pressed sim.Buttons, pause bool) {
	if s.code.active {
		s.code.update(g, pressed, pause)
		return
	}
	if pause || pressed&sim.B != 0 {
		g.scene = &title{}
		return
	}
	if !s.m.move(pressed, 4) {
		return
	}
	code := s.codeValue()
	switch s.m.sel {
	case 0:
		s.code.open()
		return
	case 3:
		g.scene = &title{}
		return
	}
	s.err = ""
	if !validClassCode(code) {
		s.err = g.t("class.err.code")
		return
	}
	if g.net.client == nil {
		s.err = g.t("class.err.offline")
		return
	}
	s.isNew = s.m.sel == 1
	s.m = menu{}
	if s.isNew {
		s.step = stepName
		if len(s.pseudo.text) == 0 {
			s.pseudo.text = []rune(g.randomPseudonym())
		}
		s.m.sel = 2 // "Next": the generated pseudonym is fine
		return
	}
	s.step, s.names = stepPupils, nil
	if g.comm.client != nil {
		s.list = g.comm.client.ClassPupils(code)
	}
}

func (s *classJoin) updateName(g *Game, pressed sim.Buttons, pause bool) {
	if s.pseudo.active {
		s.pseudo.update(g, pressed, pause)
		return
	}
	if pause || pressed&sim.B != 0 {
		s.step, s.m, s.err = stepCode, menu{sel: 1}, ""
		return
	}
	if !s.m.move(pressed, 4) {
		return
	}
	switch s.m.sel {
	case 0:
		s.pseudo.open()
	case 1:
		s.pseudo.text, s.err = []rune(g.randomPseudonym()), ""
	case 2:
		if key := pseudonymProblem(s.pseudo.String()); key != "" {
			s.err = g.t(key)
			return
		}
		s.toPicture()
	case 3:
		s.step, s.m, s.err = stepCode, menu{sel: 1}, ""
	}
}

func (s *classJoin) toPicture() {
	s.step, s.err, s.m = stepPicture, "", menu{}
	s.row, s.col = 0, 0
}

func (s *classJoin) updatePupils(g *Game, pressed sim.Buttons, pause bool) {
	if s.list != nil {
		if v, err, ok := s.list.Result(); ok {
			s.list = nil
			switch {
			case err == nil:
				s.names = v.Pupils
				s.err = ""
				if len(s.names) == 0 {
					s.err = g.t("class.no_pupils")
				}
			case community.CodeOf(err) == api.CodeNotFound:
				s.err = g.t("class.err.unknown_class")
			case community.CodeOf(err) == api.CodeClassEnded:
				s.err = g.t("class.err.class_ended")
			case community.CodeOf(err) == api.CodeRateLimited:
				s.err = g.t("class.err.rate_limited")
			default:
				s.err = g.t("class.err.offline")
			}
		}
	}
	if pause || pressed&sim.B != 0 {
		s.step, s.m, s.err = stepCode, menu{sel: 2}, ""
		return
	}
	n := len(s.names) + 1
	if !s.m.move(pressed, n) {
		return
	}
	if s.m.sel == len(s.names) {
		s.step, s.m, s.err = stepCode, menu{sel: 2}, ""
		return
	}
	s.pseudo.text = []rune(s.names[s.m.sel])
	s.toPicture()
}

func (s *classJoin) updatePicture(g *Game, pressed sim.Buttons, pause bool) {
	if pause || pressed&sim.B != 0 {
		s.err = ""
		if s.isNew {
			s.step, s.m = stepName, menu{sel: 2}
		} else {
			s.step, s.m = stepPupils, menu{}
		}
		return
	}
	if x, y, ok := g.tap(); ok {
		switch kind, i := pictureAt(x, y); kind {
		case 'a':
			s.animal, s.row, s.col = i, i/6, i%6
			return
		case 'c':
			s.color, s.row, s.col = i, 2+i/4, i%4
			return
		case 'o':
			s.row, s.col = 4, 0
			s.choose(g)
			return
		}
	}
	switch {
	case pressed&sim.Up != 0:
		s.row = (s.row + 4) % 5
	case pressed&sim.Down != 0:
		s.row = (s.row + 1) % 5
	case pressed&sim.Left != 0:
		s.col = (s.col + pictureRowLen(s.row) - 1) % pictureRowLen(s.row)
	case pressed&sim.Right != 0:
		s.col = (s.col + 1) % pictureRowLen(s.row)
	}
	s.col = min(s.col, pictureRowLen(s.row)-1)
	if pressed&sim.A == 0 {
		return
	}
	s.choose(g)
}

// choose takes the cell under the cursor: an animal moves on to the
// colours, a colour to OK, and OK sends the join.
func (s *classJoin) choose(g *Game) {
	switch {
	case s.row < 2:
		s.animal = s.row*6 + s.col
		s.row, s.col = 2, 0
	case s.row < 4:
		s.color = (s.row-2)*4 + s.col
		s.row, s.col = 4, 0
	default:
		if s.animal < 0 || s.color < 0 {
			s.err = g.t("class.pick_both")
			return
		}
		s.err = ""
		g.joinClass(protocol.Join{Code: s.codeValue(), Pseudonym: strings.TrimSpace(s.pseudo.String()),
			Animal: uint8(s.animal), Color: uint8(s.color), New: s.isNew})
		s.step = stepWait
	}
}

func (s *classJoin) updateWait(g *Game) {
	if g.inClass() {
		g.scene = &classHome{}
		return
	}
	f := g.classFail
	if f == nil {
		return
	}
	s.err = g.classError(f.code, f.message)
	switch f.code {
	case protocol.CodeWrongPicture, protocol.CodeRateLimited:
		s.step, s.m = stepPicture, menu{}
		s.animal, s.color, s.row, s.col = -1, -1, 0, 0
	case protocol.CodeTaken, protocol.CodeBadPseudonym:
		s.step, s.m = stepName, menu{}
	case protocol.CodeUnknownPupil:
		s.step, s.m = stepPupils, menu{}
	default:
		s.step, s.m = stepCode, menu{sel: 1}
	}
}

func (s *classJoin) draw(g *Game, dst *ebiten.Image) {
	p := g.pal()
	dst.Fill(p.bg)
	heading := map[joinStep]string{stepCode: "class.join_heading", stepName: "class.name_heading",
		stepPupils: "class.pupils_heading", stepPicture: "class.picture_heading", stepWait: "class.join_heading"}[s.step]
	if s.step == stepPicture && !s.isNew {
		heading = "class.picture_again"
	}
	pg := g.newPage(dst)
	pg.head(g.t(heading), sizeBody+2, p.accent)
	if s.err != "" && s.step != stepPicture {
		pg.foot(s.err, sizeSmall, p.accent)
	}
	// A text field, then a menu whose first line is the field's.
	field := func(e *textEntry, intro, label string, x, w float64, items []string) {
		pg.head(g.t(intro), sizeSmall, p.dim)
		y := pg.top + 2
		if e.active {
			y = min(y, sim.ViewH-(g.lineH(sizeSmall)+2)*float64(len(oskKeys))-12-g.lineH(sizeBody))
		}
		r := e.drawField(g, dst, g.t(label), x, y, w, s.m.sel == 0)
		if !e.active {
			g.addTarget(r, menuPresses(-s.m.sel)...)
			g.drawMenuAt(dst, items, s.m.sel, sim.ViewW/2, y)
		}
		e.drawKeyboard(g, dst)
	}
	switch s.step {
	case stepCode:
		field(&s.code, "class.join_intro", "class.code", 80, 160, []string{"", g.t("class.new_pupil"), g.t("class.old_pupil"), g.t("class.back")})
	case stepName:
		field(&s.pseudo, "class.name_intro", "class.pseudonym", 40, 240, []string{"", g.t("class.random"), g.t("class.next"), g.t("class.back")})
	case stepPupils:
		if s.list != nil {
			pg.head(g.t("class.loading"), sizeSmall, p.dim)
		}
		pg.menu(append(slices.Clone(s.names), g.t("class.back")), s.m.sel)
	case stepPicture:
		s.drawPicture(g, dst)
		if s.err != "" {
			for i, line := range g.clampLines(pg.wrap(s.err, sizeSmall), 2, sizeSmall, sim.ViewW-4*pageMargin) {
				g.text(dst, line, sim.ViewW/2, 136+float64(i)*g.lineH(sizeSmall), sizeSmall, p.accent, render.AlignCenter)
			}
		}
	case stepWait:
		pg.top = max(pg.top, 70)
		pg.head(g.t("class.joining"), sizeBody, p.text)
	}
}

func (s *classJoin) drawPicture(g *Game, dst *ebiten.Image) {
	p := g.pal()
	animals := words(g.t("class.animals"))
	colors := words(g.t("class.colours"))
	tint := color.RGBA{}
	if s.color >= 0 {
		tint = pictureColors[s.color]
	}
	name := func(list []string, i int) string {
		if i < len(list) {
			return list[i]
		}
		return "?"
	}
	for i := range protocol.PictureAnimals {
		x, y := float64(animalX+i%6*animalW), float64(animalY+i/6*animalH)
		style := render.BoxStyle{Fill: p.panel, Border: p.dim}
		txt := p.text
		if i == s.animal {
			style.Border = p.accent
			if s.color >= 0 {
				style.Fill, txt = tint, color.RGBA{0xff, 0xff, 0xff, 0xff}
				if darkOn(tint) {
					txt = color.RGBA{0x10, 0x11, 0x1f, 0xff}
				}
			}
		}
		render.DrawBox(dst, x+1, y+1, animalW-2, animalH-2, style)
		g.text(dst, name(animals, i), x+animalW/2, y+animalH/2-g.size(sizeSmall)/2, sizeSmall, txt, render.AlignCenter)
		if s.row == i/6 && s.col == i%6 {
			drawCursor(dst, x, y, animalW, animalH, p.accent)
		}
	}
	for i := range protocol.PictureColors {
		x, y := float64(colorX+i%4*colorW), float64(colorY+i/4*colorH)
		c := pictureColors[i]
		txt := color.RGBA{0xff, 0xff, 0xff, 0xff}
		if darkOn(c) {
			txt = color.RGBA{0x10, 0x11, 0x1f, 0xff}
		}
		border := p.bg
		if i == s.color {
			border = p.text
		}
		render.DrawBox(dst, x+1, y+1, colorW-2, colorH-2, render.BoxStyle{Fill: c, Border: border})
		g.text(dst, name(colors, i), x+colorW/2, y+colorH/2-g.size(sizeSmall)/2, sizeSmall, txt, render.AlignCenter)
		if s.row == 2+i/4 && s.col == i%4 {
			drawCursor(dst, x, y, colorW, colorH, p.accent)
		}
	}
	okStyle := render.BoxStyle{Fill: p.panel, Border: p.dim}
	okText := p.dim
	if s.animal >= 0 && s.color >= 0 {
		okStyle.Border, okText = p.accent, p.text
	}
	render.DrawBox(dst, okX, okY, okW, okH, okStyle)
	g.text(dst, g.t("class.ok"), okX+okW/2, okY+2, sizeBody, okText, render.AlignCenter)
	if s.row == 4 {
		drawCursor(dst, okX-1, okY-1, okW+2, okH+2, p.accent)
	}
	if s.err == "" {
		a, c := "—", "—"
		if s.animal >= 0 {
			a = name(animals, s.animal)
		}
		if s.color >= 0 {
			c = name(colors, s.color)
		}
		g.text(dst, g.t("class.picture_chosen", arg("animal", a), arg("colour", c)), sim.ViewW/2, 137, sizeSmall, p.text, render.AlignCenter)
	}
	g.text(dst, g.t("class.picture_hint"), sim.ViewW/2, 150, sizeSmall, p.dim, render.AlignCenter)
}

// drawCursor frames the cell under the cursor.
func drawCursor(dst *ebiten.Image, x, y, w, h float64, c color.Color) {
	render.DrawBox(dst, x, y, w, 1, render.BoxStyle{Fill: c})
	render.DrawBox(dst, x, y+h-1, w, 1, render.BoxStyle{Fill: c})
	render.DrawBox(dst, x, y, 1, h, render.BoxStyle{Fill: c})
	render.DrawBox(dst, x+w-1, y, 1, h, render.BoxStyle{Fill: c})
}

// ---- the class's home ------------------------------------------------

// classHome is the pupil's class: its levels, the public-board choice,
// the pupil's data and leaving.
type classHome struct{ m menu }

func (*classHome) name() string { return "class" }

func (s *classHome) update(g *Game, in sim.Input, pressed sim.Buttons, pause bool) {
	if g.class == nil {
		g.scene = &title{}
		return
	}
	if pause || pressed&sim.B != 0 {
		g.scene = &title{}
		return
	}
	chosen := s.m.move(pressed, 5)
	switch s.m.sel {
	case 1:
		if chosen || pressed&(sim.Left|sim.Right) != 0 {
			if sc := g.saved.Class; sc != nil {
				sc.Public = !sc.Public
				g.save()
			}
			if g.class != nil {
				g.class.pending.Public = !g.class.pending.Public
			}
		}
		return
	}
	if !chosen {
		return
	}
	switch s.m.sel {
	case 0:
		if g.inClass() {
			g.scene = &levelSelect{}
		}
	case 2:
		g.scene = &classData{back: s}
	case 3:
		g.leaveClass(false)
		g.notice = g.t("class.left")
		g.scene = &title{}
	case 4:
		g.scene = &title{}
	}
}

func (s *classHome) draw(g *Game, dst *ebiten.Image) {
	p := g.pal()
	dst.Fill(p.bg)
	cl := g.class
	if cl == nil {
		return
	}
	name := cl.name
	if name == "" {
		name = cl.code
	}
	g.text(dst, name, sim.ViewW/2, 8, sizeTitle, p.accent, render.AlignCenter)
	status := g.t("class.status_joining")
	if cl.joined {
		status = g.t("class.status", arg("pseudonym", cl.pseudonym), arg("code", cl.code))
	}
	g.text(dst, status, sim.ViewW/2, 30, sizeSmall, p.dim, render.AlignCenter)
	g.drawMenu(dst, []string{
		g.t("class.play"),
		g.t("class.public", arg("on", onOff(g, g.publicRuns()))),
		g.t("class.data"),
		g.t("class.leave"),
		g.t("class.back"),
	}, s.m.sel, 52)
	for i, line := range render.Wrap(g.t("class.public_hint"), g.size(sizeSmall), sim.ViewW-24) {
		if i < 3 {
			g.text(dst, line, sim.ViewW/2, 132+float64(i)*10, sizeSmall, p.dim, render.AlignCenter)
		}
	}
}

// classData shows what this device and the server keep of the pupil, and
// deletes it: the server's pupil (leave with forget) and this device's
// class and progress.
type classData struct {
	m       menu
	back    scene
	confirm bool
	err     string
}

// classLeaving follows the deletion's leave.
type classLeaving struct {
	req  uint32
	code protocol.Code
	done bool
}

func (*classData) name() string { return "class_data" }

func (s *classData) update(g *Game, in sim.Input, pressed sim.Buttons, pause bool) {
	if l := &g.classLeft; l.req != 0 && l.done {
		if l.code == "" {
			g.saved.Best = map[string]Best{}
			g.save()
			g.notice = g.t("class.deleted")
			g.classLeft = classLeaving{}
			g.scene = &title{}
			return
		}
		s.err = g.t("class.delete_failed")
		g.classLeft = classLeaving{}
	}
	if g.classLeft.req != 0 {
		return // waiting for the server
	}
	if pause || pressed&sim.B != 0 {
		g.scene = s.back
		return
	}
	if !s.m.move(pressed, 2) {
		return
	}
	if s.m.sel == 1 {
		g.scene = s.back
		return
	}
	if !s.confirm {
		s.confirm = true
		return
	}
	if g.net.client == nil || g.net.status != online.Online {
		s.err = g.t("class.delete_offline")
		return
	}
	saved := g.saved.Class
	g.classLeft = classLeaving{req: g.leaveClass(true)}
	if g.classLeft.req == 0 {
		g.saved.Class = saved
	}
}

func (s *classData) draw(g *Game, dst *ebiten.Image) {
	p := g.pal()
	dst.Fill(p.bg)
	g.text(dst, g.t("class.data_heading"), sim.ViewW/2, 6, sizeBody+2, p.accent, render.AlignCenter)
	code, pseudo := "", ""
	if cl := g.class; cl != nil {
		code, pseudo = cl.code, cl.pseudonym
	} else if sc := g.saved.Class; sc != nil {
		code, pseudo = sc.Code, sc.Pseudonym
	}
	y := 24.0
	for _, para := range []string{
		g.t("class.data_device", arg("pseudonym", pseudo), arg("code", code)),
		g.tn("class.data_progress", int64(len(g.saved.Best))),
		g.t("class.data_server", arg("pseudonym", pseudo)),
	} {
		for _, line := range render.Wrap(para, g.size(sizeSmall), sim.ViewW-24) {
			g.text(dst, line, 12, y, sizeSmall, p.text, render.AlignLeft)
			y += g.size(sizeSmall) + 2
		}
		y += 3
	}
	del := g.t("class.delete")
	if s.confirm {
		del = g.t("class.delete_confirm")
	}
	if g.classLeft.req != 0 {
		del = g.t("class.deleting")
	}
	g.drawMenu(dst, []string{del, g.t("class.back")}, s.m.sel, 138)
	if s.err != "" {
		g.text(dst, s.err, sim.ViewW/2, 166, sizeSmall, p.accent, render.AlignCenter)
	}
}
