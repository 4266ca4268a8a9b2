// Package audio plays the simulation's sound effects. Levels need no audio
// files: a sim.Sound is a handful of parameters in the spirit of sfxr (wave,
// frequency and slide, attack and decay, volume, noise), and Synthesize turns
// them into PCM, deterministically and in pure Go.
//
// A Player wraps Ebiten's audio context. The game makes one when a level
// first opens (not before its title's first frame, which it would delay in
// a browser), synthesizes the presets then, and plays each tick's sounds
// after stepping the world:
//
//	sfx, err := audio.New(48000) // on error sfx is nil: a silent Player
//	sfx.PreloadPresets()
//	...
//	sfx.PlayAll(world.Sounds)
//
// # Machines without sound
//
// Ebiten (v2.10.4) opens the device on the first Update after the context is
// created, and if that fails RunGame returns the error ("audio: audio error:
// oto: initialization failed: ...") and the game stops: on a machine with no
// sound device (CI, xvfb, a server) merely creating the context is fatal.
// New therefore checks for a device on Linux first and returns ErrNoDevice
// instead of creating the context; a nil Player then ignores every call.
// Set ARCADE_AUDIO=off to never open audio, ARCADE_AUDIO=on to skip the
// check. A device that disappears after the check still stops the game:
// Ebiten offers no way to catch that.
//
// # Browsers
//
// Browsers start Web Audio suspended until the page has a user gesture. Oto,
// under Ebiten, listens on the document for touchend, keyup and mouseup and
// resumes the context on the first one; Ebiten's canvas handlers call
// preventDefault but let these events bubble, so the game need do nothing
// beyond having players tap, click or press a key, as they do to play.
// Three consequences:
//   - A page must not stop those events from reaching the document (an
//     HTML "start" overlay calling stopPropagation would keep the game mute).
//   - Escape grants no user activation in browsers, so a first key press of
//     Escape alone does not unlock audio; any other key, tap or click does.
//   - Until then Ready is false and Play drops sounds, rather than queue them
//     to burst out together at the first tap.
//
// Ebiten also suspends the context (and the game) while the page is hidden
// or its document, an iframe's included, lacks focus, unless the game calls
// ebiten.SetRunnableOnUnfocused(true), and resumes it when focus is back.
package audio
