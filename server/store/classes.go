package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Classroom workshops: a teacher creates a class (no account: the class is
// reached with its code, and managed with a secret teacher key of which the
// store keeps only the SHA-256); pupils join it with a pseudonym and a
// secret picture (only its hash is kept), and their verified runs of the
// class's levels feed a per pupil and level progress, and per question quiz
// results. Class runs are kept apart from the public boards: RecordClassRun
// stores only what the teacher's dashboard shows, never a replay.
//
// Everything of a class is deleted by DeleteExpiredClasses once the class
// ended more than the retention ago (docs/privacy.md).

// ErrCodeTaken is returned (wrapped) by CreateClass when a class with the
// same code is stored: the caller draws another code.
var ErrCodeTaken = errors.New("store: class code taken")

// ErrClassFull is returned (wrapped) by JoinClass when the class has its
// maximum number of pupils.
var ErrClassFull = errors.New("store: class full")

// ClassCodeAlphabet is the alphabet of class codes: capital letters and
// digits without the ones easily confused when read aloud or copied from a
// board: 0 and O, 1 and I and L, 2 and Z, 5 and S, 8 and B, U and V (23
// characters, so 23⁶ ≈ 148 million codes).
const ClassCodeAlphabet = "ACDEFGHJKMNPQRTWXY34679"

// ClassCodeLen is the length of a class code.
const ClassCodeLen = 6

// Limits of a class's fields.
const (
	MaxClassName    = 80  // bytes of a class's name
	MaxClassLevels  = 50  // levels of a class
	MaxClassMessage = 280 // bytes of a pause message
	MaxQuizQuestion = 100 // bytes of a quiz question's key
	MaxQuizChoices  = 16  // choices of a quiz question
)

// ClassID identifies a class inside one store; clients know a class by its
// code.
type ClassID int64

// PupilID identifies a pupil of a class.
type PupilID int64

// Class is a classroom workshop.
type Class struct {
	ID   ClassID
	Code string // ClassCodeLen characters of ClassCodeAlphabet
	Name string
	// Levels are the ids of the levels the pupils play, in the teacher's
	// order.
	Levels []string
	// TeacherHash is the SHA-256 of the teacher's key (never the key).
	TeacherHash [32]byte
	CreatedAt   time.Time
	// EndsAt is when the class ends: pupils can no longer join nor play in
	// it, and its data is deleted a retention after it.
	EndsAt time.Time
	// Paused stops every pupil's game, showing Message.
	Paused  bool
	Message string
	// Locked are the levels pupils cannot open now, sorted.
	Locked []string
}

// Live tells whether the class has not ended at now.
func (c Class) Live(now time.Time) bool { return now.Before(c.EndsAt) }

// Pupil is a pupil of a class: a pseudonym unique in the class (compared
// as FoldPseudonym folds it), and nothing personal.
type Pupil struct {
	ID        PupilID
	Class     ClassID
	Pseudonym string
	// PictureHash is the SHA-256 of the pupil's secret picture as the
	// server salts it (see server/classes): a pupil rejoins from another
	// device with their pseudonym and picture.
	PictureHash [32]byte
	// Player is the hub's player the pupil plays as, 0 when none yet.
	Player   PlayerID
	JoinedAt time.Time
	// LastProgressAt is the time of the pupil's last started level or
	// verified run, zero when none.
	LastProgressAt time.Time
}

// LevelStatus is where a pupil is on a level of their class.
type LevelStatus string

// The statuses of a pupil's level. Won stays once reached; otherwise the
// latest event sets it: playing when the pupil opens the level, lost after
// a verified run that did not win.
const (
	StatusNotStarted LevelStatus = "not_started"
	StatusPlaying    LevelStatus = "playing"
	StatusWon        LevelStatus = "won"
	StatusLost       LevelStatus = "lost"
)

// LevelProgress is a pupil's progress on one level, from verified runs
// only.
type LevelProgress struct {
	Status   LevelStatus
	Best     int64 // best verified score, 0 without a run
	Attempts int   // verified runs
}

// PupilProgress is a pupil and their progress on each level of the class
// (every level of the class is there, StatusNotStarted when untouched).
type PupilProgress struct {
	Pupil  Pupil
	Levels map[string]LevelProgress
}

// QuizAnswer is one answer a verified replay shows: the question's message
// key, the index of the chosen answer (0-based) and whether it was right.
type QuizAnswer struct {
	Question string
	Choice   int
	Right    bool
}

// QuizResult is what a class answered to one question of a level, over
// every answer of every verified run.
type QuizResult struct {
	Level    string
	Question string
	Answers  int // answers given
	Right    int // right ones among them
	// WrongChoice is the most chosen wrong answer (the lowest index on a
	// tie), -1 when nobody answered wrong; WrongCount how often.
	WrongChoice int
	WrongCount  int
}

// ClassRun is a verified run of a pupil on a level of their class: only
// what the dashboard needs.
type ClassRun struct {
	Class   ClassID
	Pupil   PupilID
	Level   string
	Won     bool
	Score   int64
	Answers []QuizAnswer
	At      time.Time
}

// Progress is a class's dashboard: its pupils in the order they joined,
// and its quiz results ordered by the class's levels, then question.
type Progress struct {
	Pupils []PupilProgress
	Quiz   []QuizResult
}

// Expired counts what DeleteExpiredClasses deleted.
type Expired struct {
	Classes  int
	Pupils   int
	Progress int // pupil × level rows
	Answers  int // pupil × question × choice rows
	// Levels counts the class-only community levels deleted with their
	// class (every version, tag, rating and report of them; the id is
	// free again).
	Levels int
}

// DefaultClassRetention is how long a class's data is kept after it ends.
const DefaultClassRetention = 30 * 24 * time.Hour

// Classes is the part of the Store that keeps classroom workshops.
type Classes interface {
	// CreateClass stores a new class (its ID is set in the result);
	// ErrCodeTaken when a stored class has the same code.
	CreateClass(ctx context.Context, c Class) (Class, error)
	// ClassByCode returns a class, ended or not, until it is deleted;
	// ErrNotFound otherwise.
	ClassByCode(ctx context.Context, code string) (Class, error)
	// ClassByID returns a class as ClassByCode does, by its id (a
	// pupil's Class).
	ClassByID(ctx context.Context, id ClassID) (Class, error)
	// PauseClass pauses (with a message) or resumes a class.
	PauseClass(ctx context.Context, id ClassID, paused bool, message string) error
	// LockLevel locks or unlocks a level of the class (ErrNotFound for a
	// level that is not the class's).
	LockLevel(ctx context.Context, id ClassID, level string, locked bool) error
	// EndClass ends a class at at, unless it ends earlier already.
	EndClass(ctx context.Context, id ClassID, at time.Time) error
	// JoinClass stores a new pupil of p.Class (its ID is set in the
	// result); ErrPseudonymTaken when another pupil of the class has the
	// same folded pseudonym, ErrClassFull when the class has max pupils.
	JoinClass(ctx context.Context, p Pupil, max int) (Pupil, error)
	// PupilByPseudonym returns the pupil of a class with this (folded)
	// pseudonym, or ErrNotFound.
	PupilByPseudonym(ctx context.Context, class ClassID, pseudonym string) (Pupil, error)
	// SetPupilPlayer links a pupil to the hub's player they play as.
	SetPupilPlayer(ctx context.Context, class ClassID, pupil PupilID, player PlayerID) error
	// PupilsOfPlayer returns the pupils a player plays as (in every
	// class that is not deleted yet).
	PupilsOfPlayer(ctx context.Context, player PlayerID) ([]Pupil, error)
	// RenamePupil renames a pupil of the class (ErrNotFound for a pupil
	// of another class, ErrPseudonymTaken as JoinClass).
	RenamePupil(ctx context.Context, class ClassID, pupil PupilID, pseudonym string) error
	// RemovePupil deletes a pupil of the class and all their progress
	// and answers (ErrNotFound for a pupil of another class).
	RemovePupil(ctx context.Context, class ClassID, pupil PupilID) error
	// StartLevel notes that a pupil opened a level of their class
	// (StatusPlaying unless won already).
	StartLevel(ctx context.Context, class ClassID, pupil PupilID, level string, at time.Time) error
	// RecordClassRun adds a verified run of a pupil on a level of their
	// class: one more attempt, the best score, the status, the quiz
	// answers. ErrNotFound for a pupil or level not of the class. The
	// caller records each verified run once (not a resent one).
	RecordClassRun(ctx context.Context, r ClassRun) error
	// ClassProgress reads a class's dashboard in one snapshot.
	ClassProgress(ctx context.Context, class ClassID) (Progress, error)
	// DeleteExpiredClasses deletes everything of the classes that ended
	// at or before now − keep, their class-only community levels included
	// (whatever their state but approved), and counts what it deleted.
	DeleteExpiredClasses(ctx context.Context, now time.Time, keep time.Duration) (Expired, error)
}

// CheckClassCode checks a class code's form.
func CheckClassCode(code string) error {
	if len(code) != ClassCodeLen {
		return fmt.Errorf("store: class code %q: not %d characters", code, ClassCodeLen)
	}
	for _, r := range code {
		if !strings.ContainsRune(ClassCodeAlphabet, r) {
			return fmt.Errorf("store: class code %q: %q is not in the alphabet", code, r)
		}
	}
	return nil
}

// CheckClass checks a class before it is stored.
func CheckClass(c Class) error {
	if err := CheckClassCode(c.Code); err != nil {
		return err
	}
	switch {
	case strings.TrimSpace(c.Name) == "" || len(c.Name) > MaxClassName || !utf8.ValidString(c.Name):
		return fmt.Errorf("store: class name must be 1 to %d bytes of UTF-8", MaxClassName)
	case len(c.Levels) == 0 || len(c.Levels) > MaxClassLevels:
		return fmt.Errorf("store: a class has 1 to %d levels, not %d", MaxClassLevels, len(c.Levels))
	case c.CreatedAt.IsZero() || !c.EndsAt.After(c.CreatedAt):
		return errors.New("store: a class must end after it is created")
	case len(c.Message) > MaxClassMessage || !utf8.ValidString(c.Message):
		return fmt.Errorf("store: class message over %d bytes", MaxClassMessage)
	}
	for i, l := range c.Levels {
		if l == "" || slices.Contains(c.Levels[:i], l) {
			return fmt.Errorf("store: class level %q empty or repeated", l)
		}
	}
	for _, l := range c.Locked {
		if !slices.Contains(c.Levels, l) {
			return fmt.Errorf("store: locked level %q is not the class's", l)
		}
	}
	return nil
}

// CheckClassRun checks a class run before it is stored.
func CheckClassRun(r ClassRun) error {
	if r.At.IsZero() {
		return errors.New("store: class run without a time")
	}
	for _, a := range r.Answers {
		if a.Question == "" || len(a.Question) > MaxQuizQuestion || a.Choice < 0 || a.Choice >= MaxQuizChoices {
			return fmt.Errorf("store: quiz answer %q choice %d out of bounds", a.Question, a.Choice)
		}
	}
	return nil
}

// CheckPauseMessage checks a pause message.
func CheckPauseMessage(m string) error {
	if len(m) > MaxClassMessage || !utf8.ValidString(m) {
		return fmt.Errorf("store: class message over %d bytes or not UTF-8", MaxClassMessage)
	}
	return nil
}

// FoldQuiz folds answers into per question results: the shared computation
// of both backends, which store answer counts per (level, question,
// choice, right). levels orders the results.
func FoldQuiz(levels []string, counts []QuizCount) []QuizResult {
	type key struct{ level, question string }
	byKey := map[key]*QuizResult{}
	wrong := map[key]map[int]int{}
	var order []key
	for _, c := range counts {
		k := key{c.Level, c.Question}
		r := byKey[k]
		if r == nil {
			r = &QuizResult{Level: c.Level, Question: c.Question, WrongChoice: -1}
			byKey[k] = r
			order = append(order, k)
			wrong[k] = map[int]int{}
		}
		r.Answers += c.N
		if c.Right {
			r.Right += c.N
		} else {
			wrong[k][c.Choice] += c.N
		}
	}
	out := make([]QuizResult, 0, len(order))
	for _, k := range order {
		r := byKey[k]
		for choice, n := range wrong[k] {
			if n > r.WrongCount || (n == r.WrongCount && choice < r.WrongChoice) {
				r.WrongChoice, r.WrongCount = choice, n
			}
		}
		out = append(out, *r)
	}
	slices.SortStableFunc(out, func(a, b QuizResult) int {
		if c := slices.Index(levels, a.Level) - slices.Index(levels, b.Level); c != 0 {
			return c
		}
		return strings.Compare(a.Question, b.Question)
	})
	return out
}

// QuizCount is how many answers of a class chose one choice of a question.
type QuizCount struct {
	Level    string
	Question string
	Choice   int
	Right    bool
	N        int
}
