package game

import (
	"image"
	"slices"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/communs-arcade/arcade/engine/input"
	"github.com/communs-arcade/arcade/engine/level"
	"github.com/communs-arcade/arcade/engine/render"
	"github.com/communs-arcade/arcade/engine/sim"
	"github.com/communs-arcade/arcade/levels"
	"github.com/communs-arcade/arcade/scripts"
)

func TestMenuPresses(t *testing.T) {
	tests := []struct {
		delta int
		want  []sim.Buttons
	}{
		{0, []sim.Buttons{sim.A}},
		{2, []sim.Buttons{sim.Down, sim.Down, sim.A}},
		{-1, []sim.Buttons{sim.Up, sim.A}},
	}
	for _, tt := range tests {
		got := menuPresses(tt.delta)
		if len(got) != len(tt.want) {
			t.Errorf("menuPresses(%d) = %v, want %v", tt.delta, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("menuPresses(%d) = %v, want %v", tt.delta, got, tt.want)
				break
			}
		}
	}
}

// Menu items' rectangles touch without overlapping, each holds its line's
// middle, and they stay a thumb wide, at every text size.
func TestMenuItemRects(t *testing.T) {
	g, err := New(Options{Levels: levels.FS, Library: scripts.FS, Lang: "fr"})
	if err != nil {
		t.Fatal(err)
	}
	items := []string{"Jouer", "", "Une ligne bien plus longue que les autres", "Retour"}
	for _, scale := range []int{100, 125, 150} {
		g.saved.Settings.TextScale = scale
		x, y := float64(sim.ViewW/2), 40.0
		rects := g.menuItemRects(items, x, y)
		if len(rects) != len(items) {
			t.Fatalf("%d%%: %d rects for %d items", scale, len(rects), len(items))
		}
		if !rects[1].Empty() {
			t.Errorf("%d%%: the empty item has %v", scale, rects[1])
		}
		step := g.menuStep()
		for i, r := range rects {
			if items[i] == "" {
				continue
			}
			mid := image.Pt(int(x), int(y+float64(i)*step+g.size(sizeBody)/2))
			if !mid.In(r) {
				t.Errorf("%d%%: item %d's rect %v misses its line's middle %v", scale, i, r, mid)
			}
			if r.Dx() < 96 || r.Dy() < int(step)-1 {
				t.Errorf("%d%%: item %d's rect %v is too small", scale, i, r)
			}
			for j, o := range rects[i+1:] {
				if r.Overlaps(o) {
					t.Errorf("%d%%: items %d and %d overlap: %v %v", scale, i, i+1+j, r, o)
				}
			}
		}
		if gap := rects[3].Min.Y - rects[2].Max.Y; gap != 0 {
			t.Errorf("%d%%: %d pixels between two items' rects", scale, gap)
		}
	}
}

// centre is the middle of r.
func centre(r image.Rectangle) input.Point {
	c := r.Min.Add(r.Size().Div(2))
	return input.Point{X: c.X, Y: c.Y}
}

// A tap on a menu item selects it and presses A, as buttons: on the title
// (as its draw registers it), a tap on Settings opens the settings, and a
// tap on the selected item opens it too.
func TestTapChoosesMenuItem(t *testing.T) {
	tests := []struct {
		name string
		sel  int // the title's selection before the tap
		item int
		want string
	}{
		{"settings, three lines down", 0, 3, "settings"},
		{"the selected item", 0, 0, "select"},
		{"up from the language line", 4, 1, "community"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, err := New(Options{Levels: levels.FS, Library: scripts.FS, Lang: "fr"})
			if err != nil {
				t.Fatal(err)
			}
			g.scene = &title{m: menu{sel: tt.sel}}
			items := []string{g.t("title.start"), g.t("title.community"), g.t("title.class"), g.t("title.settings"), g.t("title.language")}
			rects := g.menuItemRects(items, sim.ViewW/2, 78) // as title.draw
			g.addMenuTargets(rects, tt.sel)
			g.tapAt(centre(rects[tt.item]))
			for i := 0; i < 2*len(items)+2 && g.scene.name() == "title"; i++ {
				run(t, g, 1)
			}
			if g.scene.name() != tt.want {
				t.Errorf("scene %q after the tap, want %q", g.scene.name(), tt.want)
			}
			if len(g.taps) != 0 {
				t.Errorf("presses left after the scene changed: %v", g.taps)
			}
		})
	}
}

// A tap outside every target does nothing; the last drawn target wins
// where two overlap (a panel over a menu).
func TestTapTargets(t *testing.T) {
	g := &Game{}
	g.addTarget(image.Rect(0, 0, 100, 100), sim.B)
	g.addTarget(image.Rect(50, 50, 60, 60), sim.A)
	g.addTarget(image.Rectangle{}, sim.Left) // empty: never added
	g.tapAt(input.Point{X: 200, Y: 10})
	if len(g.taps) != 0 {
		t.Errorf("a tap off every target pressed %v", g.taps)
	}
	g.tapAt(input.Point{X: 55, Y: 55})
	if got := [3]sim.Buttons{g.nextTap(), g.nextTap(), g.nextTap()}; got != [3]sim.Buttons{sim.A, 0, 0} {
		t.Errorf("taps %v, want A then released", got)
	}
	g.tapAt(input.Point{X: 5, Y: 5})
	if b := g.nextTap(); b != sim.B {
		t.Errorf("tap on the lower target pressed %06b, want B", b)
	}
}

// TestTapInLevel: in a level, a tap on a question's choice selects it and
// answers, through presses the replay records, and a tap on the dialogue
// goes on.
func TestTapInLevel(t *testing.T) {
	lvl, err := level.Load("../levels/examples/quiz")
	if err != nil {
		t.Fatal(err)
	}
	g, err := New(Options{Levels: levels.FS, Library: scripts.FS, Lang: "fr", Level: lvl})
	if err != nil {
		t.Fatal(err)
	}
	screen := ebiten.NewImage(sim.ViewW, sim.ViewH)
	defer screen.Deallocate()
	p, ok := g.scene.(*play)
	if !ok {
		t.Fatalf("scene %q, want the level", g.scene.name())
	}
	var shown render.Shown
	for i := 0; i < 120 && len(shown.Choices) == 0; i++ {
		run(t, g, 1)
		g.Draw(screen)
		shown = p.renderer.Shown()
	}
	if len(shown.Choices) != 1 || len(shown.Choices[0].Rows) != 3 || shown.Choices[0].Sel != -1 {
		t.Fatalf("shown %+v, want one question of three choices, none selected", shown)
	}
	// The first question's answer is its second choice.
	g.tapAt(centre(shown.Choices[0].Rows[1]))
	run(t, g, 8)
	if got := p.sess.World.Score(); got != 100 {
		t.Errorf("score %d after tapping the right answer, want 100", got)
	}
	if !slices.ContainsFunc(p.inputs, func(in sim.Input) bool { return in.Buttons&sim.A != 0 }) {
		t.Error("the tap's A is not in the level's recorded inputs")
	}
}

// A tap on any key of the on-screen keyboard types that key, whatever key
// was selected before: the presses keyPresses returns, fed to the entry,
// end on it (shorter rows hold the column at their last key).
func TestTapTypesKey(t *testing.T) {
	g := &Game{keyboard: &fakeKeyboard{}}
	from := []struct{ row, col int }{{0, 0}, {0, 9}, {2, 7}, {4, 4}, {4, 0}, {3, 5}}
	for _, f := range from {
		for r, row := range oskKeys {
			for c, k := range row {
				e := &textEntry{max: 10, active: true, row: f.row, col: f.col}
				for _, b := range e.keyPresses(r, c) {
					e.update(g, b, false)
				}
				if e.row != r || e.col != c {
					t.Errorf("from %d,%d to key %q (%d,%d): selection ends on %d,%d", f.row, f.col, k, r, c, e.row, e.col)
				}
			}
		}
	}
}

// A line whose value left and right change takes a tap on its left third
// as Left, its middle as A and its right third as Right, after moving the
// selection to it.
func TestChoiceTargets(t *testing.T) {
	g := &Game{}
	g.addChoiceTargets(image.Rect(0, 10, 90, 20), 2)
	for _, tt := range []struct {
		x    int
		want sim.Buttons
	}{{5, sim.Left}, {45, sim.A}, {85, sim.Right}} {
		g.tapAt(input.Point{X: tt.x, Y: 15})
		var got []sim.Buttons
		for b := g.nextTap(); len(g.taps) > 0 || b != 0; b = g.nextTap() {
			if b != 0 {
				got = append(got, b)
			}
		}
		if want := []sim.Buttons{sim.Down, sim.Down, tt.want}; !slices.Equal(got, want) {
			t.Errorf("tap at x=%d pressed %v, want %v", tt.x, got, want)
		}
	}
}
