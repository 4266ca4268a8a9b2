package render

import (
	"cmp"
	"image"
	"image/color"
	"math"
	"slices"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/communs-arcade/arcade/engine/level"
	"github.com/communs-arcade/arcade/engine/sim"
)

// Text turns a message key of the level's catalogue and its arguments into
// the player's language, with {name} placeholders filled in. The game
// supplies it; every word the renderer shows comes through it.
type Text func(key string, args []sim.Arg) string

// Options are the player's display settings.
type Options struct {
	// TextScale multiplies the size of panel text: 1, 1.25 or 1.5. Zero
	// means 1; other values are clamped to 0.75–2.
	TextScale float64
	// HighContrast draws panels in plain black and white with thicker
	// outlines, and placeholders with thicker outlines.
	HighContrast bool
	// ReducedMotion turns off particles and blinking.
	ReducedMotion bool
	// TopInset is the height of a strip at the top of the view that the
	// application draws over (the game's HUD bar): panels placed by default
	// start below it.
	TopInset int
}

// Renderer draws worlds of one level. It keeps the particles of visual
// effects from frame to frame; everything else it draws is read from the
// world. Use it from the game's goroutine only.
type Renderer struct {
	assets   *Assets
	opts     Options
	theme    Theme
	textSize float64

	op    ebiten.DrawImageOptions // reused for every image drawn
	order []int32                 // scratch: entity indices in drawing order

	// What the last frame showed that a player can touch (see Shown).
	shown Shown

	// Particles and the world and tick they were last advanced for.
	particles []particle
	world     *sim.World
	tick      uint32

	wraps map[wrapKey][]string // wrapped panel texts, reset when large
}

// New makes a renderer for a level's assets; a nil a draws every sprite as
// a placeholder and no tiles.
func New(a *Assets, opts Options) *Renderer {
	if a == nil {
		a = &Assets{}
	}
	s := opts.TextScale
	if s == 0 || math.IsNaN(s) {
		s = 1
	}
	opts.TextScale = max(0.75, min(s, 2))
	return &Renderer{
		assets:   a,
		opts:     opts,
		theme:    ThemeFor(opts),
		textSize: math.Round(DefaultTextSize * opts.TextScale),
		wraps:    map[wrapKey][]string{},
	}
}

// Shown is where the last frame drew what a player can touch, in the
// view's pixels: the dialogue box (empty when none) and each question
// box's choices. The game turns a tap on them into the button presses a
// player would make, so a tap is recorded in the replay like any press.
type Shown struct {
	Say     image.Rectangle
	Choices []ShownChoices
}

// ShownChoices are the rows of one question box, in choice order, and the
// index of the selected one (-1 for none).
type ShownChoices struct {
	Rows []image.Rectangle
	Sel  int
}

// Shown returns what the last Draw showed that a player can touch. It is
// valid until the next Draw.
func (r *Renderer) Shown() Shown { return r.shown }

// Theme is the renderer's panel theme, for menus drawn over the world.
func (r *Renderer) Theme() Theme { return r.theme }

// TextSize is the font size of panel text, in pixels, after TextScale.
func (r *Renderer) TextSize() float64 { return r.textSize }

// Draw draws w onto dst, normally sim.ViewW×sim.ViewH pixels, as the
// world's camera sees it: the background, the map's layers in order, the
// entities in (Z, id) order, the particles of visual effects, then the
// text panels, whose keys text translates (a nil text shows the keys).
// Everything lands on whole pixels: the camera offset is rounded down.
func (r *Renderer) Draw(dst *ebiten.Image, w *sim.World, text Text) {
	if r.opts.HighContrast {
		dst.Fill(color.Black)
	} else {
		dst.Fill(colorBackground)
	}
	cam := w.Camera()
	camX, camY := ifloor(cam.X), ifloor(cam.Y)
	if w.Map != nil {
		r.drawMap(dst, w.Map, camX, camY)
	}
	r.drawEntities(dst, w, camX, camY)
	r.advanceParticles(w)
	r.drawParticles(dst, camX, camY)
	r.drawPanels(dst, w, text)
}

// drawMap draws the tile layers, and image layers between them, in order.
func (r *Renderer) drawMap(dst *ebiten.Image, m *sim.TileMap, camX, camY int) {
	a := r.assets
	next := 0 // the next image layer
	for li := range m.Layers {
		for ; next < len(a.images) && a.images[next].before <= li; next++ {
			r.drawImageLayer(dst, &a.images[next], camX, camY)
		}
		art := &layerArt{opacity: 1}
		if li < len(a.layers) {
			art = &a.layers[li]
		}
		if !art.hidden && art.opacity > 0 {
			r.drawTileLayer(dst, m, li, art, camX, camY)
		}
	}
	for ; next < len(a.images); next++ {
		r.drawImageLayer(dst, &a.images[next], camX, camY)
	}
}

func (r *Renderer) drawImageLayer(dst *ebiten.Image, il *imageLayer, camX, camY int) {
	op := &r.op
	op.GeoM.Reset()
	op.GeoM.Translate(float64(il.offX-camX), float64(il.offY-camY))
	op.ColorScale.Reset()
	op.ColorScale.ScaleAlpha(il.opacity)
	dst.DrawImage(il.img, op)
}

// drawTileLayer draws the cells of layer li that the view shows. A tile
// larger than a cell is anchored at the cell's bottom-left corner, as in
// Tiled.
func (r *Renderer) drawTileLayer(dst *ebiten.Image, m *sim.TileMap, li int, art *layerArt, camX, camY int) {
	tw, th := m.TileW, m.TileH
	cells := m.Layers[li].Cells
	if tw <= 0 || th <= 0 || len(cells) < m.W*m.H {
		return
	}
	a := r.assets
	view := dst.Bounds()
	ox, oy := art.offX-camX+view.Min.X, art.offY-camY+view.Min.Y // view position of cell 0,0
	extraX := max(0, (a.maxTileW+tw-1)/tw-1)
	extraY := max(0, (a.maxTileH+th-1)/th-1)
	cx0 := max(0, floorDiv(view.Min.X-ox, tw)-extraX)
	cx1 := min(m.W-1, floorDiv(view.Max.X-1-ox, tw))
	cy0 := max(0, floorDiv(view.Min.Y-oy, th))
	cy1 := min(m.H-1, floorDiv(view.Max.Y-1-oy, th)+extraY)
	flipped := art.flips != nil && len(art.gids) == len(cells)
	op := &r.op
	op.ColorScale.Reset()
	op.ColorScale.ScaleAlpha(art.opacity)
	for cy := cy0; cy <= cy1; cy++ {
		for cx := cx0; cx <= cx1; cx++ {
			i := cy*m.W + cx
			gid := cells[i]
			if gid == 0 || int(gid) >= len(a.tiles) || a.tiles[gid] == nil {
				continue
			}
			img := a.tiles[gid]
			iw, ih := img.Bounds().Dx(), img.Bounds().Dy()
			op.GeoM.Reset()
			if flipped && art.gids[i] == gid && art.flips[i] != 0 {
				_, ih = flipGeoM(&op.GeoM, art.flips[i], iw, ih)
			}
			op.GeoM.Translate(float64(ox+cx*tw), float64(oy+(cy+1)*th-ih))
			dst.DrawImage(img, op)
		}
	}
}

// flipGeoM applies Tiled's flip flags to a w×h tile: the diagonal flip
// (swapping x and y) first, then the horizontal and vertical ones. It
// returns the size of the flipped tile.
func flipGeoM(g *ebiten.GeoM, f level.Flip, w, h int) (int, int) {
	if f&level.FlipDiagonal != 0 {
		g.SetElement(0, 0, 0)
		g.SetElement(0, 1, 1)
		g.SetElement(1, 0, 1)
		g.SetElement(1, 1, 0)
		w, h = h, w
	}
	if f&level.FlipHorizontal != 0 {
		g.Scale(-1, 1)
		g.Translate(float64(w), 0)
	}
	if f&level.FlipVertical != 0 {
		g.Scale(1, -1)
		g.Translate(0, float64(h))
	}
	return w, h
}

// drawEntities draws the visible entities in (Z, id) order: a sprite
// frame centred on the entity's box horizontally and resting on its
// bottom edge, or a placeholder box the size of the entity.
func (r *Renderer) drawEntities(dst *ebiten.Image, w *sim.World, camX, camY int) {
	ents := w.Entities()
	r.order = r.order[:0]
	for i := range ents {
		if !ents[i].Hidden {
			r.order = append(r.order, int32(i))
		}
	}
	// Entities are in id order already; a stable sort by Z keeps it for ties.
	slices.SortStableFunc(r.order, func(i, j int32) int { return cmp.Compare(ents[i].Z, ents[j].Z) })
	view := dst.Bounds()
	op := &r.op
	op.ColorScale.Reset()
	for _, i := range r.order {
		e := &ents[i]
		x0, y0 := ifloor(e.X), ifloor(e.Y)
		box := image.Rect(x0, y0, ifloor(e.X+e.W), ifloor(e.Y+e.H)).Add(image.Pt(view.Min.X-camX, view.Min.Y-camY))
		s := r.assets.sprites[e.Sprite]
		if s == nil {
			if box.Overlaps(view) {
				c := placeholderColor(e.Sprite)
				drawBox(dst, box, BoxStyle{Fill: c, Border: darker(c), BorderWidth: r.theme.Placeholder})
			}
			continue
		}
		img := s.frames[frameIndex(e.Frame, len(s.frames))]
		fw, fh := img.Bounds().Dx(), img.Bounds().Dy()
		at := image.Pt(box.Min.X+floorDiv(box.Dx()-fw, 2), box.Max.Y-fh)
		if !(image.Rectangle{Min: at, Max: at.Add(image.Pt(fw, fh))}).Overlaps(view) {
			continue
		}
		op.GeoM.Reset()
		if e.FlipX {
			op.GeoM.Scale(-1, 1)
			op.GeoM.Translate(float64(fw), 0)
		}
		op.GeoM.Translate(float64(at.X), float64(at.Y))
		dst.DrawImage(img, op)
	}
}

// floorDiv is a/b rounded down, for b > 0.
func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && a < 0 {
		q--
	}
	return q
}
