package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/communs-arcade/arcade/levels"
	"github.com/communs-arcade/arcade/server/classes"
	"github.com/communs-arcade/arcade/server/classes/page"
	"github.com/communs-arcade/arcade/server/community"
	"github.com/communs-arcade/arcade/server/hub"
	"github.com/communs-arcade/arcade/server/metrics"
	"github.com/communs-arcade/arcade/server/ranked"
	"github.com/communs-arcade/arcade/server/store"
	"github.com/communs-arcade/arcade/server/verify"
)

// healthTimeout bounds the store check of /healthz.
const healthTimeout = 2 * time.Second

// Config is what a Server needs. Store, Verifier and Ranked are required.
type Config struct {
	Store    store.Store
	Verifier verify.Verifier
	Ranked   *ranked.Levels
	// Web serves every path but /ws, /healthz and /metrics; nil answers 404.
	Web http.Handler
	// Logger receives structured logs; nil discards them.
	Logger *slog.Logger
	// Limits tune the hub; zero fields take hub.DefaultLimits.
	Limits hub.Limits
	// Origins are page origins allowed besides the server's own host and
	// loopback hosts (see hub.Config).
	Origins []string
	// Engine is the engine version clients must record runs with.
	Engine string
	// Community serves community levels on /api/ and /l/ and ranks their
	// runs; nil: built-in levels only.
	Community *community.Service
	// Classes serves the classroom workshops' teacher API on
	// /api/classes, and the teacher's page on /class; nil: none.
	Classes *classes.Service
}

// Server is the HTTP handler of the whole server.
type Server struct {
	hub     *hub.Hub
	store   store.Store
	metrics *metrics.Metrics
	mux     *http.ServeMux
}

// New returns a server; stop it with Shutdown.
func New(cfg Config) (*Server, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	s := &Server{store: cfg.Store, metrics: metrics.New(), mux: http.NewServeMux()}
	if q, ok := cfg.Verifier.(queued); ok {
		s.metrics.WatchVerifier(q.Waiting, q.Running)
	}
	h, err := hub.New(hub.Config{
		Store: cfg.Store, Verifier: cfg.Verifier, Ranked: cfg.Ranked, Metrics: s.metrics,
		Logger: cfg.Logger, Limits: cfg.Limits, Origins: cfg.Origins, Engine: cfg.Engine,
		Community: communityLevels(cfg.Community),
	})
	if err != nil {
		return nil, err
	}
	s.hub = h
	s.mux.Handle("/ws", h)
	s.mux.HandleFunc("/healthz", s.healthz)
	s.mux.Handle("/metrics", s.metrics.Handler())
	if cfg.Community != nil {
		api := cfg.Community.Handler()
		s.mux.Handle("/api/", api)
		s.mux.Handle("/l/", api)
	}
	if cfg.Classes != nil {
		cfg.Classes.OnChange(h.ClassChanged)
		api := cfg.Classes.Handler()
		s.mux.Handle("/api/classes", api)
		s.mux.Handle("/api/classes/", api)
		// The teacher's page (/class, /class/cards and its files).
		teacher, err := page.New(page.Config{Levels: levels.FS, Ranked: cfg.Ranked})
		if err != nil {
			return nil, fmt.Errorf("server: %w", err)
		}
		s.mux.Handle("/class", teacher)
		s.mux.Handle("/class/", teacher)
	}
	if cfg.Web != nil {
		s.mux.Handle("/", cfg.Web)
	}
	return s, nil
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

// Shutdown stops the hub gracefully (see hub.Hub.Shutdown). The HTTP
// server, the verifier and the store are the caller's to stop afterwards,
// in that order.
func (s *Server) Shutdown(ctx context.Context) error { return s.hub.Shutdown(ctx) }

// communityLevels is c as the hub's view of community levels (a nil
// *Service must be a nil interface, not an interface holding nil).
func communityLevels(c *community.Service) hub.CommunityLevels {
	if c == nil {
		return nil
	}
	return c
}

// queued is implemented by verifiers that queue jobs (verify.Scheduler),
// whose queue the metrics export.
type queued interface {
	Waiting() int
	Running() int
}

// pinger is implemented by stores that can check their health cheaply.
type pinger interface {
	Ping(ctx context.Context) error
}

// healthz answers 200 "ok" when the store answers, 503 otherwise.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), healthTimeout)
	defer cancel()
	var err error
	if p, ok := s.store.(pinger); ok {
		err = p.Ping(ctx)
	} else {
		// Any cheap read shows that the store answers.
		_, err = s.store.Pot(ctx, "")
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		w.WriteHeader(http.StatusServiceUnavailable)
		io.WriteString(w, "store unavailable\n")
		return
	}
	io.WriteString(w, "ok")
}
