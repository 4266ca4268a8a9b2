package script

import (
	lua "github.com/yuin/gopher-lua"
)

// QuizAnswer is one answer to a quiz question, as the level reported it
// with quiz_answer: the question's message key, the chosen answer (from
// 1, as in Lua) and whether it was right. The server counts them for a
// class's quiz results from verified replays only.
type QuizAnswer struct {
	Question string
	Choice   int
	Right    bool
}

// Bounds of what quiz_answer records; answers outside them are ignored,
// not errors, so that a quiz with many choices still plays.
const (
	MaxQuizAnswers   = 256 // answers recorded per run
	MaxQuizKey       = 100 // bytes of a question's key
	MaxQuizChoice    = 16  // highest choice recorded
	quizAnswerGlobal = "quiz_answer"
)

// installQuiz defines quiz_answer(key, choice, right), which the shared
// quiz module calls when a question is answered. It changes nothing in the
// world, so no state hash and no golden replay depends on it: it only
// tells the host, through onAnswer (nil: nobody listens).
func installQuiz(L *lua.LState, onAnswer func(QuizAnswer)) {
	n := 0
	L.SetGlobal(quizAnswerGlobal, L.NewFunction(func(L *lua.LState) int {
		key := checkLuaString(L, 1)
		choice := checkLuaNumber(L, 2)
		right := lua.LVAsBool(L.Get(3))
		if onAnswer == nil || n >= MaxQuizAnswers || key == "" || len(key) > MaxQuizKey ||
			choice != float64(int(choice)) || choice < 1 || choice > MaxQuizChoice {
			return 0
		}
		n++
		onAnswer(QuizAnswer{Question: key, Choice: int(choice), Right: right})
		return 0
	}))
}
