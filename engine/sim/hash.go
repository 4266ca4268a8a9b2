package sim

import (
	"crypto/sha256"
	"encoding/binary"
	"math"
)

// Hash is a 64-bit digest of the whole simulation state: the first eight
// bytes of a SHA-256 over a canonical encoding. Two worlds with equal hashes
// hold the same state for every purpose a renderer or a verifier has.
// Events (sounds, effects) are output, not state, and are left out.
func (w *World) Hash() uint64 {
	h := sha256.New()
	e := encoder{buf: make([]byte, 0, 256)}
	flush := func() {
		h.Write(e.buf)
		e.buf = e.buf[:0]
	}
	e.str("arcade-state-v1")
	e.u64(uint64(w.tick))
	e.u64(uint64(w.score))
	e.u64(uint64(w.outcome))
	rng, _ := w.rng.MarshalBinary() // never fails
	e.bytes(rng)
	e.u64(uint64(w.nextID))
	e.u64(uint64(w.input.Buttons))
	e.f64(w.camera.X)
	e.f64(w.camera.Y)
	e.u64(uint64(w.camera.Follow))
	e.u64(uint64(len(w.entities)))
	for i := range w.entities {
		en := &w.entities[i]
		e.u64(uint64(en.ID))
		e.str(en.Sprite)
		e.str(en.Tag)
		for _, f := range [...]float64{en.X, en.Y, en.W, en.H, en.VX, en.VY} {
			e.f64(f)
		}
		e.bool(en.solid)
		e.bool(en.Hidden)
		e.bool(en.FlipX)
		e.u64(uint64(en.Z))
		if en.Uncovered {
			// Hashed only when set, so that the replays recorded before
			// the field existed keep their hashes.
			e.str("uncovered")
		}
		e.u64(uint64(len(en.Frames)))
		for _, f := range en.Frames {
			e.u64(uint64(f))
		}
		e.u64(uint64(en.Speed))
		e.u64(uint64(en.Frame))
		e.u64(uint64(en.animT))
		if len(e.buf) > 4096 {
			flush()
		}
	}
	e.u64(uint64(len(w.panels)))
	for _, p := range w.panels {
		e.str(p.Name)
		e.str(p.Key)
		e.u64(uint64(len(p.Args)))
		for _, a := range p.Args {
			e.str(a.Name)
			e.str(a.Value)
		}
		e.u64(uint64(p.X))
		e.u64(uint64(p.Y))
		e.u64(uint64(len(p.Choices)))
		for _, c := range p.Choices {
			e.str(c)
		}
		e.u64(uint64(p.Sel))
	}
	if w.Map != nil {
		e.u64(uint64(len(w.Map.Layers)))
		for _, l := range w.Map.Layers {
			flush()
			e.str(l.Name)
			e.bool(l.Solid)
			for _, c := range l.Cells {
				e.u64(uint64(c))
				if len(e.buf) > 4096 {
					flush()
				}
			}
		}
	}
	flush()
	var sum [sha256.Size]byte
	return binary.BigEndian.Uint64(h.Sum(sum[:0]))
}

type encoder struct{ buf []byte }

func (e *encoder) u64(v uint64) { e.buf = binary.LittleEndian.AppendUint64(e.buf, v) }
func (e *encoder) f64(v float64) {
	if v == 0 { // +0 and -0 are the same position
		v = 0
	}
	e.u64(math.Float64bits(v))
}
func (e *encoder) bool(v bool) {
	if v {
		e.buf = append(e.buf, 1)
	} else {
		e.buf = append(e.buf, 0)
	}
}
func (e *encoder) str(s string) {
	e.u64(uint64(len(s)))
	e.buf = append(e.buf, s...)
}
func (e *encoder) bytes(b []byte) {
	e.u64(uint64(len(b)))
	e.buf = append(e.buf, b...)
}
