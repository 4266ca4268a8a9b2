package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	iofs "io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/communs-arcade/arcade/engine/session"
	"github.com/communs-arcade/arcade/server"
	"github.com/communs-arcade/arcade/server/classes"
	"github.com/communs-arcade/arcade/server/community"
	"github.com/communs-arcade/arcade/server/hub"
	"github.com/communs-arcade/arcade/server/ranked"
	"github.com/communs-arcade/arcade/server/store"
	"github.com/communs-arcade/arcade/server/verify"
	"github.com/communs-arcade/arcade/server/web"
)

// shutdownGrace is how long serve waits for requests in flight (a .wasm
// download on a slow school network) once asked to stop.
const shutdownGrace = 10 * time.Second

func cmdServe(args []string, stdout, stderr io.Writer) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return serve(ctx, args, stdout, stderr)
}

// serve runs the server until ctx is done, then shuts it down gracefully.
// It prints "serving http://HOST:PORT" once it listens, with the port
// actually bound (--addr :0 picks a free one).
func serve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	addr := fs.String("addr", ":8080", "address to listen on, host:port (port 0 picks a free port)")
	data := fs.String("data", "./data", "folder for the server's data, created if missing")
	webDir := fs.String("web", "wasm/dist", "folder of the web build (make wasm)")
	workers := fs.Int("workers", 0, "verification worker processes (0: one per CPU)")
	logFormat := fs.String("log", "text", "log format: text or json (to stderr)")
	logLevel := fs.String("log-level", "info", "least log level: debug, info, warn or error")
	perAddress := fs.Int("per-address", hub.DefaultLimits.MaxPerAddress, "most WebSocket connections from one address (an IPv6 /64 counts as one)")
	maxConns := fs.Int("max-conns", 0, fmt.Sprintf("most WebSocket connections in all (0: the open files limit minus %d; see docs/server.md)", hub.FileReserve))
	origins := fs.String("origins", "", "comma-separated page origins allowed to connect besides the server's own host (https://host)")
	playerCPU := fs.Duration("player-cpu", verify.DefaultPlayerCPU, "verification CPU time one player may use per minute (negative: no limit)")
	addressCPU := fs.Duration("address-cpu", verify.DefaultAddressCPU, "verification CPU time the players of one address may use per minute (negative: no limit)")
	helloTimeout := fs.Duration("hello-timeout", hub.DefaultLimits.HelloTimeout, "how long a WebSocket connection may stay open without saying hello")
	newPlayers := fs.Int("new-players", hub.DefaultLimits.NewPlayersPerHour, "new players one address may create per hour")
	reportThreshold := fs.Int("report-threshold", community.DefaultLimits.ReportThreshold, "distinct players with a verified run whose reports hide a community level until a moderator decides")
	classRetention := fs.Duration("class-retention", store.DefaultClassRetention, "how long everything of a classroom workshop is kept after the class ends (docs/privacy.md)")
	gcPercent := fs.Int("gogc", defaultGCPercent, "the garbage collector's GOGC (heap growth in percent before a collection); the GOGC variable wins when set")
	pprofAddr := fs.String("pprof", "", "serve runtime profiles (/debug/pprof/) on this loopback address, 127.0.0.1:PORT; empty: none")
	if _, err := parse(fs, args, 0, "no argument"); err != nil {
		return err
	}
	logger, err := newLogger(stderr, *logFormat, *logLevel)
	if err != nil {
		return err
	}
	if *workers < 0 {
		return fmt.Errorf("arcade serve: --workers %d: want 0 or more", *workers)
	}
	if *maxConns < 0 {
		return fmt.Errorf("arcade serve: --max-conns %d: want 0 or more", *maxConns)
	}
	if *playerCPU == 0 || *addressCPU == 0 {
		return fmt.Errorf("arcade serve: --player-cpu and --address-cpu: want a duration, negative for no limit")
	}
	if *helloTimeout <= 0 {
		return fmt.Errorf("arcade serve: --hello-timeout %v: want a positive duration", *helloTimeout)
	}
	setGCPercent(*gcPercent, logger)
	if *newPlayers <= 0 {
		return fmt.Errorf("arcade serve: --new-players %d: want 1 or more", *newPlayers)
	}
	// Each connection is a file: allow as many as the hard limit does, and
	// keep the connections below it, so that a flood of them leaves files
	// for the database, the workers and /healthz.
	files, err := raiseOpenFiles()
	if err != nil {
		logger.Warn("open files limit", "err", err)
	}
	if *maxConns == 0 {
		*maxConns = hub.MaxConnsFor(files)
	}
	logger.Info("open files limit", "limit", files, "max_conns", *maxConns)
	if *pprofAddr != "" {
		at, stopPprof, err := listenPprof(*pprofAddr, logger)
		if err != nil {
			return err
		}
		defer stopPprof()
		fmt.Fprintf(stdout, "profiles on http://%s/debug/pprof/\n", at)
	}

	// Without a web build the score server still runs: `/` then says how
	// to build the game.
	webHandler := web.NotBuilt()
	var webFS iofs.FS
	if st, err := os.Stat(filepath.Join(*webDir, "index.html")); err != nil || !st.Mode().IsRegular() {
		logger.Warn("no web build (index.html missing): serving the score server only; run `make build` or `make run`", "web", *webDir)
	} else {
		root, err := os.OpenRoot(*webDir)
		if err != nil {
			return fmt.Errorf("arcade serve: %w", err)
		}
		defer root.Close()
		webHandler = web.New(root.FS())
		webFS = root.FS()
	}
	if err := os.MkdirAll(*data, 0o750); err != nil {
		return fmt.Errorf("arcade serve: data folder: %w", err)
	}

	// The pool outlives ctx: on SIGTERM, submissions already accepted are
	// still verified and stored before back.close stops it.
	back, err := openBackends(context.Background(), *data, *workers,
		verify.SchedulerOptions{PlayerCPU: *playerCPU, AddressCPU: *addressCPU})
	if err != nil {
		return fmt.Errorf("arcade serve: %w", err)
	}
	defer back.close(logger)
	ranks, err := ranked.Builtin()
	if err != nil {
		return fmt.Errorf("arcade serve: %w", err)
	}
	adminToken, err := loadAdminToken(*data)
	if err != nil {
		return fmt.Errorf("arcade serve: %w", err)
	}
	levels, err := community.New(community.Config{
		Store: back.store, Packages: back.packages, Verifier: back.verifier, Ranked: ranks,
		AdminToken: adminToken, Web: webFS, Logger: logger,
		Limits: community.Limits{ReportThreshold: *reportThreshold},
	})
	if err != nil {
		return fmt.Errorf("arcade serve: %w", err)
	}
	workshops, err := classes.New(classes.Config{
		Store: back.store, Ranked: ranks, Logger: logger,
		Limits: classes.Limits{Retention: *classRetention},
	})
	if err != nil {
		return fmt.Errorf("arcade serve: %w", err)
	}
	// Ended classes are deleted once their retention is over: checked at
	// start and every hour (a class outlives its retention by an hour at
	// most).
	go workshops.ExpireEvery(ctx, time.Hour)
	app, err := server.New(server.Config{
		Store:    back.store,
		Verifier: back.verifier,
		Ranked:   ranks,
		Web:      webHandler,
		Logger:   logger,
		Origins:  splitList(*origins),
		Limits: hub.Limits{MaxConns: *maxConns, MaxPerAddress: *perAddress, NewPlayersPerHour: *newPlayers,
			HelloTimeout: *helloTimeout},
		Engine:    session.EngineVersion,
		Community: levels,
		Classes:   workshops,
	})
	if err != nil {
		return fmt.Errorf("arcade serve: %w", err)
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("arcade serve: %w", err)
	}
	srv := &http.Server{
		Handler:           app,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
	fmt.Fprintf(stdout, "serving %s\n", displayURL(ln.Addr()))

	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return fmt.Errorf("arcade serve: %w", err)
	case <-ctx.Done():
	}
	logger.Info("stopping")
	sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	// The hub first: it finishes the submissions it accepted, which need
	// the verifier and the store, closed after it by the deferred close.
	if err := app.Shutdown(sctx); err != nil {
		logger.Warn("shutdown cut short", "err", err)
	}
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("arcade serve: shutdown: %w", err)
	}
	if err := <-done; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("arcade serve: %w", err)
	}
	return nil
}

// displayURL is the address to open in a browser for a listener bound to
// addr: localhost when it listens on every interface.
func displayURL(addr net.Addr) string {
	host, port := "localhost", ""
	if tcp, ok := addr.(*net.TCPAddr); ok {
		port = fmt.Sprint(tcp.Port)
		if tcp.IP != nil && !tcp.IP.IsUnspecified() {
			host = tcp.IP.String()
		}
	} else if h, p, err := net.SplitHostPort(addr.String()); err == nil {
		host, port = h, p
	}
	return "http://" + net.JoinHostPort(host, port)
}

// newLogger returns the server's structured logger, writing to w.
func newLogger(w io.Writer, format, level string) (*slog.Logger, error) {
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("arcade serve: --log-level %q: want debug, info, warn or error", level)
	}
	opts := &slog.HandlerOptions{Level: lvl}
	switch format {
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, fmt.Errorf("arcade serve: --log %q: want text or json", format)
}

// splitList splits a comma-separated flag value, dropping empty items.
func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}
