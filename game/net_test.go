//go:build !js

package game

import (
	"encoding/json"
	"fmt"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/communs-arcade/arcade/engine/sim"
	"github.com/communs-arcade/arcade/game/online"
	"github.com/communs-arcade/arcade/game/online/onlinetest"
	"github.com/communs-arcade/arcade/levels"
	"github.com/communs-arcade/arcade/scripts"
	"github.com/communs-arcade/arcade/server/protocol"
	"github.com/communs-arcade/arcade/server/protocol/pseudonym"
)

// failAfter only bounds a failing test: the tests wait on the client's
// events, never on time.
const failAfter = 20 * time.Second

// fakeKeyboard types what a test tells it, once.
type fakeKeyboard struct {
	text []rune
	keys []ebiten.Key
	held bool
}

func (k *fakeKeyboard) chars() []rune {
	t := k.text
	k.text = nil
	return t
}

func (k *fakeKeyboard) pressed(key ebiten.Key) bool {
	if i := slices.Index(k.keys, key); i >= 0 {
		k.keys = slices.Delete(k.keys, i, i+1)
		return true
	}
	return false
}

func (k *fakeKeyboard) typing() bool { return k.held }

// newOnlineGame starts a game connected to srv (nil: no server).
func newOnlineGame(t *testing.T, srv *onlinetest.Server, st Store, script []sim.Input) *Game {
	t.Helper()
	opts := Options{Levels: levels.FS, Library: scripts.FS, Store: st, Lang: "en", Inputs: script,
		Net: online.Config{Name: "test/1", MinDelay: 2 * time.Millisecond, MaxDelay: 20 * time.Millisecond}}
	if opts.Inputs == nil {
		opts.Inputs = []sim.Input{} // no devices: idle ticks
	}
	if srv != nil {
		opts.Server = srv.URL
	}
	g, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(g.Close)
	return g
}

func run(t *testing.T, g *Game, n int) {
	t.Helper()
	for range n {
		if err := g.Update(); err != nil {
			t.Fatal(err)
		}
	}
}

// feed plays inputs from the current tick on.
func feed(t *testing.T, g *Game, inputs ...sim.Input) {
	t.Helper()
	g.opts.Inputs = append(g.opts.Inputs[:0:0], make([]sim.Input, g.frames)...)
	g.opts.Inputs = append(g.opts.Inputs, inputs...)
	run(t, g, len(inputs))
}

// waitNet runs ticks as the client reports events until cond holds.
func waitNet(t *testing.T, g *Game, what string, cond func() bool) {
	t.Helper()
	deadline := time.After(failAfter)
	for !cond() {
		select {
		case <-g.net.client.Notify():
		case <-deadline:
			t.Fatalf("waiting for %s; state %+v", what, g.State().Online)
		}
		run(t, g, 1)
	}
}

func TestPseudonymsFromCatalogs(t *testing.T) {
	for _, lang := range Languages {
		g, err := New(Options{Lang: lang})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, a := range words(g.t("pseudonym.animals")) {
			for _, c := range words(g.t("pseudonym.colours")) {
				for _, num := range []int{10, 99} {
					p := fill(g.t("pseudonym.format"), []sim.Arg{arg("animal", a), arg("colour", c), arg("n", num)})
					if err := pseudonym.CheckProtocol(p); err != nil {
						t.Errorf("%s: %q: %v", lang, p, err)
					}
					n++
				}
			}
		}
		if n < 200 {
			t.Errorf("%s: only %d pseudonyms", lang, n)
		}
		if p := g.randomPseudonym(); pseudonym.CheckProtocol(p) != nil {
			t.Errorf("%s: random %q", lang, p)
		}
	}
	g, _ := New(Options{Lang: "fr"})
	if p := g.randomPseudonym(); strings.Count(p, "-") < 2 {
		t.Errorf("French pseudonym %q", p)
	}
}

// TestOldSaveMigrates: a save file from before online scores loads; its
// replays go to the outbox; a token and a pseudonym are made and saved.
func TestOldSaveMigrates(t *testing.T) {
	st := memStore{saveName: []byte(`{"version":1,"settings":{"lang":"en","volume":30,"textScale":100},"best":{"demo":{"score":5,"won":true}},"replays":["eHg=","eXk="]}`)}
	g := newOnlineGame(t, nil, st, nil)
	if g.notice != "" {
		t.Errorf("notice %q", g.notice)
	}
	var back Saved
	if err := json.Unmarshal(st[saveName], &back); err != nil {
		t.Fatal(err)
	}
	o := back.Online
	if back.Best["demo"].Score != 5 || len(back.Replays) != 0 || len(o.Outbox) != 2 || o.Outbox[1].Replay != "eXk=" || o.Outbox[0].ID == "" {
		t.Errorf("migrated %+v", back)
	}
	if _, err := decodeToken(o.Token); err != nil || pseudonym.CheckProtocol(o.Pseudonym) != nil {
		t.Errorf("identity %q %q (%v)", o.Token, o.Pseudonym, err)
	}
	// The identity stays from one game to the next.
	again := newOnlineGame(t, nil, st, nil)
	if again.saved.Online.Token != o.Token || again.pseudonym() != o.Pseudonym {
		t.Errorf("identity changed: %+v", again.saved.Online)
	}
	if s := again.State().Online; s.Status != "off" || s.Outbox != 2 {
		t.Errorf("state %+v", s)
	}
}

// TestResultsShowRank: a won run is sent; the results show the rank and
// the neighbours, and the outbox empties.
func TestResultsShowRank(t *testing.T) {
	srv := onlinetest.New()
	defer srv.Close()
	srv.AddEntry("demo", "Castor-Rouge-3", 9000, 100)
	st := memStore{}
	script := demoWin(t)
	g := newOnlineGame(t, srv, st, script)
	run(t, g, len(script))
	if g.scene.name() != "results" {
		t.Fatalf("scene %q", g.scene.name())
	}
	waitNet(t, g, "the run stored", func() bool { return g.net.last != nil && g.net.last.state == submitStored })
	s := g.State().Online
	sub := s.Submission
	if s.Status != "online" || sub.Level != "demo" || sub.Rank != 2 || sub.Total != 2 || sub.Score != 3678 || !sub.NewBest {
		t.Errorf("state %+v %+v", s, sub)
	}
	if lines := g.submissionLines(g.net.last); lines[0] != "Rank 2 of 2" || lines[1] != "New best on the leaderboard!" {
		t.Errorf("results say %q", lines)
	}
	back, _ := loadSaved(st, "en")
	if len(back.Online.Outbox) != 0 || s.Outbox != 0 || srv.Stored() != 1 {
		t.Errorf("outbox %d, stored %d", len(back.Online.Outbox), srv.Stored())
	}
}

// TestOfflineRunSentLater: a run finished while the server is down says
// so, stays in the saved outbox, and is sent once by the next game.
func TestOfflineRunSentLater(t *testing.T) {
	srv := onlinetest.New()
	defer srv.Close()
	srv.SetDown(true)
	st := memStore{}
	script := demoWin(t)
	g := newOnlineGame(t, srv, st, script)
	run(t, g, len(script))
	waitNet(t, g, "offline", func() bool { return g.net.status == online.Offline })
	if sub := g.State().Online.Submission; sub == nil || sub.State != "later" {
		t.Fatalf("submission %+v", sub)
	}
	if got := g.submissionLines(g.net.last); got[0] != "Offline — your score will be sent later" {
		t.Errorf("results say %q", got)
	}
	id := g.net.last.run
	g.Close()
	back, _ := loadSaved(st, "en")
	if len(back.Online.Outbox) != 1 || back.Online.Outbox[0].ID != id {
		t.Fatalf("outbox %+v", back.Online.Outbox)
	}

	srv.SetDown(false)
	again := newOnlineGame(t, srv, st, nil)
	waitNet(t, again, "the outbox sent", func() bool { return len(again.saved.Online.Outbox) == 0 })
	back, _ = loadSaved(st, "en")
	if len(back.Online.Outbox) != 0 || !slices.Equal(srv.Received(), []string{id}) {
		t.Errorf("outbox %d, server received %v", len(back.Online.Outbox), srv.Received())
	}
}

// TestRefusalInWords: a refused run says why and leaves the outbox.
func TestRefusalInWords(t *testing.T) {
	srv := onlinetest.New()
	defer srv.Close()
	srv.Refuse(protocol.CodeRefused, "level_changed: the level's hash is not the server's")
	st := memStore{}
	script := demoWin(t)
	g := newOnlineGame(t, srv, st, script)
	run(t, g, len(script))
	waitNet(t, g, "the refusal", func() bool { return g.net.last != nil && g.net.last.state == submitRefused })
	if got := g.submissionLines(g.net.last); got[0] != "This level changed on the server: the run does not count" {
		t.Errorf("results say %q", got)
	}
	if s := g.State().Online; s.Submission.Code != "refused" || s.Outbox != 0 {
		t.Errorf("state %+v", s)
	}
	tests := []struct {
		code protocol.Code
		msg  string
		want string
	}{
		{protocol.CodeRefused, "diverged: state differs at tick 120", "online.refused"},
		{protocol.CodeRefused, "engine: 0.2.0", "online.engine"},
		{protocol.CodeRefused, "wrong_seed: seed 1, the board's is 2", "online.engine"},
		{protocol.CodeRefused, "copied: another player sent this run first", "online.copied"},
		{protocol.CodeRefused, "too_long: 40000 ticks", "online.too_long"},
		{protocol.CodeUnknownLevel, "", "online.unknown_level"},
		{protocol.CodeInvalid, "", "online.unreadable"},
	}
	for _, tt := range tests {
		if got := g.refusal(tt.code, tt.msg); got != g.t(tt.want) {
			t.Errorf("refusal(%s, %q) = %q", tt.code, tt.msg, got)
		}
	}
}

// TestLeaderboardScene: Right in the level select opens the selected
// level's board, which follows the server's pushes; B goes back.
func TestLeaderboardScene(t *testing.T) {
	srv := onlinetest.New()
	defer srv.Close()
	srv.AddEntry("demo", "Castor-Rouge-3", 9000, 100)
	script := append(press(sim.A), press(sim.Up)...)
	script = append(script, press(sim.Right)...)
	g := newOnlineGame(t, srv, memStore{}, nil)
	waitNet(t, g, "online", func() bool { return g.net.status == online.Online })
	feed(t, g, script...)
	if g.scene.name() != "board" {
		t.Fatalf("scene %q", g.scene.name())
	}
	waitNet(t, g, "the board", func() bool { b := g.State().Online.Board; return b != nil && len(b.Top) == 1 })
	if b := g.State().Online.Board; b.Level != "demo" || b.Top[0].Pseudonym != "Castor-Rouge-3" || len(b.Around) != 0 {
		t.Errorf("board %+v", b)
	}
	srv.AddEntry("demo", "Hibou-Gris-5", 9500, 90)
	waitNet(t, g, "the live record", func() bool { return len(g.State().Online.Board.Top) == 2 })
	if top := g.State().Online.Board.Top; top[0].Pseudonym != "Hibou-Gris-5" || top[1].Rank != 2 {
		t.Errorf("top %+v", top)
	}
	feed(t, g, press(sim.B)...)
	if g.scene.name() != "select" || g.State().Online.Board != nil {
		t.Errorf("after B: scene %q, board %+v", g.scene.name(), g.State().Online.Board)
	}
}

// TestPseudonymEditing types a pseudonym in the settings: a taken one is
// refused in words, a free one is saved on the server and on the device.
func TestPseudonymEditing(t *testing.T) {
	srv := onlinetest.New()
	defer srv.Close()
	srv.Take("Pris-Deja-1")
	st := memStore{}
	g := newOnlineGame(t, srv, st, nil)
	kb := &fakeKeyboard{}
	g.keyboard = kb
	waitNet(t, g, "online", func() bool { return g.net.status == online.Online })
	// Settings: Down to the pseudonym line (the fifth), A.
	g.scene = &settings{back: &title{}}
	for range 4 {
		feed(t, g, press(sim.Down)...)
	}
	feed(t, g, press(sim.A)...)
	feed(t, g, sim.Input{}) // the screen's first tick reads nothing
	if g.scene.name() != "pseudonym" {
		t.Fatalf("scene %q", g.scene.name())
	}
	edit := g.scene.(*pseudonymEdit)
	old := g.pseudonym()
	if string(edit.text) != old {
		t.Errorf("the field starts with %q, want %q", string(edit.text), old)
	}
	// Erase, type a taken pseudonym, Enter; Z typed is text, not A.
	for range len(edit.text) {
		kb.keys = append(kb.keys, ebiten.KeyBackspace)
		run(t, g, 1)
	}
	kb.text, kb.held = []rune("Pris-Deja-1z"), true
	feed(t, g, sim.Input{Buttons: sim.A})
	kb.held = false
	if g.scene != edit || string(edit.text) != "Pris-Deja-1z" {
		t.Fatalf("typing Z: scene %q, text %q", g.scene.name(), string(edit.text))
	}
	kb.keys = append(kb.keys, ebiten.KeyBackspace)
	run(t, g, 1)
	kb.keys = append(kb.keys, ebiten.KeyEnter)
	run(t, g, 1)
	waitNet(t, g, "taken", func() bool { return g.net.rename.state == renameRefused })
	if g.net.rename.code != protocol.CodeTaken || g.pseudonym() != old || g.scene != edit {
		t.Errorf("rename %+v, pseudonym %q", g.net.rename, g.pseudonym())
	}
	// Too short: nothing is sent.
	req := g.net.rename.req
	edit.text = []rune("Zo")
	kb.keys = append(kb.keys, ebiten.KeyEnter)
	run(t, g, 1)
	if g.net.rename.req != req || pseudonymProblem("Zo") != "pseudonym.too_short" {
		t.Errorf("a short pseudonym: %+v", g.net.rename)
	}
	edit.text = []rune("Zoé la Loutre")
	kb.keys = append(kb.keys, ebiten.KeyEnter)
	run(t, g, 1)
	waitNet(t, g, "renamed", func() bool { return g.net.rename.state == renameSaved })
	back, _ := loadSaved(st, "en")
	if g.pseudonym() != "Zoé la Loutre" || back.Online.Pseudonym != "Zoé la Loutre" || srv.Pseudonym(mustToken(t, back)) != "Zoé la Loutre" {
		t.Errorf("pseudonym %q, saved %q", g.pseudonym(), back.Online.Pseudonym)
	}
	// Tab draws a random one into the field.
	kb.keys = append(kb.keys, ebiten.KeyTab)
	run(t, g, 1)
	if p := string(edit.text); p == "Zoé la Loutre" || pseudonym.CheckProtocol(p) != nil {
		t.Errorf("random %q", p)
	}
}

func mustToken(t *testing.T, s Saved) []byte {
	b, err := decodeToken(s.Online.Token)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestTakenAtHello: a new player whose pseudonym is taken gets another
// one, is told, and is welcomed under it.
func TestTakenAtHello(t *testing.T) {
	srv := onlinetest.New()
	defer srv.Close()
	srv.Take("Renard-Bleu-42")
	tok := strings.Repeat("A", 43) + "="
	st := memStore{saveName: []byte(`{"version":1,"settings":{"lang":"en","volume":30,"textScale":100},"online":{"token":"` + tok + `","pseudonym":"Renard-Bleu-42"}}`)}
	g := newOnlineGame(t, srv, st, nil)
	waitNet(t, g, "online", func() bool { return g.net.status == online.Online })
	p := g.pseudonym()
	if p == "Renard-Bleu-42" || !strings.Contains(g.notice, "Renard-Bleu-42") || srv.Pseudonym(mustToken(t, g.saved)) != p {
		t.Errorf("pseudonym %q, notice %q", p, g.notice)
	}
}

// TestWorldPot: the pot of a shared-pot level comes with the welcome and
// follows the pushes.
func TestWorldPot(t *testing.T) {
	srv := onlinetest.New()
	defer srv.Close()
	srv.SetPot("tax-pot", 1200)
	g := newOnlineGame(t, srv, nil, nil)
	waitNet(t, g, "the welcome pot", func() bool { return g.net.pots["tax-pot"] == 1200 })
	srv.SetPot("tax-pot", 1300)
	waitNet(t, g, "the pushed pot", func() bool { return g.net.pots["tax-pot"] == 1300 })
	g.scene = g.openBuiltin(g.campaign()[0])
	if s := g.State().Online; g.campaign()[0].Manifest.ID != "tax-pot" || s.Pot == nil || *s.Pot != 1300 {
		t.Errorf("state %+v", s)
	}
}

// TestServerSetting: a server given once (arcade play --server) is saved;
// "off" forgets it.
func TestServerSetting(t *testing.T) {
	st := memStore{}
	for _, tt := range []struct{ server, want string }{{"localhost:1", "localhost:1"}, {"", "localhost:1"}, {"off", ""}} {
		g, err := New(Options{Levels: levels.FS, Library: scripts.FS, Store: st, Lang: "en", Server: tt.server, SaveServer: tt.server != ""})
		if err != nil {
			t.Fatal(err)
		}
		g.Close()
		if g.saved.Online.Server != tt.want {
			t.Errorf("--server %q: saved %q", tt.server, g.saved.Online.Server)
		}
	}
}

// TestGameImportsOnlyProtocol: the game shares only the protocol (with its
// pseudonym rules, server/protocol/pseudonym) with the server.
func TestGameImportsOnlyProtocol(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "-test", "./...").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range strings.Fields(string(out)) {
		if strings.HasPrefix(p, "github.com/communs-arcade/arcade/server") && p != "github.com/communs-arcade/arcade/server/protocol" &&
			!strings.HasPrefix(p, "github.com/communs-arcade/arcade/server/protocol/") {
			t.Errorf("game imports %s", p)
		}
	}
}

// TestStateNames pins the names of the submission states: the page and the
// browser tests (wasm/e2e) read them in window.arcade's state.
func TestStateNames(t *testing.T) {
	tests := []struct {
		got  fmt.Stringer
		want string
	}{
		{submitSending, "sending"},
		{submitLater, "later"},
		{submitStored, "stored"},
		{submitRetry, "retry"},
		{submitRefused, "refused"},
		{submitState(9), "submitState(9)"},
		{renameIdle, "idle"},
		{renameSaving, "saving"},
		{renameSaved, "saved"},
		{renameLater, "later"},
		{renameRefused, "refused"},
		{renameStep(9), "renameStep(9)"},
	}
	for _, tt := range tests {
		if got := tt.got.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
	}
}
