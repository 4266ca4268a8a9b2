// Package input turns the keyboard, gamepads, the mouse and touch screens
// into the one sim.Input a tick receives, plus a pause signal for the game
// around the simulation.
//
// A Reader is polled once per Ebiten Update:
//
//	in, pause := reader.Poll()
//
// Keyboard keys are looked up through a Mapping, which a settings screen can
// change (Mapping.Bind, Mapping.Unbind) and a settings file can store
// (EncodeMapping, DecodeMapping). Keys are physical positions (Ebiten reads
// KeyboardEvent.code in browsers), so WASD sits under the same fingers on
// AZERTY or Dvorak keyboards.
//
// Gamepads with the standard layout give directions from the D-pad and the
// left stick (outside a dead zone), A from the bottom face button, B from the
// right one, and pause from Start. Gamepads without a known layout use their
// first two axes and buttons.
//
// Touch controls appear once a touch has been seen: a D-pad at the bottom
// left of the 320×180 view, A and B at the bottom right and a small pause
// button at the top right. Each finger is given to the control it first
// touched, so a thumb that slides off the D-pad still steers and several
// fingers press several controls at once. Fingers that start elsewhere drive
// the pointer. The controls hide again when a key or gamepad button is used
// while no finger is down. DrawTouch draws them.
//
// Everything that decides what an input means (key mapping, dead zones, hit
// tests, pointer choice, the pause edge) is in pure functions over a snapshot
// of the devices, so it is tested without a display; Poll only fills the
// snapshot from Ebiten.
package input
