package hub

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/communs-arcade/arcade/engine/replay"
	"github.com/communs-arcade/arcade/server/protocol"
	"github.com/communs-arcade/arcade/server/ranked"
	"github.com/communs-arcade/arcade/server/store"
	"github.com/communs-arcade/arcade/server/verify"
)

// fakeCommunity serves community levels that are built-in "demo" under
// other ids: listed ones, and class-only ones of one class.
type fakeCommunity struct {
	demo      ranked.Level
	listed    []string
	class     string
	classOnly []string
}

func (f *fakeCommunity) level(id string) ranked.Level {
	l := f.demo
	l.ID = id
	return l
}

func (f *fakeCommunity) Version(ctx context.Context, id string, hash []byte) (ranked.Level, bool, error) {
	for _, l := range f.listed {
		if l == id {
			return f.level(id), true, nil
		}
	}
	return ranked.Level{}, false, nil
}

func (f *fakeCommunity) ClassVersion(ctx context.Context, class, id string, hash []byte) (ranked.Level, bool, error) {
	for _, l := range f.classOnly {
		if l == id && class == f.class {
			return f.level(id), true, nil
		}
	}
	return ranked.Level{}, false, nil
}

// TestPupilCommunityRun: a pupil's run on a community level of the class
// counts for the class; one on a class-only level of the pupil's class is
// accepted off the public board, and is an unknown level for anyone else.
func TestPupilCommunityRun(t *testing.T) {
	e := newEnv(t, Limits{ClassPoll: 10 * time.Millisecond})
	demo, _ := e.cfg.Ranked.Lookup("demo")
	e.cfg.Community = &fakeCommunity{demo: demo, listed: []string{"com-listed"}, class: "ACDEFG", classOnly: []string{"com-class"}}
	// The verifier knows built-in levels only: a community run replays as
	// the demo run it was made from, under its own id.
	e.ver.hook = func(ctx context.Context, j verify.Job) (verify.Result, error) {
		rec, err := replay.Decode(j.Replay)
		if err != nil || !strings.HasPrefix(rec.LevelID, "com-") {
			return verify.Result{}, errPass
		}
		id := rec.LevelID
		rec.LevelID = "demo"
		b, err := replay.Encode(rec)
		if err != nil {
			return verify.Result{}, err
		}
		res, err := e.ver.Verifier.Verify(ctx, verify.Job{Replay: b})
		res.Level = id
		return res, err
	}
	e.restart()
	cl := e.newClass("ACDEFG", "demo", "com-listed")
	e.newClass("HJKMNP", "demo")
	zoe := e.pupil("ACDEFG", "Zoé", 0, 0)
	ana := e.pupil("HJKMNP", "Ana", 0, 0)
	ada, _ := e.hello("Ada")
	runs := variants(t, "demo", 3)

	s, ok := zoe.call(3, &protocol.Submit{Replay: relevel(t, runs[0], "com-listed")}).(*protocol.Submitted)
	if !ok || !s.Class || s.Public || !s.Won || s.Level != "com-listed" {
		t.Fatalf("class run of a listed community level: %#v", s)
	}
	if p := e.progress(cl, "Zoé", "com-listed"); p.Status != store.StatusWon || p.Attempts != 1 {
		t.Fatalf("progress %+v, want won in 1 attempt", p)
	}

	classOnly := relevel(t, runs[1], "com-class")
	tests := []struct {
		name   string
		c      *client
		public bool
	}{
		{"class run", zoe, false},
		// Asking for the public board changes nothing: there is none.
		{"public run", zoe, true},
	}
	for i, tt := range tests {
		s, ok := tt.c.call(uint32(10+i), &protocol.Submit{Replay: classOnly, Public: tt.public}).(*protocol.Submitted)
		if !ok || s.Public || !s.Won || s.Level != "com-class" || s.Total != 0 {
			t.Fatalf("%s of a class-only level: %#v", tt.name, s)
		}
	}
	board := store.Board{Level: "com-class", Hash: demo.Hash}
	if n, err := e.mem.Count(context.Background(), board); err != nil || n != 0 {
		t.Fatalf("public board of a class-only level holds %d runs (%v)", n, err)
	}
	// Another class's pupil, and a player in no class, do not see it.
	for i, c := range []*client{ana, ada} {
		wantRefused(t, c.call(uint32(20+i), &protocol.Submit{Replay: classOnly, Public: true}), verify.ReasonUnknownLevel)
	}
}
