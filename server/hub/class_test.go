package hub

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/communs-arcade/arcade/server/protocol"
	"github.com/communs-arcade/arcade/server/store"
	"github.com/communs-arcade/arcade/server/verify"
)

// newClass stores a live class with these levels, as the teacher API does.
func (e *env) newClass(code string, levels ...string) store.Class {
	e.t.Helper()
	now := time.Now()
	c, err := e.mem.CreateClass(context.Background(), store.Class{Code: code, Name: "5e " + code, Levels: levels,
		CreatedAt: now, EndsAt: now.Add(2 * time.Hour)})
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

// pupil says hello as a new player and joins a class as a new pupil.
func (e *env) pupil(code, name string, animal, color uint8) *client {
	e.t.Helper()
	c, _ := e.hello("Player-" + name)
	got := c.call(2, &protocol.Join{Code: code, Pseudonym: name, Animal: animal, Color: color, New: true})
	if j, ok := got.(*protocol.Joined); !ok || j.Pseudonym != name || j.Code != code {
		e.t.Fatalf("join %s as %s: %#v", code, name, got)
	}
	return c
}

// progress returns a pupil's progress on a level.
func (e *env) progress(cl store.Class, name, level string) store.LevelProgress {
	e.t.Helper()
	p, err := e.mem.ClassProgress(context.Background(), cl.ID)
	if err != nil {
		e.t.Fatal(err)
	}
	for _, pp := range p.Pupils {
		if pp.Pupil.Pseudonym == name {
			return pp.Levels[level]
		}
	}
	e.t.Fatalf("no pupil %q in class %s", name, cl.Code)
	return store.LevelProgress{}
}

func TestJoin(t *testing.T) {
	e := newEnv(t, Limits{})
	cl := e.newClass("ACDEFG", "demo", "rgpd")
	ctx := context.Background()
	if err := e.mem.LockLevel(ctx, cl.ID, "rgpd", true); err != nil {
		t.Fatal(err)
	}
	if err := e.mem.PauseClass(ctx, cl.ID, true, "look at the board"); err != nil {
		t.Fatal(err)
	}
	ended := e.newClass("HJKMNP", "demo")
	if err := e.mem.EndClass(ctx, ended.ID, time.Now()); err != nil {
		t.Fatal(err)
	}

	c := e.dial()
	c.wantErr(1, &protocol.Join{Code: "ACDEFG", Pseudonym: "Zoé", New: true}, protocol.CodeNoHello)
	c, _ = e.hello("Player-1")
	got := c.call(2, &protocol.Join{Code: "ACDEFG", Pseudonym: "Zoé", Animal: 3, Color: 4, New: true})
	want := &protocol.Joined{Code: "ACDEFG", Name: "5e ACDEFG", Levels: []string{"demo", "rgpd"}, Locked: []string{"rgpd"},
		Paused: true, Message: "look at the board", Pseudonym: "Zoé", EndsAt: cl.EndsAt.Unix()}
	if j, ok := got.(*protocol.Joined); !ok || fmt.Sprint(j) != fmt.Sprint(want) {
		t.Fatalf("joined %#v\nwant %#v", got, want)
	}
	p, err := e.mem.PupilByPseudonym(ctx, cl.ID, "zoe")
	if err != nil || p.PictureHash != PictureHash("ACDEFG", 3, 4) || p.Player == 0 {
		t.Fatalf("stored pupil %+v, %v: want the picture's hash and the player", p, err)
	}

	other, _ := e.hello("Player-2")
	tests := []struct {
		name string
		join protocol.Join
		code protocol.Code
	}{
		{"unknown class", protocol.Join{Code: "ACDEFH", Pseudonym: "Léa", New: true}, protocol.CodeUnknownClass},
		{"not a code", protocol.Join{Code: "ABCDEF", Pseudonym: "Léa", New: true}, protocol.CodeUnknownClass},
		{"ended", protocol.Join{Code: "HJKMNP", Pseudonym: "Léa", New: true}, protocol.CodeClassEnded},
		{"taken", protocol.Join{Code: "ACDEFG", Pseudonym: "ZOE", Animal: 3, Color: 4, New: true}, protocol.CodeTaken},
		{"blocked pseudonym", protocol.Join{Code: "ACDEFG", Pseudonym: "Admin", New: true}, protocol.CodeBadPseudonym},
		{"no such pupil", protocol.Join{Code: "ACDEFG", Pseudonym: "Léa"}, protocol.CodeUnknownPupil},
		{"wrong picture", protocol.Join{Code: "ACDEFG", Pseudonym: "Zoé", Animal: 4, Color: 3}, protocol.CodeWrongPicture},
		{"bad picture", protocol.Join{Code: "ACDEFG", Pseudonym: "Zoé", Animal: protocol.PictureAnimals}, protocol.CodeInvalid},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			other.wantErr(uint32(10+i), &tt.join, tt.code)
		})
	}
	if got := other.call(30, &protocol.Leave{}); got.Type() != protocol.TypeOK {
		t.Errorf("leave without a class: %#v", got)
	}
}

// TestRejoin: a pupil rejoins from a new token with their pseudonym and
// picture; wrong pictures are limited per class and pseudonym, and once
// they are used up the right picture is refused too.
func TestRejoin(t *testing.T) {
	e := newEnv(t, Limits{WrongPictures: 3, WrongPicturesEvery: time.Hour})
	cl := e.newClass("ACDEFG", "demo")
	e.pupil("ACDEFG", "Zoé", 1, 2)
	e.pupil("ACDEFG", "Léa", 1, 2)

	// A new device: a new token, so a new player.
	c, _ := e.hello("Tablet-7")
	got := c.call(2, &protocol.Join{Code: "ACDEFG", Pseudonym: "zoe", Animal: 1, Color: 2})
	if j, ok := got.(*protocol.Joined); !ok || j.Pseudonym != "Zoé" {
		t.Fatalf("rejoin: %#v", got)
	}
	p, err := e.mem.PupilByPseudonym(context.Background(), cl.ID, "Zoé")
	if err != nil {
		t.Fatal(err)
	}
	if pupils, err := e.mem.PupilsOfPlayer(context.Background(), p.Player); err != nil || len(pupils) != 1 || pupils[0].ID != p.ID {
		t.Fatalf("the new player plays as %+v, %v; want the pupil %d", pupils, err, p.ID)
	}

	thief, _ := e.hello("Thief-1")
	for i := range 3 {
		thief.wantErr(uint32(3+i), &protocol.Join{Code: "ACDEFG", Pseudonym: "Léa", Animal: uint8(2 + i)}, protocol.CodeWrongPicture)
	}
	thief.wantErr(6, &protocol.Join{Code: "ACDEFG", Pseudonym: "Léa", Animal: 9}, protocol.CodeRateLimited)
	thief.wantErr(7, &protocol.Join{Code: "ACDEFG", Pseudonym: "Léa", Animal: 1, Color: 2}, protocol.CodeRateLimited)
	// Another pupil of the class is not affected.
	if got := thief.call(8, &protocol.Join{Code: "ACDEFG", Pseudonym: "Zoé", Animal: 1, Color: 2}); got.Type() != protocol.TypeJoined {
		t.Fatalf("rejoin as another pupil: %#v", got)
	}
}

func TestJoinLimits(t *testing.T) {
	e := newEnv(t, Limits{MaxPupils: 2, JoinsPerMinute: 5})
	e.newClass("ACDEFG", "demo")
	e.pupil("ACDEFG", "Zoé", 0, 0)
	e.pupil("ACDEFG", "Léa", 0, 0)
	c, _ := e.hello("Player-3")
	c.wantErr(2, &protocol.Join{Code: "ACDEFG", Pseudonym: "Tom", New: true}, protocol.CodeClassFull)
	// Five attempts a minute from one address (the test's pupils share
	// 127.0.0.1): the sixth is refused.
	c.wantErr(3, &protocol.Join{Code: "ACDEFG", Pseudonym: "Tom", New: true}, protocol.CodeClassFull)
	c.wantErr(4, &protocol.Join{Code: "ACDEFG", Pseudonym: "Tom", New: true}, protocol.CodeClassFull)
	c.wantErr(5, &protocol.Join{Code: "ACDEFG", Pseudonym: "Tom", New: true}, protocol.CodeRateLimited)
}

// TestClassPush: a teacher's change reaches every pupil of the class,
// whether it was made through this instance (ClassChanged) or straight in
// the store as another instance would (the poll); pupils of another class
// get nothing of it.
func TestClassPush(t *testing.T) {
	for _, viaPoll := range []bool{true, false} {
		t.Run(fmt.Sprintf("poll=%v", viaPoll), func(t *testing.T) {
			lim := Limits{ClassPoll: 10 * time.Millisecond}
			if !viaPoll {
				lim.ClassPoll = time.Hour // only ClassChanged can push
			}
			e := newEnv(t, lim)
			a := e.newClass("ACDEFG", "demo", "rgpd")
			b := e.newClass("HJKMNP", "demo")
			pupils := []*client{e.pupil("ACDEFG", "Zoé", 0, 0), e.pupil("ACDEFG", "Léa", 0, 1), e.pupil("ACDEFG", "Tom", 0, 2)}
			outsider := e.pupil("HJKMNP", "Ana", 0, 0)
			ctx := context.Background()
			change := func(cl store.Class, f func() error) {
				t.Helper()
				if err := f(); err != nil {
					t.Fatal(err)
				}
				if !viaPoll {
					e.hub.ClassChanged(cl.Code)
				}
			}
			change(a, func() error { return e.mem.PauseClass(ctx, a.ID, true, "look at the board") })
			for _, p := range pupils {
				s := p.push(protocol.TypeClassState).(*protocol.ClassState)
				if !s.Paused || s.Message != "look at the board" || s.Code != "ACDEFG" || s.Ended {
					t.Errorf("pause push %#v", s)
				}
			}
			change(b, func() error { return e.mem.LockLevel(ctx, b.ID, "demo", true) })
			if s := outsider.push(protocol.TypeClassState).(*protocol.ClassState); s.Code != "HJKMNP" || !slices.Equal(s.Locked, []string{"demo"}) || s.Paused {
				t.Errorf("the other class's push %#v", s)
			}
			change(a, func() error { return e.mem.LockLevel(ctx, a.ID, "rgpd", true) })
			for _, p := range pupils {
				// The next push is this class's lock, not the other's.
				s := p.push(protocol.TypeClassState).(*protocol.ClassState)
				if s.Code != "ACDEFG" || !slices.Equal(s.Locked, []string{"rgpd"}) || !s.Paused {
					t.Errorf("lock push %#v", s)
				}
			}
			change(a, func() error { return e.mem.EndClass(ctx, a.ID, time.Now()) })
			for _, p := range pupils {
				if s := p.push(protocol.TypeClassState).(*protocol.ClassState); !s.Ended {
					t.Errorf("end push %#v", s)
				}
			}
			// After the end, the connections are out of the class.
			e.hub.mu.Lock()
			_, still := e.hub.rooms[a.ID]
			e.hub.mu.Unlock()
			if still {
				t.Error("the ended class still has connections")
			}
		})
	}
}

// TestPupilRun: a pupil's verified run counts for the class and stays off
// the public board unless the pupil asks; a resent run counts once; a
// locked level's run does not count; a player outside a class is public.
func TestPupilRun(t *testing.T) {
	e := newEnv(t, Limits{ClassPoll: 10 * time.Millisecond})
	cl := e.newClass("ACDEFG", "demo", "rgpd")
	other := e.newClass("HJKMNP", "demo")
	zoe := e.pupil("ACDEFG", "Zoé", 0, 0)
	e.pupil("HJKMNP", "Ana", 0, 0)
	runs := variants(t, "demo", 3)
	defer func() {
		// Nothing of Zoé's runs reached the other class.
		if p := e.progress(other, "Ana", "demo"); p.Attempts != 0 || p.Status != store.StatusNotStarted {
			t.Errorf("the other class's progress %+v", p)
		}
	}()

	got := zoe.call(3, &protocol.Submit{Replay: runs[0], Client: "r0"})
	s, ok := got.(*protocol.Submitted)
	if !ok || !s.Class || s.Public || !s.Won || s.Duplicate || s.Total != 0 {
		t.Fatalf("class run: %#v", got)
	}
	if p := e.progress(cl, "Zoé", "demo"); p.Status != store.StatusWon || p.Attempts != 1 || p.Best != s.Score {
		t.Fatalf("progress after a win %+v, want won, 1 attempt, best %d", p, s.Score)
	}
	board := store.Board{Level: "demo"}
	copy(board.Hash[:], s.Hash)
	if n, err := e.mem.Count(context.Background(), board); err != nil || n != 0 {
		t.Fatalf("public board holds %d runs (%v), want none", n, err)
	}
	// Sent again (a lost reply): it counts once.
	if s := zoe.call(4, &protocol.Submit{Replay: runs[0], Client: "r0"}).(*protocol.Submitted); !s.Duplicate || !s.Class {
		t.Fatalf("resent class run: %#v", s)
	}
	// Public by choice: on the board, and counted for the class.
	if s := zoe.call(5, &protocol.Submit{Replay: runs[1], Client: "r1", Public: true}).(*protocol.Submitted); !s.Public || !s.Class || s.Total != 1 {
		t.Fatalf("public class run: %#v", s)
	}
	if p := e.progress(cl, "Zoé", "demo"); p.Attempts != 2 {
		t.Fatalf("progress %+v, want 2 attempts", p)
	}

	// A locked level: the run is verified but does not count.
	if err := e.mem.LockLevel(context.Background(), cl.ID, "demo", true); err != nil {
		t.Fatal(err)
	}
	zoe.push(protocol.TypeClassState)
	if s := zoe.call(6, &protocol.Submit{Replay: runs[2], Client: "r2"}).(*protocol.Submitted); s.Class || s.Public {
		t.Fatalf("run of a locked level: %#v", s)
	}
	if p := e.progress(cl, "Zoé", "demo"); p.Attempts != 2 {
		t.Fatalf("progress %+v after a locked level's run, want 2 attempts", p)
	}

	// Outside a class (after leave), every run is public.
	if got := zoe.call(7, &protocol.Leave{}); got.Type() != protocol.TypeOK {
		t.Fatalf("leave: %#v", got)
	}
	if s := zoe.call(8, &protocol.Submit{Replay: runs[2], Client: "r2"}).(*protocol.Submitted); s.Class || !s.Public {
		t.Fatalf("run after leave: %#v", s)
	}
}

// TestPupilQuiz: the quiz answers of a pupil's verified run reach the
// class's quiz results, from the server's replay only.
func TestPupilQuiz(t *testing.T) {
	e := newEnv(t, Limits{})
	var level string
	var answers []verify.QuizAnswer
	for _, id := range []string{"rgpd", "free-software", "decentralise", "drm-library", "digital-divide"} {
		res, err := e.ver.Verifier.Verify(context.Background(), verify.Job{Replay: readReplay(t, id)})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Answers) > 0 {
			level, answers = id, res.Answers
			break
		}
	}
	if level == "" {
		t.Fatal("no golden win of a campaign level answers a quiz")
	}
	cl := e.newClass("ACDEFG", level)
	zoe := e.pupil("ACDEFG", "Zoé", 0, 0)
	if s, ok := zoe.call(3, &protocol.Submit{Replay: readReplay(t, level), Client: "w"}).(*protocol.Submitted); !ok || !s.Class {
		t.Fatalf("class run: %#v", s)
	}
	p, err := e.mem.ClassProgress(context.Background(), cl.ID)
	if err != nil {
		t.Fatal(err)
	}
	n, right := 0, 0
	for _, q := range p.Quiz {
		if q.Level != level {
			t.Errorf("quiz result of level %q", q.Level)
		}
		n += q.Answers
		right += q.Right
	}
	wantRight := 0
	for _, a := range answers {
		if a.Right {
			wantRight++
		}
	}
	if n != len(answers) || right != wantRight {
		t.Errorf("quiz results %+v: %d answers, %d right; the replay gave %+v", p.Quiz, n, right, answers)
	}
}

// TestStartAndForget: start marks a level of the pupil's class as being
// played (not a locked one, not another class's); leave with forget
// deletes the pupil and their progress, while a plain leave keeps them.
func TestStartAndForget(t *testing.T) {
	e := newEnv(t, Limits{})
	cl := e.newClass("ACDEFG", "demo", "rgpd")
	ctx := context.Background()
	if err := e.mem.LockLevel(ctx, cl.ID, "rgpd", true); err != nil {
		t.Fatal(err)
	}
	outsider, _ := e.hello("Player-0")
	outsider.wantErr(2, &protocol.Start{Level: "demo"}, protocol.CodeInvalid)

	zoe := e.pupil("ACDEFG", "Zoé", 0, 0)
	tests := []struct {
		level string
		code  protocol.Code // "" for ok
		want  store.LevelStatus
	}{
		{"demo", "", store.StatusPlaying},
		{"rgpd", "", store.StatusNotStarted}, // locked: nothing noted
		{"tax-pot", protocol.CodeUnknownLevel, store.StatusNotStarted},
	}
	for i, tt := range tests {
		id := uint32(10 + i)
		if tt.code != "" {
			zoe.wantErr(id, &protocol.Start{Level: tt.level}, tt.code)
			continue
		}
		if got := zoe.call(id, &protocol.Start{Level: tt.level}); got.Type() != protocol.TypeOK {
			t.Fatalf("start %s: %#v", tt.level, got)
		}
		if p := e.progress(cl, "Zoé", tt.level); p.Status != tt.want {
			t.Errorf("start %s: status %q, want %q", tt.level, p.Status, tt.want)
		}
	}

	lea := e.pupil("ACDEFG", "Léa", 1, 1)
	if got := lea.call(20, &protocol.Leave{}); got.Type() != protocol.TypeOK {
		t.Fatalf("leave: %#v", got)
	}
	if _, err := e.mem.PupilByPseudonym(ctx, cl.ID, "Léa"); err != nil {
		t.Fatalf("a plain leave removed the pupil: %v", err)
	}
	if got := zoe.call(21, &protocol.Leave{Forget: true}); got.Type() != protocol.TypeOK {
		t.Fatalf("leave forget: %#v", got)
	}
	if _, err := e.mem.PupilByPseudonym(ctx, cl.ID, "Zoé"); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("after forget, the pupil: %v; want not found", err)
	}
	// Out of the class: start is refused, and forget again does nothing.
	zoe.wantErr(22, &protocol.Start{Level: "demo"}, protocol.CodeInvalid)
	if got := zoe.call(23, &protocol.Leave{Forget: true}); got.Type() != protocol.TypeOK {
		t.Fatalf("second forget: %#v", got)
	}
}
