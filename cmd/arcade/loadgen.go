package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/netip"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/communs-arcade/arcade/engine/level"
	"github.com/communs-arcade/arcade/engine/replay"
	"github.com/communs-arcade/arcade/engine/sim"
	"github.com/communs-arcade/arcade/scripts"
	"github.com/communs-arcade/arcade/server/loadgen"
)

func cmdLoadgen(args []string, stdout, stderr io.Writer) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return runLoadgen(ctx, args, stdout, stderr)
}

// runLoadgen runs the load scenarios against a server on loopback, or
// against one it starts itself (--serve: `make bench-server`), and prints
// the figures as a table.
func runLoadgen(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("loadgen", flag.ContinueOnError)
	target := fs.String("server", "", "the server to load, on loopback: 127.0.0.1:PORT (or the URL arcade serve prints)")
	startServer := fs.Bool("serve", false, "start `arcade serve` on a free port with a fresh data folder, load it, then stop it")
	pid := fs.Int("pid", 0, "the server's process id, to read its memory (--serve knows it)")
	scenarios := fs.String("scenarios", "idle,submit,read", "comma-separated scenarios to run: idle, submit, read, classes")
	conns := fs.Int("conns", 10000, "idle: connections to open and hold")
	hold := fs.Duration("hold", 2*time.Second, "idle: how long to hold them before reading the server's memory")
	players := fs.Int("players", 40, "submit: players, each on its own connection")
	perPlayer := fs.Int("per-player", 5, "submit: runs each player sends (the server takes 5 at once, then 10 a minute)")
	inFlight := fs.Int("in-flight", 10, "submit: submissions awaiting their reply at once (more than the verifiers run and queue, 5 per worker, are answered busy)")
	readers := fs.Int("readers", 1000, "read: clients reading leaderboards")
	readRate := fs.Float64("read-rate", 1, "read: get_board requests per second per reader (the server allows 20)")
	submitRate := fs.Float64("submit-rate", 10, "read: submissions per second while they read")
	duration := fs.Duration("duration", 20*time.Second, "read: how long to measure")
	levelGlob := fs.String("levels", "levels/*", "the level folders whose runs are submitted (a glob): each submission is a distinct variant of a folder's testdata/win.txt")
	timeout := fs.Duration("timeout", 2*time.Minute, "how long a request waits for its reply (a submission waits behind the runs queued before it)")
	perSource := fs.Int("per-source", 250, "connections per source address (under the server's cap per address, 256)")
	workers := fs.Int("workers", 0, "--serve: verification workers (0: one per CPU)")
	nClasses := fs.Int("classes", 30, "classes: classes created through the teacher API")
	pupils := fs.Int("pupils", 30, "classes: pupils per class, each joining on its own connection and submitting one run")
	classPoll := fs.Duration("class-poll", 250*time.Millisecond, "classes: how often each teacher reads the class's dashboard")
	if _, err := parse(fs, args, 0, "no argument"); err != nil {
		return err
	}
	want := map[string]bool{}
	for _, s := range splitList(*scenarios) {
		if s != "idle" && s != "submit" && s != "read" && s != "classes" {
			return usageError{fmt.Sprintf("--scenarios: unknown scenario %q (want idle, submit, read, classes)", s)}
		}
		want[s] = true
	}
	if (*target == "") == !*startServer {
		return usageError{"give either --server ADDR or --serve"}
	}
	// The runs are made before the server starts, so that making them
	// takes no CPU from it: one distinct run per submission, since the
	// server verifies a run once and refuses copies without verifying.
	var (
		submitRuns, readRuns, classRuns [][]byte
		levels                          []string
		made                            string
	)
	readOpts := loadgen.ReadOptions{Readers: *readers, ReadRate: *readRate, Submitters: submitters(*submitRate),
		SubmitRate: *submitRate, Duration: *duration}
	if want["submit"] || want["read"] || want["classes"] {
		lvls, err := loadBenchLevels(*levelGlob)
		if err != nil {
			return err
		}
		nSubmit, nRead, nClass := 0, 0, 0
		if want["classes"] {
			nClass = max(*nClasses, 0) * max(*pupils, 0)
		}
		if want["submit"] {
			nSubmit = max(*players, 0) * max(*perPlayer, 0)
		}
		if want["read"] {
			nRead = readOpts.RunsNeeded()
		}
		t0 := time.Now()
		runs, err := benchRuns(ctx, lvls, nSubmit+nRead+nClass)
		if err != nil {
			return err
		}
		submitRuns, readRuns, classRuns = runs[:nSubmit], runs[nSubmit:nSubmit+nRead], runs[nSubmit+nRead:]
		for _, l := range lvls {
			levels = append(levels, l.lvl.Manifest.ID)
		}
		made = fmt.Sprintf("# %d runs to submit, variants of the winning runs of %d levels (%s), made in %.1f s\n",
			len(runs), len(lvls), strings.Join(levels, ", "), time.Since(t0).Seconds())
	}
	readOpts.Levels, readOpts.Replays = levels, readRuns
	if _, err := raiseOpenFiles(); err != nil {
		return err
	}

	if *startServer {
		srv, err := startArcadeServer(ctx, *workers, stderr)
		if err != nil {
			return err
		}
		defer srv.stop(stderr)
		*target, *pid = srv.addr, srv.pid
	}
	addr, err := loadgen.CheckTarget(*target)
	if err != nil {
		return err
	}
	cfg := &loadgen.Config{Server: addr, PerSource: *perSource, Timeout: *timeout, Client: "loadgen/1"}

	fmt.Fprintf(stdout, "# arcade loadgen against %s: %s/%s, %d CPUs, %s, %s\n", addr, runtime.GOOS, runtime.GOARCH,
		runtime.NumCPU(), runtime.Version(), time.Now().UTC().Format(time.RFC3339))
	if *pid > 0 {
		if lim, err := openFilesLimit(*pid); err == nil {
			fmt.Fprintf(stdout, "# server pid %d, open files limit %s\n", *pid, lim)
		}
	}
	fmt.Fprint(stdout, made)
	// Each scenario uses players of its own: the submit players come
	// fresh to the per-player rate limit. The idle scenario creates the
	// first ones, so the others log in as known players.
	next := 0
	if want["idle"] {
		r, err := loadgen.Idle(ctx, cfg, 0, *conns, *hold, *pid)
		if err != nil {
			return err
		}
		row(stdout, "idle", "connections held", fmt.Sprintf("%d", r.Held), fmt.Sprintf("of %d asked", r.Wanted))
		if r.Failed > 0 {
			row(stdout, "idle", "connections failed", fmt.Sprintf("%d", r.Failed), fmt.Sprint(r.Err))
		}
		if *pid > 0 {
			row(stdout, "idle", "server RSS per connection", fmt.Sprintf("%.1f KB", r.KBPerConn()),
				fmt.Sprintf("RSS %.1f MB → %.1f MB", float64(r.RSSBefore)/1024, float64(r.RSSAfter)/1024))
		}
		if r.GoAfter > 0 {
			row(stdout, "idle", "Go heap+stacks per connection", fmt.Sprintf("%.1f KB", r.GoKBPerConn()),
				fmt.Sprintf("in use %.1f MB → %.1f MB, %.0f goroutines", r.GoBefore/(1<<20), r.GoAfter/(1<<20), r.Goroutines))
		}
		row(stdout, "idle", "time to open (dial, hello)", fmt.Sprintf("%.2f s", r.Open.Seconds()),
			fmt.Sprintf("%d at a time, %.0f connections/s", 64, float64(r.Held)/r.Open.Seconds()))
		next = *conns
	}
	if want["submit"] {
		r, err := loadgen.Submit(ctx, cfg, loadgen.SubmitOptions{First: next, Players: *players, PerPlayer: *perPlayer, InFlight: *inFlight, Replays: submitRuns})
		if err != nil {
			return err
		}
		row(stdout, "submit", "verified submissions/s", fmt.Sprintf("%.1f", r.PerSecond()),
			fmt.Sprintf("%d stored (%d won) in %.2f s, %d players, %d in flight", r.Stored, r.Won, r.Wall.Seconds(), r.Players, r.InFlight))
		row(stdout, "submit", "verification speed", fmt.Sprintf("%.0f× real time", r.RealTime()),
			fmt.Sprintf("%d ticks = %.0f s of play", r.Ticks, float64(r.Ticks)/60))
		if r.Busy+r.RateLimited+r.Duplicates+r.Refused+r.Failed > 0 {
			row(stdout, "submit", "not stored", fmt.Sprintf("%d", r.RateLimited+r.Duplicates+r.Refused+r.Failed),
				fmt.Sprintf("busy (retried) %d, rate_limited %d, duplicates %d, refused %d (%v), failed %d: %v",
					r.Busy, r.RateLimited, r.Duplicates, r.Refused, r.Refusals, r.Failed, r.Err))
		}
		next += *players
	}
	if want["classes"] {
		// Pupils join from at most 100 connections per source address:
		// the server takes 120 join attempts a minute per address.
		ccfg := &loadgen.Config{Server: addr, FirstSource: netip.AddrFrom4([4]byte{127, 0, 200, 1}),
			PerSource: min(*perSource, 100), Timeout: *timeout, Client: "loadgen/1"}
		r, err := loadgen.Classes(ctx, ccfg, loadgen.ClassesOptions{First: next, Classes: *nClasses, Pupils: *pupils,
			Levels: levels, Replays: classRuns, InFlight: *inFlight, Poll: *classPoll})
		if err != nil {
			return err
		}
		detail := fmt.Sprintf("%d classes × %d pupils, %d runs counted, %d in flight", r.Classes, r.Pupils/max(1, r.Classes), r.Counted, *inFlight)
		row(stdout, "classes", "run → reply (class updated) p50", ms(r.Reply.Median), detail)
		row(stdout, "classes", "run → reply p99", ms(r.Reply.P99), fmt.Sprintf("max %s", ms(r.Reply.Max)))
		row(stdout, "classes", "run → dashboard shows it p50", ms(r.Dashboard.Median), fmt.Sprintf("teachers read every %s; %d of %d seen", *classPoll, r.Seen, r.Counted))
		row(stdout, "classes", "run → dashboard shows it p99", ms(r.Dashboard.P99), fmt.Sprintf("max %s", ms(r.Dashboard.Max)))
		if r.GoJoined > 0 {
			row(stdout, "classes", "Go heap+stacks per pupil", fmt.Sprintf("%.1f KB", r.KBPerPupil()),
				fmt.Sprintf("of which joining %.1f KB; in use %.1f → %.1f → %.1f MB", r.KBPerJoin(), r.GoBefore/(1<<20), r.GoHello/(1<<20), r.GoJoined/(1<<20)))
		}
		if r.Failed > 0 {
			row(stdout, "classes", "failed", fmt.Sprintf("%d", r.Failed), fmt.Sprint(r.Err))
		}
		next += r.Pupils
	}
	if want["read"] {
		readOpts.First = next
		r, err := loadgen.Read(ctx, cfg, readOpts)
		if err != nil {
			return err
		}
		l := r.Latency
		row(stdout, "read", "get_board latency median", ms(l.Median),
			fmt.Sprintf("%d readers at %g/s, %g submissions/s, %s", r.Readers, r.ReadRate, r.SubmitRate, r.Duration))
		row(stdout, "read", "get_board latency p99", ms(l.P99), fmt.Sprintf("max %s, %d reads = %.0f/s", ms(l.Max), l.N, float64(l.N)/r.Duration.Seconds()))
		row(stdout, "read", "submissions stored meanwhile", fmt.Sprintf("%.1f/s", float64(r.Stored)/r.Duration.Seconds()),
			fmt.Sprintf("%d stored, %d busy, %d skipped (submitter still waiting)", r.Stored, r.Busy, r.Skipped))
		if r.ReadErrors+r.SubmitErrors > 0 {
			row(stdout, "read", "errors", fmt.Sprintf("%d", r.ReadErrors+r.SubmitErrors),
				fmt.Sprintf("reads %d, submissions %d (refused: %v): %v", r.ReadErrors, r.SubmitErrors, r.Refusals, r.Err))
		}
	}
	return nil
}

// submitters is how many players the read scenario needs to submit rate
// runs a second within the per-player limit (10 a minute), with margin.
func submitters(rate float64) int {
	if rate <= 0 {
		return 0
	}
	return int(rate*6*1.5) + 1
}

func row(w io.Writer, scenario, figure, value, detail string) {
	fmt.Fprintf(w, "%-7s %-30s %14s   %s\n", scenario, figure, value, detail)
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond)) }

// benchLevel is a level whose runs the load generator submits, with the
// inputs of its winning run.
type benchLevel struct {
	lvl    *level.Level
	inputs []sim.Input
}

// loadBenchLevels loads the level folders glob matches that have a
// winning run (testdata/win.txt); other matches (files, the bots' folder)
// are skipped.
func loadBenchLevels(glob string) ([]benchLevel, error) {
	matches, err := filepath.Glob(glob)
	if err != nil {
		return nil, fmt.Errorf("arcade loadgen: --levels %q: %w", glob, err)
	}
	var out []benchLevel
	for _, dir := range matches {
		f, err := os.Open(filepath.Join(dir, "testdata", "win.txt"))
		if errors.Is(err, os.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("arcade loadgen: %w", err)
		}
		inputs, err := replay.ParseInputs(f)
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("arcade loadgen: %s: %w", dir, err)
		}
		lvl, err := level.Load(dir)
		if err != nil {
			return nil, fmt.Errorf("arcade loadgen: %w", err)
		}
		out = append(out, benchLevel{lvl, inputs})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("arcade loadgen: no level folder with a testdata/win.txt matches %q (run from the repository's root)", glob)
	}
	return out, nil
}

// benchRuns makes n distinct runs: run j is a variant of level j mod
// len(lvls) that waits j / len(lvls) ticks before playing its winning
// inputs (loadgen.Variants), so that consecutive runs, which one player
// sends, are of different levels. They are made on every CPU.
func benchRuns(ctx context.Context, lvls []benchLevel, n int) ([][]byte, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	out := make([][]byte, n)
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range runtime.NumCPU() {
		wg.Go(func() {
			for j := range jobs {
				l := lvls[j%len(lvls)]
				runs, err := loadgen.Variants(l.lvl, scripts.FS, l.inputs, j/len(lvls), 1)
				if err != nil {
					cancel(fmt.Errorf("arcade loadgen: %w", err))
					continue // the others' jobs are drained, not made
				}
				out[j] = runs[0]
			}
		})
	}
	for j := 0; j < n && ctx.Err() == nil; j++ {
		select {
		case jobs <- j:
		case <-ctx.Done():
		}
	}
	close(jobs)
	wg.Wait()
	if ctx.Err() != nil {
		return nil, context.Cause(ctx)
	}
	return out, nil
}

// benchServer is an `arcade serve` started by the load generator.
type benchServer struct {
	cmd    *exec.Cmd
	addr   string
	pid    int
	dir    string
	exited chan error
}

// startArcadeServer starts this binary as `arcade serve` on a free
// loopback port with fresh data and web folders (the benchmark loads /ws,
// not the game: an index.html is enough), and waits for its address.
func startArcadeServer(ctx context.Context, workers int, stderr io.Writer) (*benchServer, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("arcade loadgen: %w", err)
	}
	dir, err := os.MkdirTemp("", "arcade-bench-")
	if err != nil {
		return nil, fmt.Errorf("arcade loadgen: %w", err)
	}
	web := filepath.Join(dir, "web")
	if err = os.Mkdir(web, 0o755); err == nil {
		err = os.WriteFile(filepath.Join(web, "index.html"), []byte("<!doctype html>\n"), 0o644)
	}
	if err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("arcade loadgen: %w", err)
	}
	// The load comes from a few loopback addresses with many players
	// each: the limits per address (new players, verification budgets)
	// are lifted, so that the benchmark measures the server's capacity.
	cmd := exec.Command(self, "serve", "--addr", "127.0.0.1:0", "--data", filepath.Join(dir, "data"), "--web", web,
		"--workers", fmt.Sprint(workers), "--log-level", "warn",
		"--new-players", "1000000", "--player-cpu", "-1s", "--address-cpu", "-1s")
	cmd.Stderr = stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("arcade loadgen: %w", err)
	}
	if err := cmd.Start(); err != nil {
		os.RemoveAll(dir)
		return nil, fmt.Errorf("arcade loadgen: starting the server: %w", err)
	}
	s := &benchServer{cmd: cmd, pid: cmd.Process.Pid, dir: dir, exited: make(chan error, 1)}
	lines := bufio.NewScanner(out)
	serving := regexp.MustCompile(`^serving http://(127\.0\.0\.1:\d+)$`)
	found := make(chan string, 1)
	go func() {
		for lines.Scan() {
			if m := serving.FindStringSubmatch(lines.Text()); m != nil {
				found <- m[1]
			}
		}
		io.Copy(io.Discard, out) // the server's stdout must not fill up
		s.exited <- cmd.Wait()
	}()
	select {
	case s.addr = <-found:
		return s, nil
	case err := <-s.exited:
		os.RemoveAll(dir)
		return nil, fmt.Errorf("arcade loadgen: the server stopped before listening: %v", err)
	case <-ctx.Done():
		s.stop(stderr)
		return nil, ctx.Err()
	}
}

// stop asks the server to stop as Ctrl-C would, and removes its folders.
func (s *benchServer) stop(stderr io.Writer) {
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-s.exited:
		if err != nil {
			fmt.Fprintf(stderr, "arcade loadgen: the server stopped: %v\n", err)
		}
	case <-time.After(30 * time.Second):
		s.cmd.Process.Kill()
		<-s.exited
		fmt.Fprintln(stderr, "arcade loadgen: the server did not stop within 30 s: killed")
	}
	os.RemoveAll(s.dir)
}

// openFilesLimit returns the "Max open files" line of /proc/<pid>/limits.
func openFilesLimit(pid int) (string, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/limits", pid))
	if err != nil {
		return "", err
	}
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, "Max open files"); ok {
			f := strings.Fields(rest)
			if len(f) >= 2 {
				return "soft " + f[0] + ", hard " + f[1], nil
			}
		}
	}
	return "", fmt.Errorf("no open files limit in /proc/%d/limits", pid)
}
