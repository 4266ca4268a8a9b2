//go:build !js

package game

import (
	"slices"
	"testing"
	"time"

	"github.com/communs-arcade/arcade/engine/sim"
	"github.com/communs-arcade/arcade/game/online/onlinetest"
	"github.com/communs-arcade/arcade/server/protocol"
	"github.com/communs-arcade/arcade/server/protocol/api"
)

// classPresses presses buttons one after another, waiting after each for
// the pupils' list when the join screen asks for it.
func classPresses(t *testing.T, g *Game, bs ...sim.Buttons) {
	t.Helper()
	for _, b := range bs {
		feed(t, g, press(b)...)
		deadline := time.After(failAfter)
		for {
			s, ok := g.scene.(*classJoin)
			if !ok || s.list == nil {
				break
			}
			select {
			case <-s.list.Done():
			case <-deadline:
				t.Fatal("the pupils' list never came")
			}
			run(t, g, 1)
		}
	}
}

func wantScene(t *testing.T, g *Game, name string) {
	t.Helper()
	if got := g.scene.name(); got != name {
		t.Fatalf("scene %q, want %q", got, name)
	}
}

// TestClassJoin drives a pupil's side of a class against the fake server:
// join by code with the generated pseudonym and a picture, the class's
// levels only (a locked one not playable), the teacher's pause over
// everything, a rejoin from another device (a wrong picture first), and
// the pupil deleting their data.
func TestClassJoin(t *testing.T) {
	srv := onlinetest.New()
	defer srv.Close()
	srv.AddClass("ACDEFG", "5e B", "demo", "rgpd")
	st := memStore{}
	g := newOnlineGame(t, srv, st, nil)
	waitNet(t, g, "online", func() bool { return g.net.status.String() == "online" })
	g.scene = newClassJoin(g, "acdefg")
	wantScene(t, g, "class_code")

	// "I'm new" is selected: A. The generated pseudonym: Next (selected).
	classPresses(t, g, sim.A)
	wantScene(t, g, "class_name")
	name := g.scene.(*classJoin).pseudo.String()
	if pseudonymProblem(name) != "" {
		t.Fatalf("generated pseudonym %q", name)
	}
	classPresses(t, g, sim.A)
	wantScene(t, g, "class_picture")
	// OK before a picture is refused; then the fox (first), orange, OK.
	classPresses(t, g, sim.Up, sim.A)
	if g.scene.(*classJoin).err == "" || g.class != nil {
		t.Fatal("OK without a picture joined")
	}
	classPresses(t, g, sim.Down, sim.A, sim.Right, sim.A, sim.A)
	waitNet(t, g, "joined", func() bool { run(t, g, 1); return g.scene.name() == "class" })
	if got := srv.Pupils("ACDEFG"); !slices.Equal(got, []string{name}) {
		t.Fatalf("the server's pupils %q, want [%q]", got, name)
	}
	want := SavedClass{Code: "ACDEFG", Pseudonym: name, Animal: 0, Color: 1}
	if g.saved.Class == nil || *g.saved.Class != want {
		t.Fatalf("saved class %+v, want %+v", g.saved.Class, want)
	}
	cs := g.State().Class
	if cs == nil || !cs.Joined || cs.Code != "ACDEFG" || cs.Pseudonym != name || cs.Public {
		t.Fatalf("state().class %+v", cs)
	}

	// The class's levels only; rgpd locked: A does not open it.
	srv.SetClass("ACDEFG", false, "", []string{"rgpd"}, false)
	waitNet(t, g, "lock", func() bool { return g.levelLocked("rgpd") })
	classPresses(t, g, sim.A)
	wantScene(t, g, "select")
	var ids []string
	for _, l := range g.selectable() {
		ids = append(ids, l.Manifest.ID)
	}
	if !slices.Equal(ids, []string{"demo", "rgpd"}) {
		t.Fatalf("level select %v, want the class's", ids)
	}
	classPresses(t, g, sim.Down, sim.A)
	wantScene(t, g, "select")
	classPresses(t, g, sim.Up, sim.A)
	wantScene(t, g, "play")
	deadline := time.After(failAfter)
	for started, _, _, _ := srv.Pupil("ACDEFG", name); !slices.Contains(started, "demo"); started, _, _, _ = srv.Pupil("ACDEFG", name) {
		select {
		case <-srv.Changed():
		case <-deadline:
			t.Fatalf("the server never heard that the pupil opened the demo: %v", started)
		}
	}

	// The teacher pauses: the level's clock stops until resumed.
	srv.SetClass("ACDEFG", true, "Regardez le tableau", []string{"rgpd"}, false)
	waitNet(t, g, "pause", func() bool { return g.classPaused() })
	tick := g.State().Tick
	run(t, g, 30)
	if s := g.State(); s.Tick != tick || s.Class.Message != "Regardez le tableau" || !s.Class.Paused {
		t.Fatalf("paused: tick %d → %d, class %+v", tick, s.Tick, s.Class)
	}
	srv.SetClass("ACDEFG", false, "", []string{"rgpd"}, false)
	waitNet(t, g, "resume", func() bool { return !g.classPaused() })
	run(t, g, 30)
	if g.State().Tick == tick {
		t.Fatal("the level did not go on after the pause")
	}

	// Another device: the list, a wrong picture, then the right one.
	g2 := newOnlineGame(t, srv, memStore{}, nil)
	waitNet(t, g2, "online", func() bool { return g2.net.status.String() == "online" })
	g2.scene = newClassJoin(g2, "ACDEFG")
	classPresses(t, g2, sim.Down, sim.A)
	wantScene(t, g2, "class_pupils")
	if got := g2.scene.(*classJoin).names; !slices.Equal(got, []string{name}) {
		t.Fatalf("pupils' list %q", got)
	}
	classPresses(t, g2, sim.A)
	wantScene(t, g2, "class_picture")
	classPresses(t, g2, sim.A, sim.A, sim.A) // fox, red: not orange
	waitNet(t, g2, "refusal", func() bool { run(t, g2, 1); return g2.scene.(*classJoin).step == stepPicture })
	if f := g2.classFail; f == nil || f.code != protocol.CodeWrongPicture || g2.scene.(*classJoin).err != g2.t("class.err.wrong_picture") {
		t.Fatalf("wrong picture: %+v, %q", g2.classFail, g2.scene.(*classJoin).err)
	}
	classPresses(t, g2, sim.A, sim.Right, sim.A, sim.A)
	waitNet(t, g2, "rejoined", func() bool { run(t, g2, 1); return g2.scene.name() == "class" })

	// The first device deletes the pupil's data: the server forgets them.
	g.scene = &classHome{}
	classPresses(t, g, sim.Down, sim.Down, sim.A)
	wantScene(t, g, "class_data")
	classPresses(t, g, sim.A, sim.A)
	waitNet(t, g, "deleted", func() bool { run(t, g, 1); return g.scene.name() == "title" })
	if _, _, _, ok := srv.Pupil("ACDEFG", name); ok || g.saved.Class != nil || g.class != nil || len(g.saved.Best) != 0 {
		t.Fatalf("after deletion: on the server %v, saved %+v, best %v", ok, g.saved.Class, g.saved.Best)
	}
}

// TestClassCommunityLevels: in a class, the level select lists the class's
// community levels after its built-in ones (a listed one the teacher
// chose, then a pupil's class-only one), titled from the class's levels
// answer, and plays them from their card; a locked one does not open.
func TestClassCommunityLevels(t *testing.T) {
	srv, lvls := communityServer(t, 2)
	srv.SetClassLevels("ACDEFG", api.ClassLevels{
		Levels:    []api.ClassLevel{{ID: "demo"}, {ID: lvls[0].ID, Community: true, Title: lvls[0].Title, Author: "Ada"}},
		ClassOnly: []api.ClassLevel{{ID: lvls[1].ID, Community: true, Title: lvls[1].Title, Author: "Zoé", Version: 1}},
	})
	g, _ := newCommunityGame(t, srv.URL, nil, memStore{}, "")
	g.class = &classroom{code: "ACDEFG", name: "5e B", levels: []string{"demo", lvls[0].ID}, locked: []string{lvls[0].ID}, joined: true}
	g.scene = &levelSelect{}
	settle(t, g)
	sel := g.scene.(*levelSelect)
	type item struct {
		id, title string
		own       bool
	}
	var got []item
	for _, it := range sel.classCommunity(g) {
		got = append(got, item{it.ID, g.apiText(it.Title), it.own})
	}
	want := []item{{"cm-0", "Level cm-0", false}, {"cm-1", "Level cm-1", true}}
	if !slices.Equal(got, want) {
		t.Fatalf("the class's community levels %+v, want %+v", got, want)
	}

	presses(t, g, sim.Down, sim.A) // cm-0: locked by the teacher
	wantScene(t, g, "select")
	presses(t, g, sim.Down, sim.A) // cm-1, the class-only level: its card
	wantScene(t, g, "community-level")
	if c := g.scene.(*communityLevel); c.lvl == nil || c.lvl.ID != "cm-1" || c.back != sel {
		t.Fatalf("card %+v", c.lvl)
	}
	presses(t, g, sim.A) // Play: downloads the package with the token
	wantScene(t, g, "play")
	if p := g.scene.(*play); p.comm == nil || p.comm.ID != "cm-1" || p.back == nil {
		t.Fatalf("playing %+v", p.comm)
	}
}
