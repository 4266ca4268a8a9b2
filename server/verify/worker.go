package verify

import (
	"bufio"
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/communs-arcade/arcade/engine/level"
	"github.com/communs-arcade/arcade/engine/replay"
	"github.com/communs-arcade/arcade/engine/script"
	"github.com/communs-arcade/arcade/engine/session"
	"github.com/communs-arcade/arcade/engine/sim"
	"github.com/communs-arcade/arcade/levels"
	"github.com/communs-arcade/arcade/scripts"
	lru "github.com/hashicorp/golang-lru/v2"
)

// Library is where a worker finds the levels that runs are verified on.
// It is a value so that tests can give workers levels of their own.
type Library struct {
	// Levels holds one folder per level at its root, named by the level's
	// id (as levels.FS does).
	Levels fs.FS
	// Scripts is the shared Lua library levels require (scripts.FS).
	Scripts fs.FS
	// Packages holds community levels' packages, each named by its level's
	// content hash (server/packages.Name); nil when the server has none.
	// A run names the version it was played on by that hash.
	Packages fs.FS
}

// Builtin is the library of the levels built into this binary.
func Builtin() Library { return Library{Levels: levels.FS, Scripts: scripts.FS} }

// idRE is the manifest's rule for level ids; anything else cannot name a
// folder of the library and is never turned into a path.
var idRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,39}$`)

// checker verifies replays against a library, keeping every level it has
// loaded: a worker verifies the same few levels again and again, and
// loading one (decoding its map and PNGs) costs more than many replays.
// Built-in levels are all kept; community packages, which are many, only
// the most recently used ones.
type checker struct {
	lib       Library
	levels    map[string]*level.Level
	community *lru.Cache[[32]byte, *level.Level]
}

// communityCached is how many community levels a checker keeps loaded.
const communityCached = 32

func newChecker(lib Library) *checker {
	c, err := lru.New[[32]byte, *level.Level](communityCached)
	if err != nil {
		panic(err) // only for a size below 1
	}
	return &checker{lib: lib, levels: map[string]*level.Level{}, community: c}
}

// errUnknownLevel marks a level id the library does not hold.
var errUnknownLevel = errors.New("unknown level")

// level returns the level version a run names: the built-in level id when
// the library has one (whatever the hash, which Admit then compares), else
// the community package of that content hash, which must hold level id.
// Unknown ids are not cached, so made-up ids cannot grow the cache.
func (c *checker) level(id string, hash []byte) (*level.Level, error) {
	if lvl, ok := c.levels[id]; ok {
		return lvl, nil
	}
	if !idRE.MatchString(id) {
		return nil, errUnknownLevel
	}
	if _, err := fs.Stat(c.lib.Levels, id+"/level.toml"); err == nil {
		lvl, err := level.LoadFS(c.lib.Levels, id)
		if err != nil {
			return nil, fmt.Errorf("verify: load level %s: %w", id, err)
		}
		if lvl.Manifest.ID != id {
			return nil, fmt.Errorf("verify: folder %s holds level %q", id, lvl.Manifest.ID)
		}
		c.levels[id] = lvl
		return lvl, nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("verify: level %s: %w", id, err)
	}
	return c.communityLevel(id, hash)
}

// communityLevel loads the community package of a content hash.
func (c *checker) communityLevel(id string, hash []byte) (*level.Level, error) {
	if c.lib.Packages == nil || len(hash) != 32 {
		return nil, errUnknownLevel
	}
	key := [32]byte(hash)
	if lvl, ok := c.community.Get(key); ok {
		if lvl.Manifest.ID != id {
			return nil, errUnknownLevel
		}
		return lvl, nil
	}
	name := hex.EncodeToString(hash) + level.Ext
	data, err := fs.ReadFile(c.lib.Packages, name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, errUnknownLevel
	}
	if err != nil {
		return nil, fmt.Errorf("verify: read package %s: %w", name, err)
	}
	lvl, err := level.LoadZip(bytes.NewReader(data), int64(len(data)), name)
	if err != nil {
		return nil, fmt.Errorf("verify: load package %s: %w", name, err)
	}
	if lvl.ContentHash() != key {
		return nil, fmt.Errorf("verify: package %s holds other content", name)
	}
	c.community.Add(key, lvl)
	if lvl.Manifest.ID != id {
		return nil, errUnknownLevel
	}
	return lvl, nil
}

// check verifies one encoded replay. Runs that cannot be accepted get a
// *Refusal; any other error means the verifier itself failed.
func (c *checker) check(data []byte) (Result, error) {
	var lvl *level.Level
	rec, err := Admit(data, func(id string, hash []byte) (Board, error) {
		var err error
		lvl, err = c.level(id, hash)
		if errors.Is(err, errUnknownLevel) {
			return Board{}, ErrNoLevel
		}
		if err != nil {
			return Board{}, err
		}
		return Board{Hash: lvl.ContentHash(), MaxTicks: lvl.MaxTicks()}, nil
	})
	if err != nil {
		return Result{}, err
	}
	hash := lvl.ContentHash()
	var answers []QuizAnswer
	got, err := replay.Verify(lvl, rec, session.Options{Library: c.lib.Scripts,
		OnQuizAnswer: func(a script.QuizAnswer) {
			answers = append(answers, QuizAnswer{Question: a.Question, Choice: uint8(a.Choice), Right: a.Right})
		}})
	if err != nil {
		var div *replay.DivergenceError
		var serr *script.Error
		switch {
		case errors.As(err, &div):
			return Result{}, &Refusal{Reason: ReasonDiverged, Detail: fmt.Sprintf("diverged at tick %d", div.Tick)}
		case errors.As(err, &serr):
			// Instruction budget, memory watchdog, runtime error: the
			// message names the file and line.
			return Result{}, refuse(ReasonScript, err)
		default:
			// The record is well formed but does not match what it
			// claims: checkpoints missing or past the end, inputs after
			// the end, another score or outcome.
			return Result{}, refuse(ReasonDiverged, err)
		}
	}
	r := Result{
		Level:     lvl.Manifest.ID,
		LevelHash: hash,
		Score:     got.Score,
		Ticks:     got.Ticks,
		Won:       got.Outcome == sim.Won,
		StateHash: got.Hash,
		Answers:   answers,
	}
	if lvl.Manifest.Pot {
		r.Pot = got.Score
	}
	return r, nil
}

// refuse turns an engine error into a refusal, its text without the
// package prefix.
func refuse(reason Reason, err error) *Refusal {
	return &Refusal{Reason: reason, Detail: clip(strings.TrimPrefix(err.Error(), "replay: "))}
}

// clip cuts s to maxDetail bytes on a rune boundary: details carry text
// from the replay (a level id) or from a script error.
func clip(s string) string {
	if len(s) <= maxDetail {
		return s
	}
	s = s[:maxDetail]
	for len(s) > 0 && !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s + "…"
}

// respond verifies req and builds the worker's answer to it.
func (c *checker) respond(req *request) response {
	resp := response{ID: req.ID}
	res, err := c.check(req.Replay)
	var ref *Refusal
	switch {
	case errors.As(err, &ref):
		resp.Reason, resp.Detail = string(ref.Reason), clip(ref.Detail)
	case err != nil:
		resp.Failure = clip(err.Error())
	default:
		resp.Level = res.Level
		resp.LevelHash = res.LevelHash[:]
		resp.Score = res.Score
		resp.Ticks = res.Ticks
		resp.Won = res.Won
		resp.StateHash = res.StateHash
		resp.Pot = res.Pot
		for _, a := range res.Answers {
			resp.Answers = append(resp.Answers, quizAnswer(a))
		}
	}
	return resp
}

// Serve is the main loop of a worker process (`arcade verify-worker`): it
// reads requests from r and writes one response to w after each, until r
// ends (the pool closed the worker's stdin), which returns nil. A request
// it cannot read ends it with an error: the pool then replaces the worker.
// ctx is checked between requests only; the pool stops a worker mid-job by
// killing it.
//
// When a request carries a CPU budget, Serve lowers the process's soft
// RLIMIT_CPU to what the process has used so far plus that budget, and on
// SIGXCPU exits the process with ExitCPULimit: a backstop for the pool's
// own deadline that holds even if the parent is gone or stalled. Serve is
// therefore meant to own its process.
func Serve(ctx context.Context, r io.Reader, w io.Writer, lib Library) error {
	br := bufio.NewReader(r)
	bw := bufio.NewWriter(w)
	c := newChecker(lib)
	var cpu cpuLimiter
	defer cpu.release()
	var out []byte
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		var req request
		if err := readMsg(br, MaxRequestBytes, &req); err != nil {
			if err == io.EOF {
				return nil
			}
			return fmt.Errorf("verify: read request: %w", err)
		}
		if req.CPU > 0 {
			if err := cpu.limit(req.CPU); err != nil {
				return fmt.Errorf("verify: %w", err)
			}
		}
		resp := c.respond(&req)
		resp.CPU = processCPU()
		var err error
		if out, err = appendFrame(out[:0], MaxResponseBytes, &resp); err != nil {
			return fmt.Errorf("verify: response: %w", err)
		}
		if _, err := bw.Write(out); err != nil {
			return fmt.Errorf("verify: write response: %w", err)
		}
		if err := bw.Flush(); err != nil {
			return fmt.Errorf("verify: write response: %w", err)
		}
	}
}

// Local verifies runs in the calling process, without isolation or
// limits beyond the Lua sandbox's: for tests and tools, never for runs
// from the network. It is safe for concurrent use (one run at a time).
type Local struct {
	mu sync.Mutex
	c  *checker
}

// NewLocal returns a Local verifier over lib.
func NewLocal(lib Library) *Local { return &Local{c: newChecker(lib)} }

// Verify verifies j in this process.
func (l *Local) Verify(ctx context.Context, j Job) (Result, error) {
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.c.check(j.Replay)
}
