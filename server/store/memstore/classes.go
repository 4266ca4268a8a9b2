package memstore

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/communs-arcade/arcade/server/store"
)

var _ store.Classes = (*Store)(nil)

// classes is the memstore's part for classroom workshops.
type classes struct {
	nextClass store.ClassID
	nextPupil store.PupilID
	byID      map[store.ClassID]*store.Class
	byCode    map[string]store.ClassID
	pupils    map[store.PupilID]*pupil
}

// pupil is a pupil and what the store keeps of their play.
type pupil struct {
	store.Pupil
	key      string // store.FoldPseudonym(Pseudonym)
	progress map[string]store.LevelProgress
	answers  map[answerKey]int
}

type answerKey struct {
	level, question string
	choice          int
	right           bool
}

func newClasses() classes {
	return classes{
		byID: map[store.ClassID]*store.Class{}, byCode: map[string]store.ClassID{},
		pupils: map[store.PupilID]*pupil{},
	}
}

func cloneClass(c *store.Class) store.Class {
	out := *c
	out.Levels = slices.Clone(c.Levels)
	out.Locked = slices.Clone(c.Locked)
	return out
}

// CreateClass implements store.Classes.
func (s *Store) CreateClass(ctx context.Context, c store.Class) (store.Class, error) {
	if err := store.CheckClass(c); err != nil {
		return store.Class{}, fmt.Errorf("memstore: create class: %w", err)
	}
	if err := s.lock(ctx, "create class"); err != nil {
		return store.Class{}, err
	}
	defer s.mu.Unlock()
	if _, ok := s.cls.byCode[c.Code]; ok {
		return store.Class{}, fmt.Errorf("memstore: create class %s: %w", c.Code, store.ErrCodeTaken)
	}
	s.cls.nextClass++
	c.ID = s.cls.nextClass
	c.CreatedAt, c.EndsAt = store.Time(c.CreatedAt.UnixNano()), store.Time(c.EndsAt.UnixNano())
	c.Levels = slices.Clone(c.Levels)
	c.Locked = slices.Sorted(slices.Values(c.Locked))
	if len(c.Locked) == 0 {
		c.Locked = nil
	}
	s.cls.byID[c.ID] = &c
	s.cls.byCode[c.Code] = c.ID
	return cloneClass(&c), nil
}

// ClassByCode implements store.Classes.
func (s *Store) ClassByCode(ctx context.Context, code string) (store.Class, error) {
	if err := s.lock(ctx, "class by code"); err != nil {
		return store.Class{}, err
	}
	defer s.mu.Unlock()
	id, ok := s.cls.byCode[code]
	if !ok {
		return store.Class{}, fmt.Errorf("memstore: class %q: %w", code, store.ErrNotFound)
	}
	return cloneClass(s.cls.byID[id]), nil
}

// ClassByID implements store.Classes.
func (s *Store) ClassByID(ctx context.Context, id store.ClassID) (store.Class, error) {
	if err := s.lock(ctx, "class by id"); err != nil {
		return store.Class{}, err
	}
	defer s.mu.Unlock()
	c, ok := s.cls.byID[id]
	if !ok {
		return store.Class{}, fmt.Errorf("memstore: class %d: %w", id, store.ErrNotFound)
	}
	return cloneClass(c), nil
}

// class returns a class under the lock, or ErrNotFound.
func (s *Store) class(id store.ClassID) (*store.Class, error) {
	c, ok := s.cls.byID[id]
	if !ok {
		return nil, fmt.Errorf("memstore: class %d: %w", id, store.ErrNotFound)
	}
	return c, nil
}

// PauseClass implements store.Classes.
func (s *Store) PauseClass(ctx context.Context, id store.ClassID, paused bool, message string) error {
	if err := store.CheckPauseMessage(message); err != nil {
		return fmt.Errorf("memstore: pause class: %w", err)
	}
	if err := s.lock(ctx, "pause class"); err != nil {
		return err
	}
	defer s.mu.Unlock()
	c, err := s.class(id)
	if err != nil {
		return err
	}
	c.Paused, c.Message = paused, message
	return nil
}

// LockLevel implements store.Classes.
func (s *Store) LockLevel(ctx context.Context, id store.ClassID, level string, locked bool) error {
	if err := s.lock(ctx, "lock level"); err != nil {
		return err
	}
	defer s.mu.Unlock()
	c, err := s.class(id)
	if err != nil {
		return err
	}
	if !slices.Contains(c.Levels, level) {
		return fmt.Errorf("memstore: lock level %q of class %d: %w", level, id, store.ErrNotFound)
	}
	c.Locked = slices.DeleteFunc(c.Locked, func(l string) bool { return l == level })
	if locked {
		c.Locked = append(c.Locked, level)
		slices.Sort(c.Locked)
	}
	if len(c.Locked) == 0 {
		c.Locked = nil
	}
	return nil
}

// EndClass implements store.Classes.
func (s *Store) EndClass(ctx context.Context, id store.ClassID, at time.Time) error {
	if err := s.lock(ctx, "end class"); err != nil {
		return err
	}
	defer s.mu.Unlock()
	c, err := s.class(id)
	if err != nil {
		return err
	}
	if at = store.Time(at.UnixNano()); at.Before(c.EndsAt) {
		c.EndsAt = at
	}
	return nil
}

// pupilOf returns a pupil of a class under the lock, or ErrNotFound.
func (s *Store) pupilOf(class store.ClassID, id store.PupilID) (*pupil, error) {
	p, ok := s.cls.pupils[id]
	if !ok || p.Class != class {
		return nil, fmt.Errorf("memstore: pupil %d of class %d: %w", id, class, store.ErrNotFound)
	}
	return p, nil
}

// nameTaken tells whether another pupil of the class has this key.
func (s *Store) nameTaken(class store.ClassID, key string, except store.PupilID) bool {
	for _, p := range s.cls.pupils {
		if p.Class == class && p.key == key && p.ID != except {
			return true
		}
	}
	return false
}

// JoinClass implements store.Classes.
func (s *Store) JoinClass(ctx context.Context, p store.Pupil, max int) (store.Pupil, error) {
	if err := store.CheckPseudonym(p.Pseudonym); err != nil {
		return store.Pupil{}, fmt.Errorf("memstore: join class: %w", err)
	}
	if err := s.lock(ctx, "join class"); err != nil {
		return store.Pupil{}, err
	}
	defer s.mu.Unlock()
	if _, err := s.class(p.Class); err != nil {
		return store.Pupil{}, err
	}
	key := store.FoldPseudonym(p.Pseudonym)
	if s.nameTaken(p.Class, key, 0) {
		return store.Pupil{}, fmt.Errorf("memstore: join class %d as %q: %w", p.Class, p.Pseudonym, store.ErrPseudonymTaken)
	}
	n := 0
	for _, q := range s.cls.pupils {
		if q.Class == p.Class {
			n++
		}
	}
	if n >= max {
		return store.Pupil{}, fmt.Errorf("memstore: join class %d: %w", p.Class, store.ErrClassFull)
	}
	s.cls.nextPupil++
	p.ID = s.cls.nextPupil
	p.JoinedAt = store.Stamp(p.JoinedAt)
	p.LastProgressAt = time.Time{}
	s.cls.pupils[p.ID] = &pupil{Pupil: p, key: key, progress: map[string]store.LevelProgress{}, answers: map[answerKey]int{}}
	return p, nil
}

// PupilByPseudonym implements store.Classes.
func (s *Store) PupilByPseudonym(ctx context.Context, class store.ClassID, pseudonym string) (store.Pupil, error) {
	if err := s.lock(ctx, "pupil by pseudonym"); err != nil {
		return store.Pupil{}, err
	}
	defer s.mu.Unlock()
	key := store.FoldPseudonym(pseudonym)
	for _, p := range s.cls.pupils {
		if p.Class == class && p.key == key {
			return p.Pupil, nil
		}
	}
	return store.Pupil{}, fmt.Errorf("memstore: pupil %q of class %d: %w", pseudonym, class, store.ErrNotFound)
}

// SetPupilPlayer implements store.Classes.
func (s *Store) SetPupilPlayer(ctx context.Context, class store.ClassID, id store.PupilID, player store.PlayerID) error {
	if err := s.lock(ctx, "set pupil player"); err != nil {
		return err
	}
	defer s.mu.Unlock()
	p, err := s.pupilOf(class, id)
	if err != nil {
		return err
	}
	if player <= 0 || int(player) > len(s.players) {
		return fmt.Errorf("memstore: set pupil player %d: %w", player, store.ErrNotFound)
	}
	p.Player = player
	return nil
}

// PupilsOfPlayer implements store.Classes.
func (s *Store) PupilsOfPlayer(ctx context.Context, player store.PlayerID) ([]store.Pupil, error) {
	if err := s.lock(ctx, "pupils of player"); err != nil {
		return nil, err
	}
	defer s.mu.Unlock()
	var out []store.Pupil
	for _, p := range s.cls.pupils {
		if p.Player == player && player != 0 {
			out = append(out, p.Pupil)
		}
	}
	slices.SortFunc(out, func(a, b store.Pupil) int { return int(a.ID - b.ID) })
	return out, nil
}

// RenamePupil implements store.Classes.
func (s *Store) RenamePupil(ctx context.Context, class store.ClassID, id store.PupilID, pseudonym string) error {
	if err := store.CheckPseudonym(pseudonym); err != nil {
		return fmt.Errorf("memstore: rename pupil: %w", err)
	}
	if err := s.lock(ctx, "rename pupil"); err != nil {
		return err
	}
	defer s.mu.Unlock()
	p, err := s.pupilOf(class, id)
	if err != nil {
		return err
	}
	key := store.FoldPseudonym(pseudonym)
	if s.nameTaken(class, key, id) {
		return fmt.Errorf("memstore: rename pupil %d to %q: %w", id, pseudonym, store.ErrPseudonymTaken)
	}
	p.Pseudonym, p.key = pseudonym, key
	return nil
}

// RemovePupil implements store.Classes.
func (s *Store) RemovePupil(ctx context.Context, class store.ClassID, id store.PupilID) error {
	if err := s.lock(ctx, "remove pupil"); err != nil {
		return err
	}
	defer s.mu.Unlock()
	if _, err := s.pupilOf(class, id); err != nil {
		return err
	}
	delete(s.cls.pupils, id)
	return nil
}

// levelOf returns a pupil of a class and checks the level is the class's.
func (s *Store) levelOf(class store.ClassID, id store.PupilID, level string) (*pupil, error) {
	c, err := s.class(class)
	if err != nil {
		return nil, err
	}
	if !slices.Contains(c.Levels, level) {
		return nil, fmt.Errorf("memstore: level %q of class %d: %w", level, class, store.ErrNotFound)
	}
	return s.pupilOf(class, id)
}

// StartLevel implements store.Classes.
func (s *Store) StartLevel(ctx context.Context, class store.ClassID, id store.PupilID, level string, at time.Time) error {
	if err := s.lock(ctx, "start level"); err != nil {
		return err
	}
	defer s.mu.Unlock()
	p, err := s.levelOf(class, id, level)
	if err != nil {
		return err
	}
	lp, ok := p.progress[level]
	if !ok {
		lp.Status = store.StatusNotStarted
	}
	if lp.Status != store.StatusWon {
		lp.Status = store.StatusPlaying
	}
	p.progress[level] = lp
	p.LastProgressAt = store.Stamp(at)
	return nil
}

// RecordClassRun implements store.Classes.
func (s *Store) RecordClassRun(ctx context.Context, r store.ClassRun) error {
	if err := store.CheckClassRun(r); err != nil {
		return fmt.Errorf("memstore: record class run: %w", err)
	}
	if err := s.lock(ctx, "record class run"); err != nil {
		return err
	}
	defer s.mu.Unlock()
	p, err := s.levelOf(r.Class, r.Pupil, r.Level)
	if err != nil {
		return err
	}
	lp, ok := p.progress[r.Level]
	if !ok || lp.Attempts == 0 || r.Score > lp.Best {
		lp.Best = r.Score
	}
	lp.Attempts++
	switch {
	case r.Won || lp.Status == store.StatusWon:
		lp.Status = store.StatusWon
	default:
		lp.Status = store.StatusLost
	}
	p.progress[r.Level] = lp
	for _, a := range r.Answers {
		p.answers[answerKey{r.Level, a.Question, a.Choice, a.Right}]++
	}
	p.LastProgressAt = store.Time(r.At.UnixNano())
	return nil
}

// ClassProgress implements store.Classes.
func (s *Store) ClassProgress(ctx context.Context, class store.ClassID) (store.Progress, error) {
	if err := s.lock(ctx, "class progress"); err != nil {
		return store.Progress{}, err
	}
	defer s.mu.Unlock()
	c, err := s.class(class)
	if err != nil {
		return store.Progress{}, err
	}
	var out store.Progress
	counts := map[answerKey]int{}
	for _, p := range s.cls.pupils {
		if p.Class != class {
			continue
		}
		pp := store.PupilProgress{Pupil: p.Pupil, Levels: map[string]store.LevelProgress{}}
		for _, l := range c.Levels {
			lp, ok := p.progress[l]
			if !ok {
				lp.Status = store.StatusNotStarted
			}
			pp.Levels[l] = lp
		}
		out.Pupils = append(out.Pupils, pp)
		for k, n := range p.answers {
			counts[k] += n
		}
	}
	slices.SortFunc(out.Pupils, func(a, b store.PupilProgress) int { return int(a.Pupil.ID - b.Pupil.ID) })
	var qc []store.QuizCount
	for k, n := range counts {
		qc = append(qc, store.QuizCount{Level: k.level, Question: k.question, Choice: k.choice, Right: k.right, N: n})
	}
	// FoldQuiz breaks ties by the order it meets choices in: sort first,
	// as the SQLite backend reads them.
	slices.SortFunc(qc, func(a, b store.QuizCount) int {
		switch {
		case a.Level != b.Level:
			return cmpString(a.Level, b.Level)
		case a.Question != b.Question:
			return cmpString(a.Question, b.Question)
		}
		return a.Choice - b.Choice
	})
	out.Quiz = store.FoldQuiz(c.Levels, qc)
	return out, nil
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// DeleteExpiredClasses implements store.Classes.
func (s *Store) DeleteExpiredClasses(ctx context.Context, now time.Time, keep time.Duration) (store.Expired, error) {
	if err := s.lock(ctx, "delete expired classes"); err != nil {
		return store.Expired{}, err
	}
	defer s.mu.Unlock()
	var ex store.Expired
	cut := now.Add(-keep)
	for id, c := range s.cls.byID {
		if c.EndsAt.After(cut) {
			continue
		}
		for pid, p := range s.cls.pupils {
			if p.Class == id {
				ex.Pupils++
				ex.Progress += len(p.progress)
				ex.Answers += len(p.answers)
				delete(s.cls.pupils, pid)
			}
		}
		ex.Levels += s.deleteClassLevels(c.Code)
		delete(s.cls.byCode, c.Code)
		delete(s.cls.byID, id)
		ex.Classes++
	}
	return ex, nil
}
