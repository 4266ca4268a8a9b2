package game

import (
	"os"
	"strings"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/communs-arcade/arcade/engine/input"
	"github.com/communs-arcade/arcade/engine/level"
	"github.com/communs-arcade/arcade/engine/replay"
	"github.com/communs-arcade/arcade/engine/session"
	"github.com/communs-arcade/arcade/engine/sim"
	"github.com/communs-arcade/arcade/levels"
	"github.com/communs-arcade/arcade/levels/leveltest"
	"github.com/communs-arcade/arcade/scripts"
)

// press is one tick with buttons held, then one tick released, so menus see
// a press.
func press(b sim.Buttons) []sim.Input { return []sim.Input{{Buttons: b}, {}} }

// demoWin is the script of a campaign: title → level select → demo, won
// with the golden inputs → results.
func demoWin(t *testing.T) []sim.Input {
	t.Helper()
	win := leveltest.WinInputs(t, "demo")
	var script []sim.Input
	script = append(script, press(sim.A)...) // title: Play
	// select: Up wraps to the last entry, the demo (campaign levels come
	// first); the run starts on the tick after A, so the winning inputs
	// follow the press at once.
	script = append(script, press(sim.Up)...)
	script = append(script, sim.Input{Buttons: sim.A})
	script = append(script, win...)
	// The ending's message stays until A brings the results.
	script = append(script, make([]sim.Input, endPause)...)
	return append(script, press(sim.A)...)
}

// TestCampaignOnDemand checks that the title costs no level: New reads no
// manifest and loads no level (the browser's first frame waits for New),
// the level select reads every built-in manifest, and opening a level
// loads that one only.
func TestCampaignOnDemand(t *testing.T) {
	g, err := New(Options{Levels: levels.FS, Library: scripts.FS, Lang: "fr"})
	if err != nil {
		t.Fatal(err)
	}
	if g.levelsRead || g.levels != nil {
		t.Fatal("New read the campaign")
	}
	all, err := level.LoadAll(levels.FS)
	if err != nil {
		t.Fatal(err)
	}
	list := g.campaign()
	if len(list) != len(all) || g.notice != "" {
		t.Fatalf("campaign of %d levels (notice %q), want %d", len(list), g.notice, len(all))
	}
	for _, b := range list {
		if b.lvl != nil {
			t.Fatalf("%s loaded before it was opened", b.Manifest.ID)
		}
	}
	if _, ok := g.openBuiltin(list[0]).(*play); !ok {
		t.Fatalf("%s did not open", list[0].Manifest.ID)
	}
	if list[0].lvl == nil || list[0].lvl.Manifest.ID != list[0].Manifest.ID || list[1].lvl != nil {
		t.Fatal("opening a level loaded another, or none")
	}
}

// TestCampaignFlow drives the game from the title through the level select
// into the demo, wins it with the golden inputs and reaches the results:
// the best score is saved and the run's replay verifies.
func TestCampaignFlow(t *testing.T) {
	script := demoWin(t)
	st := memStore{}
	g, err := New(Options{Levels: levels.FS, Library: scripts.FS, Store: st, Lang: "en", Inputs: script})
	if err != nil {
		t.Fatal(err)
	}
	scenes := []string{g.State().Scene}
	for range script {
		if err := g.Update(); err != nil {
			t.Fatal(err)
		}
		if n := g.State().Scene; scenes[len(scenes)-1] != n {
			scenes = append(scenes, n)
		}
	}
	want := []string{"title", "select", "play", "results"}
	if len(scenes) != len(want) {
		t.Fatalf("scenes %v, want %v", scenes, want)
	}
	for i := range want {
		if scenes[i] != want[i] {
			t.Fatalf("scenes %v, want %v", scenes, want)
		}
	}
	s := g.State()
	if s.Level != "demo" || s.Score != 3678 || s.Tick != 223 {
		t.Errorf("state %+v", s)
	}
	back, err := loadSaved(st, "fr")
	if err != nil || back.Best["demo"].Score != 3678 || !back.Best["demo"].Won || len(back.Online.Outbox) != 1 {
		t.Fatalf("saved %+v (%v)", back, err)
	}
	rec, err := replay.Decode(g.Replay())
	if err != nil {
		t.Fatal(err)
	}
	var lvl *level.Level
	for _, l := range g.campaign() {
		if l.Manifest.ID == "demo" {
			lvl = l.lvl // loaded when the run opened it
		}
	}
	if _, err := replay.Verify(lvl, rec, session.Options{Library: scripts.FS}); err != nil {
		t.Fatalf("the game's replay does not verify: %v", err)
	}
}

// TestLevelErrorShowsAndReturns opens a level whose script fails in
// _update: the game shows the error screen with the file and line, and A
// goes back to the level select: it never freezes.
func TestLevelErrorShowsAndReturns(t *testing.T) {
	dir := t.TempDir()
	if err := level.Scaffold(dir, "broken"); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dir+"/main.lua", []byte("function _update()\n  spawn()\nend\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	lvl, err := level.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	script := append([]sim.Input{{}, {}}, press(sim.A)...)
	g, err := New(Options{Levels: levels.FS, Library: scripts.FS, Lang: "en", Level: lvl, Inputs: script})
	if err != nil {
		t.Fatal(err)
	}
	if err := g.Update(); err != nil {
		t.Fatal(err)
	}
	f, ok := g.scene.(*failed)
	if !ok {
		t.Fatalf("scene %q, want the error screen", g.scene.name())
	}
	if msg := f.err.Error(); !strings.Contains(msg, "main.lua:2: bad argument #1 to spawn") {
		t.Errorf("error shown: %q", msg)
	}
	for range script[1:] {
		if err := g.Update(); err != nil {
			t.Fatal(err)
		}
	}
	if g.scene.name() != "select" {
		t.Errorf("after A the scene is %q, want the level select", g.scene.name())
	}
}

// TestQuizExplanationsAreKept: what the quiz panel shows after an answer
// (no choices) is collected once for the results screen.
func TestQuizExplanationsAreKept(t *testing.T) {
	g, err := New(Options{Levels: levels.FS, Library: scripts.FS, Lang: "fr", StartLevel: "demo"})
	if err != nil {
		t.Fatal(err)
	}
	p := g.scene.(*play)
	w := p.sess.World
	steps := []sim.Panel{
		{Name: "quiz", Key: "q1", Choices: []string{"a", "b"}}, // the question: not kept
		{Name: "quiz", Key: "q1.why"},                          // the explanation
		{Name: "quiz", Key: "q1.why"},                          // still on screen: kept once
		{Name: "quiz", Key: "q2.why"},
	}
	for _, panel := range steps {
		if err := w.SetPanel(panel); err != nil {
			t.Fatal(err)
		}
		p.noteExplanation()
	}
	if strings.Join(p.learned, ",") != "q1.why,q2.why" {
		t.Errorf("learned %v", p.learned)
	}
}

// TestRemappedKeysAreSaved: a mapping chosen in the keys screen is saved
// and read back by the next game; the default mapping saves nothing.
func TestRemappedKeysAreSaved(t *testing.T) {
	st := memStore{}
	g, err := New(Options{Levels: levels.FS, Library: scripts.FS, Store: st, Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	m := g.input.Mapping().Bind(input.ActionA, ebiten.KeyJ)
	g.setMapping(m)
	again, err := New(Options{Levels: levels.FS, Library: scripts.FS, Store: st, Lang: "en"})
	if err != nil {
		t.Fatal(err)
	}
	if !again.input.Mapping().Equal(m) {
		t.Errorf("mapping not restored: %s", input.EncodeMapping(again.input.Mapping()))
	}
	again.setMapping(input.DefaultMapping())
	if again.saved.Settings.Keys != "" {
		t.Errorf("default mapping saved as %q", again.saved.Settings.Keys)
	}
}
