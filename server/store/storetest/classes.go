package storetest

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/communs-arcade/arcade/server/store"
)

// ClassOf builds a valid class with this code, created at T0+at and ending
// a day later, on levels "a", "b", "c".
func ClassOf(code string, at time.Duration) store.Class {
	return store.Class{
		Code: code, Name: "4e B — Sciences économiques",
		Levels:      []string{"a", "b", "c"},
		TeacherHash: sha256.Sum256([]byte("key " + code)),
		CreatedAt:   T0.Add(at), EndsAt: T0.Add(at + 24*time.Hour),
	}
}

// PupilOf builds a pupil of a class with a picture derived from its name.
func PupilOf(c store.ClassID, pseudonym string) store.Pupil {
	return store.Pupil{Class: c, Pseudonym: pseudonym, PictureHash: sha256.Sum256([]byte("picture " + pseudonym)), JoinedAt: T0}
}

func createClass(t *testing.T, s store.Store, c store.Class) store.Class {
	t.Helper()
	got, err := s.CreateClass(ctx(), c)
	if err != nil {
		t.Fatalf("create class %s: %v", c.Code, err)
	}
	return got
}

func join(t *testing.T, s store.Store, p store.Pupil) store.Pupil {
	t.Helper()
	got, err := s.JoinClass(ctx(), p, 60)
	if err != nil {
		t.Fatalf("join %q: %v", p.Pseudonym, err)
	}
	return got
}

func classByCode(t *testing.T, s store.Store, code string) store.Class {
	t.Helper()
	c, err := s.ClassByCode(ctx(), code)
	if err != nil {
		t.Fatalf("class %s: %v", code, err)
	}
	return c
}

func progress(t *testing.T, s store.Store, c store.ClassID) store.Progress {
	t.Helper()
	p, err := s.ClassProgress(ctx(), c)
	if err != nil {
		t.Fatalf("progress of class %d: %v", c, err)
	}
	return p
}

func testClasses(t *testing.T, s store.Store) {
	c := createClass(t, s, ClassOf("ACD347", 0))
	if c.ID == 0 {
		t.Fatal("class without an id")
	}
	want := ClassOf("ACD347", 0)
	want.ID = c.ID
	if got := classByCode(t, s, "ACD347"); !reflect.DeepEqual(got, want) {
		t.Errorf("class read back\n got %+v\nwant %+v", got, want)
	}
	if _, err := s.CreateClass(ctx(), ClassOf("ACD347", time.Hour)); !errors.Is(err, store.ErrCodeTaken) {
		t.Errorf("same code = %v, want ErrCodeTaken", err)
	}
	if _, err := s.ClassByCode(ctx(), "XXXXXX"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown code = %v, want ErrNotFound", err)
	}
	bad := map[string]func(*store.Class){
		"short code":      func(c *store.Class) { c.Code = "ACD34" },
		"confusable code": func(c *store.Class) { c.Code = "ACD340" },
		"no name":         func(c *store.Class) { c.Name = " " },
		"no level":        func(c *store.Class) { c.Levels = nil },
		"repeated level":  func(c *store.Class) { c.Levels = []string{"a", "a"} },
		"ends first":      func(c *store.Class) { c.EndsAt = c.CreatedAt },
		"foreign lock":    func(c *store.Class) { c.Locked = []string{"z"} },
	}
	for name, edit := range bad {
		c := ClassOf("TWXY96", 0)
		edit(&c)
		if _, err := s.CreateClass(ctx(), c); err == nil {
			t.Errorf("%s: stored", name)
		}
	}

	// Teacher controls.
	if err := s.PauseClass(ctx(), c.ID, true, "Regardez le tableau"); err != nil {
		t.Fatal(err)
	}
	for _, l := range []string{"c", "a", "c"} {
		if err := s.LockLevel(ctx(), c.ID, l, true); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.LockLevel(ctx(), c.ID, "z", true); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("lock a level not of the class = %v, want ErrNotFound", err)
	}
	got := classByCode(t, s, c.Code)
	if !got.Paused || got.Message != "Regardez le tableau" || !reflect.DeepEqual(got.Locked, []string{"a", "c"}) {
		t.Errorf("after pause and locks: %+v", got)
	}
	if err := s.LockLevel(ctx(), c.ID, "a", false); err != nil {
		t.Fatal(err)
	}
	if err := s.PauseClass(ctx(), c.ID, false, ""); err != nil {
		t.Fatal(err)
	}
	if got := classByCode(t, s, c.Code); got.Paused || got.Message != "" || !reflect.DeepEqual(got.Locked, []string{"c"}) {
		t.Errorf("after resume and unlock: %+v", got)
	}
	end := T0.Add(2 * time.Hour)
	if err := s.EndClass(ctx(), c.ID, end); err != nil {
		t.Fatal(err)
	}
	if err := s.EndClass(ctx(), c.ID, end.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got := classByCode(t, s, c.Code); !got.EndsAt.Equal(end) || got.Live(end) || !got.Live(end.Add(-1)) {
		t.Errorf("ended class ends at %s, want %s", got.EndsAt, end)
	}
	for name, err := range map[string]error{
		"pause": s.PauseClass(ctx(), 999, true, ""),
		"lock":  s.LockLevel(ctx(), 999, "a", true),
		"end":   s.EndClass(ctx(), 999, end),
	} {
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("%s an unknown class = %v, want ErrNotFound", name, err)
		}
	}
}

func testPupils(t *testing.T, s store.Store) {
	c := createClass(t, s, ClassOf("ACD347", 0))
	other := createClass(t, s, ClassOf("KMNPQR", 0))
	zoe := join(t, s, PupilOf(c.ID, "Zoé"))
	if zoe.ID == 0 || zoe.Pseudonym != "Zoé" || !zoe.JoinedAt.Equal(T0) || !zoe.LastProgressAt.IsZero() {
		t.Errorf("joined %+v", zoe)
	}
	// The same name folded is taken in the class, not in another one.
	if _, err := s.JoinClass(ctx(), PupilOf(c.ID, "ZOE"), 60); !errors.Is(err, store.ErrPseudonymTaken) {
		t.Errorf("a folded twin = %v, want ErrPseudonymTaken", err)
	}
	zoe2 := join(t, s, PupilOf(other.ID, "Zoe"))
	if _, err := s.JoinClass(ctx(), PupilOf(999, "Lou"), 60); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("join an unknown class = %v, want ErrNotFound", err)
	}
	got, err := s.PupilByPseudonym(ctx(), c.ID, "zoe")
	if err != nil || got != zoe {
		t.Errorf("pupil by folded pseudonym = %+v, %v; want %+v", got, err, zoe)
	}
	// Full class.
	join(t, s, PupilOf(c.ID, "Lou"))
	if _, err := s.JoinClass(ctx(), PupilOf(c.ID, "Sam"), 2); !errors.Is(err, store.ErrClassFull) {
		t.Errorf("join a full class = %v, want ErrClassFull", err)
	}
	// Rename and remove stay inside the class.
	if err := s.RenamePupil(ctx(), other.ID, zoe.ID, "Zed"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("rename through another class = %v, want ErrNotFound", err)
	}
	if err := s.RenamePupil(ctx(), c.ID, zoe.ID, "lou"); !errors.Is(err, store.ErrPseudonymTaken) {
		t.Errorf("rename to a classmate's name = %v, want ErrPseudonymTaken", err)
	}
	if err := s.RenamePupil(ctx(), c.ID, zoe.ID, "Zed"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PupilByPseudonym(ctx(), c.ID, "Zed"); err != nil {
		t.Errorf("renamed pupil: %v", err)
	}
	if err := s.RemovePupil(ctx(), other.ID, zoe.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("remove through another class = %v, want ErrNotFound", err)
	}
	// Players.
	ps := players(t, s, 1)
	if err := s.SetPupilPlayer(ctx(), c.ID, zoe.ID, ps[0]); err != nil {
		t.Fatal(err)
	}
	if err := s.SetPupilPlayer(ctx(), other.ID, zoe2.ID, ps[0]); err != nil {
		t.Fatal(err)
	}
	if err := s.SetPupilPlayer(ctx(), c.ID, zoe.ID, 999); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("link an unknown player = %v, want ErrNotFound", err)
	}
	of, err := s.PupilsOfPlayer(ctx(), ps[0])
	if err != nil || len(of) != 2 || of[0].ID != zoe.ID || of[1].ID != zoe2.ID || of[0].Player != ps[0] {
		t.Errorf("pupils of the player = %+v, %v", of, err)
	}
	if err := s.RemovePupil(ctx(), c.ID, zoe.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PupilByPseudonym(ctx(), c.ID, "Zed"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("removed pupil = %v, want ErrNotFound", err)
	}
	if of, _ := s.PupilsOfPlayer(ctx(), ps[0]); len(of) != 1 {
		t.Errorf("after removal the player is %d pupils", len(of))
	}
}

func testClassProgress(t *testing.T, s store.Store) {
	c := createClass(t, s, ClassOf("ACD347", 0))
	other := createClass(t, s, ClassOf("KMNPQR", 0))
	zoe, lou, sam := join(t, s, PupilOf(c.ID, "Zoé")), join(t, s, PupilOf(c.ID, "Lou")), join(t, s, PupilOf(c.ID, "Sam"))
	stranger := join(t, s, PupilOf(other.ID, "Max"))
	at := T0.Add(time.Minute)
	runs := []store.ClassRun{
		{Pupil: zoe.ID, Level: "a", Score: 50, Answers: []store.QuizAnswer{qa("q1", 1, false), qa("q2", 0, true)}},
		{Pupil: zoe.ID, Level: "a", Won: true, Score: 30, Answers: []store.QuizAnswer{qa("q1", 2, true), qa("q2", 0, true)}},
		{Pupil: zoe.ID, Level: "a", Score: 90},
		{Pupil: lou.ID, Level: "a", Score: -5, Answers: []store.QuizAnswer{qa("q1", 0, false), qa("q1", 0, false)}},
		{Pupil: lou.ID, Level: "b", Won: true, Score: 10, Answers: []store.QuizAnswer{qa("b1", 3, false)}},
	}
	for _, r := range runs {
		r.Class, r.At = c.ID, at
		if err := s.RecordClassRun(ctx(), r); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.StartLevel(ctx(), c.ID, zoe.ID, "a", at); err != nil { // won stays won
		t.Fatal(err)
	}
	if err := s.StartLevel(ctx(), c.ID, lou.ID, "a", at.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	refused := map[string]store.ClassRun{
		"stranger":    {Class: c.ID, Pupil: stranger.ID, Level: "a", At: at},
		"other level": {Class: c.ID, Pupil: zoe.ID, Level: "z", At: at},
		"no class":    {Class: 999, Pupil: zoe.ID, Level: "a", At: at},
	}
	for name, r := range refused {
		if err := s.RecordClassRun(ctx(), r); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("%s: record = %v, want ErrNotFound", name, err)
		}
	}
	if err := s.RecordClassRun(ctx(), store.ClassRun{Class: c.ID, Pupil: zoe.ID, Level: "a", At: at,
		Answers: []store.QuizAnswer{qa("q", -1, true)}}); err == nil {
		t.Error("a negative choice was recorded")
	}
	if err := s.StartLevel(ctx(), other.ID, zoe.ID, "a", at); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("start through another class = %v, want ErrNotFound", err)
	}

	p := progress(t, s, c.ID)
	type row struct {
		pseudonym string
		levels    map[string]store.LevelProgress
		last      time.Time
	}
	var got []row
	for _, pp := range p.Pupils {
		got = append(got, row{pp.Pupil.Pseudonym, pp.Levels, pp.Pupil.LastProgressAt})
	}
	ns := store.LevelProgress{Status: store.StatusNotStarted}
	want := []row{
		{"Zoé", map[string]store.LevelProgress{"a": lp(store.StatusWon, 90, 3), "b": ns, "c": ns}, at},
		{"Lou", map[string]store.LevelProgress{"a": lp(store.StatusPlaying, -5, 1), "b": lp(store.StatusWon, 10, 1), "c": ns}, at.Add(time.Minute)},
		{"Sam", map[string]store.LevelProgress{"a": ns, "b": ns, "c": ns}, time.Time{}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("progress\n got %+v\nwant %+v", got, want)
	}
	wantQuiz := []store.QuizResult{
		{Level: "a", Question: "q1", Answers: 4, Right: 1, WrongChoice: 0, WrongCount: 2},
		{Level: "a", Question: "q2", Answers: 2, Right: 2, WrongChoice: -1},
		{Level: "b", Question: "b1", Answers: 1, Right: 0, WrongChoice: 3, WrongCount: 1},
	}
	if !reflect.DeepEqual(p.Quiz, wantQuiz) {
		t.Errorf("quiz\n got %+v\nwant %+v", p.Quiz, wantQuiz)
	}
	// Another class sees none of it; a removed pupil's answers go too.
	if op := progress(t, s, other.ID); len(op.Pupils) != 1 || len(op.Quiz) != 0 || op.Pupils[0].Levels["a"].Attempts != 0 {
		t.Errorf("the other class's progress: %+v", op)
	}
	if err := s.RemovePupil(ctx(), c.ID, lou.ID); err != nil {
		t.Fatal(err)
	}
	p = progress(t, s, c.ID)
	if len(p.Pupils) != 2 || len(p.Quiz) != 2 || p.Quiz[0].Answers != 2 || p.Quiz[0].WrongChoice != 1 {
		t.Errorf("after removing Lou: %d pupils, quiz %+v", len(p.Pupils), p.Quiz)
	}
	_ = sam
	if _, err := s.ClassProgress(ctx(), 999); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("progress of an unknown class = %v, want ErrNotFound", err)
	}
}

// testClassExpiry runs the expiry with a fake clock: the classes that
// ended more than the retention ago leave nothing behind, the others stay
// whole.
func testClassExpiry(t *testing.T, s store.Store) {
	old := createClass(t, s, ClassOf("ACD347", 0))                  // ends T0+24h
	recent := createClass(t, s, ClassOf("KMNPQR", 20*24*time.Hour)) // ends T0+21d
	ps := players(t, s, 1)
	fill := func(c store.Class) {
		for _, name := range []string{"Zoé", "Lou"} {
			p := join(t, s, PupilOf(c.ID, name))
			if err := s.SetPupilPlayer(ctx(), c.ID, p.ID, ps[0]); err != nil {
				t.Fatal(err)
			}
			if err := s.StartLevel(ctx(), c.ID, p.ID, "b", c.CreatedAt); err != nil {
				t.Fatal(err)
			}
			if err := s.RecordClassRun(ctx(), store.ClassRun{Class: c.ID, Pupil: p.ID, Level: "a", Won: true, Score: 7,
				Answers: []store.QuizAnswer{qa("q1", 1, true), qa("q2", 0, false)}, At: c.CreatedAt}); err != nil {
				t.Fatal(err)
			}
		}
	}
	fill(old)
	fill(recent)
	// A class-only level in each class, one approved (it leaves the class)
	// and one hidden by a moderator (still the class's).
	for i, c := range []store.Class{old, old, recent} {
		v := VersionOf(fmt.Sprintf("class-%d", i), 1, ps[0], time.Duration(i)*time.Minute)
		v.Class = c.Code
		publish(t, s, v)
	}
	publish(t, s, VersionOf("public", 1, ps[0], 0))
	if err := s.ApproveClassLevel(ctx(), recent.Code, "class-2", "", T0); err != nil {
		t.Fatal(err)
	}
	if err := s.Moderate(ctx(), store.Action{Kind: store.ActionHide, Level: "class-1", At: T0}); err != nil {
		t.Fatal(err)
	}
	keep := store.DefaultClassRetention
	// Not yet: the old class ended 30 days ago minus a nanosecond.
	ex, err := s.DeleteExpiredClasses(ctx(), old.EndsAt.Add(keep-1), keep)
	if err != nil || ex != (store.Expired{}) {
		t.Fatalf("early expiry deleted %+v, %v", ex, err)
	}
	ex, err = s.DeleteExpiredClasses(ctx(), old.EndsAt.Add(keep), keep)
	if want := (store.Expired{Classes: 1, Pupils: 2, Progress: 4, Answers: 4, Levels: 2}); err != nil || ex != want {
		t.Fatalf("expiry deleted %+v, %v; want %+v", ex, err, want)
	}
	for _, id := range []string{"class-0", "class-1"} {
		if _, err := s.OwnerOf(ctx(), id); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("the expired class's level %s: owner %v, want ErrNotFound (the id free again)", id, err)
		}
	}
	for _, id := range []string{"class-2", "public"} {
		if li := info(t, s, id); li.State != store.StateListed {
			t.Errorf("%s after the expiry: %s, want listed", id, li.State)
		}
	}
	if _, err := s.ClassByCode(ctx(), old.Code); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("expired class = %v, want ErrNotFound", err)
	}
	if _, err := s.ClassProgress(ctx(), old.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("expired class's progress = %v, want ErrNotFound", err)
	}
	if of, _ := s.PupilsOfPlayer(ctx(), ps[0]); len(of) != 2 || of[0].Class != recent.ID {
		t.Errorf("the player's pupils after expiry: %+v", of)
	}
	if p := progress(t, s, recent.ID); len(p.Pupils) != 2 || len(p.Quiz) != 2 {
		t.Errorf("the recent class lost data: %+v", p)
	}
	// The code is free again.
	createClass(t, s, ClassOf(old.Code, 40*24*time.Hour))
	// Once the recent class is expired too, nothing is left.
	ex, err = s.DeleteExpiredClasses(ctx(), T0.Add(365*24*time.Hour), keep)
	if want := (store.Expired{Classes: 2, Pupils: 2, Progress: 4, Answers: 4}); err != nil || ex != want {
		t.Fatalf("second expiry deleted %+v, %v; want %+v", ex, err, want)
	}
	if of, _ := s.PupilsOfPlayer(ctx(), ps[0]); len(of) != 0 {
		t.Errorf("pupils left: %+v", of)
	}
	if ex, err := s.DeleteExpiredClasses(ctx(), T0.Add(365*24*time.Hour), keep); err != nil || ex != (store.Expired{}) {
		t.Errorf("nothing left to delete, yet %+v, %v", ex, err)
	}
}

func qa(question string, choice int, right bool) store.QuizAnswer {
	return store.QuizAnswer{Question: question, Choice: choice, Right: right}
}

func lp(status store.LevelStatus, best int64, attempts int) store.LevelProgress {
	return store.LevelProgress{Status: status, Best: best, Attempts: attempts}
}
