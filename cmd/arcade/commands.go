package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/communs-arcade/arcade/engine/level"
	"github.com/communs-arcade/arcade/engine/replay"
	"github.com/communs-arcade/arcade/engine/session"
	"github.com/communs-arcade/arcade/engine/sim"
	"github.com/communs-arcade/arcade/scripts"
)

func cmdNew(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("new", flag.ContinueOnError)
	id := fs.String("id", "", "level id (default: the folder's name)")
	pos, err := parse(fs, args, 1, "DIR")
	if err != nil {
		return err
	}
	dir := pos[0]
	if *id == "" {
		*id = defaultID(dir)
	}
	if err := level.Scaffold(dir, *id); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "created level %s in %s: try `arcade check %s`\n", *id, dir, dir)
	return nil
}

// checkTicks is how many ticks `arcade check` runs a level without input
// by default, and `arcade pack` always: ten seconds of play.
const checkTicks = 600

func cmdCheck(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	ticks := fs.Int("ticks", checkTicks, "ticks to run without input after _init")
	seed := fs.Uint64("seed", 0, "seed of the state PRNG (default: the level's board seed)")
	pos, err := parse(fs, args, 1, "PATH")
	if err != nil {
		return err
	}
	if *ticks < 0 {
		return usageError{"--ticks must not be negative"}
	}
	lvl, err := level.Load(pos[0])
	if err != nil {
		return err
	}
	r, err := checkLevel(lvl, *ticks, seedFlag(fs, *seed))
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "ok %s ticks=%d hash=%016x\n", lvl.Manifest.ID, r.Ticks, r.Hash)
	return nil
}

// checkLevel runs lvl without input for up to ticks ticks after _init, on
// seed or, when seed is nil, on the level's board seed: what `arcade check`
// and `arcade pack` refuse a level for (a script that fails to load, raises
// an error or exceeds its instruction budget).
func checkLevel(lvl *level.Level, ticks int, seed *uint64) (session.Result, error) {
	s, err := start(lvl, seed)
	if err != nil {
		return session.Result{}, err
	}
	defer s.Close()
	for i := 0; i < ticks && !s.Done(); i++ {
		if err := s.Step(sim.Input{}); err != nil {
			return session.Result{}, err
		}
	}
	return s.Result(), nil
}

func cmdSim(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("sim", flag.ContinueOnError)
	inputsFile := fs.String("inputs", "", "text file: one line per tick, held buttons as letters L R U D A B, or . for none")
	seed := fs.Uint64("seed", 0, "seed of the state PRNG (default: the level's board seed, the one ranked runs need)")
	record := fs.String("record", "", "write the run's replay to this file")
	pos, err := parse(fs, args, 1, "PATH")
	if err != nil {
		return err
	}
	if *inputsFile == "" {
		return usageError{"--inputs FILE is required"}
	}
	f, err := os.Open(*inputsFile)
	if err != nil {
		return err
	}
	inputs, err := replay.ParseInputs(f)
	f.Close()
	if err != nil {
		return fmt.Errorf("%s: %w", *inputsFile, err)
	}
	lvl, err := level.Load(pos[0])
	if err != nil {
		return err
	}
	s := lvl.BoardSeed()
	if set := seedFlag(fs, *seed); set != nil {
		s = *set
	}
	rec, err := replay.Play(lvl, inputs, session.Options{Seed: s, Library: scripts.FS})
	if err != nil {
		return err
	}
	if *record != "" {
		data, err := replay.Encode(rec)
		if err != nil {
			return err
		}
		if err := writeFileAtomic(*record, data); err != nil {
			return err
		}
	}
	r := rec.Result
	fmt.Fprintf(stdout, "outcome=%s score=%d ticks=%d hash=%016x\n", r.Outcome, r.Score, r.Ticks, r.Hash)
	return nil
}

func cmdVerify(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	pos, err := parse(fs, args, 2, "PATH REPLAY")
	if err != nil {
		return err
	}
	lvl, err := level.Load(pos[0])
	if err != nil {
		return err
	}
	data, err := readFileCapped(pos[1], replay.MaxRecordBytes)
	if err != nil {
		return err
	}
	rec, err := replay.Decode(data)
	if err != nil {
		return fmt.Errorf("%s: %w", pos[1], err)
	}
	r, err := replay.Verify(lvl, rec, session.Options{Library: scripts.FS})
	if err != nil {
		return fmt.Errorf("%s: %w", pos[1], err)
	}
	fmt.Fprintf(stdout, "verified %s outcome=%s score=%d ticks=%d hash=%016x\n",
		lvl.Manifest.ID, r.Outcome, r.Score, r.Ticks, r.Hash)
	return nil
}

// seedFlag returns the value of --seed when the command line gave one, or
// nil for the level's board seed.
func seedFlag(fs *flag.FlagSet, seed uint64) *uint64 {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == "seed" })
	if !set {
		return nil
	}
	return &seed
}

// start begins a session on a level, on seed or, when seed is nil, on the
// level's board seed.
func start(lvl *level.Level, seed *uint64) (*session.Session, error) {
	s := lvl.BoardSeed()
	if seed != nil {
		s = *seed
	}
	return session.New(lvl, session.Options{Seed: s, Library: scripts.FS})
}

func readFileCapped(path string, max int) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var buf bytes.Buffer
	if _, err := io.Copy(&buf, io.LimitReader(f, int64(max)+1)); err != nil {
		return nil, err
	}
	if buf.Len() > max {
		return nil, fmt.Errorf("%s: larger than %d bytes", path, max)
	}
	return buf.Bytes(), nil
}

// writeFileAtomic writes through a temporary file and a rename, so a
// crash never leaves half a replay behind.
func writeFileAtomic(path string, data []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
