package session

import (
	"fmt"
	"strconv"

	"github.com/communs-arcade/arcade/engine/level"
	"github.com/communs-arcade/arcade/engine/sim"
)

// maxSolidGID bounds the lookup table of solid tile ids.
const maxSolidGID = 1 << 16

// buildMap turns the level's Tiled map into the world's mutable tile map:
// tile layers in drawing order (a layer with the property solid = true
// blocks with every tile), tiles whose tileset data says solid = true, and
// the objects of every object layer, which levels read with objects().
func buildMap(m *level.Map) (*sim.TileMap, error) {
	tm := &sim.TileMap{W: m.Width, H: m.Height, TileW: m.TileWidth, TileH: m.TileHeight}
	if max := m.MaxGID(); max > 0 {
		if max >= maxSolidGID {
			return nil, fmt.Errorf("tilesets cover %d tile ids, more than %d", max, maxSolidGID-1)
		}
		tm.SolidGID = make([]bool, max+1)
		for gid := uint32(1); gid <= max; gid++ {
			tm.SolidGID[gid] = m.TileProperties(gid).Bool("solid")
		}
	}
	for _, l := range m.Layers {
		switch l.Kind {
		case level.TileLayer:
			tm.Layers = append(tm.Layers, sim.TileLayer{
				Name:  l.Name,
				Solid: l.Properties.Bool("solid"),
				Cells: append([]uint32(nil), l.GIDs...),
			})
		case level.ObjectLayer:
			for _, o := range l.Objects {
				tm.Objects = append(tm.Objects, sim.MapObject{
					ID: o.ID, Name: o.Name, Class: o.Class, Layer: l.Name,
					X: o.X, Y: o.Y, W: o.Width, H: o.Height,
					Props: props(o.Properties),
				})
			}
		}
	}
	return tm, nil
}

func props(ps level.Properties) []sim.Arg {
	out := make([]sim.Arg, 0, len(ps))
	for _, p := range ps {
		var v string
		switch x := p.Value.(type) {
		case string:
			v = x
		case bool:
			v = strconv.FormatBool(x)
		case int64:
			v = strconv.FormatInt(x, 10)
		case float64:
			v = strconv.FormatFloat(x, 'g', -1, 64)
		default:
			v = fmt.Sprint(x)
		}
		out = append(out, sim.Arg{Name: p.Name, Value: v})
	}
	return out
}
