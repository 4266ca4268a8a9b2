// Package community serves community levels: the HTTP JSON API of
// docs/api.md (search, level metadata, packages, publish, ratings,
// reports, moderation) and the pages /l/<id> that open the browser game on
// a level, with link-preview meta tags.
//
// A version is listed only once its author's clear was verified by the
// server's verifier on the uploaded package, and that clear becomes the
// first run on the version's board. Players' runs on community levels go
// through the hub like any other run: the Service tells the hub which
// community versions exist (hub.CommunityLevels).
//
// All state is in the store and the package folder; the Service keeps only
// caches and rate limits in memory, so several instances can serve
// together.
package community

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"io"
	"io/fs"
	"log/slog"
	"slices"
	"time"

	"github.com/communs-arcade/arcade/server/packages"
	"github.com/communs-arcade/arcade/server/ranked"
	"github.com/communs-arcade/arcade/server/ratelimit"
	"github.com/communs-arcade/arcade/server/store"
	"github.com/communs-arcade/arcade/server/verify"
	"github.com/hashicorp/golang-lru/v2/expirable"
)

// Config is what a Service needs. Store, Packages, Verifier and Ranked
// are required.
type Config struct {
	Store    store.Store
	Packages *packages.Dir
	Verifier verify.Verifier
	// Ranked holds the built-in levels, whose ids are reserved.
	Ranked *ranked.Levels
	// AdminToken is the moderators' secret; nil disables the admin API.
	AdminToken []byte
	// Web is the browser game's folder (its index.html serves /l/<id>);
	// nil answers /l/ with 404.
	Web fs.FS
	// Logger receives structured logs; nil discards them.
	Logger *slog.Logger
	// Limits tune the service; zero fields take DefaultLimits.
	Limits Limits
	// Now is the clock (time.Now when nil), for tests.
	Now func() time.Time
}

// Limits are the service's tunable limits.
type Limits struct {
	// ReportThreshold is how many distinct players with a verified run of
	// a level must report it for it to be hidden until a moderator decides.
	ReportThreshold int
	// PublishesPerHour caps publish attempts per token, and
	// PublishesPerAddress per network address (a whole class shares one).
	PublishesPerHour    int
	PublishesPerAddress int
	// StoreTimeout bounds each store call.
	StoreTimeout time.Duration
}

// DefaultLimits are the limits of a Service whose Config leaves them zero.
var DefaultLimits = Limits{
	ReportThreshold:     3,
	PublishesPerHour:    20,
	PublishesPerAddress: 60,
	StoreTimeout:        5 * time.Second,
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	if l.ReportThreshold > 0 {
		d.ReportThreshold = l.ReportThreshold
	}
	if l.PublishesPerHour > 0 {
		d.PublishesPerHour = l.PublishesPerHour
	}
	if l.PublishesPerAddress > 0 {
		d.PublishesPerAddress = l.PublishesPerAddress
	}
	if l.StoreTimeout > 0 {
		d.StoreTimeout = l.StoreTimeout
	}
	return d
}

// Service is the community levels' API. Use New.
type Service struct {
	store    store.Store
	packages *packages.Dir
	verifier verify.Verifier
	ranked   *ranked.Levels
	admin    [32]byte // SHA-256 of the admin token
	hasAdmin bool
	web      fs.FS
	log      *slog.Logger
	limits   Limits
	now      func() time.Time

	// versions caches each level's listed versions for the hub, which
	// asks on every run submitted: a cache only (a few seconds), so
	// another instance's publish or moderation shows after it expires.
	versions *expirable.LRU[string, []store.Version]
	// publishes limits publish attempts per token hash and per address.
	publishes *ratelimit.Keyed
}

// versionsTTL is how long the hub's view of a level's versions may lag.
const versionsTTL = 5 * time.Second

// New returns a Service.
func New(cfg Config) (*Service, error) {
	if cfg.Store == nil || cfg.Packages == nil || cfg.Verifier == nil || cfg.Ranked == nil {
		return nil, errors.New("community: a store, a package folder, a verifier and the ranked levels are required")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	s := &Service{
		store: cfg.Store, packages: cfg.Packages, verifier: cfg.Verifier, ranked: cfg.Ranked,
		web: cfg.Web, log: cfg.Logger, limits: cfg.Limits.withDefaults(), now: cfg.Now,
		versions: expirable.NewLRU[string, []store.Version](1024, nil, versionsTTL),
	}
	s.publishes = ratelimit.New(cfg.Now)
	if len(cfg.AdminToken) > 0 {
		s.admin, s.hasAdmin = sha256.Sum256(cfg.AdminToken), true
	}
	return s, nil
}

// isAdmin tells whether token is the admin token, in constant time.
func (s *Service) isAdmin(token []byte) bool {
	if !s.hasAdmin || len(token) == 0 {
		return false
	}
	h := sha256.Sum256(token)
	return subtle.ConstantTimeCompare(h[:], s.admin[:]) == 1
}

// call runs one store call under the store timeout.
func (s *Service) call(ctx context.Context, f func(ctx context.Context) error) error {
	ctx, cancel := context.WithTimeout(ctx, s.limits.StoreTimeout)
	defer cancel()
	return f(ctx)
}

// listedVersions returns the versions of a listed community level, oldest
// first, from the cache when it has them; nil when no listed level has id.
func (s *Service) listedVersions(ctx context.Context, id string) ([]store.Version, error) {
	if vs, ok := s.versions.Get(id); ok {
		return vs, nil
	}
	var vs []store.Version
	classOnly := false
	err := s.call(ctx, func(ctx context.Context) error {
		info, err := s.store.CommunityLevel(ctx, id)
		classOnly = err == nil && info.State == store.StateClassOnly
		if err != nil || info.State != store.StateListed {
			return err
		}
		vs, err = s.store.LevelVersions(ctx, id)
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		err = nil
	}
	if err != nil {
		return nil, err
	}
	if !classOnly {
		// A class-only level is not cached: its teacher's approval
		// (server/classes) lists it at once.
		s.versions.Add(id, vs)
	}
	return vs, nil
}

// forget drops what the cache holds of a level after a change made here.
func (s *Service) forget(id string) { s.versions.Remove(id) }

// Version implements hub.CommunityLevels: the listed level id at the
// version with this content hash, else at its latest version.
func (s *Service) Version(ctx context.Context, id string, hash []byte) (ranked.Level, bool, error) {
	if _, builtin := s.ranked.Lookup(id); builtin {
		return ranked.Level{}, false, nil
	}
	vs, err := s.listedVersions(ctx, id)
	if err != nil || len(vs) == 0 {
		return ranked.Level{}, false, err
	}
	v := vs[len(vs)-1]
	if i := slices.IndexFunc(vs, func(v store.Version) bool { return string(v.Hash[:]) == string(hash) }); i >= 0 {
		v = vs[i]
	}
	return ranked.Level{ID: v.Level, Hash: v.Hash, Pot: v.Pot, MaxTicks: v.MaxTicks}, true, nil
}

// ClassVersion implements hub.CommunityLevels: the class-only level id of
// the class with this code, at the version with this content hash (its
// latest when hash names none). It is read from the store each time, not
// cached: the teacher's approval or the class's end changes it elsewhere.
func (s *Service) ClassVersion(ctx context.Context, class, id string, hash []byte) (ranked.Level, bool, error) {
	var vs []store.Version
	err := s.call(ctx, func(ctx context.Context) error {
		info, err := s.store.CommunityLevel(ctx, id)
		if err != nil || info.State != store.StateClassOnly || info.Class != class {
			return err
		}
		vs, err = s.store.LevelVersions(ctx, id)
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		err = nil
	}
	if err != nil || len(vs) == 0 {
		return ranked.Level{}, false, err
	}
	v := vs[len(vs)-1]
	if i := slices.IndexFunc(vs, func(v store.Version) bool { return string(v.Hash[:]) == string(hash) }); i >= 0 {
		v = vs[i]
	}
	return ranked.Level{ID: v.Level, Hash: v.Hash, Pot: v.Pot, MaxTicks: v.MaxTicks}, true, nil
}
