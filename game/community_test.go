//go:build !js

package game

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/communs-arcade/arcade/engine/sim"
	"github.com/communs-arcade/arcade/game/community/communitytest"
	"github.com/communs-arcade/arcade/game/online"
	"github.com/communs-arcade/arcade/game/online/onlinetest"
	"github.com/communs-arcade/arcade/levels"
	"github.com/communs-arcade/arcade/scripts"
	"github.com/communs-arcade/arcade/server/protocol/api"
)

// communityServer is a fake API with n levels made from the demo, the
// newest (cm-<n-1>) first; cm-i is rated i%5 and played 10*i times, and
// cm-2 is tagged "algorithms" and remixes the demo.
func communityServer(t *testing.T, n int) (*communitytest.Server, []api.Level) {
	t.Helper()
	srv := communitytest.New()
	t.Cleanup(srv.Close)
	var out []api.Level
	for i := range n {
		id := fmt.Sprintf("cm-%d", i)
		data, err := communitytest.Pack(levels.FS, "demo", id)
		if err != nil {
			t.Fatal(err)
		}
		l := api.Level{ID: id, Version: 1, Author: "Ada", Tags: []string{"demo"},
			Title:   api.Text{FR: "Niveau " + id, EN: "Level " + id},
			Summary: api.Text{FR: "Résumé", EN: "Summary"},
			Rating:  float64(i % 5), Ratings: i % 5, Plays: int64(10 * i)}
		if i == 2 {
			l.Tags = []string{"algorithms"}
			l.RemixOf = &api.Remix{ID: "demo", Version: 1, Author: "communs-arcade"}
		}
		out = append(out, srv.Add(l, data))
	}
	return srv, out
}

// newCommunityGame starts a game whose community API is apiURL ("": no
// server) and score server ws (nil: none).
func newCommunityGame(t *testing.T, apiURL string, ws *onlinetest.Server, st Store, link string) (*Game, *fakeKeyboard) {
	t.Helper()
	opts := Options{Levels: levels.FS, Library: scripts.FS, Store: st, Lang: "en", Inputs: []sim.Input{},
		CommunityServer: apiURL, Link: link,
		Net: online.Config{Name: "test/1", MinDelay: 2 * time.Millisecond, MaxDelay: 20 * time.Millisecond}}
	if ws != nil {
		opts.Server = ws.URL
	}
	g, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(g.Close)
	kb := &fakeKeyboard{}
	g.keyboard = kb
	return g, kb
}

// pending is the request the current scene waits for, if any.
func pending(g *Game) <-chan struct{} {
	switch s := g.scene.(type) {
	case *communityList:
		if s.call != nil {
			return s.call.Done()
		}
	case *communityLevel:
		if s.detail != nil {
			return s.detail.Done()
		}
		if s.dl != nil {
			return s.dl.Done()
		}
	case *levelSelect:
		if s.call != nil {
			return s.call.Done()
		}
	case *feedback:
		if s.rate != nil {
			return s.rate.Done()
		}
		if s.report != nil {
			return s.report.Done()
		}
	}
	return nil
}

// settle runs ticks until the current scene waits for no request.
func settle(t *testing.T, g *Game) {
	t.Helper()
	deadline := time.After(failAfter)
	for {
		run(t, g, 1)
		done := pending(g)
		if done == nil {
			return
		}
		select {
		case <-done:
		case <-deadline:
			t.Fatalf("waiting for the server in %s", g.scene.name())
		}
	}
}

// presses feeds one press of each button in turn, settling after each.
func presses(t *testing.T, g *Game, bs ...sim.Buttons) {
	t.Helper()
	for _, b := range bs {
		feed(t, g, press(b)...)
		settle(t, g)
	}
}

// openCommunity goes from the title to the Community screen.
func openCommunity(t *testing.T, g *Game) {
	t.Helper()
	presses(t, g, sim.Down, sim.A)
	if g.scene.name() != "community" {
		t.Fatalf("scene %q, want community", g.scene.name())
	}
}

// screenText is what the Community screen says about its state.
func screenText(g *Game) string {
	if s, ok := g.scene.(*communityList); ok {
		return s.status(g)
	}
	return ""
}

func TestCommunityBrowse(t *testing.T) {
	srv, _ := communityServer(t, 11)
	D, U, L, R, A := sim.Down, sim.Up, sim.Left, sim.Right, sim.A
	tests := []struct {
		name     string
		steps    func(t *testing.T, g *Game, kb *fakeKeyboard)
		shown    string
		selected string
		text     string // the state in words, "" when levels are listed
	}{
		{"first page, newest first", func(*testing.T, *Game, *fakeKeyboard) {},
			"cm-10 cm-9 cm-8 cm-7 cm-6 cm-5 cm-4 cm-3", "", ""},
		{"next page", func(t *testing.T, g *Game, _ *fakeKeyboard) { presses(t, g, D, D, D, R) },
			"cm-2 cm-1 cm-0", "cm-2", ""},
		{"next then previous page", func(t *testing.T, g *Game, _ *fakeKeyboard) { presses(t, g, D, D, D, R, L, D) },
			"cm-10 cm-9 cm-8 cm-7 cm-6 cm-5 cm-4 cm-3", "cm-9", ""},
		{"typed search", func(t *testing.T, g *Game, kb *fakeKeyboard) {
			presses(t, g, A) // on the search box
			kb.text, kb.keys = []rune("cm-1"), []ebiten.Key{ebiten.KeyEnter}
			settle(t, g)
			run(t, g, 1)
			settle(t, g)
		}, "cm-10 cm-1", "", ""},
		{"on-screen keyboard: x finds nothing", func(t *testing.T, g *Game, _ *fakeKeyboard) {
			// x is on the third row, fourth key; OK ends the last row.
			presses(t, g, A, D, D, R, R, R, A, D, D, R, A)
		}, "", "", "No level matches this search."},
		{"tag filter", func(t *testing.T, g *Game, _ *fakeKeyboard) { presses(t, g, D, R) },
			"cm-2", "", ""},
		{"top rated", func(t *testing.T, g *Game, _ *fakeKeyboard) { presses(t, g, D, D, R) },
			"cm-9 cm-4 cm-8 cm-3 cm-7 cm-2 cm-6 cm-1", "", ""},
		{"most played, wrapping left", func(t *testing.T, g *Game, _ *fakeKeyboard) { presses(t, g, D, D, L, D, U) },
			"cm-10 cm-9 cm-8 cm-7 cm-6 cm-5 cm-4 cm-3", "", ""},
		{"server error in words", func(t *testing.T, g *Game, _ *fakeKeyboard) {
			srv.Fail(api.PathLevels, http.StatusTooManyRequests)
			defer srv.Fail(api.PathLevels, 0)
			presses(t, g, D, D, R)
		}, "", "", "Too many requests: wait a moment and try again."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, kb := newCommunityGame(t, srv.URL, nil, memStore{}, "")
			openCommunity(t, g)
			settle(t, g)
			tt.steps(t, g, kb)
			st := g.State()
			if st.Scene != "community" {
				t.Fatalf("scene %q", st.Scene)
			}
			if got := strings.Join(st.Community.Shown, " "); got != tt.shown || st.Community.Selected != tt.selected {
				t.Errorf("shown %q selected %q, want %q %q", got, st.Community.Selected, tt.shown, tt.selected)
			}
			if got := screenText(g); got != tt.text {
				t.Errorf("says %q, want %q", got, tt.text)
			}
		})
	}
}

func TestCommunityStatesInWords(t *testing.T) {
	empty := communitytest.New()
	defer empty.Close()
	down := communitytest.New()
	down.Close()
	tests := []struct {
		name, api, want string
	}{
		{"empty", empty.URL, "No community level yet: write one and publish it with arcade publish!"},
		{"offline", down.URL, "The server cannot be reached: check the connection and try again."},
		{"no server", "", "No server: community levels are online (arcade play --server ADDRESS)."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, _ := newCommunityGame(t, tt.api, nil, memStore{}, "")
			openCommunity(t, g)
			settle(t, g)
			if got := screenText(g); got != tt.want {
				t.Errorf("says %q, want %q", got, tt.want)
			}
			presses(t, g, sim.B)
			if g.scene.name() != "title" {
				t.Errorf("B goes to %q", g.scene.name())
			}
		})
	}
}

// finishRun idles through a run until it ends, then presses A on its
// ending for the results.
func finishRun(t *testing.T, g *Game) {
	t.Helper()
	for i := 0; g.scene.name() == "play" && !g.scene.(*play).sess.Done(); i++ {
		if i > 200*sim.TicksPerSecond {
			t.Fatal("the run never ends")
		}
		run(t, g, 1)
	}
	for i := 0; g.scene.name() == "play"; i++ {
		if i > endPause {
			t.Fatal("A on the ending brings no results")
		}
		feed(t, g, press(sim.A)...)
	}
	if g.scene.name() != "results" {
		t.Fatalf("after the run: %q", g.scene.name())
	}
}

// TestCommunityPlayRateReport: a level found in the Community screen is
// downloaded, checked, kept and played on its own board; its run goes to
// the score server under its id; its results offer rating and reporting,
// refused in words until the server has verified a run, then accepted.
// Played again with the server gone, it comes from the device.
func TestCommunityPlayRateReport(t *testing.T) {
	srv, lvls := communityServer(t, 3)
	ws := onlinetest.New()
	defer ws.Close()
	st := memStore{}
	g, kb := newCommunityGame(t, srv.URL, ws, st, "")
	openCommunity(t, g)
	settle(t, g)
	presses(t, g, sim.Down, sim.Down, sim.Down, sim.A) // cm-2, the newest
	card, ok := g.scene.(*communityLevel)
	if !ok || card.lvl.ID != "cm-2" {
		t.Fatalf("scene %q", g.scene.name())
	}
	if by, _, _ := g.levelLines(*card.lvl); by != "by Ada · remix of demo by communs-arcade" {
		t.Errorf("byline %q", by)
	}
	presses(t, g, sim.A) // Play
	st0 := g.State()
	if st0.Scene != "play" || st0.Level != "cm-2" || srv.Downloads() != 1 {
		t.Fatalf("state %+v, downloads %d", st0, srv.Downloads())
	}
	if p := g.scene.(*play); p.seed != p.lvl.BoardSeed() || p.lvl.Manifest.ID != "cm-2" {
		t.Errorf("seed %d", p.seed)
	}
	if ix := g.comm.cache.Index(); len(ix.Entries) != 1 || ix.Entries[0].Hash != lvls[2].Hash {
		t.Errorf("cache %+v", ix)
	}
	finishRun(t, g)
	waitNet(t, g, "the run stored", func() bool { return g.net.last != nil && g.net.last.state == submitStored })
	if sub := g.State().Online.Submission; sub.Level != "cm-2" {
		t.Errorf("submission %+v", sub)
	}
	// Results: again, board, rate or report, back (selected).
	presses(t, g, sim.Up, sim.A)
	if g.scene.name() != "feedback" {
		t.Fatalf("scene %q", g.scene.name())
	}
	fb := g.scene.(*feedback)
	presses(t, g, sim.Left, sim.A) // 4 stars
	if g.comm.answer != api.CodeNoVerifiedRun || !strings.HasPrefix(fb.answer, "Finish a run of this level") {
		t.Errorf("before verification: %q %q", g.comm.answer, fb.answer)
	}
	tok, _ := base64.StdEncoding.DecodeString(g.saved.Online.Token)
	srv.Verify(base64.RawURLEncoding.EncodeToString(tok), "cm-2")
	presses(t, g, sim.A)
	if g.comm.answer != "ok" || fb.answer != "Thanks! Rating now ●●●●○ 4.0 (1 rating)" {
		t.Errorf("rated: %q %q", g.comm.answer, fb.answer)
	}
	presses(t, g, sim.Down, sim.Right, sim.Down, sim.A) // reason: hate; the note
	kb.text, kb.keys = []rune("mean words"), []ebiten.Key{ebiten.KeyEnter}
	settle(t, g)
	run(t, g, 1)
	presses(t, g, sim.Down, sim.A) // send
	if r := srv.Reports(); len(r) != 1 || r[0].Reason != api.ReasonHate || r[0].Note != "mean words" || g.comm.answer != "ok" {
		t.Errorf("reports %+v, answer %q", r, g.comm.answer)
	}
	// Back to the results, back to the level's card, play again offline.
	presses(t, g, sim.B, sim.Down, sim.A)
	if g.scene.name() != "community-level" {
		t.Fatalf("scene %q", g.scene.name())
	}
	srv.Close()
	presses(t, g, sim.A) // Play, still selected
	if st := g.State(); st.Scene != "play" || st.Level != "cm-2" || srv.Downloads() != 1 {
		t.Errorf("offline replay: %+v, downloads %d", st, srv.Downloads())
	}
	// A new game offline lists the kept level.
	g2, _ := newCommunityGame(t, srv.URL, nil, st, "")
	openCommunity(t, g2)
	settle(t, g2)
	if s := g2.State().Community; !slices.Equal(s.Shown, []string{"cm-2"}) || screenText(g2) != "Offline: here are the levels kept on this device." {
		t.Errorf("offline list %+v %q", s, screenText(g2))
	}
}

func TestCommunityLink(t *testing.T) {
	srv, lvls := communityServer(t, 2)
	other, err := communitytest.Pack(levels.FS, "rgpd", "cm-0")
	if err != nil {
		t.Fatal(err)
	}
	srv.SetPackage(lvls[0].Hash, other) // cm-0's download is another level
	tests := []struct {
		link, scene, level, says string
	}{
		{"cm-1", "play", "cm-1", ""},
		{"cm-1@1", "play", "cm-1", ""},
		{"nope", "community-level", "", "This level is not on the server (or no longer)."},
		{"cm-0", "community-level", "", "The downloaded level is damaged or is not the version listed: it was not played."},
	}
	for _, tt := range tests {
		t.Run(tt.link, func(t *testing.T) {
			g, _ := newCommunityGame(t, srv.URL, nil, memStore{}, tt.link)
			if g.scene.name() != "community-level" {
				t.Fatalf("opens on %q", g.scene.name())
			}
			settle(t, g)
			presses(t, g, sim.A)
			st := g.State()
			if st.Scene != tt.scene || st.Level != tt.level {
				t.Errorf("scene %q level %q, want %q %q", st.Scene, st.Level, tt.scene, tt.level)
			}
			if s, ok := g.scene.(*communityLevel); ok {
				if got := g.communityError(s.err); got != tt.says {
					t.Errorf("says %q, want %q", got, tt.says)
				}
				presses(t, g, sim.B)
				if g.scene.name() != "community" {
					t.Errorf("B goes to %q", g.scene.name())
				}
			}
		})
	}
}

// TestCatalogTypography: every French text puts a no-break space before
// : ; ! ? and inside « », and both catalogues have the same keys.
func TestCatalogTypography(t *testing.T) {
	cats, err := loadCatalogs()
	if err != nil {
		t.Fatal(err)
	}
	for key, s := range cats["fr"] {
		if !strings.HasPrefix(key, "community.") && !strings.HasPrefix(key, "feedback.") {
			continue // older texts: fixed apart
		}
		for i, r := range []rune(s) {
			prev := ' '
			if i > 0 {
				prev = []rune(s)[i-1]
			}
			if strings.ContainsRune(":;!?»", r) && i > 0 && prev != '\u00a0' {
				t.Errorf("fr %s: %q without a no-break space before %q", key, s, r)
			}
			if r == '«' && i+1 < len([]rune(s)) && []rune(s)[i+1] != '\u00a0' {
				t.Errorf("fr %s: %q without a no-break space after «", key, s)
			}
		}
		if _, ok := cats["en"][key]; !ok {
			t.Errorf("%s: no English text", key)
		}
	}
}
