package script

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"github.com/communs-arcade/arcade/engine/sim"
)

// Size limits on what the API accepts, so one call cannot bloat the state.
const (
	maxName  = 64  // sprite, tag, panel and effect names
	maxKey   = 128 // message keys
	maxValue = 256 // message argument values
)

// buttonBits maps the Lua button numbers (PICO-8's: 0 left, 1 right, 2 up,
// 3 down, 4 A, 5 B) to the input bitmask.
var buttonBits = [...]sim.Buttons{sim.Left, sim.Right, sim.Up, sim.Down, sim.A, sim.B}

// api binds the Lua globals levels use to one world. Lua never draws: these
// functions change the world, and the renderer draws what it holds.
type api struct {
	w   *sim.World
	ids []uint32 // scratch for queries
}

func (a *api) install(L *lua.LState) {
	fns := map[string]lua.LGFunction{
		"spawn": a.spawn, "kill": a.kill, "alive": a.alive,
		"pos": a.pos, "setpos": a.setpos, "vel": a.vel, "setvel": a.setvel,
		"move": a.move, "hit": a.hit, "hits": a.hits, "find": a.find,
		"sprite": a.sprite, "anim": a.anim, "flip": a.flip, "show": a.show,
		"tag": a.tag, "size": a.size,
		"btn": a.btn, "btnp": a.btnp, "pointer": a.pointer,
		"mget": a.mget, "mset": a.mset, "objects": a.objects, "solid": a.solid, "mapsize": a.mapsize,
		"camera": a.camera, "follow": a.follow,
		"score": a.score, "addscore": a.addscore,
		"say": a.say, "panel": a.panel,
		"win": a.win, "lose": a.lose, "outcome": a.outcome, "tick": a.tick,
		"rnd": a.rnd, "rndi": a.rndi, "sfx": a.sfx, "fx": a.fx,
	}
	for _, name := range sortedKeys(fns) {
		L.SetGlobal(name, L.NewFunction(fns[name]))
	}
	for i, name := range []string{"LEFT", "RIGHT", "UP", "DOWN", "A", "B"} {
		L.SetGlobal(name, lua.LNumber(i))
	}
	L.SetGlobal("W", lua.LNumber(sim.ViewW))
	L.SetGlobal("H", lua.LNumber(sim.ViewH))
}

// num reads a finite number argument: NaN and infinities would poison
// positions and differ between platforms once converted.
func num(L *lua.LState, n int) float64 {
	v := checkLuaNumber(L, n)
	if math.IsNaN(v) || math.IsInf(v, 0) {
		L.ArgError(n, "number must be finite")
	}
	return v
}

func optNum(L *lua.LState, n int, def float64) float64 {
	if L.Get(n) == lua.LNil {
		return def
	}
	return num(L, n)
}

func name(L *lua.LState, n int, what string, max int) string {
	s := checkLuaString(L, n)
	if len(s) > max {
		L.ArgError(n, fmt.Sprintf("%s longer than %d bytes", what, max))
	}
	return s
}

// entity returns the live entity whose id is argument n.
func (a *api) entity(L *lua.LState, n int) *sim.Entity {
	id := L.CheckInt64(n)
	var e *sim.Entity
	if id > 0 && id <= math.MaxUint32 {
		e = a.w.Entity(uint32(id))
	}
	if e == nil {
		L.ArgError(n, fmt.Sprintf("no entity %d (killed, or never spawned)", id))
	}
	return e
}

func (a *api) pushIDs(L *lua.LState, ids []uint32) {
	t := L.CreateTable(len(ids), 0)
	for i, id := range ids {
		t.RawSetInt(i+1, lua.LNumber(id))
	}
	L.Push(t)
}

// spawn(sprite, x, y [, props]) -> id
func (a *api) spawn(L *lua.LState) int {
	solid := false
	e := sim.Entity{
		Sprite: name(L, 1, "sprite name", maxName),
		X:      num(L, 2), Y: num(L, 3),
		W: 8, H: 8,
	}
	if props := L.OptTable(4, nil); props != nil {
		field := func(key string) lua.LValue { return props.RawGetString(key) }
		number := func(key string, def float64) float64 {
			v := field(key)
			if v == lua.LNil {
				return def
			}
			f, ok := v.(lua.LNumber)
			if !ok || math.IsNaN(float64(f)) || math.IsInf(float64(f), 0) {
				L.ArgError(4, fmt.Sprintf("%s must be a finite number", key))
			}
			return float64(f)
		}
		e.W, e.H = number("w", 8), number("h", 8)
		e.VX, e.VY = number("vx", 0), number("vy", 0)
		e.Z = int(number("z", 0))
		e.Frame = int(number("frame", 0))
		solid = lua.LVAsBool(field("solid"))
		e.Hidden = field("hidden") != lua.LNil && lua.LVAsBool(field("hidden"))
		e.FlipX = lua.LVAsBool(field("flip"))
		e.Uncovered = lua.LVAsBool(field("uncovered"))
		if t := field("tag"); t != lua.LNil {
			s, ok := t.(lua.LString)
			if !ok || len(s) > maxName {
				L.ArgError(4, fmt.Sprintf("tag must be a string of at most %d bytes", maxName))
			}
			e.Tag = string(s)
		}
		if e.W < 0 || e.H < 0 || e.W > 4096 || e.H > 4096 {
			L.ArgError(4, "w and h must be between 0 and 4096")
		}
	}
	id, err := a.w.Spawn(e)
	if err == nil && solid {
		err = a.w.SetSolid(id, true)
	}
	if err != nil {
		L.RaiseError("spawn: %v", err)
	}
	L.Push(lua.LNumber(id))
	return 1
}

// kill(id): killing a dead entity does nothing.
func (a *api) kill(L *lua.LState) int {
	id := L.CheckInt64(1)
	if id > 0 && id <= math.MaxUint32 {
		a.w.Kill(uint32(id))
	}
	return 0
}

// alive(id) -> boolean
func (a *api) alive(L *lua.LState) int {
	id := L.CheckInt64(1)
	L.Push(lua.LBool(id > 0 && id <= math.MaxUint32 && a.w.Entity(uint32(id)) != nil))
	return 1
}

// pos(id) -> x, y
func (a *api) pos(L *lua.LState) int {
	e := a.entity(L, 1)
	L.Push(lua.LNumber(e.X))
	L.Push(lua.LNumber(e.Y))
	return 2
}

// setpos(id, x, y): teleport, ignoring collisions.
func (a *api) setpos(L *lua.LState) int {
	e := a.entity(L, 1)
	e.X, e.Y = num(L, 2), num(L, 3)
	return 0
}

// vel(id) -> vx, vy
func (a *api) vel(L *lua.LState) int {
	e := a.entity(L, 1)
	L.Push(lua.LNumber(e.VX))
	L.Push(lua.LNumber(e.VY))
	return 2
}

// setvel(id, vx, vy): pixels per tick, applied with collisions after _update.
func (a *api) setvel(L *lua.LState) int {
	e := a.entity(L, 1)
	e.VX, e.VY = num(L, 2), num(L, 3)
	return 0
}

// move(id, dx, dy) -> blockedx, blockedy, blocker id or nil
func (a *api) move(L *lua.LState) int {
	e := a.entity(L, 1)
	hit, _ := a.w.Move(e.ID, num(L, 2), num(L, 3))
	L.Push(lua.LBool(hit.X))
	L.Push(lua.LBool(hit.Y))
	if hit.ID != 0 {
		L.Push(lua.LNumber(hit.ID))
	} else {
		L.Push(lua.LNil)
	}
	return 3
}

// hit(id [, tag]) -> id of the first overlapping entity (lowest id) or nil
func (a *api) hit(L *lua.LState) int {
	e := a.entity(L, 1)
	a.ids = a.w.Overlapping(a.ids[:0], e.ID, optLuaString(L, 2, ""))
	if len(a.ids) == 0 {
		L.Push(lua.LNil)
	} else {
		L.Push(lua.LNumber(a.ids[0]))
	}
	return 1
}

// hits(id [, tag]) -> list of overlapping ids in id order
func (a *api) hits(L *lua.LState) int {
	e := a.entity(L, 1)
	a.ids = a.w.Overlapping(a.ids[:0], e.ID, optLuaString(L, 2, ""))
	a.pushIDs(L, a.ids)
	return 1
}

// find(tag) -> list of ids with that tag in id order
func (a *api) find(L *lua.LState) int {
	a.ids = a.w.Tagged(a.ids[:0], checkLuaString(L, 1))
	a.pushIDs(L, a.ids)
	return 1
}

// sprite(id, name [, frame])
func (a *api) sprite(L *lua.LState) int {
	e := a.entity(L, 1)
	e.Sprite = name(L, 2, "sprite name", maxName)
	e.Frame = L.OptInt(3, 0)
	e.Frames, e.Speed = e.Frames[:0], 0
	return 0
}

// anim(id, frames, ticks_per_frame)
func (a *api) anim(L *lua.LState) int {
	e := a.entity(L, 1)
	t := L.CheckTable(2)
	speed := L.CheckInt(3)
	if speed < 1 {
		L.ArgError(3, "ticks per frame must be at least 1")
	}
	n := t.Len()
	if n > 64 {
		L.ArgError(2, "at most 64 frames")
	}
	frames := make([]int, 0, n)
	for i := 1; i <= n; i++ {
		f, ok := t.RawGetInt(i).(lua.LNumber)
		if !ok {
			L.ArgError(2, "frames must be numbers")
		}
		frames = append(frames, int(f))
	}
	if slices.Equal(frames, e.Frames) && speed == e.Speed {
		return 0 // already playing: do not restart it every tick
	}
	e.SetAnim(frames, speed)
	return 0
}

// flip(id, bool): mirror the sprite horizontally.
func (a *api) flip(L *lua.LState) int {
	a.entity(L, 1).FlipX = L.ToBool(2)
	return 0
}

// show(id, bool)
func (a *api) show(L *lua.LState) int {
	a.entity(L, 1).Hidden = !L.ToBool(2)
	return 0
}

// tag(id [, newtag]) -> tag
func (a *api) tag(L *lua.LState) int {
	e := a.entity(L, 1)
	if L.GetTop() >= 2 {
		e.Tag = name(L, 2, "tag", maxName)
	}
	L.Push(lua.LString(e.Tag))
	return 1
}

// size(id [, w, h]) -> w, h
func (a *api) size(L *lua.LState) int {
	e := a.entity(L, 1)
	if L.GetTop() >= 3 {
		w, h := num(L, 2), num(L, 3)
		if w < 0 || h < 0 || w > 4096 || h > 4096 {
			L.ArgError(2, "w and h must be between 0 and 4096")
		}
		e.W, e.H = w, h
	}
	L.Push(lua.LNumber(e.W))
	L.Push(lua.LNumber(e.H))
	return 2
}

func button(L *lua.LState, n int) sim.Buttons {
	b := L.CheckInt(n)
	if b < 0 || b >= len(buttonBits) {
		L.ArgError(n, "button must be LEFT, RIGHT, UP, DOWN, A or B (0 to 5)")
	}
	return buttonBits[b]
}

// btn(b) -> held this tick; btn() -> bitmask of held buttons
func (a *api) btn(L *lua.LState) int {
	if L.GetTop() == 0 {
		L.Push(lua.LNumber(a.w.Input().Buttons))
		return 1
	}
	L.Push(lua.LBool(a.w.Held(button(L, 1))))
	return 1
}

// btnp(b) -> pressed this tick (held now, not on the previous tick)
func (a *api) btnp(L *lua.LState) int {
	L.Push(lua.LBool(a.w.Pressed(button(L, 1))))
	return 1
}

// pointer() -> x, y, down in view pixels
func (a *api) pointer(L *lua.LState) int {
	in := a.w.Input()
	L.Push(lua.LNumber(in.PointerX))
	L.Push(lua.LNumber(in.PointerY))
	L.Push(lua.LBool(in.PointerDown))
	return 3
}

func (a *api) tilemap(L *lua.LState) *sim.TileMap {
	if a.w.Map == nil {
		L.RaiseError("this level has no map (set map = \"…tmj\" in level.toml)")
	}
	return a.w.Map
}

// layer reads an optional layer argument: a name or a 1-based index.
func layer(L *lua.LState, m *sim.TileMap, n int) int {
	switch v := L.Get(n).(type) {
	case *lua.LNilType:
		return 0
	case lua.LString:
		if i := m.LayerIndex(string(v)); i >= 0 {
			return i
		}
		L.ArgError(n, fmt.Sprintf("no layer named %q", string(v)))
	case lua.LNumber:
		if i := int(v); i >= 1 && i <= len(m.Layers) {
			return i - 1
		}
		L.ArgError(n, fmt.Sprintf("no layer %d (the map has %d)", int(v), len(m.Layers)))
	default:
		L.ArgError(n, "layer must be a name or a number")
	}
	return 0
}

// mget(cx, cy [, layer]) -> tile id (0 empty or outside)
func (a *api) mget(L *lua.LState) int {
	m := a.tilemap(L)
	L.Push(lua.LNumber(m.Get(layer(L, m, 3), L.CheckInt(1), L.CheckInt(2))))
	return 1
}

// mset(cx, cy, tile [, layer])
func (a *api) mset(L *lua.LState) int {
	m := a.tilemap(L)
	gid := L.CheckInt64(3)
	if gid < 0 || gid > math.MaxUint32 {
		L.ArgError(3, "tile id out of range")
	}
	if err := m.Set(layer(L, m, 4), L.CheckInt(1), L.CheckInt(2), uint32(gid)); err != nil {
		L.RaiseError("mset: %v", err)
	}
	return 0
}

// solid(cx, cy) -> whether a blocking tile is there
func (a *api) solid(L *lua.LState) int {
	m := a.tilemap(L)
	L.Push(lua.LBool(m.SolidAt(L.CheckInt(1), L.CheckInt(2))))
	return 1
}

// mapsize() -> width, height in cells, tile width, tile height
func (a *api) mapsize(L *lua.LState) int {
	m := a.w.Map
	if m == nil {
		for range 4 {
			L.Push(lua.LNumber(0))
		}
		return 4
	}
	for _, v := range []int{m.W, m.H, m.TileW, m.TileH} {
		L.Push(lua.LNumber(v))
	}
	return 4
}

// objects([class]) -> list of the map's objects, optionally only those of a
// class: {id=, name=, class=, layer=, x=, y=, w=, h=, props={…}}. Numeric
// property values come back as numbers, true/false as booleans.
func (a *api) objects(L *lua.LState) int {
	class := optLuaString(L, 1, "")
	list := L.NewTable()
	if a.w.Map != nil {
		for _, o := range a.w.Map.Objects {
			if class != "" && o.Class != class {
				continue
			}
			t := L.NewTable()
			t.RawSetString("id", lua.LNumber(o.ID))
			t.RawSetString("name", lua.LString(o.Name))
			t.RawSetString("class", lua.LString(o.Class))
			t.RawSetString("layer", lua.LString(o.Layer))
			t.RawSetString("x", lua.LNumber(o.X))
			t.RawSetString("y", lua.LNumber(o.Y))
			t.RawSetString("w", lua.LNumber(o.W))
			t.RawSetString("h", lua.LNumber(o.H))
			ps := L.NewTable()
			for _, p := range o.Props {
				ps.RawSetString(p.Name, propValue(p.Value))
			}
			t.RawSetString("props", ps)
			list.Append(t)
		}
	}
	L.Push(list)
	return 1
}

func propValue(s string) lua.LValue {
	switch s {
	case "true":
		return lua.LTrue
	case "false":
		return lua.LFalse
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
		return lua.LNumber(f)
	}
	return lua.LString(s)
}

// camera([x, y]) -> x, y
func (a *api) camera(L *lua.LState) int {
	if L.GetTop() >= 2 {
		a.w.SetCamera(num(L, 1), num(L, 2))
	}
	c := a.w.Camera()
	L.Push(lua.LNumber(c.X))
	L.Push(lua.LNumber(c.Y))
	return 2
}

// follow(id) keeps the camera centred on an entity; follow(nil) stops.
func (a *api) follow(L *lua.LState) int {
	if L.Get(1) == lua.LNil {
		a.w.Follow(0) // cannot fail
		return 0
	}
	if err := a.w.Follow(a.entity(L, 1).ID); err != nil { // a.entity found it alive
		L.RaiseError("follow: %v", err)
	}
	return 0
}

func integer(L *lua.LState, n int) int64 {
	v := num(L, n)
	if v != math.Trunc(v) || v > 1e15 || v < -1e15 {
		L.ArgError(n, "score must be a whole number within ±1e15")
	}
	return int64(v)
}

// score([n]) -> score: sets it when given n.
func (a *api) score(L *lua.LState) int {
	if L.GetTop() >= 1 {
		a.w.SetScore(integer(L, 1))
	}
	L.Push(lua.LNumber(a.w.Score()))
	return 1
}

// addscore(n) -> score
func (a *api) addscore(L *lua.LState) int {
	s := a.w.Score() + integer(L, 1)
	if s > 1e15 || s < -1e15 {
		L.RaiseError("score out of range (±1e15)")
	}
	a.w.SetScore(s)
	L.Push(lua.LNumber(s))
	return 1
}

func messageKey(L *lua.LState, n int) string {
	k := name(L, n, "message key", maxKey)
	if k == "" || strings.ContainsAny(k, " \t\n{}") {
		L.ArgError(n, fmt.Sprintf("bad message key %q", k))
	}
	return k
}

// args reads a table of message arguments {name = value}; values are
// strings or numbers, formatted here so every platform shows the same text.
func args(L *lua.LState, t *lua.LTable, n int) []sim.Arg {
	var out []sim.Arg
	t.ForEach(func(k, v lua.LValue) {
		ks, ok := k.(lua.LString)
		if !ok || len(ks) > maxName {
			L.ArgError(n, "argument names must be short strings")
		}
		var s string
		switch v := v.(type) {
		case lua.LString:
			s = string(v)
		case lua.LNumber:
			s = fmtNumber(float64(v)) // as Lua 5.1's tostring
		case lua.LBool:
			s = v.String()
		default:
			L.ArgError(n, fmt.Sprintf("argument %q must be a string or a number", string(ks)))
		}
		if len(s) > maxValue {
			L.ArgError(n, fmt.Sprintf("argument %q longer than %d bytes", string(ks), maxValue))
		}
		if len(out) >= sim.MaxArgs {
			L.ArgError(n, fmt.Sprintf("at most %d arguments", sim.MaxArgs))
		}
		out = append(out, sim.Arg{Name: string(ks), Value: s})
	})
	return out
}

// say(key [, args]) shows a line of dialogue; say(nil) hides it.
func (a *api) say(L *lua.LState) int {
	if L.Get(1) == lua.LNil {
		a.w.ClearPanel("say")
		return 0
	}
	p := sim.Panel{Name: "say", Key: messageKey(L, 1)}
	if t := L.OptTable(2, nil); t != nil {
		p.Args = args(L, t, 2)
	}
	if err := a.w.SetPanel(p); err != nil {
		L.RaiseError("say: %v", err)
	}
	return 0
}

// panel(name, key [, opts]) shows a text panel; panel(name, nil) hides it.
// opts: args = {…}, x, y = view position, choices = {keys…}, sel = 1-based.
func (a *api) panel(L *lua.LState) int {
	pname := name(L, 1, "panel name", maxName)
	if L.Get(2) == lua.LNil {
		a.w.ClearPanel(pname)
		return 0
	}
	p := sim.Panel{Name: pname, Key: messageKey(L, 2)}
	if opts := L.OptTable(3, nil); opts != nil {
		if t, ok := opts.RawGetString("args").(*lua.LTable); ok {
			p.Args = args(L, t, 3)
		}
		if v, ok := opts.RawGetString("x").(lua.LNumber); ok {
			p.X = int(clampf(float64(v), -sim.ViewW, 2*sim.ViewW))
		}
		if v, ok := opts.RawGetString("y").(lua.LNumber); ok {
			p.Y = int(clampf(float64(v), -sim.ViewH, 2*sim.ViewH))
		}
		if t, ok := opts.RawGetString("choices").(*lua.LTable); ok {
			n := t.Len()
			if n > sim.MaxChoices {
				L.ArgError(3, fmt.Sprintf("at most %d choices", sim.MaxChoices))
			}
			for i := 1; i <= n; i++ {
				k, ok := t.RawGetInt(i).(lua.LString)
				if !ok || len(k) == 0 || len(k) > maxKey {
					L.ArgError(3, "choices must be message keys")
				}
				p.Choices = append(p.Choices, string(k))
			}
		}
		if v, ok := opts.RawGetString("sel").(lua.LNumber); ok && len(p.Choices) > 0 {
			// sel = 0: nothing selected yet (a quiz before the player moves).
			p.Sel = int(clampf(float64(v), 0, float64(len(p.Choices)))) - 1
		}
	}
	if err := a.w.SetPanel(p); err != nil {
		L.RaiseError("panel: %v", err)
	}
	return 0
}

func clampf(v, lo, hi float64) float64 {
	if v != v {
		return lo
	}
	return math.Max(lo, math.Min(v, hi))
}

// win() ends the run as won; lose() as lost. The first call stands.
func (a *api) win(L *lua.LState) int  { a.w.End(sim.Won); return 0 }
func (a *api) lose(L *lua.LState) int { a.w.End(sim.Lost); return 0 }

// outcome() -> "playing", "won" or "lost"
func (a *api) outcome(L *lua.LState) int {
	L.Push(lua.LString(a.w.Outcome().String()))
	return 1
}

// tick() -> completed ticks since the start (60 per second)
func (a *api) tick(L *lua.LState) int {
	L.Push(lua.LNumber(a.w.Tick()))
	return 1
}

// rnd([n]) -> float in [0, n), n defaults to 1
func (a *api) rnd(L *lua.LState) int {
	n := optNum(L, 1, 1)
	L.Push(lua.LNumber(a.w.Rand() * n))
	return 1
}

// rndi(lo, hi) -> integer in [lo, hi]
func (a *api) rndi(L *lua.LState) int {
	lo, hi := L.CheckInt64(1), L.CheckInt64(2)
	if lo > hi {
		L.ArgError(2, "interval is empty")
	}
	L.Push(lua.LNumber(a.w.RandInt(lo, hi)))
	return 1
}

// sfx(preset) or sfx{wave=, freq=, slide=, attack=, decay=, volume=, noise=}
func (a *api) sfx(L *lua.LState) int {
	if s, ok := L.Get(1).(lua.LString); ok {
		snd, found := sim.SoundPreset(string(s))
		if !found {
			L.ArgError(1, fmt.Sprintf("no sound preset %q (have %s)", string(s), strings.Join(sim.SoundPresetNames(), ", ")))
		}
		a.w.PlaySound(snd)
		return 0
	}
	t := L.CheckTable(1)
	get := func(key string, def, lo, hi float64) float64 {
		v := t.RawGetString(key)
		if v == lua.LNil {
			return def
		}
		f, ok := v.(lua.LNumber)
		if !ok || float64(f) < lo || float64(f) > hi {
			L.ArgError(1, fmt.Sprintf("%s must be a number from %g to %g", key, lo, hi))
		}
		return float64(f)
	}
	snd := sim.Sound{
		Wave:   "square",
		Freq:   get("freq", 440, 20, 8000),
		Slide:  get("slide", 0, -8000, 8000),
		Attack: get("attack", 0, 0, 2),
		Decay:  get("decay", 0.2, 0, 4),
		Volume: get("volume", 0.5, 0, 1),
		Noise:  get("noise", 0, 0, 1),
	}
	if wv := t.RawGetString("wave"); wv != lua.LNil {
		ws, ok := wv.(lua.LString)
		if !ok || !slices.Contains(sim.Waves, string(ws)) {
			L.ArgError(1, "wave must be one of "+strings.Join(sim.Waves, ", "))
		}
		snd.Wave = string(ws)
	}
	a.w.PlaySound(snd)
	return 0
}

// fx(kind, x, y): a visual-only effect (particles) the renderer animates.
func (a *api) fx(L *lua.LState) int {
	a.w.AddEffect(sim.Effect{Kind: name(L, 1, "effect name", maxName), X: num(L, 2), Y: num(L, 3)})
	return 0
}
