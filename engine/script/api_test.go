package script

import (
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/communs-arcade/arcade/engine/sim"
	"github.com/communs-arcade/arcade/scripts"
)

func TestExplore(t *testing.T) {
	src := os.Getenv("SRC")
	w := sim.New(1)
	start := time.Now()
	s, err := Load(w, Config{Path: "lv", File: func(n string) ([]byte, bool) {
		if n == "main.lua" {
			return []byte("\n" + src), true
		}
		return nil, false
	}, Library: scripts.FS})
	if err == nil {
		err = s.Init()
	}
	var l []string
	if s != nil {
		l = s.Log()
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	t.Logf("%-50q -> %v %q  %v heap=%dMB", src, err, l, time.Since(start), ms.HeapAlloc>>20)
}
