package script

import (
	"os"
	"strings"
	"testing"

	"github.com/communs-arcade/arcade/engine/sim"
	"github.com/communs-arcade/arcade/scripts"
)

func TestExplore(t *testing.T) {
	for _, src := range strings.Split(os.Getenv("SRCS"), "\n@@\n") {
		w := sim.New(1)
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
		t.Logf("%-50q -> %v %q", src, err, l)
	}
}
