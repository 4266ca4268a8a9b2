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
// Touch controls (a D-pad, A and B, and a pause button that is also the
// menus' back) appear from the first frame on a touch device
// (SetTouchDevice), otherwise once a touch has been seen. They never
// cover the view: ScreenSize (Ebiten's Layout) then makes the screen the
// window's size, and TouchLayout puts the view in it, scaled, with the
// controls in two columns beside it (a phone held sideways) or in a strip
// below it (held upright), whichever leaves the view larger. Each finger
// is given to the control it first touched, so a thumb that slides off
// the D-pad still steers and several fingers press several controls at
// once. Fingers that start in the view drive the pointer, and the first
// tick of one is a tap (Tap) the game's menus take. The controls hide
// again when a key or gamepad button is used while no finger is down.
// DrawTouch draws them.
//
// Everything that decides what an input means (key mapping, dead zones, hit
// tests, pointer choice, the pause edge) is in pure functions over a snapshot
// of the devices, so it is tested without a display; Poll only fills the
// snapshot from Ebiten.
package input
