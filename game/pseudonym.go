package game

import (
	"unicode"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"

	"github.com/communs-arcade/arcade/engine/render"
	"github.com/communs-arcade/arcade/engine/sim"
	"github.com/communs-arcade/arcade/server/protocol"
)

// keyboard is typed text, apart from the game's buttons: Ebiten's in the
// game, a script in tests.
type keyboard interface {
	// chars returns the characters typed this tick.
	chars() []rune
	// pressed reports whether k went down this tick (or repeats, for
	// Backspace held down).
	pressed(k ebiten.Key) bool
	// typing reports whether a key that types a character is held: the
	// buttons mapped to letters (Z, X, WASD, Space) are then text.
	typing() bool
}

type ebitenKeyboard struct{}

func (ebitenKeyboard) chars() []rune { return ebiten.AppendInputChars(nil) }

func (ebitenKeyboard) pressed(k ebiten.Key) bool {
	d := inpututil.KeyPressDuration(k)
	// Held keys repeat after 30 ticks, every 4.
	return d == 1 || d >= 30 && (d-30)%4 == 0
}

func (ebitenKeyboard) typing() bool {
	for _, k := range inpututil.AppendPressedKeys(nil) {
		switch {
		case k >= ebiten.KeyA && k <= ebiten.KeyZ, k >= ebiten.KeyDigit0 && k <= ebiten.KeyDigit9,
			k == ebiten.KeySpace, k == ebiten.KeyMinus:
			return true
		}
	}
	return false
}

// pseudonymEdit lets the player type a pseudonym or draw a random one. The
// text takes every typed character; Enter saves, Tab draws, Escape goes
// back. The menu below works with arrows, a gamepad or touch too.
type pseudonymEdit struct {
	m       menu
	back    scene
	text    []rune
	started bool
}

func (*pseudonymEdit) name() string { return "pseudonym" }

func newPseudonymEdit(g *Game, back scene) *pseudonymEdit {
	g.net.rename = renameState{}
	return &pseudonymEdit{back: back, text: []rune(g.pseudonym())}
}

func (s *pseudonymEdit) items(g *Game) []string {
	return []string{g.t("pseudonym.save"), g.t("pseudonym.random"), g.t("pseudonym.back")}
}

func (s *pseudonymEdit) update(g *Game, in sim.Input, pressed sim.Buttons, pause bool) {
	kb := g.keyboard
	if !s.started {
		// The key that opened this screen must not type into it.
		s.started = true
		return
	}
	edited := false
	for _, r := range kb.chars() {
		if unicode.IsPrint(r) && len(s.text) < protocol.MaxPseudonym {
			s.text = append(s.text, r)
			edited = true
		}
	}
	if kb.pressed(ebiten.KeyBackspace) && len(s.text) > 0 {
		s.text = s.text[:len(s.text)-1]
		edited = true
	}
	if edited && g.net.rename.state != renameSaving {
		g.net.rename = renameState{}
	}
	if kb.typing() {
		// Letters are text here, not buttons.
		pressed, pause = pressed&^(sim.A|sim.B|sim.Up|sim.Down|sim.Left|sim.Right), false
	}
	if kb.pressed(ebiten.KeyTab) {
		s.random(g)
		return
	}
	if kb.pressed(ebiten.KeyEnter) || kb.pressed(ebiten.KeyNumpadEnter) {
		s.save(g)
		return
	}
	if pause {
		g.scene = s.back
		return
	}
	if !s.m.move(pressed, 3) {
		return
	}
	switch s.m.sel {
	case 0:
		s.save(g)
	case 1:
		s.random(g)
	case 2:
		g.scene = s.back
	}
}

func (s *pseudonymEdit) random(g *Game) {
	s.text = []rune(g.randomPseudonym())
	g.net.rename = renameState{}
}

func (s *pseudonymEdit) save(g *Game) {
	p := string(s.text)
	if pseudonymProblem(p) != "" {
		return
	}
	g.setPseudonym(p)
}

func (s *pseudonymEdit) draw(g *Game, dst *ebiten.Image) {
	p := g.pal()
	dst.Fill(p.bg)
	pg := g.newPage(dst)
	pg.head(g.t("pseudonym.heading"), sizeTitle, p.accent)
	pg.head(g.t("pseudonym.intro"), sizeSmall, p.dim)
	boxH := g.lineH(sizeBody) + 4
	render.DrawBox(dst, 60, pg.top, sim.ViewW-120, boxH, render.BoxStyle{Fill: p.panel, Border: p.accent})
	cursor := ""
	if g.frames/30%2 == 0 {
		cursor = "_"
	}
	g.text(dst, string(s.text)+cursor, sim.ViewW/2, pg.top+2, sizeBody, p.text, render.AlignCenter)
	pg.top += boxH + 3
	msg, c := "", p.dim
	if key := pseudonymProblem(string(s.text)); key != "" {
		msg, c = g.t(key), p.accent
	} else {
		switch r := g.net.rename; r.state {
		case renameSaving:
			msg = g.t("pseudonym.saving")
		case renameSaved:
			msg = g.t("pseudonym.saved")
		case renameLater:
			msg = g.t("pseudonym.later")
		case renameRefused:
			msg, c = g.renameFailure(r.code), p.accent
		}
	}
	pg.foot(g.t("pseudonym.hint"), sizeSmall, p.dim)
	if msg != "" {
		pg.head(msg, sizeSmall, c)
	}
	pg.menu(s.items(g), s.m.sel)
}

// renameFailure says why the server refused a pseudonym.
func (g *Game) renameFailure(code protocol.Code) string {
	switch code {
	case protocol.CodeTaken:
		return g.t("pseudonym.taken")
	case protocol.CodeBadPseudonym:
		return g.t("pseudonym.invalid")
	}
	return g.t("pseudonym.failed", arg("reason", string(code)))
}
