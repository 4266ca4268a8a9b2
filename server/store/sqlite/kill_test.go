package sqlite

import (
	"bufio"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/communs-arcade/arcade/server/store"
	"github.com/communs-arcade/arcade/server/store/storetest"
)

// The SIGKILL test: a child process (this test binary, re-executed with
// killChildEnv set; TestMain sends it to killChild) adds runs as fast as it
// can from several goroutines and prints each RunID on stdout only once
// AddRun has returned. The parent kills it with SIGKILL in the middle of the
// burst, then reopens the database and checks that it is intact and holds
// every acknowledged run with its values.
const (
	killChildEnv = "ARCADE_STORE_KILL_CHILD" // the database path
	killRoundEnv = "ARCADE_STORE_KILL_ROUND"
	killWriters  = 4
	killPlayers  = 6
	// The child stops by itself after this many runs per writer, so that a
	// lost parent cannot leave it running; the parent kills it long before.
	killMaxRuns = 100000
)

func TestMain(m *testing.M) {
	if path := os.Getenv(killChildEnv); path != "" {
		round, _ := strconv.Atoi(os.Getenv(killRoundEnv))
		if err := killChild(path, round); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		os.Exit(0)
	}
	code := m.Run()
	removeBenchFixture()
	os.Exit(code)
}

// killSeq numbers the runs: round, writer and index within the writer.
func killSeq(round, writer, i int) int { return round*10_000_000 + writer*1_000_000 + i }

// killRun is the run number seq of the child: every value derives from seq,
// so the parent knows what each acknowledged run must hold. Every tenth run
// resends the previous run of its writer (same client id), which must come
// back as a duplicate of it.
func killRun(seq int, players []store.PlayerID) (r store.Run, resendOf int) {
	if seq%10 == 9 {
		r, _ = killRun(seq-1, players)
		return r, seq - 1
	}
	h := sha256.Sum256([]byte(strconv.Itoa(seq)))
	r = storetest.RunOf(storetest.BoardOf("tax-pot", byte(seq%2)), players[seq%len(players)],
		int64(seq*7919%1000)-100, uint32(seq%977), time.Duration(seq)*time.Millisecond)
	// Replays of up to 4 KiB, so that the WAL grows and checkpoints (set
	// frequent in the child) are under way when the kill comes.
	r.Replay = append(r.Replay, bytesOf(h[:], int(h[0])*16)...)
	r.Pot = int64(seq % 5)
	if seq%3 != 2 {
		r.Client = "c" + strconv.Itoa(seq)
	}
	if seq%10 == 8 { // resent by the next run: needs a client id
		r.Client = "c" + strconv.Itoa(seq)
	}
	return r, -1
}

func bytesOf(seed []byte, n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = seed[i%len(seed)] ^ byte(i)
	}
	return b
}

// killPlayerIDs creates (or finds, from an earlier round) the players.
func killPlayerIDs(ctx context.Context, db *DB) ([]store.PlayerID, error) {
	ids := make([]store.PlayerID, killPlayers)
	for i := range ids {
		p, err := db.PlayerByToken(ctx, storetest.Token(i))
		if errors.Is(err, store.ErrNotFound) {
			p, err = db.CreatePlayer(ctx, storetest.Token(i), fmt.Sprintf("k%d", i))
		}
		if err != nil {
			return nil, err
		}
		ids[i] = p.ID
	}
	return ids, nil
}

// killChild is the child process: add runs until killed.
func killChild(path string, round int) error {
	ctx := context.Background()
	db, err := Open(path)
	if err != nil {
		return err
	}
	// Checkpoint every 64 pages instead of 1000, so that kills also land
	// during checkpoints.
	if _, err := db.w.Exec("PRAGMA wal_autocheckpoint = 64"); err != nil {
		return err
	}
	players, err := killPlayerIDs(ctx, db)
	if err != nil {
		return err
	}
	var mu sync.Mutex // one whole line per write
	errc := make(chan error, killWriters)
	for w := range killWriters {
		go func() {
			for i := range killMaxRuns {
				seq := killSeq(round, w, i)
				r, resendOf := killRun(seq, players)
				a, err := db.AddRun(ctx, r)
				if err != nil {
					errc <- fmt.Errorf("run %d: %w", seq, err)
					return
				}
				if a.Duplicate != (resendOf >= 0) {
					errc <- fmt.Errorf("run %d: Duplicate %v", seq, a.Duplicate)
					return
				}
				mu.Lock()
				_, err = fmt.Fprintf(os.Stdout, "ack %d %d\n", a.RunID, seq)
				mu.Unlock()
				if err != nil {
					errc <- err
					return
				}
			}
			errc <- nil
		}()
	}
	for range killWriters {
		if err := <-errc; err != nil {
			return err
		}
	}
	return db.Close()
}

func TestSIGKILLLosesNoAcknowledgedRun(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kill.db")
	ctx := context.Background()
	total, storedBefore := 0, 0
	for round := range 4 {
		// Kill after a different number of acknowledgements each round.
		killAfter := 150 + 83*round
		acks := runAndKill(t, path, round, killAfter)
		if len(acks) < killAfter {
			t.Fatalf("round %d: %d acknowledgements, want at least %d", round, len(acks), killAfter)
		}

		db, err := Open(path)
		if err != nil {
			t.Fatalf("round %d: reopening after SIGKILL: %v", round, err)
		}
		// integrity_check, and bests, entry counts and pots against the runs.
		if err := db.Check(ctx); err != nil {
			t.Fatalf("round %d: %v", round, err)
		}
		players, err := killPlayerIDs(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		ackedRun := map[int]int64{} // seq → RunID
		for _, a := range acks {
			ackedRun[a.seq] = a.run
		}
		for _, a := range acks {
			want, resendOf := killRun(a.seq, players)
			if resendOf >= 0 {
				// A duplicate names the run it duplicates, which was
				// acknowledged before it.
				if orig, ok := ackedRun[resendOf]; !ok || orig != a.run {
					t.Fatalf("round %d: resend %d acknowledged as run %d, the original %d as %d (%v)", round, a.seq, a.run, resendOf, orig, ok)
				}
			}
			got, err := db.Run(ctx, a.run)
			if err != nil {
				t.Fatalf("round %d: acknowledged run %d (seq %d): %v", round, a.run, a.seq, err)
			}
			if got.Replay == nil {
				// Dropped by retention; Check verified that it had to be.
				want.Replay = nil
			}
			if !storetest.SameRun(got, want) {
				t.Fatalf("round %d: run %d (seq %d) is %+v, want %+v", round, a.run, a.seq, got, want)
			}
		}
		// The bests seen through the store agree with a best entry existing
		// for every player that has an acknowledged run.
		for _, a := range acks {
			r, _ := killRun(a.seq, players)
			if _, err := db.Best(ctx, r.Board, r.Player); err != nil {
				t.Fatalf("round %d: best of player %d: %v", round, r.Player, err)
			}
		}
		var stored int
		if err := db.r.QueryRow("SELECT count(*) FROM runs").Scan(&stored); err != nil {
			t.Fatal(err)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		total += len(acks)
		newRuns := 0 // acknowledged runs that are not resends
		for _, a := range acks {
			if _, resendOf := killRun(a.seq, players); resendOf < 0 {
				newRuns++
			}
		}
		// Runs committed but not yet printed when the kill came are stored
		// too: never fewer than acknowledged.
		if stored-storedBefore < newRuns {
			t.Fatalf("round %d: %d new runs acknowledged, %d stored", round, newRuns, stored-storedBefore)
		}
		t.Logf("round %d: killed after %d acknowledgements (%d new runs, %d resends); %d runs stored, all acknowledged ones intact",
			round, len(acks), newRuns, len(acks)-newRuns, stored-storedBefore)
		storedBefore = stored
	}
	t.Logf("%d acknowledged runs over 4 kills", total)
}

type killAck struct {
	run int64
	seq int
}

// runAndKill starts a child on the database, kills it with SIGKILL after
// killAfter acknowledgements, and returns every acknowledgement it printed,
// including those that were in the pipe when it died.
func runAndKill(t *testing.T, path string, round, killAfter int) []killAck {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), killChildEnv+"="+path, killRoundEnv+"="+strconv.Itoa(round))
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var acks []killAck
	killed := false
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) != 3 || f[0] != "ack" {
			continue
		}
		run, err1 := strconv.ParseInt(f[1], 10, 64)
		seq, err2 := strconv.Atoi(f[2])
		if err1 != nil || err2 != nil {
			cmd.Process.Kill()
			t.Fatalf("round %d: bad line %q", round, sc.Text())
		}
		acks = append(acks, killAck{run, seq})
		if len(acks) == killAfter && !killed {
			if err := cmd.Process.Kill(); err != nil { // SIGKILL on Unix
				t.Fatal(err)
			}
			killed = true
		}
	}
	err = cmd.Wait()
	if !killed {
		t.Fatalf("round %d: the child stopped after %d runs: %v\n%s", round, len(acks), err, stderr.String())
	}
	if err == nil || !strings.Contains(err.Error(), "killed") {
		t.Fatalf("round %d: the child was not killed: %v\n%s", round, err, stderr.String())
	}
	return acks
}
