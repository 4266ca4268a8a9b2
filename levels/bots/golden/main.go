// Command golden rewrites the built-in levels' golden replays (`make
// goldens`): for each folder of levels/ it plays testdata/win.txt and
// testdata/lose.txt on the level's board seed and writes win.replay and
// lose.replay beside them. A level with a bot (package bots) gets its
// win.txt written by the bot first, so a level whose randomness changed
// with its content is won again. It fails, writing nothing for that level,
// when a winning run does not win or a losing one does not lose.
//
// Usage, from the repository root: go run ./levels/bots/golden [LEVEL...]
package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/communs-arcade/arcade/engine/level"
	"github.com/communs-arcade/arcade/engine/replay"
	"github.com/communs-arcade/arcade/engine/session"
	"github.com/communs-arcade/arcade/engine/sim"
	"github.com/communs-arcade/arcade/levels/bots"
	"github.com/communs-arcade/arcade/scripts"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "golden:", err)
		os.Exit(1)
	}
}

func run(only []string) error {
	entries, err := os.ReadDir("levels")
	if err != nil {
		return err
	}
	var failed []error
	for _, e := range entries {
		dir := filepath.Join("levels", e.Name())
		if _, err := os.Stat(filepath.Join(dir, level.ManifestName)); err != nil {
			continue
		}
		if len(only) > 0 && !slices.Contains(only, e.Name()) {
			continue
		}
		if err := rewrite(dir); err != nil {
			failed = append(failed, fmt.Errorf("%s: %w", dir, err))
		}
	}
	return errors.Join(failed...)
}

// header starts a win.txt written by a bot.
const header = "# Written by the level's bot (levels/bots) on the board seed: `make goldens`\n" +
	"# writes it again after the level changes. Do not edit by hand.\n"

func rewrite(dir string) error {
	lvl, err := level.Load(dir)
	if err != nil {
		return err
	}
	td := filepath.Join(dir, "testdata")
	var winText []byte
	if b, ok := bots.For(lvl.Manifest.ID); ok {
		inputs, res, err := bots.Play(lvl, scripts.FS, b, int(lvl.MaxTicks()))
		if err != nil {
			return err
		}
		if res.Outcome != sim.Won {
			return fmt.Errorf("the bot did not win: %v after %d ticks, score %d", res.Outcome, res.Ticks, res.Score)
		}
		var buf bytes.Buffer
		buf.WriteString(header)
		if err := replay.FormatInputs(&buf, inputs); err != nil {
			return err
		}
		winText = buf.Bytes()
	}
	type golden struct {
		name string
		want sim.Outcome
		text []byte
	}
	var out [][2]string
	for _, g := range []golden{{"win", sim.Won, winText}, {"lose", sim.Lost, nil}} {
		txt := filepath.Join(td, g.name+".txt")
		if g.text == nil {
			if g.text, err = os.ReadFile(txt); err != nil {
				return err
			}
		}
		inputs, err := replay.ParseInputs(bytes.NewReader(g.text))
		if err != nil {
			return fmt.Errorf("%s: %w", txt, err)
		}
		rec, err := replay.Play(lvl, inputs, session.Options{Seed: lvl.BoardSeed(), Library: scripts.FS})
		if err != nil {
			return fmt.Errorf("%s: %w", txt, err)
		}
		if rec.Result.Outcome != g.want {
			return fmt.Errorf("%s: %v after %d ticks, want %v", txt, rec.Result.Outcome, rec.Result.Ticks, g.want)
		}
		data, err := replay.Encode(rec)
		if err != nil {
			return err
		}
		out = append(out, [2]string{txt, string(g.text)}, [2]string{filepath.Join(td, g.name+".replay"), string(data)})
		fmt.Printf("%s %s: %v score=%d ticks=%d hash=%016x\n", lvl.Manifest.ID, g.name,
			rec.Result.Outcome, rec.Result.Score, rec.Result.Ticks, rec.Result.Hash)
	}
	for _, f := range out {
		if err := os.WriteFile(f[0], []byte(f[1]), 0o644); err != nil {
			return err
		}
	}
	return nil
}
