package input

import (
	"github.com/hajimehoshi/ebiten/v2"

	"github.com/communs-arcade/arcade/engine/sim"
)

// StickDeadZone is how far (0..1) an analogue stick must lean before it
// presses a direction; worn sticks rest a little off centre.
const StickDeadZone = 0.3

// padState is one gamepad's controls that matter, read from Ebiten.
type padState struct {
	left, right, up, down bool    // D-pad
	stickX, stickY        float64 // left stick, -1..1, y down
	a, b, start           bool
}

// gamepadButtons returns what a gamepad presses and whether it asks to pause.
func gamepadButtons(s padState) (sim.Buttons, bool) {
	b := direction(s.stickX, s.stickY, StickDeadZone)
	for _, d := range []struct {
		held bool
		btn  sim.Buttons
	}{{s.left, sim.Left}, {s.right, sim.Right}, {s.up, sim.Up}, {s.down, sim.Down}, {s.a, sim.A}, {s.b, sim.B}} {
		if d.held {
			b |= d.btn
		}
	}
	return b, s.start
}

// readPad reads gamepad id from Ebiten. Gamepads with the standard layout
// (most, in browsers and through Ebiten's SDL database) are read by name;
// others by their first two axes and buttons.
func readPad(id ebiten.GamepadID) padState {
	if ebiten.IsStandardGamepadLayoutAvailable(id) {
		held := func(b ebiten.StandardGamepadButton) bool { return ebiten.IsStandardGamepadButtonPressed(id, b) }
		return padState{
			left:   held(ebiten.StandardGamepadButtonLeftLeft),
			right:  held(ebiten.StandardGamepadButtonLeftRight),
			up:     held(ebiten.StandardGamepadButtonLeftTop),
			down:   held(ebiten.StandardGamepadButtonLeftBottom),
			stickX: ebiten.StandardGamepadAxisValue(id, ebiten.StandardGamepadAxisLeftStickHorizontal),
			stickY: ebiten.StandardGamepadAxisValue(id, ebiten.StandardGamepadAxisLeftStickVertical),
			a:      held(ebiten.StandardGamepadButtonRightBottom),
			b:      held(ebiten.StandardGamepadButtonRightRight),
			start:  held(ebiten.StandardGamepadButtonCenterRight),
		}
	}
	var s padState
	if ebiten.GamepadAxisCount(id) >= 2 {
		s.stickX = ebiten.GamepadAxisValue(id, 0)
		s.stickY = ebiten.GamepadAxisValue(id, 1)
	}
	if n := ebiten.GamepadButtonCount(id); n >= 2 {
		s.a = ebiten.IsGamepadButtonPressed(id, ebiten.GamepadButton0)
		s.b = ebiten.IsGamepadButtonPressed(id, ebiten.GamepadButton1)
	}
	return s
}
