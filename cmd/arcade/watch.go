package main

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/communs-arcade/arcade/engine/level"
	"github.com/communs-arcade/arcade/game"
)

// watchEvery is how often a watched level folder is looked at: a level
// reloads within this much of a save, plus its loading time.
const watchEvery = 200 * time.Millisecond

// watch loads the level in dir, then again each time a file in it changes
// (its name, size or modification time), and sends it, or why it fails to
// load, on the returned channel, until ctx ends. Looking at a folder of at most a few
// hundred files five times a second costs nothing worth an fsnotify
// dependency, and works alike on every system and file system (network
// shares and editors that replace files included).
func watch(ctx context.Context, dir string) <-chan game.Reload {
	out := make(chan game.Reload, 1)
	go func() {
		last := folderState(dir)
		lvl, err := level.Load(dir)
		out <- game.Reload{Level: lvl, Err: err}
		tick := time.NewTicker(watchEvery)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
			now := folderState(dir)
			if now == last {
				continue
			}
			last = now
			lvl, err := level.Load(dir)
			r := game.Reload{Level: lvl, Err: err}
			// Only the newest version matters: drop one not yet taken.
			select {
			case <-out:
			default:
			}
			out <- r
		}
	}()
	return out
}

// folderState sums up the files of a level folder: names, sizes and
// modification times, hidden files and folders left out as the loader
// leaves them out.
func folderState(dir string) string {
	var b strings.Builder
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			fmt.Fprintf(&b, "%s!%v\n", path, err)
			return nil
		}
		if path != dir && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if info, err := d.Info(); err == nil && !d.IsDir() {
			fmt.Fprintf(&b, "%s %d %d\n", path, info.Size(), info.ModTime().UnixNano())
		}
		return nil
	})
	return b.String()
}

// isDir tells whether path is a folder.
func isDir(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.IsDir()
}
