package render

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"path"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/communs-arcade/arcade/engine/level"
)

// Bounds on a level's art.
const (
	maxPixels = 1 << 24 // pixels of all the level's PNGs together (64 MiB decoded)
	maxGIDs   = 1 << 16 // tile ids the tilesets may cover, as the session allows
)

// spriteDir is the folder whose PNGs name sprites first: the sprite
// "player" is sprites/player.png, or else player.png.
const spriteDir = "sprites/"

// Assets are a level's images, decoded once and ready to draw: the tiles of
// its map's tilesets by tile id, the layout of its map layers, and its
// sprites by name.
type Assets struct {
	tiles    []*ebiten.Image // by gid; nil when a gid has no image
	maxTileW int             // the largest tile, in pixels
	maxTileH int
	layers   []layerArt // one per tile layer of the map, in order
	images   []imageLayer
	sprites  map[string]*sprite
}

// layerArt is how a tile layer of the map is drawn.
type layerArt struct {
	hidden     bool
	opacity    float32
	offX, offY int
	// gids and flips are the layer as loaded: a cell keeps its Tiled flip
	// flags while it holds the tile it was loaded with.
	gids  []uint32
	flips []level.Flip
}

// imageLayer is an image layer of the map, drawn before tile layer before.
type imageLayer struct {
	before     int
	img        *ebiten.Image
	offX, offY int
	opacity    float32
}

// sprite is a sprite sheet cut into its frames.
type sprite struct {
	frames []*ebiten.Image
}

// art is what LoadAssets decodes before it makes Ebiten images: plain Go
// images and rectangles, so it can be checked without a display.
type art struct {
	files       []string               // decoded PNGs, in package order
	decoded     map[string]image.Image // by file name
	pixels      int
	tiles       []tileRef // by gid
	layers      []layerArt
	imageLayers []imageRef
	sprites     map[string]string // sprite name → file
}

type tileRef struct {
	file string // "" when the gid has no image
	rect image.Rectangle
}

type imageRef struct {
	before     int
	file       string
	offX, offY int
	opacity    float32
}

// LoadAssets decodes a level's PNGs into Ebiten images: the tiles of its
// map's tilesets and its sprites. A sprite is a horizontal strip of square
// frames (as high as the image); the sprite named "player" is the file
// sprites/player.png, or else player.png. Sprites without a file are drawn
// as placeholders. Errors name the level file at fault.
func LoadAssets(lvl *level.Level) (*Assets, error) {
	d, err := decode(lvl)
	if err != nil {
		return nil, err
	}
	a := &Assets{
		layers:  d.layers,
		sprites: make(map[string]*sprite, len(d.sprites)),
	}
	imgs := make(map[string]*ebiten.Image, len(d.files))
	for _, f := range d.files {
		imgs[f] = ebiten.NewImageFromImage(d.decoded[f])
	}
	a.tiles = make([]*ebiten.Image, len(d.tiles))
	for gid, t := range d.tiles {
		if t.file == "" {
			continue
		}
		a.tiles[gid] = imgs[t.file].SubImage(t.rect).(*ebiten.Image)
		a.maxTileW = max(a.maxTileW, t.rect.Dx())
		a.maxTileH = max(a.maxTileH, t.rect.Dy())
	}
	for _, il := range d.imageLayers {
		a.images = append(a.images, imageLayer{before: il.before, img: imgs[il.file], offX: il.offX, offY: il.offY, opacity: il.opacity})
	}
	for name, file := range d.sprites {
		img := imgs[file]
		b := img.Bounds()
		n := frameCount(b.Dx(), b.Dy())
		s := &sprite{frames: make([]*ebiten.Image, n)}
		for i := range n {
			s.frames[i] = img.SubImage(frameRect(b.Dx(), b.Dy(), i).Add(b.Min)).(*ebiten.Image)
		}
		a.sprites[name] = s
	}
	return a, nil
}

// HasSprite reports whether the sprite named name has a PNG; others are
// drawn as placeholders.
func (a *Assets) HasSprite(name string) bool {
	_, ok := a.sprites[name]
	return ok
}

// decode reads and checks every PNG of the level and lays out its map.
func decode(lvl *level.Level) (*art, error) {
	d := &art{decoded: map[string]image.Image{}, sprites: map[string]string{}}
	files := lvl.Files()
	// Check the total size from the headers before decoding anything.
	for _, f := range files {
		if path.Ext(f.Name) != ".png" {
			continue
		}
		cfg, err := png.DecodeConfig(bytes.NewReader(f.Data))
		if err != nil {
			return nil, fileError(lvl, f.Name, "not a valid PNG image: %v", err)
		}
		d.pixels += cfg.Width * cfg.Height
		if d.pixels > maxPixels {
			return nil, fileError(lvl, "", "the level's images hold more than %d pixels together", maxPixels)
		}
	}
	for _, f := range files {
		if path.Ext(f.Name) != ".png" {
			continue
		}
		img, err := png.Decode(bytes.NewReader(f.Data))
		if err != nil {
			return nil, fileError(lvl, f.Name, "cannot decode the PNG image: %v", err)
		}
		d.files = append(d.files, f.Name)
		d.decoded[f.Name] = img
		// sprites/<name>.png wins over <name>.png, whatever the file order.
		name := strings.TrimSuffix(f.Name, ".png")
		if _, taken := d.sprites[name]; !taken {
			d.sprites[name] = f.Name
		}
		if n, ok := strings.CutPrefix(name, spriteDir); ok {
			d.sprites[n] = f.Name
		}
	}
	if lvl.Map != nil {
		if err := d.layoutMap(lvl); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// layoutMap cuts the tilesets into tiles and records how layers draw.
func (d *art) layoutMap(lvl *level.Level) error {
	m := lvl.Map
	top := m.MaxGID()
	if top >= maxGIDs {
		return fileError(lvl, m.Name, "tilesets cover %d tile ids, more than %d", top, maxGIDs-1)
	}
	d.tiles = make([]tileRef, top+1)
	for i := range m.Tilesets {
		ts := &m.Tilesets[i]
		if ts.Image != "" {
			if err := d.cutTileset(lvl, ts); err != nil {
				return err
			}
		}
		for _, t := range ts.Tiles {
			if t.Image != "" {
				d.tiles[ts.FirstGID+uint32(t.ID)] = tileRef{file: t.Image, rect: d.decoded[t.Image].Bounds()}
			}
		}
	}
	tileLayers := 0
	for _, l := range m.Layers {
		switch l.Kind {
		case level.TileLayer:
			d.layers = append(d.layers, layerArt{
				hidden:  !l.Visible,
				opacity: float32(l.Opacity),
				offX:    ifloor(l.OffsetX), offY: ifloor(l.OffsetY),
				gids: l.GIDs, flips: l.Flips,
			})
			tileLayers++
		case level.ImageLayer:
			if l.Image != "" && l.Visible {
				d.imageLayers = append(d.imageLayers, imageRef{
					before: tileLayers, file: l.Image,
					offX: ifloor(l.OffsetX), offY: ifloor(l.OffsetY),
					opacity: float32(l.Opacity),
				})
			}
		}
	}
	return nil
}

// cutTileset records the rectangle of every tile of an image tileset.
func (d *art) cutTileset(lvl *level.Level, ts *level.Tileset) error {
	img, ok := d.decoded[ts.Image]
	if !ok {
		return fileError(lvl, ts.Image, "tileset %q: image missing", ts.Name)
	}
	b := img.Bounds()
	tw, th := ts.TileWidth, ts.TileHeight
	cols, count := ts.Columns, ts.TileCount
	if cols <= 0 { // Tiled always writes columns; derive them if not
		cols = max(1, (b.Dx()-2*ts.Margin+ts.Spacing)/(tw+ts.Spacing))
	}
	if count <= 0 {
		rows := (b.Dy() - 2*ts.Margin + ts.Spacing) / (th + ts.Spacing)
		count = cols * max(0, rows)
	}
	for id := range count {
		r := tileRect(id, cols, tw, th, ts.Margin, ts.Spacing).Add(b.Min)
		if !r.In(b) {
			return fileError(lvl, ts.Image, "tileset %q: tile %d (%d,%d to %d,%d) lies outside the %d×%d image; check tilecount, columns, margin and spacing",
				ts.Name, id, r.Min.X-b.Min.X, r.Min.Y-b.Min.Y, r.Max.X-b.Min.X, r.Max.Y-b.Min.Y, b.Dx(), b.Dy())
		}
		gid := ts.FirstGID + uint32(id)
		if int(gid) < len(d.tiles) {
			d.tiles[gid] = tileRef{file: ts.Image, rect: r}
		}
	}
	return nil
}

// tileRect is where tile id sits in a tileset image laid out in cols
// columns of tw×th tiles, with margin around and spacing between them.
func tileRect(id, cols, tw, th, margin, spacing int) image.Rectangle {
	x := margin + (id%cols)*(tw+spacing)
	y := margin + (id/cols)*(th+spacing)
	return image.Rect(x, y, x+tw, y+th)
}

// frameCount is how many frames a w×h sprite sheet holds: square frames
// as wide as the sheet is high, side by side. A sheet narrower than it is
// high is one frame.
func frameCount(w, h int) int {
	if h <= 0 || w < h {
		return 1
	}
	return w / h
}

// frameRect is the bounds of frame i of a w×h sprite sheet; i is taken
// modulo the frame count, so any frame number picks a frame.
func frameRect(w, h, i int) image.Rectangle {
	n := frameCount(w, h)
	if n == 1 {
		return image.Rect(0, 0, w, h)
	}
	i = frameIndex(i, n)
	return image.Rect(i*h, 0, (i+1)*h, h)
}

// frameIndex is frame modulo n, never negative.
func frameIndex(frame, n int) int {
	i := frame % n
	if i < 0 {
		i += n
	}
	return i
}

// fileError is a "render: " error naming the level file at fault, or the
// level itself when file is "".
func fileError(lvl *level.Level, file, format string, args ...any) error {
	where := lvl.Path
	switch {
	case file == "":
	case where == "":
		where = file
	case strings.HasSuffix(where, "/"):
		where += file
	default:
		where += "/" + file
	}
	return fmt.Errorf("render: %s: %s", where, fmt.Sprintf(format, args...))
}
