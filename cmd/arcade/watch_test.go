package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/communs-arcade/arcade/game"
)

// TestWatch: the watcher sends the level, then a new version at each save,
// and why it fails when a save breaks it.
func TestWatch(t *testing.T) {
	dir := newLevel(t, "")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	reloads := watch(ctx, dir)
	next := func() game.Reload {
		t.Helper()
		select {
		case r := <-reloads:
			return r
		case <-time.After(30 * time.Second): // a bound on a failing run, not a wait
			t.Fatal("no reload")
		}
		return game.Reload{}
	}
	first := next()
	if first.Err != nil || first.Level == nil {
		t.Fatalf("first load: %+v", first)
	}
	main := filepath.Join(dir, "main.lua")
	src, _ := os.ReadFile(main)
	os.WriteFile(main, append(src, []byte("\n-- saved again\n")...), 0o644)
	second := next()
	if second.Err != nil || second.Level.ContentHash() == first.Level.ContentHash() {
		t.Fatalf("after a save: %+v", second)
	}
	// A script error shows when the level starts (the game's play scene);
	// a package error when it loads.
	os.WriteFile(filepath.Join(dir, "level.toml"), []byte("id = \"x\"\nversion = 0\n"), 0o644)
	broken := next()
	if broken.Err == nil || !strings.Contains(broken.Err.Error(), "level.toml") {
		t.Fatalf("a broken save: %+v", broken)
	}
}
