// Package physics moves axis-aligned boxes through a world of solid boxes
// without tunnelling, in a stable order, so that every platform computes the
// same positions.
//
// It is the only importer of github.com/solarlune/resolv. We use resolv's
// value types (Vector, Bounds and Bounds.Intersection) and deliberately not
// its Space, shape registry or intersection tests: Space cells iterate Go
// maps, shapes draw ids from a global counter, several queries share
// package-level scratch buffers and sort unstably, and Bounds.IsEmpty is
// wrong for touching boxes. Broad phase is therefore the caller's job: it
// lists candidate obstacles in a fixed order (tiles row by row, then
// entities by id, see Reach) and this package resolves the motion.
package physics

import "github.com/solarlune/resolv"

// Box is an axis-aligned rectangle: top-left corner and size, in world pixels.
type Box struct {
	X, Y, W, H float64
}

func (b Box) bounds() resolv.Bounds {
	return resolv.Bounds{
		Min: resolv.Vector{X: b.X, Y: b.Y},
		Max: resolv.Vector{X: b.X + b.W, Y: b.Y + b.H},
	}
}

// Overlaps reports whether a and b share a region of positive area. Boxes
// that only touch along an edge do not overlap, so a body resting on the
// floor is not inside it.
func Overlaps(a, b Box) bool {
	ov := a.bounds().Intersection(b.bounds())
	return ov.Width() > 0 && ov.Height() > 0
}

// Obstacle is a solid box the moving box may run into. ID identifies it to
// the caller (0 for tiles, an entity id otherwise).
type Obstacle struct {
	Box
	ID uint32
}

// Reach is the area a box can touch while moving by (dx, dy): callers
// collect the obstacles overlapping it (their broad phase), in a stable
// order, and pass them to Move.
func Reach(b Box, dx, dy float64) Box {
	return union(b, Box{X: b.X + dx, Y: b.Y + dy, W: b.W, H: b.H})
}

// Hit says what a move ran into.
type Hit struct {
	X, Y bool   // the move was blocked along that axis
	ID   uint32 // the first obstacle that blocked it (0 for none or a tile)
}

// Move slides b by (dx, dy): first along x, then along y. Along each axis
// the box stops flush against the nearest obstacle in the way, so a fast
// box never passes through a thin wall. Obstacles the box already overlaps
// at the start do not block it, so a body spawned inside a wall can leave.
// Among equally near obstacles the first in the slice wins.
func Move(b Box, dx, dy float64, obstacles []Obstacle) (Box, Hit) {
	var hit Hit
	if dx != 0 {
		var blocked bool
		var id uint32
		b.X, blocked, id = sweep(b, dx, true, obstacles)
		if blocked {
			hit.X = true
			hit.ID = id
		}
	}
	if dy != 0 {
		var blocked bool
		var id uint32
		b.Y, blocked, id = sweep(b, dy, false, obstacles)
		if blocked {
			hit.Y = true
			if hit.ID == 0 {
				hit.ID = id
			}
		}
	}
	return b, hit
}

// sweep returns the new coordinate along one axis after moving by d.
func sweep(b Box, d float64, alongX bool, obstacles []Obstacle) (float64, bool, uint32) {
	end := b
	if alongX {
		end.X += d
	} else {
		end.Y += d
	}
	area := union(b, end)
	pos := end.Y
	if alongX {
		pos = end.X
	}
	blocked := false
	var blocker uint32
	for _, ob := range obstacles {
		if !Overlaps(area, ob.Box) || Overlaps(b, ob.Box) {
			continue
		}
		var limit float64
		switch {
		case alongX && d > 0:
			if limit = ob.X - b.W; limit < pos {
				pos, blocked, blocker = limit, true, ob.ID
			}
		case alongX:
			if limit = ob.X + ob.W; limit > pos {
				pos, blocked, blocker = limit, true, ob.ID
			}
		case d > 0:
			if limit = ob.Y - b.H; limit < pos {
				pos, blocked, blocker = limit, true, ob.ID
			}
		default:
			if limit = ob.Y + ob.H; limit > pos {
				pos, blocked, blocker = limit, true, ob.ID
			}
		}
	}
	return pos, blocked, blocker
}

func union(a, b Box) Box {
	x0, y0 := min(a.X, b.X), min(a.Y, b.Y)
	x1, y1 := max(a.X+a.W, b.X+b.W), max(a.Y+a.H, b.Y+b.H)
	return Box{X: x0, Y: y0, W: x1 - x0, H: y1 - y0}
}
