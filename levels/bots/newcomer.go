package bots

import "github.com/communs-arcade/arcade/engine/sim"

// Newcomer plays as b does, but with a newcomer's hands: it looks at the
// world and decides only every react ticks, and holds its last input in
// between (a quarter of a second is 15 ticks). The first campaign level
// must be won this way: a level that only a frame-perfect bot wins does
// not teach, it tests.
func Newcomer(b Bot, react int) Bot {
	var last sim.Input
	tick := 0
	return BotFunc(func(w *sim.World) sim.Input {
		if tick%max(1, react) == 0 {
			last = b.Next(w)
		}
		tick++
		return last
	})
}
