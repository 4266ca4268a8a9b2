package verify

import (
	"context"
	"fmt"
	"github.com/communs-arcade/arcade/levels/leveltest"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/communs-arcade/arcade/engine/level"
	"github.com/communs-arcade/arcade/engine/replay"
	"github.com/communs-arcade/arcade/engine/session"
	"github.com/communs-arcade/arcade/engine/sim"
	"github.com/communs-arcade/arcade/levels"
	"github.com/communs-arcade/arcade/scripts"
)

// The pool tests run workers by re-executing the test binary: TestMain
// turns it into a worker when workerEnv is set, serving testLibrary.
// This avoids building the arcade binary, and gives workers the hostile
// test levels below, which the built-in library does not have.
const (
	workerEnv = "ARCADE_VERIFY_TEST_WORKER"
	memoryEnv = "ARCADE_VERIFY_TEST_MEMORY" // MiB, for LimitMemory
	// startedMarker is written to the worker's stderr when it starts
	// loading the level "endless", that is in the middle of a job.
	startedMarker = "loading endless\n"
)

func TestMain(m *testing.M) {
	if os.Getenv(workerEnv) != "" {
		os.Exit(testWorker())
	}
	os.Exit(m.Run())
}

// testWorker is the worker side of the pool tests.
func testWorker() int {
	if mib := os.Getenv(memoryEnv); mib != "" {
		n, err := strconv.ParseInt(mib, 10, 64)
		if err == nil {
			err = LimitMemory(n << 20)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
	}
	lib := testLibrary()
	lib.Levels = &announceFS{FS: lib.Levels}
	if err := Serve(context.Background(), os.Stdin, os.Stdout, lib); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

// announceFS writes startedMarker to stderr the first time a file of the
// level "endless" is opened.
type announceFS struct {
	fs.FS
	once sync.Once
}

func (a *announceFS) Open(name string) (fs.File, error) {
	if len(name) > 8 && name[:8] == "endless/" {
		a.once.Do(func() { os.Stderr.WriteString(startedMarker) })
	}
	return a.FS.Open(name)
}

// hostile are test levels, by id, as the source of their main.lua.
var hostile = map[string]string{
	// spin never returns from _update: the instruction budget stops it.
	"spin": "function _init() end\nfunction _update()\n  while true do end\nend\n",
	// idle does nothing, for ever.
	"idle": "function _init() end\nfunction _update() end\n",
	// endless changes the world exactly as idle does (not at all) but
	// spends most of its instruction budget on every tick, so a run of it
	// takes minutes: only the deadline ends it.
	"endless": "function _init() end\nfunction _update()\n  local x = 0\n  for i = 1, 1000000 do x = x + i end\nend\n",
	// hog keeps allocating: 400 MB per tick, past any worker's memory.
	"hog": "local t = {}\nfunction _init() end\nfunction _update()\n  for i = 1, 800 do t[#t + 1] = string.rep(\"x\", 500000 - i) end\nend\n",
}

// testLibrary is the built-in levels plus the hostile ones.
var testLibrary = sync.OnceValue(func() Library {
	m := fstest.MapFS{}
	err := fs.WalkDir(levels.FS, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(levels.FS, name)
		m[name] = &fstest.MapFile{Data: data}
		return err
	})
	if err != nil {
		panic(err)
	}
	for id, src := range hostile {
		m[id+"/level.toml"] = &fstest.MapFile{Data: []byte(`id = "` + id + `"
version = 1
api = 1
licence = "CC0-1.0"
author = "tests"
tags = ["test"]
[title]
fr = "Test"
en = "Test"
[summary]
fr = "Un niveau de test."
en = "A test level."
[[sources]]
title = "Tests"
url = "https://example.org/"
`)}
		m[id+"/main.lua"] = &fstest.MapFile{Data: []byte(src)}
		m[id+"/text/fr.toml"] = &fstest.MapFile{Data: []byte("intro = \"Test\"\n")}
		m[id+"/text/en.toml"] = &fstest.MapFile{Data: []byte("intro = \"Test\"\n")}
	}
	return Library{Levels: m, Scripts: scripts.FS}
})

// golden is one built-in golden replay.
type golden struct {
	name string // "demo/win"
	data []byte
}

// goldens reads every built-in level's golden replays.
func goldens(t testing.TB) []golden {
	t.Helper()
	files, err := filepath.Glob("../../levels/*/testdata/*.replay")
	if err != nil || len(files) == 0 {
		t.Fatalf("no golden replays: %v", err)
	}
	var out []golden
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		lvl := filepath.Base(filepath.Dir(filepath.Dir(f)))
		out = append(out, golden{lvl + "/" + filepath.Base(f[:len(f)-len(".replay")]), data})
	}
	return out
}

// readGolden returns the decoded golden replay name ("demo/win").
func readGolden(t testing.TB, name string) *replay.Record {
	t.Helper()
	data, err := os.ReadFile("../../levels/" + filepath.Dir(name) + "/testdata/" + filepath.Base(name) + ".replay")
	if err != nil {
		t.Fatal(err)
	}
	return leveltest.Decode(t, data)
}

func loadTest(t testing.TB, id string) *level.Level {
	t.Helper()
	lvl, err := level.LoadFS(testLibrary().Levels, id)
	if err != nil {
		t.Fatal(err)
	}
	return lvl
}

// hostileRun is a valid record of ticks ticks without input on the
// hostile level id: its checkpoints are those of the level idle, whose
// world changes the same way (not at all), so a run of endless matches
// every checkpoint and only stops at the deadline.
func hostileRun(t testing.TB, id string, ticks int) []byte {
	t.Helper()
	seed := loadTest(t, id).BoardSeed()
	rec, err := replay.Play(loadTest(t, "idle"), make([]sim.Input, ticks), session.Options{Seed: seed, Library: scripts.FS})
	if err != nil {
		t.Fatal(err)
	}
	h := loadTest(t, id).ContentHash()
	rec.LevelID, rec.LevelHash = id, h[:]
	return leveltest.Encode(t, rec)
}
