package script

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/communs-arcade/arcade/engine/sim"
	"github.com/communs-arcade/arcade/scripts"
)

func TestExplore(t *testing.T) {
	for _, src := range strings.Split(os.Getenv("SRCS"), "\n@@\n") {
		w := sim.New(1)
		start := time.Now()
		s, err := Load(w, Config{Path: "lv", File: func(n string) ([]byte, bool) {
			if n == "main.lua" {
				return []byte("\n" + src), true
			}
			if n == "mod.lua" {
				return []byte("return {x=1}"), true
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
		t.Logf("%-50.200q -> %v %q %v", src, err, l, time.Since(start))
	}
}
