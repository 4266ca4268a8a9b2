// Package classes serves classroom workshops' teacher API (docs/api.md,
// "Classes"): a teacher creates a class without an account and gets its
// code and a secret teacher key, then reads the class's dashboard (JSON or
// CSV) and controls it (pause, lock levels, rename or remove pupils, end)
// with that key. The server keeps only the key's SHA-256, compared in
// constant time.
//
// Pupils' progress comes from their verified runs only (the hub calls
// store.Classes.RecordClassRun after verification); this package never
// takes a score from a client. Expire deletes everything of the classes
// that ended more than the retention ago (docs/privacy.md).
//
// All state is in the store; the Service keeps only rate limits in memory.
package classes

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"io"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/communs-arcade/arcade/server/ranked"
	"github.com/communs-arcade/arcade/server/ratelimit"
	"github.com/communs-arcade/arcade/server/store"
)

// KeySize is the size of a teacher key, in bytes (base64url in the API).
const KeySize = 32

// Config is what a Service needs. Store and Ranked are required.
type Config struct {
	Store store.Store
	// Ranked holds the built-in levels a class may use.
	Ranked *ranked.Levels
	// Origin is the server's public origin (https://host) for the teacher
	// and join links; "" takes the request's host.
	Origin string
	// Location is the time zone of "the end of the day" (time.Local when
	// nil).
	Location *time.Location
	// Logger receives structured logs; nil discards them.
	Logger *slog.Logger
	// Limits tune the service; zero fields take DefaultLimits.
	Limits Limits
	// Now is the clock (time.Now when nil), for tests.
	Now func() time.Time
}

// Limits are the service's tunable limits.
type Limits struct {
	// ClassesPerAddress caps the classes one network address creates per
	// day (a school shares one address: a few teachers, a few classes).
	ClassesPerAddress int
	// MaxPupils caps the pupils of a class.
	MaxPupils int
	// JoinsPerMinute caps join attempts per address and per class and
	// pseudonym (wrong pictures), per minute.
	JoinsPerMinute int
	// PupilListsPerMinute caps the reads of a class's pupil list per
	// address, per minute (pupils rejoining from a school's one address).
	PupilListsPerMinute int
	// MaxDuration is the longest a class may last.
	MaxDuration time.Duration
	// Retention is how long a class's data is kept after it ends.
	Retention time.Duration
	// StoreTimeout bounds each store call.
	StoreTimeout time.Duration
}

// DefaultLimits are the limits of a Service whose Config leaves them zero.
var DefaultLimits = Limits{
	ClassesPerAddress:   30,
	MaxPupils:           60,
	JoinsPerMinute:      10,
	PupilListsPerMinute: 60,
	MaxDuration:         31 * 24 * time.Hour,
	Retention:           store.DefaultClassRetention,
	StoreTimeout:        5 * time.Second,
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	pick := func(v *int, w int) {
		if w > 0 {
			*v = w
		}
	}
	pick(&d.ClassesPerAddress, l.ClassesPerAddress)
	pick(&d.MaxPupils, l.MaxPupils)
	pick(&d.JoinsPerMinute, l.JoinsPerMinute)
	pick(&d.PupilListsPerMinute, l.PupilListsPerMinute)
	for _, p := range []struct{ v, w *time.Duration }{
		{&d.MaxDuration, &l.MaxDuration}, {&d.Retention, &l.Retention}, {&d.StoreTimeout, &l.StoreTimeout},
	} {
		if *p.w > 0 {
			*p.v = *p.w
		}
	}
	return d
}

// Service is the classes API. Use New.
type Service struct {
	store  store.Store
	ranked *ranked.Levels
	origin string
	loc    *time.Location
	log    *slog.Logger
	limits Limits
	now    func() time.Time
	// creates limits class creations per address; joins join attempts
	// per address and per class and pseudonym.
	creates, joins *ratelimit.Keyed
	// onChange is told of teachers' changes (see OnChange).
	onChange atomic.Pointer[func(code string)]
}

// New returns a Service.
func New(cfg Config) (*Service, error) {
	if cfg.Store == nil || cfg.Ranked == nil {
		return nil, errors.New("classes: a store and the ranked levels are required")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Location == nil {
		cfg.Location = time.Local
	}
	return &Service{
		store: cfg.Store, ranked: cfg.Ranked, origin: cfg.Origin, loc: cfg.Location,
		log: cfg.Logger, limits: cfg.Limits.withDefaults(), now: cfg.Now,
		creates: ratelimit.New(cfg.Now), joins: ratelimit.New(cfg.Now),
	}, nil
}

// call runs one store call under the store timeout.
func (s *Service) call(ctx context.Context, f func(ctx context.Context) error) error {
	ctx, cancel := context.WithTimeout(ctx, s.limits.StoreTimeout)
	defer cancel()
	return f(ctx)
}

// newCode draws a class code from store.ClassCodeAlphabet. The alphabet
// has 23 characters: drawing a byte below 230 (10 × 23) and reducing it
// keeps every character equally likely.
func newCode() string {
	b := make([]byte, 0, store.ClassCodeLen)
	var buf [1]byte
	for len(b) < store.ClassCodeLen {
		rand.Read(buf[:]) // never fails (crypto/rand since Go 1.24)
		if n := int(buf[0]); n < 230 {
			b = append(b, store.ClassCodeAlphabet[n%len(store.ClassCodeAlphabet)])
		}
	}
	return string(b)
}

// newKey draws a teacher key: its base64url text and its hash.
func newKey() (string, [32]byte) {
	k := make([]byte, KeySize)
	rand.Read(k)
	return base64.RawURLEncoding.EncodeToString(k), sha256.Sum256(k)
}

// keyMatches tells whether a teacher key (decoded) is the class's, in
// constant time.
func keyMatches(c store.Class, key []byte) bool {
	h := sha256.Sum256(key)
	return subtle.ConstantTimeCompare(h[:], c.TeacherHash[:]) == 1
}

// endOfDay is the last instant of t's day in loc (the next midnight).
func endOfDay(t time.Time, loc *time.Location) time.Time {
	t = t.In(loc)
	return time.Date(t.Year(), t.Month(), t.Day()+1, 0, 0, 0, 0, loc)
}

// Expire deletes everything of the classes that ended more than the
// retention ago.
func (s *Service) Expire(ctx context.Context) (store.Expired, error) {
	var ex store.Expired
	err := s.call(ctx, func(ctx context.Context) (err error) {
		ex, err = s.store.DeleteExpiredClasses(ctx, s.now(), s.limits.Retention)
		return err
	})
	if err != nil {
		return ex, err
	}
	if ex.Classes > 0 {
		s.log.Info("classes: expired classes deleted", "classes", ex.Classes, "pupils", ex.Pupils,
			"progress", ex.Progress, "answers", ex.Answers)
	}
	return ex, nil
}

// ExpireEvery runs Expire at once and then every period until ctx is
// done; failures are logged and retried at the next period.
func (s *Service) ExpireEvery(ctx context.Context, period time.Duration) {
	t := time.NewTicker(period)
	defer t.Stop()
	for {
		if _, err := s.Expire(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("classes: expiry failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
