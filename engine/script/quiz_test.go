package script

import (
	"reflect"
	"testing"

	"github.com/communs-arcade/arcade/engine/sim"
	"github.com/communs-arcade/arcade/scripts"
)

// TestQuizAnswer: the shared quiz module reports each answer to the host
// through quiz_answer; out-of-bounds answers are ignored, not errors; the
// world (hence every state hash) is the same with or without a listener.
func TestQuizAnswer(t *testing.T) {
	src := `local quiz = require("quiz")
local asked = 0
local function ask()
  asked = asked + 1
  quiz.ask{question = "q" .. asked, choices = {"a", "b", "c"}, answer = 2, done = function() if asked < 2 then ask() end end}
end
function _init()
  ask()
  quiz_answer("", 1, true)                    -- no key
  quiz_answer(string.rep("k", 101), 1, true)  -- key too long
  quiz_answer("x", 17, true)                  -- choice out of range
  quiz_answer("x", 1.5, false)                -- not a whole choice
end
function _update() quiz.update() end`
	// A with nothing selected does nothing; Down twice then A: q1
	// answered 2 (right); A closes; Down then A answers q2 with 1.
	inputs := []sim.Input{{Buttons: sim.A}, {}, {Buttons: sim.Down}, {}, {Buttons: sim.Down}, {Buttons: sim.A}, {}, {Buttons: sim.A},
		{}, {Buttons: sim.Down}, {Buttons: sim.A}}
	run := func(listen bool) (*sim.World, []QuizAnswer) {
		var got []QuizAnswer
		cfg := Config{Path: "lv", Library: scripts.FS,
			File: func(name string) ([]byte, bool) { return []byte(src), name == "main.lua" }}
		if listen {
			cfg.OnQuizAnswer = func(a QuizAnswer) { got = append(got, a) }
		}
		w := sim.New(1)
		s, err := Load(w, cfg)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if err := s.Init(); err != nil {
			t.Fatal(err)
		}
		for _, in := range inputs {
			w.Begin(in)
			if err := s.Update(); err != nil {
				t.Fatal(err)
			}
			w.EndTick()
		}
		return w, got
	}
	w1, got := run(true)
	want := []QuizAnswer{{Question: "q1", Choice: 2, Right: true}, {Question: "q2", Choice: 1, Right: false}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("answers %+v, want %+v", got, want)
	}
	w2, _ := run(false)
	if w1.Hash() != w2.Hash() {
		t.Error("listening to quiz answers changed the state hash")
	}
}
