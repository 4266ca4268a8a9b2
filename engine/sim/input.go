package sim

// Buttons is the set of buttons held during one tick, as a bitmask.
type Buttons uint8

// The six buttons every level can read, in the order PICO-8 numbers them
// (0 left, 1 right, 2 up, 3 down, 4 A, 5 B).
const (
	Left Buttons = 1 << iota
	Right
	Up
	Down
	A
	B
)

// AllButtons masks the bits a valid Buttons value may have.
const AllButtons = Left | Right | Up | Down | A | B

// Input is what the players did during one tick: the held buttons and the
// pointer (mouse or first touch) in view coordinates. It is the only thing
// that enters the simulation from outside, so it is all a replay records.
type Input struct {
	Buttons Buttons
	// PointerX and PointerY are the pointer position in view pixels.
	PointerX, PointerY int16
	// PointerDown is true while the mouse button or a touch is held.
	PointerDown bool
}
