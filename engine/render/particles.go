package render

import (
	"image"
	"image/color"
	"math"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/communs-arcade/arcade/engine/sim"
)

// maxParticles bounds the live particles; effects beyond it are dropped.
const maxParticles = 1024

// maxCatchUp is how many ticks particles advance at most between two
// frames, so a long pause does not stall the next frame.
const maxCatchUp = 60

// particle is one dot of a visual effect, in world pixels and ticks.
type particle struct {
	x, y, vx, vy float64
	gravity      float64 // added to vy every tick
	drag         float64 // velocity kept every tick
	age, life    int
	size         int
	clr          color.RGBA
	twinkle      bool // alternates between a dot and a small cross
}

// effectKind is how one kind of effect spawns its particles.
type effectKind struct {
	count          int
	minSpeed, dv   float64 // speed in [minSpeed, minSpeed+dv) pixels per tick
	lift           float64 // extra upward speed
	gravity, drag  float64
	minLife, dLife int
	size           int
	twinkle        bool
	colors         []color.RGBA
}

// effectKinds are the effects levels name in fx(kind, x, y); any other
// kind gets effectDefault.
var (
	effectSparkle = effectKind{count: 10, minSpeed: 0.3, dv: 0.9, lift: 0.2, drag: 0.92, minLife: 18, dLife: 12, size: 1, twinkle: true,
		colors: []color.RGBA{{0xff, 0xf4, 0xb0, 0xff}, {0xff, 0xff, 0xff, 0xff}, {0xf2, 0xc1, 0x4e, 0xff}}}
	effectDust = effectKind{count: 6, minSpeed: 0.2, dv: 0.4, lift: 0.3, gravity: -0.01, drag: 0.9, minLife: 14, dLife: 8, size: 2,
		colors: []color.RGBA{{0xb8, 0xaf, 0xa0, 0xff}, {0x8f, 0x86, 0x78, 0xff}, {0xd6, 0xcf, 0xc2, 0xff}}}
	effectCoins = effectKind{count: 8, minSpeed: 0.8, dv: 0.8, lift: 1.5, gravity: 0.12, drag: 0.98, minLife: 24, dLife: 12, size: 2,
		colors: []color.RGBA{{0xf2, 0xc1, 0x4e, 0xff}, {0xff, 0xe6, 0x8f, 0xff}, {0xc8, 0x8a, 0x1e, 0xff}}}
	effectBurst = effectKind{count: 16, minSpeed: 1.2, dv: 1.4, gravity: 0.04, drag: 0.88, minLife: 12, dLife: 10, size: 2,
		colors: []color.RGBA{{0xe6, 0x48, 0x2e, 0xff}, {0xf7, 0x76, 0x22, 0xff}, {0xf2, 0xc1, 0x4e, 0xff}}}
	effectDefault = effectKind{count: 8, minSpeed: 0.5, dv: 1, drag: 0.92, minLife: 14, dLife: 10, size: 1,
		colors: []color.RGBA{{0xff, 0xff, 0xff, 0xff}, {0xa8, 0xd8, 0xf0, 0xff}}}
)

func kindOf(name string) *effectKind {
	switch name {
	case "sparkle":
		return &effectSparkle
	case "dust":
		return &effectDust
	case "coins":
		return &effectCoins
	case "burst":
		return &effectBurst
	}
	return &effectDefault
}

// advanceParticles moves the particles on to the world's tick and spawns
// those of the effects requested during it. Frames drawn twice for one
// tick change nothing; a new world or an earlier tick starts afresh.
// Randomness comes from w.VisualRand, never the state PRNG.
func (r *Renderer) advanceParticles(w *sim.World) {
	if r.opts.ReducedMotion {
		r.particles = r.particles[:0]
		return
	}
	t := w.Tick()
	if w != r.world || t < r.tick {
		r.world, r.tick = w, t
		r.particles = r.particles[:0]
		r.spawn(w)
		return
	}
	if t == r.tick {
		return
	}
	r.stepParticles(int(min(t-r.tick, maxCatchUp)))
	r.tick = t
	r.spawn(w)
}

func (r *Renderer) spawn(w *sim.World) {
	for _, e := range w.Effects {
		k := kindOf(e.Kind)
		for range k.count {
			if len(r.particles) >= maxParticles {
				return
			}
			angle := 2 * math.Pi * w.VisualRand()
			speed := k.minSpeed + k.dv*w.VisualRand()
			r.particles = append(r.particles, particle{
				x: e.X, y: e.Y,
				vx: math.Cos(angle) * speed, vy: math.Sin(angle)*speed - k.lift,
				gravity: k.gravity, drag: k.drag,
				life:    k.minLife + int(float64(k.dLife)*w.VisualRand()),
				size:    k.size,
				clr:     k.colors[int(float64(len(k.colors))*w.VisualRand())%len(k.colors)],
				twinkle: k.twinkle,
			})
		}
	}
}

// stepParticles advances every particle by n ticks and drops the dead.
func (r *Renderer) stepParticles(n int) {
	live := r.particles[:0]
	for _, p := range r.particles {
		for range n {
			p.x += p.vx
			p.y += p.vy
			p.vx *= p.drag
			p.vy = p.vy*p.drag + p.gravity
		}
		p.age += n
		if p.age < p.life {
			live = append(live, p)
		}
	}
	r.particles = live
}

// drawParticles draws the particles as small squares fading out over the
// last 40% of their life.
func (r *Renderer) drawParticles(dst *ebiten.Image, camX, camY int) {
	o := dst.Bounds().Min.Sub(image.Pt(camX, camY))
	for _, p := range r.particles {
		alpha := min(1, float64(p.life-p.age)/(0.4*float64(p.life)))
		c := fade(p.clr, alpha)
		x, y := ifloor(p.x)+o.X, ifloor(p.y)+o.Y
		if p.twinkle && (p.age/4)%2 == 0 {
			fillRect(dst, image.Rect(x-1, y, x+2, y+1), c)
			fillRect(dst, image.Rect(x, y-1, x+1, y+2), c)
			continue
		}
		fillRect(dst, image.Rect(x, y, x+p.size, y+p.size), c)
	}
}

// fade scales an opaque colour by alpha, premultiplied.
func fade(c color.RGBA, alpha float64) color.RGBA {
	if alpha >= 1 {
		return c
	}
	a := max(0, alpha)
	return color.RGBA{uint8(float64(c.R) * a), uint8(float64(c.G) * a), uint8(float64(c.B) * a), uint8(255 * a)}
}
