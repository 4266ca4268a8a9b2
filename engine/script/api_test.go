package script

import (
	"testing"

	"github.com/communs-arcade/arcade/engine/sim"
	"github.com/communs-arcade/arcade/scripts"
)

func TestExplore(t *testing.T) {
	for _, src := range []string{
		"spawn()",
		"spawn('a', 'x', 1)",
		"spawn('a', 0/0, 1)",
		"spawn('a', 1, 1, {w=-1})",
		"pos(5)",
		"pos('x')",
		"local s = spawn('a',1,1); setpos(s, 1)",
		"btn(9)",
		"mget(1,1)",
		"score(1.5)",
		"say('bad key')",
		"sfx('nope')",
		"sfx({freq=1})",
		"rndi(5,1)",
		"math.random(0)",
		"require('../x')",
		"require('nope')",
		"error({})",
		"error(nil)",
		"error('boom')",
		"error('boom', 0)",
		"local x = {} .. 'a'",
		"local x = 'a' .. nil",
		"local x = 2 ^ 'a'",
		"local x = 2 ^ {}",
		"local a = string.rep('x', 1e9)",
		"tostring()",
		"log(tostring({}), tostring(print), tostring(log))",
		"log(string.format('%s', {}))",
		"local s = string.format('%999d', 1)",
		"local s = table.concat({string.rep('x', 1e6), 'y'})",
		"coroutine.wrap(function() error('in co') end)()",
		"coroutine.wrap(function() local x = nil + 1 end)()",
		"log(coroutine.resume(coroutine.create(function() error('in co') end)))",
		"local t = {} t[1e8] = 1",
		"local x = getmetatable('').__index; log(x == string)",
		"_init = 5",
		"anim(spawn('a',1,1), {1}, 0)",
		"tag(spawn('a',1,1), {})",
		"local x = math.floor('a')",
		"fx('a', 1)",
		"panel('p', 'k', {choices={1}})",
		"kill('x')",
		"follow(99)",
		"camera(1, 0/0)",
		"addscore(1e16)",
		"while true do end",
		"mset(1,1,1)",
	} {
		w := sim.New(1)
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
		t.Logf("%-50q -> %v %q", src, err, l)
	}
}
