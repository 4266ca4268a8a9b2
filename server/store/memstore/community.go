package memstore

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/communs-arcade/arcade/server/store"
)

var _ store.Community = (*Store)(nil)

// community is the memstore's part for community levels. Its maps are only
// looked up, never ranged over into a result: search sorts what it finds by
// a total order, so map order never shows.
type community struct {
	levels  map[string]*clevel
	ratings map[potKey]int // (level, player) → stars
	reports []store.Report // reports[id-1]
	audit   []store.Action // audit[id-1]
	bans    map[store.PlayerID]bool
	// runs counts the runs stored on each level's boards (all levels:
	// a level published later counts the runs before it, as SQLite does).
	runs map[string]int64
	// verified holds (level, player) once the player has a best entry on
	// one of the level's boards.
	verified map[potKey]bool
}

// clevel is a community level.
type clevel struct {
	owner     store.PlayerID
	state     store.LevelState
	class     string          // the class code of a class-only level, "" once approved
	versions  []store.Version // oldest first
	ratingSum int
	ratings   int
	// words are the latest version's search words (store.SearchWords of
	// its titles, summaries, tags and author).
	words []string
}

func (c *clevel) latest() store.Version { return c.versions[len(c.versions)-1] }

func newCommunity() community {
	return community{
		levels:   make(map[string]*clevel),
		ratings:  make(map[potKey]int),
		bans:     make(map[store.PlayerID]bool),
		runs:     make(map[string]int64),
		verified: make(map[potKey]bool),
	}
}

// played records a stored run for plays and verified runs (AddRun calls it
// with the lock held).
func (c *community) played(r store.Run) {
	c.runs[r.Board.Level]++
	c.verified[potKey{r.Board.Level, r.Player}] = true
}

// cloneVersion copies a version's slices, so that callers cannot change the
// store's copy; empty lists are nil, as SQLite returns them.
func cloneVersion(v store.Version) store.Version {
	v.Tags = slices.Clip(slices.Clone(v.Tags))
	v.Languages = slices.Clip(slices.Clone(v.Languages))
	if len(v.Tags) == 0 {
		v.Tags = nil
	}
	if len(v.Languages) == 0 {
		v.Languages = nil
	}
	return v
}

// PublishVersion implements store.Community.
func (s *Store) PublishVersion(ctx context.Context, v store.Version) error {
	if err := store.CheckVersion(v); err != nil {
		return fmt.Errorf("memstore: publish: %w", err)
	}
	if err := s.lock(ctx, "publish"); err != nil {
		return err
	}
	defer s.mu.Unlock()
	fail := func(err error) error {
		return fmt.Errorf("memstore: publish %s version %d: %w", v.Level, v.Version, err)
	}
	if v.Owner < 1 || int(v.Owner) > len(s.players) {
		return fail(store.ErrNotFound)
	}
	if s.com.bans[v.Owner] {
		return fail(store.ErrBanned)
	}
	v = cloneVersion(v)
	v.At = store.Stamp(v.At)
	l := s.com.levels[v.Level]
	if l != nil {
		if l.owner != v.Owner {
			return fail(store.ErrNotOwner)
		}
		// The same content first, as SQLite: see there.
		for _, o := range l.versions {
			if o.Hash == v.Hash {
				return fail(store.ErrSameContent)
			}
		}
		if v.Version <= l.latest().Version {
			return fail(store.ErrNotNewer)
		}
	} else {
		l = &clevel{owner: v.Owner, state: store.StateListed}
		if v.Class != "" {
			l.state, l.class = store.StateClassOnly, v.Class
		}
		s.com.levels[v.Level] = l
	}
	v.Class = ""
	l.versions = append(l.versions, v)
	var words []string
	for _, t := range append([]string{v.Title.FR, v.Title.EN, v.Summary.FR, v.Summary.EN, v.Author}, v.Tags...) {
		words = append(words, store.SearchWords(t)...)
	}
	l.words = words
	return nil
}

// info returns a level's LevelInfo.
func (s *Store) info(id string, l *clevel) store.LevelInfo {
	li := store.LevelInfo{
		Latest:    cloneVersion(l.latest()),
		State:     l.state,
		Plays:     s.com.runs[id],
		Ratings:   l.ratings,
		RatingSum: l.ratingSum,
		Class:     l.class,
	}
	for _, r := range s.com.reports {
		if r.Open && r.Level == id {
			li.Reports++
		}
	}
	return li
}

// level returns a level that is not deleted, or nil.
func (s *Store) level(id string) *clevel {
	l := s.com.levels[id]
	if l == nil || l.state == store.StateDeleted {
		return nil
	}
	return l
}

// CommunityLevel implements store.Community.
func (s *Store) CommunityLevel(ctx context.Context, id string) (store.LevelInfo, error) {
	if err := s.lock(ctx, "community level"); err != nil {
		return store.LevelInfo{}, err
	}
	defer s.mu.Unlock()
	l := s.level(id)
	if l == nil {
		return store.LevelInfo{}, fmt.Errorf("memstore: community level %s: %w", id, store.ErrNotFound)
	}
	return s.info(id, l), nil
}

// LevelVersions implements store.Community.
func (s *Store) LevelVersions(ctx context.Context, id string) ([]store.Version, error) {
	if err := s.lock(ctx, "level versions"); err != nil {
		return nil, err
	}
	defer s.mu.Unlock()
	l := s.level(id)
	if l == nil {
		return nil, fmt.Errorf("memstore: versions of %s: %w", id, store.ErrNotFound)
	}
	out := make([]store.Version, len(l.versions))
	for i, v := range l.versions {
		out[i] = cloneVersion(v)
	}
	return out, nil
}

// VersionByHash implements store.Community.
func (s *Store) VersionByHash(ctx context.Context, id string, hash [32]byte) (store.Version, error) {
	if err := s.lock(ctx, "version by hash"); err != nil {
		return store.Version{}, err
	}
	defer s.mu.Unlock()
	if l := s.level(id); l != nil {
		for _, v := range l.versions {
			if v.Hash == hash {
				return cloneVersion(v), nil
			}
		}
	}
	return store.Version{}, fmt.Errorf("memstore: version of %s by hash: %w", id, store.ErrNotFound)
}

// OwnerOf implements store.Community.
func (s *Store) OwnerOf(ctx context.Context, id string) (store.PlayerID, error) {
	if err := s.lock(ctx, "owner of"); err != nil {
		return 0, err
	}
	defer s.mu.Unlock()
	l := s.com.levels[id]
	if l == nil {
		return 0, fmt.Errorf("memstore: owner of %s: %w", id, store.ErrNotFound)
	}
	return l.owner, nil
}

// matches reports whether every query word starts some word of the level.
func (l *clevel) matches(query []string) bool {
	for _, q := range query {
		if !slices.ContainsFunc(l.words, func(w string) bool { return strings.HasPrefix(w, q) }) {
			return false
		}
	}
	return true
}

// SearchLevels implements store.Community.
func (s *Store) SearchLevels(ctx context.Context, q store.Query) (store.Page, error) {
	q, err := store.CheckSearch(q)
	if err != nil {
		return store.Page{}, fmt.Errorf("memstore: search: %w", err)
	}
	if err := s.lock(ctx, "search"); err != nil {
		return store.Page{}, err
	}
	defer s.mu.Unlock()
	words := store.SearchWords(q.Text)
	var found []store.LevelInfo
	for id, l := range s.com.levels { // sorted below by a total order
		switch {
		case l.state == store.StateDeleted, !q.All && l.state != store.StateListed:
			continue
		case q.Tag != "" && !slices.Contains(l.latest().Tags, q.Tag):
			continue
		case !l.matches(words):
			continue
		}
		found = append(found, s.info(id, l))
	}
	slices.SortFunc(found, func(a, b store.LevelInfo) int {
		var c int
		switch q.Sort {
		case store.SortTop:
			c = cmp.Or(
				cmp.Compare(store.MeanRating(b.RatingSum, b.Ratings), store.MeanRating(a.RatingSum, a.Ratings)),
				cmp.Compare(b.Ratings, a.Ratings))
		case store.SortPlayed:
			c = cmp.Compare(b.Plays, a.Plays)
		}
		return cmp.Or(c, b.Latest.At.Compare(a.Latest.At), strings.Compare(a.Latest.Level, b.Latest.Level))
	})
	p := store.Page{Total: len(found)}
	if q.Offset < len(found) && q.Limit > 0 {
		p.Levels = found[q.Offset:min(len(found), q.Offset+q.Limit)]
	}
	return p, nil
}

// listedAndPlayed is SQLite's (see there).
func (s *Store) listedAndPlayed(level string, p store.PlayerID) error {
	if l := s.com.levels[level]; l == nil || l.state != store.StateListed {
		return store.ErrNotFound
	}
	if !s.com.verified[potKey{level, p}] {
		return store.ErrNoVerifiedRun
	}
	return nil
}

// Rate implements store.Community.
func (s *Store) Rate(ctx context.Context, level string, p store.PlayerID, stars int) error {
	if stars < 1 || stars > 5 {
		return fmt.Errorf("memstore: rate: %d stars (1 to 5)", stars)
	}
	if err := s.lock(ctx, "rate"); err != nil {
		return err
	}
	defer s.mu.Unlock()
	if err := s.listedAndPlayed(level, p); err != nil {
		return fmt.Errorf("memstore: rate %s by player %d: %w", level, p, err)
	}
	l := s.com.levels[level]
	k := potKey{level, p}
	old, had := s.com.ratings[k]
	if !had {
		l.ratings++
	}
	l.ratingSum += stars - old
	s.com.ratings[k] = stars
	return nil
}

// Rating implements store.Community.
func (s *Store) Rating(ctx context.Context, level string, p store.PlayerID) (int, error) {
	if err := s.lock(ctx, "rating"); err != nil {
		return 0, err
	}
	defer s.mu.Unlock()
	return s.com.ratings[potKey{level, p}], nil
}

// Report implements store.Community.
func (s *Store) Report(ctx context.Context, r store.Report, threshold int) (bool, error) {
	if err := store.CheckReport(r); err != nil {
		return false, fmt.Errorf("memstore: report: %w", err)
	}
	if err := s.lock(ctx, "report"); err != nil {
		return false, err
	}
	defer s.mu.Unlock()
	if err := s.listedAndPlayed(r.Level, r.Player); err != nil {
		return false, fmt.Errorf("memstore: report of %s by player %d: %w", r.Level, r.Player, err)
	}
	r.At, r.Open = store.Stamp(r.At), true
	open := 0
	replaced := false
	for i := range s.com.reports {
		o := &s.com.reports[i]
		if !o.Open || o.Level != r.Level {
			continue
		}
		if o.Player == r.Player {
			o.Reason, o.Note, o.At = r.Reason, r.Note, r.At
			replaced = true
		}
		open++
	}
	if !replaced {
		r.ID = int64(len(s.com.reports) + 1)
		s.com.reports = append(s.com.reports, r)
		open++
	}
	if threshold <= 0 || open < threshold {
		return false, nil
	}
	s.com.levels[r.Level].state = store.StateReported
	s.log(store.Action{Kind: store.ActionAutoHide, Level: r.Level,
		Note: fmt.Sprintf("%d open reports (threshold %d)", open, threshold), At: r.At})
	return true, nil
}

// log appends an action to the audit log.
func (s *Store) log(a store.Action) {
	a.ID = int64(len(s.com.audit) + 1)
	s.com.audit = append(s.com.audit, a)
}

// Reports implements store.Community.
func (s *Store) Reports(ctx context.Context, all bool, offset, limit int) ([]store.Report, error) {
	if offset < 0 || limit < 0 {
		return nil, fmt.Errorf("memstore: reports: negative offset %d or limit %d", offset, limit)
	}
	if err := s.lock(ctx, "reports"); err != nil {
		return nil, err
	}
	defer s.mu.Unlock()
	var out []store.Report
	for _, r := range s.com.reports {
		if all || r.Open {
			out = append(out, r)
		}
	}
	// Newest first, then the latest id, as SQLite's ORDER BY at DESC, id DESC.
	slices.SortFunc(out, func(a, b store.Report) int {
		return cmp.Or(b.At.Compare(a.At), cmp.Compare(b.ID, a.ID))
	})
	if offset >= len(out) {
		return nil, nil
	}
	return slices.Clone(out[offset:min(len(out), offset+limit)]), nil
}

// Moderate implements store.Community.
func (s *Store) Moderate(ctx context.Context, a store.Action) error {
	if err := s.lock(ctx, "moderate"); err != nil {
		return err
	}
	defer s.mu.Unlock()
	fail := func(err error) error {
		return fmt.Errorf("memstore: moderate %s %s player %d: %w", a.Kind, a.Level, a.Player, err)
	}
	a.At = store.Stamp(a.At)
	switch a.Kind {
	case store.ActionHide, store.ActionRestore, store.ActionDelete:
		l := s.level(a.Level)
		if l == nil {
			return fail(store.ErrNotFound)
		}
		switch a.Kind {
		case store.ActionHide:
			l.state = store.StateHidden
		case store.ActionDelete:
			l.state = store.StateDeleted
		case store.ActionRestore:
			l.state = store.StateListed
			if l.class != "" {
				l.state = store.StateClassOnly
			}
			for i := range s.com.reports {
				if r := &s.com.reports[i]; r.Level == a.Level {
					r.Open = false
				}
			}
		}
	case store.ActionBan, store.ActionUnban:
		if a.Player < 1 || int(a.Player) > len(s.players) {
			return fail(store.ErrNotFound)
		}
		from, to := store.StateListed, store.StateBanned
		if a.Kind == store.ActionUnban {
			from, to = to, from
			delete(s.com.bans, a.Player)
		} else {
			s.com.bans[a.Player] = true
		}
		for _, l := range s.com.levels { // each level once: order does not matter
			if l.owner == a.Player && l.state == from {
				l.state = to
			}
		}
	default:
		return fail(fmt.Errorf("not a moderator's action: %q", a.Kind))
	}
	s.log(a)
	return nil
}

// Banned implements store.Community.
func (s *Store) Banned(ctx context.Context, p store.PlayerID) (bool, error) {
	if err := s.lock(ctx, "banned"); err != nil {
		return false, err
	}
	defer s.mu.Unlock()
	return s.com.bans[p], nil
}

// Audit implements store.Community.
func (s *Store) Audit(ctx context.Context, offset, limit int) ([]store.Action, error) {
	if offset < 0 || limit < 0 {
		return nil, fmt.Errorf("memstore: audit: negative offset %d or limit %d", offset, limit)
	}
	if err := s.lock(ctx, "audit"); err != nil {
		return nil, err
	}
	defer s.mu.Unlock()
	var out []store.Action
	for i := len(s.com.audit) - 1 - offset; i >= 0 && len(out) < limit; i-- {
		out = append(out, s.com.audit[i])
	}
	return out, nil
}

// ClassLevels implements store.Community.
func (s *Store) ClassLevels(ctx context.Context, class string) ([]store.LevelInfo, error) {
	if err := s.lock(ctx, "class levels"); err != nil {
		return nil, err
	}
	defer s.mu.Unlock()
	var out []store.LevelInfo
	for id, l := range s.com.levels { // sorted below by a total order
		if l.class == class && l.state == store.StateClassOnly {
			out = append(out, s.info(id, l))
		}
	}
	slices.SortFunc(out, func(a, b store.LevelInfo) int {
		if c := b.Latest.At.Compare(a.Latest.At); c != 0 {
			return c
		}
		return strings.Compare(a.Latest.Level, b.Latest.Level)
	})
	return out, nil
}

// ApproveClassLevel implements store.Community.
func (s *Store) ApproveClassLevel(ctx context.Context, class, level, note string, at time.Time) error {
	if err := s.lock(ctx, "approve class level"); err != nil {
		return err
	}
	defer s.mu.Unlock()
	l := s.com.levels[level]
	if l == nil || l.class != class || l.state != store.StateClassOnly {
		return fmt.Errorf("memstore: approve %s in class %s: %w", level, class, store.ErrNotFound)
	}
	l.state, l.class = store.StateListed, ""
	s.log(store.Action{Kind: store.ActionApprove, Level: level, Note: note, At: store.Stamp(at)})
	return nil
}

// deleteClassLevels deletes every level of a class (DeleteExpiredClasses
// calls it with the lock held) and counts them. Class-only levels have no
// ratings, reports nor stored runs (those need a listed level).
func (s *Store) deleteClassLevels(class string) int {
	n := 0
	for id, l := range s.com.levels { // each level once: order does not matter
		if l.class == class {
			delete(s.com.levels, id)
			n++
		}
	}
	return n
}
