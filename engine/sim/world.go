package sim

import (
	"fmt"

	"github.com/communs-arcade/arcade/engine/physics"
	"math/rand/v2"
	"sort"
)

// TicksPerSecond is the fixed simulation rate. Time in the engine is ticks.
const TicksPerSecond = 60

// View size in pixels: what the camera shows, whatever the screen.
const (
	ViewW = 320
	ViewH = 180
)

// Limits that keep a hostile level from growing the world without bound.
const (
	MaxEntities = 10000
	MaxPanels   = 32
	MaxChoices  = 6
	MaxArgs     = 8
	MaxEvents   = 64 // sounds and effects per tick; more are dropped
)

// Outcome is how the run stands. Its values are also a run record's wire
// format (engine/replay stores it as one byte): never renumber them.
type Outcome uint8

// The three outcomes. A run ends at the first tick it is won or lost.
const (
	// Playing means the level is not decided yet; a run that stopped while
	// playing was quit or ran out of time.
	Playing Outcome = iota
	// Won means the level's goal was reached.
	Won
	// Lost means the level was failed.
	Lost

	numOutcomes
)

// Valid reports whether o is one of the known outcomes: a decoded record may
// hold any byte.
func (o Outcome) Valid() bool { return o < numOutcomes }

// String returns "playing", "won" or "lost", or "outcome(N)" for an unknown
// value.
func (o Outcome) String() string {
	switch o {
	case Playing:
		return "playing"
	case Won:
		return "won"
	case Lost:
		return "lost"
	}
	return fmt.Sprintf("outcome(%d)", uint8(o))
}

// Arg is one named value substituted into a message, as in "{score}".
type Arg struct {
	Name, Value string
}

// Panel is text the renderer shows: a message key from the level's
// catalogue, its arguments, and optionally choices (a quiz) with the
// selected one. Lua never draws; it sets panels.
type Panel struct {
	Name    string // "say" for the dialogue line; any name for others
	Key     string
	Args    []Arg // sorted by name
	X, Y    int   // view position of the top-left corner; 0,0 means default place
	Choices []string
	Sel     int // selected choice, 0-based; -1 for none yet
}

// Sound is a synthesized sound effect requested during a tick: output only,
// never state.
type Sound struct {
	Preset string // named preset, or "" for the parameters below
	Wave   string
	Freq   float64
	Slide  float64
	Attack float64
	Decay  float64
	Volume float64
	Noise  float64
}

// Effect is a visual-only effect (particles) requested during a tick. The
// renderer animates it with its own PRNG, never the state one.
type Effect struct {
	Kind string
	X, Y float64
}

// Camera is the top-left corner of the view in world pixels, optionally
// following an entity. It is a value the world hands out ([World.Camera]);
// the world's own camera changes only through [World.SetCamera],
// [World.Follow] and the end of each tick, which centres it on the entity it
// follows.
type Camera struct {
	X, Y   float64
	Follow uint32 // id of the entity followed, 0 for none
}

// World is the whole simulation state of one level run.
type World struct {
	tick    uint32
	score   int64
	outcome Outcome
	rng     *rand.PCG
	seed    uint64

	// fx is the generator for visual effects (particles, shakes). It is
	// separate from rng and never hashed: however many particles a renderer
	// draws, at whatever frame rate, game state cannot change.
	fx *rand.PCG

	entities []Entity // sorted by id, ids never reused
	nextID   uint32
	solids   int // live solid entities: moves skip the scan when none

	obstacles []physics.Obstacle // scratch for moves

	Map    *TileMap // nil when the level has no map
	camera Camera
	panels []Panel

	input, prev Input

	// Events of the current tick, for the renderer and audio; not state.
	Sounds  []Sound
	Effects []Effect
}

// New makes an empty world whose state PRNG is seeded with seed.
func New(seed uint64) *World {
	return &World{
		rng:    rand.NewPCG(seed, seed^0x9e3779b97f4a7c15),
		fx:     rand.NewPCG(^seed, seed),
		seed:   seed,
		nextID: 1,
	}
}

// Tick is the number of completed ticks.
func (w *World) Tick() uint32 { return w.tick }

// Score is the current score.
func (w *World) Score() int64 { return w.score }

// SetScore sets the score.
func (w *World) SetScore(s int64) { w.score = s }

// Outcome is how the run stands.
func (w *World) Outcome() Outcome { return w.outcome }

// End decides the run. The first decision stands: a level cannot win after
// it has lost in the same tick.
func (w *World) End(o Outcome) {
	if w.outcome == Playing {
		w.outcome = o
	}
}

// Input is the input of the current tick.
func (w *World) Input() Input { return w.input }

// Held reports whether button b is held this tick.
func (w *World) Held(b Buttons) bool { return w.input.Buttons&b != 0 }

// Pressed reports whether button b went down this tick.
func (w *World) Pressed(b Buttons) bool {
	return w.input.Buttons&b != 0 && w.prev.Buttons&b == 0
}

// Reseed restarts the state PRNG from seed (Lua's math.randomseed).
func (w *World) Reseed(seed uint64) {
	w.rng.Seed(seed, seed^0x9e3779b97f4a7c15)
}

// Rand returns a float in [0, 1) from the state PRNG.
func (w *World) Rand() float64 {
	// 53 random bits scaled by an exact power of two: identical everywhere.
	return float64(w.rng.Uint64()>>11) / (1 << 53)
}

// VisualRand returns a float in [0, 1) from the visual-effects generator,
// for renderers only: it never touches state.
func (w *World) VisualRand() float64 {
	return float64(w.fx.Uint64()>>11) / (1 << 53)
}

// RandInt returns an integer in [lo, hi] from the state PRNG.
func (w *World) RandInt(lo, hi int64) int64 {
	if hi <= lo {
		return lo
	}
	span := uint64(hi-lo) + 1
	if span == 0 { // the whole int64 range
		return int64(w.rng.Uint64())
	}
	return lo + int64(w.rng.Uint64()%span)
}

// Begin starts a tick with its input and clears the previous tick's events.
// The level's script runs between Begin and [World.EndTick].
func (w *World) Begin(in Input) {
	in.Buttons &= AllButtons
	w.prev, w.input = w.input, in
	w.Sounds = w.Sounds[:0]
	w.Effects = w.Effects[:0]
}

// EndTick finishes a tick: moves entities by their velocity (through physics),
// advances animations and the camera, and counts the tick.
func (w *World) EndTick() {
	for i := range w.entities {
		e := &w.entities[i]
		if e.VX != 0 || e.VY != 0 {
			w.moveIndex(i, e.VX, e.VY)
		}
	}
	for i := range w.entities {
		w.entities[i].animate()
	}
	w.followCamera()
	w.tick++
}

// Camera is where the view is and which entity it follows.
func (w *World) Camera() Camera { return w.camera }

// SetCamera puts the view's top-left corner at (x, y) and stops following.
func (w *World) SetCamera(x, y float64) {
	w.camera = Camera{X: x, Y: y}
}

// Follow keeps the view centred on entity id from the end of this tick on
// (within the map, when there is one); Follow(0) stops following and leaves
// the view where it is. Following an entity that is not alive fails.
func (w *World) Follow(id uint32) error {
	if id != 0 && w.index(id) < 0 {
		return fmt.Errorf("no entity %d", id)
	}
	w.camera.Follow = id
	return nil
}

func (w *World) followCamera() {
	if w.camera.Follow == 0 {
		return
	}
	e := w.Entity(w.camera.Follow)
	if e == nil {
		w.camera.Follow = 0
		return
	}
	x := e.X + e.W/2 - ViewW/2
	y := e.Y + e.H/2 - ViewH/2
	if w.Map != nil {
		mw := float64(w.Map.W * w.Map.TileW)
		mh := float64(w.Map.H * w.Map.TileH)
		x = clamp(x, 0, max(0, mw-ViewW))
		y = clamp(y, 0, max(0, mh-ViewH))
	}
	w.camera.X, w.camera.Y = x, y
}

func clamp(v, lo, hi float64) float64 {
	return max(lo, min(v, hi))
}

// Panels are the text panels in the order they were first shown.
func (w *World) Panels() []Panel { return w.panels }

// SetPanel shows p, replacing the panel of the same name in place.
func (w *World) SetPanel(p Panel) error {
	sort.Slice(p.Args, func(i, j int) bool { return p.Args[i].Name < p.Args[j].Name })
	for i := range w.panels {
		if w.panels[i].Name == p.Name {
			w.panels[i] = p
			return nil
		}
	}
	if len(w.panels) >= MaxPanels {
		return fmt.Errorf("too many panels (%d)", MaxPanels)
	}
	w.panels = append(w.panels, p)
	return nil
}

// Panel returns the panel named name, or nil.
func (w *World) Panel(name string) *Panel {
	for i := range w.panels {
		if w.panels[i].Name == name {
			return &w.panels[i]
		}
	}
	return nil
}

// ClearPanel hides the panel named name.
func (w *World) ClearPanel(name string) {
	for i := range w.panels {
		if w.panels[i].Name == name {
			w.panels = append(w.panels[:i], w.panels[i+1:]...)
			return
		}
	}
}

// PlaySound queues a sound for this tick.
func (w *World) PlaySound(s Sound) {
	if len(w.Sounds) < MaxEvents {
		w.Sounds = append(w.Sounds, s)
	}
}

// AddEffect queues a visual effect for this tick.
func (w *World) AddEffect(e Effect) {
	if len(w.Effects) < MaxEvents {
		w.Effects = append(w.Effects, e)
	}
}
