package sim

import (
	"fmt"
	"sort"

	"github.com/communs-arcade/arcade/engine/physics"
)

// Entity is one thing in the world: a box with a sprite. Levels spawn and
// move entities; the renderer draws them in (Z, id) order.
//
// Whether an entity is solid is kept by the world ([World.SetSolid]), not
// by the entity: the world counts its solid entities so that moves skip the
// scan when there are none, and a field anyone could flip through
// [World.Entity] would make that count silently wrong.
type Entity struct {
	ID     uint32
	Sprite string
	Tag    string
	X, Y   float64
	W, H   float64
	VX, VY float64 // pixels per tick, applied with collisions after _update
	Hidden bool
	FlipX  bool
	Z      int
	// Uncovered asks the renderer to keep notes off the entity, as it does
	// off the player: what a hint explains stays in sight (a need's bubble,
	// a sign). It changes what is drawn, never the simulation.
	Uncovered bool

	// Animation: Frames are sprite frame numbers shown Speed ticks each.
	Frames []int
	Speed  int
	Frame  int // current frame number
	animT  int

	solid bool // blocks other entities' moves; changed only by World.SetSolid
}

// Solid reports whether the entity blocks other entities' moves.
func (e *Entity) Solid() bool { return e.solid }

func (e *Entity) box() physics.Box { return physics.Box{X: e.X, Y: e.Y, W: e.W, H: e.H} }

func (e *Entity) animate() {
	if len(e.Frames) == 0 || e.Speed <= 0 {
		return
	}
	e.animT++
	i := (e.animT / e.Speed) % len(e.Frames)
	e.Frame = e.Frames[i]
}

// SetAnim starts an animation from its first frame.
func (e *Entity) SetAnim(frames []int, speed int) {
	e.Frames = append(e.Frames[:0], frames...)
	e.Speed = speed
	e.animT = 0
	if len(frames) > 0 {
		e.Frame = frames[0]
	}
}

// Spawn adds an entity and returns its id. Ids start at 1 and are never
// reused. The entity is not solid until [World.SetSolid] makes it so.
func (w *World) Spawn(e Entity) (uint32, error) {
	if len(w.entities) >= MaxEntities {
		return 0, fmt.Errorf("too many entities (%d)", MaxEntities)
	}
	e.ID = w.nextID
	w.nextID++
	e.solid = false
	w.entities = append(w.entities, e)
	return e.ID, nil
}

// SetSolid makes entity id block other entities' moves, or stop blocking
// them, and keeps the world's count of solid entities right.
func (w *World) SetSolid(id uint32, solid bool) error {
	i := w.index(id)
	if i < 0 {
		return fmt.Errorf("no entity %d", id)
	}
	e := &w.entities[i]
	switch {
	case solid && !e.solid:
		w.solids++
	case !solid && e.solid:
		w.solids--
	}
	e.solid = solid
	return nil
}

func (w *World) index(id uint32) int {
	i := sort.Search(len(w.entities), func(i int) bool { return w.entities[i].ID >= id })
	if i < len(w.entities) && w.entities[i].ID == id {
		return i
	}
	return -1
}

// Entity returns the live entity with id, or nil. The pointer is valid until
// the next Spawn or Kill.
func (w *World) Entity(id uint32) *Entity {
	if i := w.index(id); i >= 0 {
		return &w.entities[i]
	}
	return nil
}

// Kill removes an entity. Killing a dead entity does nothing.
func (w *World) Kill(id uint32) {
	if i := w.index(id); i >= 0 {
		if w.entities[i].solid {
			w.solids--
		}
		w.entities = append(w.entities[:i], w.entities[i+1:]...)
	}
}

// Entities are the live entities in id order. Do not keep the slice across
// a Spawn or Kill.
func (w *World) Entities() []Entity { return w.entities }

// Move slides entity id by (dx, dy), stopping against solid tiles and solid
// entities. It reports which axes were blocked and what blocked first.
func (w *World) Move(id uint32, dx, dy float64) (physics.Hit, error) {
	i := w.index(id)
	if i < 0 {
		return physics.Hit{}, fmt.Errorf("no entity %d", id)
	}
	return w.moveIndex(i, dx, dy), nil
}

func (w *World) moveIndex(i int, dx, dy float64) physics.Hit {
	e := &w.entities[i]
	area := physics.Reach(e.box(), dx, dy)
	// Broad phase in a stable order: solid tiles row by row, then solid
	// entities by id. The scratch slice is reused: moving allocates nothing.
	obs := w.obstacles[:0]
	if w.Map != nil {
		obs = w.Map.appendSolid(obs, area)
	}
	if w.solids > 0 {
		for j := range w.entities {
			o := &w.entities[j]
			if o.solid && j != i && physics.Overlaps(area, o.box()) {
				obs = append(obs, physics.Obstacle{Box: o.box(), ID: o.ID})
			}
		}
	}
	w.obstacles = obs
	b, hit := physics.Move(e.box(), dx, dy, obs)
	e.X, e.Y = b.X, b.Y
	if hit.X {
		e.VX = 0
	}
	if hit.Y {
		e.VY = 0
	}
	return hit
}

// Overlapping returns the ids of live entities overlapping entity id, in id
// order, optionally only those with tag. It appends to dst.
func (w *World) Overlapping(dst []uint32, id uint32, tag string) []uint32 {
	e := w.Entity(id)
	if e == nil {
		return dst
	}
	b := e.box()
	for j := range w.entities {
		o := &w.entities[j]
		if o.ID == id || (tag != "" && o.Tag != tag) {
			continue
		}
		if physics.Overlaps(b, o.box()) {
			dst = append(dst, o.ID)
		}
	}
	return dst
}

// Tagged returns the ids of live entities with tag, in id order.
func (w *World) Tagged(dst []uint32, tag string) []uint32 {
	for j := range w.entities {
		if w.entities[j].Tag == tag {
			dst = append(dst, w.entities[j].ID)
		}
	}
	return dst
}
