package sim

import "testing"

func TestEntitiesKeepIDOrder(t *testing.T) {
	w := New(1)
	var ids []uint32
	for i := 0; i < 5; i++ {
		id, err := w.Spawn(Entity{W: 1, H: 1})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	w.Kill(ids[1])
	w.Kill(ids[1]) // killing twice does nothing
	id, _ := w.Spawn(Entity{})
	if id != 6 {
		t.Errorf("new id %d, want 6: ids are never reused", id)
	}
	var got []uint32
	for _, e := range w.Entities() {
		got = append(got, e.ID)
	}
	want := []uint32{1, 3, 4, 5, 6}
	if len(got) != len(want) {
		t.Fatalf("ids %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("ids %v, want %v", got, want)
		}
	}
	if w.Entity(2) != nil || w.Entity(4) == nil {
		t.Error("Entity lookup after Kill is wrong")
	}
}

func TestSetSolidKeepsTheCount(t *testing.T) {
	w := New(1)
	a, _ := w.Spawn(Entity{W: 8, H: 8})
	b, _ := w.Spawn(Entity{X: 10, W: 8, H: 8})
	steps := []struct {
		name   string
		change func() error
		solids int
	}{
		{"spawned", func() error { return nil }, 0},
		{"a solid", func() error { return w.SetSolid(a, true) }, 1},
		{"a solid twice", func() error { return w.SetSolid(a, true) }, 1},
		{"b solid", func() error { return w.SetSolid(b, true) }, 2},
		{"a not solid", func() error { return w.SetSolid(a, false) }, 1},
		{"a not solid twice", func() error { return w.SetSolid(a, false) }, 1},
		{"b killed", func() error { w.Kill(b); return nil }, 0},
	}
	for _, s := range steps {
		if err := s.change(); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if w.solids != s.solids {
			t.Errorf("%s: %d solid entities counted, want %d", s.name, w.solids, s.solids)
		}
	}
	if err := w.SetSolid(b, true); err == nil {
		t.Error("SetSolid of a killed entity did not fail")
	}
	// A solid entity blocks a move once set, and not before.
	c, _ := w.Spawn(Entity{X: 20, W: 8, H: 8})
	if hit, _ := w.Move(a, 30, 0); hit.X {
		t.Error("a non-solid entity blocked a move")
	}
	w.Entity(a).X = 0
	w.SetSolid(c, true)
	if hit, _ := w.Move(a, 30, 0); !hit.X || hit.ID != c {
		t.Errorf("move into a solid entity: %+v, want blocked by %d", hit, c)
	}
}

func TestPressedIsAnEdge(t *testing.T) {
	w := New(1)
	steps := []struct {
		in            Buttons
		held, pressed bool
	}{
		{0, false, false},
		{A, true, true},
		{A, true, false},
		{A | Left, true, false},
		{0, false, false},
		{A, true, true},
	}
	for i, s := range steps {
		w.Begin(Input{Buttons: s.in})
		if w.Held(A) != s.held || w.Pressed(A) != s.pressed {
			t.Errorf("tick %d: held %v pressed %v, want %v %v", i, w.Held(A), w.Pressed(A), s.held, s.pressed)
		}
		w.EndTick()
	}
}

func TestRandIsSeededAndBounded(t *testing.T) {
	a, b, c := New(42), New(42), New(43)
	same, diff := true, false
	for i := 0; i < 100; i++ {
		x, y, z := a.RandInt(1, 6), b.RandInt(1, 6), c.RandInt(1, 6)
		if x < 1 || x > 6 {
			t.Fatalf("RandInt(1,6) = %d", x)
		}
		same = same && x == y
		diff = diff || x != z
		if f := a.Rand(); f < 0 || f >= 1 {
			t.Fatalf("Rand() = %v", f)
		}
		b.Rand()
		c.Rand()
	}
	if !same || !diff {
		t.Errorf("same seed same numbers: %v; other seed other numbers: %v", same, diff)
	}
}

func TestHashCoversState(t *testing.T) {
	base := func() *World {
		w := New(1)
		w.Spawn(Entity{Sprite: "p", X: 1, Y: 2, W: 8, H: 8})
		w.SetPanel(Panel{Name: "say", Key: "hello"})
		w.Map = &TileMap{W: 2, H: 1, TileW: 16, TileH: 16, Layers: []TileLayer{{Name: "l", Cells: []uint32{1, 0}}}}
		return w
	}
	ref := base().Hash()
	if base().Hash() != ref {
		t.Fatal("equal worlds hash differently")
	}
	changes := map[string]func(w *World){
		"tick":     func(w *World) { w.EndTick() },
		"score":    func(w *World) { w.SetScore(1) },
		"outcome":  func(w *World) { w.End(Won) },
		"rng":      func(w *World) { w.Rand() },
		"position": func(w *World) { w.Entity(1).X += 0.5 },
		"sprite":   func(w *World) { w.Entity(1).Sprite = "q" },
		"solid":    func(w *World) { w.SetSolid(1, true) },
		"panel":    func(w *World) { w.SetPanel(Panel{Name: "say", Key: "bye"}) },
		"tile":     func(w *World) { w.Map.Set(0, 1, 0, 2) },
		"camera":   func(w *World) { w.SetCamera(3, 0) },
		"follow":   func(w *World) { w.Follow(1) },
		"spawn":    func(w *World) { w.Spawn(Entity{}) },
	}
	for name, change := range changes {
		w := base()
		change(w)
		if w.Hash() == ref {
			t.Errorf("changing the %s left the hash unchanged", name)
		}
	}
	// Events and the visual generator are output, not state.
	w := base()
	w.VisualRand()
	w.PlaySound(Sound{Preset: "coin"})
	w.AddEffect(Effect{Kind: "sparkle"})
	if w.Hash() != ref {
		t.Error("sounds or effects changed the state hash")
	}
}

func TestSetPanelSortsArgsAndReplacesInPlace(t *testing.T) {
	w := New(1)
	w.SetPanel(Panel{Name: "a", Key: "k1"})
	w.SetPanel(Panel{Name: "b", Key: "k2", Args: []Arg{{"z", "1"}, {"a", "2"}}})
	w.SetPanel(Panel{Name: "a", Key: "k3"})
	ps := w.Panels()
	if len(ps) != 2 || ps[0].Key != "k3" || ps[1].Args[0].Name != "a" {
		t.Fatalf("panels %+v", ps)
	}
	w.ClearPanel("a")
	if w.Panel("a") != nil || w.Panel("b") == nil {
		t.Error("ClearPanel removed the wrong panel")
	}
}

func TestFloorDivSurvivesHostileFloats(t *testing.T) {
	nan := 0.0
	nan = nan / nan
	for _, v := range []float64{nan, 1e300, -1e300, 17, -17} {
		_ = floorDiv(v, 16) // must not differ across platforms nor panic
	}
	if floorDiv(-1, 16) != -1 || floorDiv(17, 16) != 1 || floorDiv(nan, 16) != 0 {
		t.Error("floorDiv is wrong")
	}
}

func TestOutcomeString(t *testing.T) {
	for o, want := range map[Outcome]string{Playing: "playing", Won: "won", Lost: "lost", 3: "outcome(3)", 255: "outcome(255)"} {
		if got := o.String(); got != want {
			t.Errorf("Outcome(%d).String() = %q, want %q", uint8(o), got, want)
		}
		if got, want := o.Valid(), o <= Lost; got != want {
			t.Errorf("Outcome(%d).Valid() = %v, want %v", uint8(o), got, want)
		}
	}
}
