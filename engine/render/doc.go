// Package render draws a simulation world with Ebiten. It only reads the
// world: everything that matters to a run is state the simulation holds, so
// the server's verification replays exactly what the player saw happen.
//
// LoadAssets decodes a level's PNGs once: the tiles of its Tiled map and its
// sprites (horizontal strips of square frames). A Renderer then draws a
// world each frame onto a sim.ViewW×sim.ViewH image: background, tile layers
// through the camera, entities in (Z, id) order, short-lived particles for
// the world's visual effects, and the text panels Lua sets (a dialogue box,
// HUD lines, question boxes). Sprites without a PNG are drawn as coloured
// placeholder boxes, so unfinished levels stay readable.
//
// Text is a pixel font: Adobe Helvetica's hand-tuned bitmap sizes (X11
// licence; assets/CREDITS.md), packed by assets/fontgen into a 1-bit atlas
// embedded here, and copied glyph by glyph at whole-pixel positions, so it
// stays as crisp as the view's pixels at any integer scale. It links no
// shaping engine (Ebiten's text/v2 and go-text/typesetting, about 1 MB of
// brotli in the browser build). Every word shown
// comes from the level's catalogues through the game's Text function (a
// plural message takes its singular or plural form here, from its {n}
// argument and the catalogue's language: see level.Plural); the
// exported DrawText, MeasureText, Wrap and DrawBox let the game's menus look
// the same as the panels. Particles use the world's visual PRNG
// (sim.World.VisualRand), never the state one, so drawing cannot change a
// run.
//
// Only render, input and audio import Ebiten in the engine. Draw from the
// game's goroutine: faces and the renderer's scratch state are not safe for
// concurrent use.
package render
