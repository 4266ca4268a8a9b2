package sim

import (
	"fmt"

	"github.com/communs-arcade/arcade/engine/physics"
)

// TileMap is the level's grid of tiles: layers of global tile ids (0 for
// empty), in drawing order. Levels can read and change tiles while playing.
type TileMap struct {
	W, H         int // in cells
	TileW, TileH int // in pixels
	Layers       []TileLayer
	// SolidGID marks tile ids that block movement wherever they are.
	SolidGID []bool
	// Objects are the map's objects (spawn points, zones), read-only: they
	// come from the level's content, which the replay already pins.
	Objects []MapObject
}

// MapObject is one object placed in the map editor.
type MapObject struct {
	ID          int
	Name, Class string
	Layer       string
	X, Y, W, H  float64
	Props       []Arg // custom properties, values as text
}

// TileLayer is one layer of cells, row by row.
type TileLayer struct {
	Name  string
	Solid bool // every non-empty cell of this layer blocks movement
	Cells []uint32
}

// LayerIndex returns the index of the layer named name, or -1.
func (m *TileMap) LayerIndex(name string) int {
	for i := range m.Layers {
		if m.Layers[i].Name == name {
			return i
		}
	}
	return -1
}

// Get returns the tile at cell (cx, cy) of layer l, 0 outside the map.
func (m *TileMap) Get(l, cx, cy int) uint32 {
	if l < 0 || l >= len(m.Layers) || cx < 0 || cy < 0 || cx >= m.W || cy >= m.H {
		return 0
	}
	return m.Layers[l].Cells[cy*m.W+cx]
}

// Set changes the tile at cell (cx, cy) of layer l.
func (m *TileMap) Set(l, cx, cy int, gid uint32) error {
	if l < 0 || l >= len(m.Layers) {
		return fmt.Errorf("no layer %d", l+1)
	}
	if cx < 0 || cy < 0 || cx >= m.W || cy >= m.H {
		return fmt.Errorf("cell %d,%d is outside the %dx%d map", cx, cy, m.W, m.H)
	}
	m.Layers[l].Cells[cy*m.W+cx] = gid
	return nil
}

// SolidAt reports whether any layer has a blocking tile at cell (cx, cy).
// Cells outside the map are not solid: levels close their edges with tiles.
func (m *TileMap) SolidAt(cx, cy int) bool {
	if cx < 0 || cy < 0 || cx >= m.W || cy >= m.H {
		return false
	}
	for i := range m.Layers {
		g := m.Layers[i].Cells[cy*m.W+cx]
		if g == 0 {
			continue
		}
		if m.Layers[i].Solid || (int(g) < len(m.SolidGID) && m.SolidGID[g]) {
			return true
		}
	}
	return false
}

// appendSolid appends the solid cells under area, row by row.
func (m *TileMap) appendSolid(obs []physics.Obstacle, area physics.Box) []physics.Obstacle {
	tw, th := float64(m.TileW), float64(m.TileH)
	x0 := max(0, floorDiv(area.X, tw))
	y0 := max(0, floorDiv(area.Y, th))
	x1 := min(m.W-1, floorDiv(area.X+area.W, tw))
	y1 := min(m.H-1, floorDiv(area.Y+area.H, th))
	for cy := y0; cy <= y1; cy++ {
		for cx := x0; cx <= x1; cx++ {
			if m.SolidAt(cx, cy) {
				obs = append(obs, physics.Obstacle{Box: physics.Box{X: float64(cx) * tw, Y: float64(cy) * th, W: tw, H: th}})
			}
		}
	}
	return obs
}

func floorDiv(v, d float64) int {
	q := v / d
	// Converting NaN or an out-of-range float to int gives different results
	// on amd64 and wasm, so clamp first: no map is a billion cells wide.
	if q != q {
		return 0
	}
	q = clamp(q, -1e9, 1e9)
	i := int(q)
	if float64(i) > q {
		i--
	}
	return i
}
