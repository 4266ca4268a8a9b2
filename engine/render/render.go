// Package render draws a simulation world with Ebiten. It only reads the
// world: everything a player sees is state the simulation holds, so the
// server's verification replays exactly what the player saw happen.
//
// This first version draws tiles and entities as flat boxes, enough to see a
// level move; sprites, text panels, particles and scaling come with the game.
package render

import (
	"image/color"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/vector"

	"github.com/communs-arcade/arcade/engine/sim"
)

// Colours of the placeholder drawing.
var (
	Background = color.RGBA{0x1d, 0x1f, 0x33, 0xff}
	TileColour = color.RGBA{0x3b, 0x3f, 0x6b, 0xff}
	SolidTile  = color.RGBA{0x6b, 0x70, 0xa8, 0xff}
	Entity     = color.RGBA{0xf2, 0xc1, 0x4e, 0xff}
)

// DrawWorld draws w onto dst, which is sim.ViewW×sim.ViewH pixels, as seen
// from the world's camera.
func DrawWorld(dst *ebiten.Image, w *sim.World) {
	dst.Fill(Background)
	cx, cy := float32(w.Camera.X), float32(w.Camera.Y)
	if m := w.Map; m != nil {
		tw, th := float32(m.TileW), float32(m.TileH)
		for y := 0; y < m.H; y++ {
			for x := 0; x < m.W; x++ {
				c := TileColour
				if m.SolidAt(x, y) {
					c = SolidTile
				} else if m.Get(len(m.Layers)-1, x, y) == 0 {
					continue
				}
				vector.FillRect(dst, float32(x)*tw-cx, float32(y)*th-cy, tw, th, c, false)
			}
		}
	}
	for _, e := range w.Entities() {
		if e.Hidden {
			continue
		}
		vector.FillRect(dst, float32(e.X)-cx, float32(e.Y)-cy, float32(e.W), float32(e.H), Entity, false)
	}
}
