package game

import (
	"strings"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"

	"github.com/communs-arcade/arcade/engine/input"
	"github.com/communs-arcade/arcade/engine/sim"
)

// keys lets the player choose the keys of each action: pick an action,
// then press the key. A key taken from another action is swapped (see
// input.Mapping.Bind), so no action is left without a key.
type keys struct {
	m        menu
	back     scene
	waiting  bool
	waitFrom int // the frame after the one that chose the action
}

func (*keys) name() string { return "keys" }

func (s *keys) items(g *Game) []string {
	m := g.input.Mapping()
	var items []string
	for _, a := range input.Actions() {
		var names []string
		for _, k := range m.Keys(a) {
			names = append(names, k.String())
		}
		items = append(items, g.t("settings.bound", arg("action", g.t("action."+a.String())), arg("keys", strings.Join(names, ", "))))
	}
	return append(items, g.t("settings.keys_reset"), g.t("settings.back"))
}

func (s *keys) update(g *Game, in sim.Input, pressed sim.Buttons, pause bool) {
	actions := input.Actions()
	if s.waiting {
		// The key that chose the action is still down on that frame: listen
		// from the next one.
		if g.frames <= s.waitFrom {
			return
		}
		if ks := inpututil.AppendJustPressedKeys(nil); len(ks) > 0 {
			g.setMapping(g.input.Mapping().Bind(actions[s.m.sel], ks[0]))
			s.waiting = false
		}
		return
	}
	if pressed&sim.B != 0 || pause {
		g.scene = s.back
		return
	}
	if !s.m.move(pressed, len(actions)+2) {
		return
	}
	switch {
	case s.m.sel < len(actions):
		s.waiting, s.waitFrom = true, g.frames
	case s.m.sel == len(actions):
		g.setMapping(input.DefaultMapping())
	default:
		g.scene = s.back
	}
}

// setMapping applies and saves a key mapping.
func (g *Game) setMapping(m input.Mapping) {
	g.input.SetMapping(m)
	g.saved.Settings.Keys = ""
	if !m.Equal(input.DefaultMapping()) {
		g.saved.Settings.Keys = string(input.EncodeMapping(m))
	}
	g.save()
}

func (s *keys) draw(g *Game, dst *ebiten.Image) {
	p := g.pal()
	dst.Fill(p.bg)
	pg := g.newPage(dst)
	pg.head(g.t("settings.keys_heading"), sizeTitle, p.accent)
	if s.waiting {
		a := input.Actions()[s.m.sel]
		pg.top = max(pg.top, 70)
		pg.head(g.t("settings.press_key", arg("action", g.t("action."+a.String()))), sizeBody, p.accent)
		return
	}
	pg.menu(s.items(g), s.m.sel)
}
