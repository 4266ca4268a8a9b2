package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/communs-arcade/arcade/engine/replay"
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
	scenarios := fs.String("scenarios", "idle,submit,read", "comma-separated scenarios to run: idle, submit, read")
	conns := fs.Int("conns", 10000, "idle: connections to open and hold")
	hold := fs.Duration("hold", 2*time.Second, "idle: how long to hold them before reading the server's memory")
	players := fs.Int("players", 40, "submit: players, each on its own connection")
	perPlayer := fs.Int("per-player", 5, "submit: runs each player sends (the server takes 5 at once, then 10 a minute)")
	inFlight := fs.Int("in-flight", 10, "submit: submissions awaiting their reply at once (more than the verifiers run and queue, 5 per worker, are answered busy)")
	readers := fs.Int("readers", 1000, "read: clients reading leaderboards")
	readRate := fs.Float64("read-rate", 1, "read: get_board requests per second per reader (the server allows 20)")
	submitRate := fs.Float64("submit-rate", 10, "read: submissions per second while they read")
	duration := fs.Duration("duration", 20*time.Second, "read: how long to measure")
	replays := fs.String("replays", "levels/*/testdata/win.replay", "the runs to submit (a glob)")
	perSource := fs.Int("per-source", 250, "connections per source address (under the server's cap per address, 256)")
	workers := fs.Int("workers", 0, "--serve: verification workers (0: one per CPU)")
	if _, err := parse(fs, args, 0, "no argument"); err != nil {
		return err
	}
	want := map[string]bool{}
	for _, s := range splitList(*scenarios) {
		if s != "idle" && s != "submit" && s != "read" {
			return usageError{fmt.Sprintf("--scenarios: unknown scenario %q (want idle, submit, read)", s)}
		}
		want[s] = true
	}
	if (*target == "") == !*startServer {
		return usageError{"give either --server ADDR or --serve"}
	}
	runs, levels, err := loadReplays(*replays)
	if err != nil && (want["submit"] || want["read"]) {
		return err
	}
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
	cfg := &loadgen.Config{Server: addr, PerSource: *perSource, Client: "loadgen/1"}

	fmt.Fprintf(stdout, "# arcade loadgen against %s: %s/%s, %d CPUs, %s, %s\n", addr, runtime.GOOS, runtime.GOARCH,
		runtime.NumCPU(), runtime.Version(), time.Now().UTC().Format(time.RFC3339))
	if *pid > 0 {
		if lim, err := openFilesLimit(*pid); err == nil {
			fmt.Fprintf(stdout, "# server pid %d, open files limit %s\n", *pid, lim)
		}
	}
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
		r, err := loadgen.Submit(ctx, cfg, loadgen.SubmitOptions{First: next, Players: *players, PerPlayer: *perPlayer, InFlight: *inFlight, Replays: runs})
		if err != nil {
			return err
		}
		row(stdout, "submit", "verified submissions/s", fmt.Sprintf("%.1f", r.PerSecond()),
			fmt.Sprintf("%d stored (%d won) in %.2f s, %d players, %d in flight", r.Stored, r.Won, r.Wall.Seconds(), r.Players, r.InFlight))
		row(stdout, "submit", "verification speed", fmt.Sprintf("%.0f× real time", r.RealTime()),
			fmt.Sprintf("%d ticks = %.0f s of play", r.Ticks, float64(r.Ticks)/60))
		if r.Busy+r.RateLimited+r.Refused+r.Failed > 0 {
			row(stdout, "submit", "not stored", fmt.Sprintf("%d", r.RateLimited+r.Refused+r.Failed),
				fmt.Sprintf("busy (retried) %d, rate_limited %d, refused %d, failed %d: %v", r.Busy, r.RateLimited, r.Refused, r.Failed, r.Err))
		}
		next += *players
	}
	if want["read"] {
		r, err := loadgen.Read(ctx, cfg, loadgen.ReadOptions{First: next, Readers: *readers, ReadRate: *readRate, Levels: levels,
			Submitters: submitters(*submitRate), SubmitRate: *submitRate, Replays: runs, Duration: *duration})
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
				fmt.Sprintf("reads %d, submissions %d: %v", r.ReadErrors, r.SubmitErrors, r.Err))
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

// loadReplays reads the runs to submit and the ids of their levels.
func loadReplays(glob string) ([][]byte, []string, error) {
	files, err := filepath.Glob(glob)
	if err != nil || len(files) == 0 {
		return nil, nil, fmt.Errorf("arcade loadgen: no replay matches %q (run from the repository's root)", glob)
	}
	var runs [][]byte
	var levels []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, nil, fmt.Errorf("arcade loadgen: %w", err)
		}
		rec, err := replay.Decode(data)
		if err != nil {
			return nil, nil, fmt.Errorf("arcade loadgen: %s: %w", f, err)
		}
		runs = append(runs, data)
		if !slices.Contains(levels, rec.LevelID) {
			levels = append(levels, rec.LevelID)
		}
	}
	return runs, levels, nil
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
