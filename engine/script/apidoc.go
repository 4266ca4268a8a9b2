package script

// Code generated from this table by `go generate ./engine/script` goes
// into docs/lua-api.md (its function tables) and
// wasm/studio/src/api.json (the studio's completion); TestAPIReference
// fails when either is stale, when a function the sandbox offers has no
// entry, or when an entry names nothing the sandbox offers.

//go:generate go run apidoc_gen.go

// APIEntry is one name of the level API as authors see it.
type APIEntry struct {
	// Section is the table of docs/lua-api.md the entry is a row of
	// (see APISections), "" for names described in prose only.
	Section string `json:"-"`
	// Name is the global ("spawn", "LEFT") or module field
	// ("timer.after") the entry describes.
	Name string `json:"name"`
	// Kind is "function" (when empty), "constant", "callback" or "table".
	Kind string `json:"kind,omitempty"`
	// Forms are the ways to call it, as written in Lua.
	Forms []string `json:"forms,omitempty"`
	// Returns says what a call returns, "" for nothing.
	Returns string `json:"returns,omitempty"`
	// Help is one line (Markdown code spans allowed).
	Help string `json:"help"`
}

// APISection is a table of docs/lua-api.md made from APIReference.
type APISection struct {
	ID      string // the marker's name: <!-- api-table: ID -->
	Returns bool   // whether the table has a "returns" column
}

// APISections lists the generated tables, in the doc's order.
var APISections = []APISection{
	{"entities", true}, {"input", true}, {"map", true}, {"camera", true}, {"score", true},
	{"text", false}, {"sound", true}, {"random", true},
	{"lib-flow", false}, {"lib-timer", false}, {"lib-dialogue", false}, {"lib-steer", false},
	{"lib-fleeting_note", false}, {"lib-cellwalk", false}, {"lib-bulletin", false},
	{"lib-sentry", false}, {"lib-quiz", false},
}

// APIReference is the level API, the one source of its names and one-line
// help: the sandbox's globals (engine/script), the callbacks a level
// defines and the shared library's modules (scripts/).
var APIReference = []APIEntry{
	// entities
	{Section: "entities", Name: "spawn", Forms: []string{"spawn(sprite, x, y [, props])"}, Returns: "id",
		Help: "Adds an entity. `props` may set `w`, `h` (default 8, 0–4096), `vx`, `vy`, `z` (drawing order), `frame`, `solid` (blocks others' moves), `hidden`, `flip`, `tag`, `uncovered` (notes never cover it, as they never cover the entity tagged `player`: for what a hint points at)."},
	{Section: "entities", Name: "kill", Forms: []string{"kill(id)"},
		Help: "Removes an entity. Killing a dead one does nothing."},
	{Section: "entities", Name: "alive", Forms: []string{"alive(id)"}, Returns: "boolean",
		Help: "Whether the entity exists."},
	{Section: "entities", Name: "pos", Forms: []string{"pos(id)"}, Returns: "x, y",
		Help: "Position."},
	{Section: "entities", Name: "setpos", Forms: []string{"setpos(id, x, y)"},
		Help: "Teleports, ignoring walls."},
	{Section: "entities", Name: "vel", Forms: []string{"vel(id)"}, Returns: "vx, vy",
		Help: "Velocity."},
	{Section: "entities", Name: "setvel", Forms: []string{"setvel(id, vx, vy)"},
		Help: "Velocity in pixels per tick, applied after `_update` with collisions; an axis that hits something drops to 0."},
	{Section: "entities", Name: "move", Forms: []string{"move(id, dx, dy)"}, Returns: "blockedx, blockedy, blocker",
		Help: "Moves now, sliding along walls. `blocker` is the id of the solid entity that stopped it, or `nil` (none, or a tile)."},
	{Section: "entities", Name: "hit", Forms: []string{"hit(id [, tag])"}, Returns: "id or nil",
		Help: "The overlapping entity with the lowest id (only those with `tag` if given). Touching edges do not overlap."},
	{Section: "entities", Name: "hits", Forms: []string{"hits(id [, tag])"}, Returns: "list of ids",
		Help: "All overlapping entities, in id order."},
	{Section: "entities", Name: "find", Forms: []string{"find(tag)"}, Returns: "list of ids",
		Help: "All entities with that tag, in id order (`find(\"\")`: untagged ones)."},
	{Section: "entities", Name: "sprite", Forms: []string{"sprite(id, name [, frame])"},
		Help: "Changes the sprite and frame (default 0); stops any animation."},
	{Section: "entities", Name: "anim", Forms: []string{"anim(id, frames, ticks)"},
		Help: "Plays `frames` (a list of frame numbers, at most 64), each for `ticks` ticks (≥ 1), looping. Calling it again with the same frames and speed does not restart it, so it can sit in `_update`."},
	{Section: "entities", Name: "flip", Forms: []string{"flip(id, bool)"},
		Help: "Mirrors the sprite horizontally."},
	{Section: "entities", Name: "show", Forms: []string{"show(id, bool)"},
		Help: "Shows or hides."},
	{Section: "entities", Name: "tag", Forms: []string{"tag(id [, tag])"}, Returns: "tag",
		Help: "Reads, or sets then returns, the tag."},
	{Section: "entities", Name: "size", Forms: []string{"size(id [, w, h])"}, Returns: "w, h",
		Help: "Reads, or sets then returns, the size (0–4096)."},
	// input
	{Section: "input", Name: "btn", Forms: []string{"btn(b)"}, Returns: "boolean",
		Help: "Whether button `b` is held this tick."},
	{Section: "input", Name: "btn", Forms: []string{"btn()"}, Returns: "number",
		Help: "Bitmask of held buttons: LEFT 1, RIGHT 2, UP 4, DOWN 8, A 16, B 32."},
	{Section: "input", Name: "btnp", Forms: []string{"btnp(b)"}, Returns: "boolean",
		Help: "Whether `b` went down this tick (held now, not on the previous tick)."},
	{Section: "input", Name: "pointer", Forms: []string{"pointer()"}, Returns: "x, y, down",
		Help: "Mouse or first touch, in view pixels, and whether it is pressed."},
	// map
	{Section: "map", Name: "mget", Forms: []string{"mget(cx, cy [, layer])"}, Returns: "tile id",
		Help: "Tile at a cell, 0 outside the map. `layer` is a name or a number from 1 (default: the first layer)."},
	{Section: "map", Name: "mset", Forms: []string{"mset(cx, cy, tile [, layer])"},
		Help: "Changes a tile (0 empties the cell)."},
	{Section: "map", Name: "solid", Forms: []string{"solid(cx, cy)"}, Returns: "boolean",
		Help: "Whether a blocking tile is at the cell in any layer; `false` outside."},
	{Section: "map", Name: "mapsize", Forms: []string{"mapsize()"}, Returns: "w, h, tilew, tileh",
		Help: "Size in cells and tile size in pixels; four zeros without a map."},
	{Section: "map", Name: "objects", Forms: []string{"objects([class])"}, Returns: "list",
		Help: "The map's objects, optionally of one class: `{id, name, class, layer, x, y, w, h, props}`. Custom properties come back as numbers and booleans when they are, strings otherwise."},
	// camera
	{Section: "camera", Name: "camera", Forms: []string{"camera([x, y])"}, Returns: "x, y",
		Help: "Reads, or sets then returns, the top-left corner of the view in world pixels. Setting it stops following."},
	{Section: "camera", Name: "follow", Forms: []string{"follow(id)"},
		Help: "Keeps the view centred on an entity, clamped to the map's edges; `follow(nil)` stops. Following ends by itself when the entity dies."},
	// score
	{Section: "score", Name: "score", Forms: []string{"score([n])"}, Returns: "score",
		Help: "Reads, or sets then returns, the score: a whole number within ±10^15."},
	{Section: "score", Name: "addscore", Forms: []string{"addscore(n)"}, Returns: "score",
		Help: "Adds `n` (may be negative)."},
	{Section: "score", Name: "win", Forms: []string{"win()"},
		Help: "Ends the run, won. The first call stands: `lose()` after `win()` in the same tick changes nothing."},
	{Section: "score", Name: "lose", Forms: []string{"lose()"},
		Help: "Ends the run, lost. The first call stands: `lose()` after `win()` in the same tick changes nothing."},
	{Section: "score", Name: "outcome", Forms: []string{"outcome()"}, Returns: "`\"playing\"`, `\"won\"` or `\"lost\"`",
		Help: "How the run stands."},
	{Section: "score", Name: "tick", Forms: []string{"tick()"}, Returns: "number",
		Help: "Completed ticks since the start."},
	// text
	{Section: "text", Name: "say", Forms: []string{"say(key [, args])"},
		Help: "Shows a line of dialogue (the panel named `\"say\"`); `say(nil)` hides it."},
	{Section: "text", Name: "panel", Forms: []string{"panel(name, key [, opts])"},
		Help: "Shows a text panel, replacing the panel of the same name in place; `panel(name, nil)` hides it. `opts`: `args = {…}`, `x`, `y` (view position, 0, 0 = the default place), `choices = {keys…}` (at most 6, for a menu or a quiz) and `sel` (the highlighted choice, from 1; 0 highlights none). A panel without choices keeps clear of the game's top bar, the dialogue box, the player, entities spawned `uncovered` and question boxes: where its place would cover one (a larger text size makes that likelier), it moves below or above, or is left out of that frame."},
	// sound
	{Section: "sound", Name: "sfx", Forms: []string{"sfx(preset)"},
		Help: "Plays a named sound: `blip`, `coin`, `hit`, `jump`, `lose`, `pickup`, `powerup`, `select` or `win`."},
	{Section: "sound", Name: "sfx", Forms: []string{"sfx{wave=, freq=, slide=, attack=, decay=, volume=, noise=}"},
		Help: "Synthesizes a sound from parameters, in the spirit of sfxr (see the table below)."},
	{Section: "sound", Name: "fx", Forms: []string{"fx(kind, x, y)"},
		Help: "Asks the renderer for a visual effect (particles) at a world position; it never touches the game's random numbers."},
	// random
	{Section: "random", Name: "rnd", Forms: []string{"rnd([n])"}, Returns: "number",
		Help: "A float in [0, n), n defaults to 1."},
	{Section: "random", Name: "rndi", Forms: []string{"rndi(lo, hi)"}, Returns: "integer",
		Help: "An integer in [lo, hi]."},
	{Section: "random", Name: "math.random", Forms: []string{"math.random()", "math.random(n)", "math.random(lo, hi)"}, Returns: "number",
		Help: "Lua's forms: [0, 1), [1, n], [lo, hi]."},
	{Section: "random", Name: "math.randomseed", Forms: []string{"math.randomseed(n)"},
		Help: "Restarts the generator from `n`."},
	{Section: "random", Name: "log", Forms: []string{"log(…)"},
		Help: "Writes a line to the level's log (the developer console, `arcade sim`), values separated by tabs. `print` does not exist."},
	{Section: "text", Name: "quiz_answer", Forms: []string{"quiz_answer(key, choice, right)"},
		Help: "Tells the server a quiz answer (question key, chosen answer from 1, right or not), for a class's quiz results; changes nothing in the world. The shared `quiz` module calls it: levels rarely need to."},
	// lib-flow
	{Section: "lib-flow", Name: "flow.go", Forms: []string{"flow.go(phase)"},
		Help: "Enters the phase, a name the level chooses (`\"play\"`, `\"talk\"`, `\"quiz\"`…); a run starts in `\"intro\"`, and only `flow.win` and `flow.lose` enter `\"over\"`."},
	{Section: "lib-flow", Name: "flow.is", Forms: []string{"flow.is(phase)"},
		Help: "Whether the run is in the phase: `if not flow.is(\"play\") then return end`."},
	{Section: "lib-flow", Name: "flow.phase", Forms: []string{"flow.phase()"},
		Help: "The name of the current phase."},
	{Section: "lib-flow", Name: "flow.paused", Forms: []string{"flow.paused()"},
		Help: "Runs the dialogue and the question of this tick; `true` while either shows, so the play waits: `if flow.paused() then return end`. On the tick A closes a dialogue it is `false`, unless the dialogue was started with `{consume = true}`."},
	{Section: "lib-flow", Name: "flow.ask", Forms: []string{"flow.ask(name, {choices=, answer=, points=, done=})"},
		Help: "Asks the question by its key convention: `name .. \".q\"`, the choices `name .. \".a1\"`… in the order shown, their explanations `name .. \".why1\"`…; `choices`: how many, `answer`: the right one's number, `points` and `done(correct)` as in `quiz.ask`."},
	{Section: "lib-flow", Name: "flow.keys", Forms: []string{"flow.keys(name, n)"},
		Help: "The keys `flow.ask` uses: the question's, then the lists of `n` choices and of their explanations."},
	{Section: "lib-flow", Name: "flow.win", Forms: []string{"flow.win(key [, args])"},
		Help: "Ends the run won: says the closing message with its args, plays `\"win\"`, calls `win()`, enters `\"over\"`."},
	{Section: "lib-flow", Name: "flow.lose", Forms: []string{"flow.lose(key [, args])"},
		Help: "Ends the run lost: says the closing message with its args, plays `\"lose\"`, calls `lose()`, enters `\"over\"`."},
	{Section: "lib-flow", Name: "flow.over", Forms: []string{"flow.over()"},
		Help: "Whether the run has ended (`flow.is(\"over\")`)."},
	{Section: "lib-flow", Name: "flow.overlaps", Forms: []string{"flow.overlaps(a, b)"},
		Help: "Whether the boxes of entities `a` and `b` overlap, as `hits(a)` would list `b` (touching edges do not; a dead entity overlaps nothing)."},
	{Section: "lib-flow", Name: "flow.clock", Forms: []string{"flow.clock(secs)"},
		Help: "A number of seconds as `\"m:ss\"`: `flow.clock(125)` is `\"2:05\"`."},
	// lib-timer
	{Section: "lib-timer", Name: "timer.after", Forms: []string{"timer.after(ticks, fn)"},
		Help: "Calls `fn` once, `ticks` ticks from now."},
	{Section: "lib-timer", Name: "timer.every", Forms: []string{"timer.every(ticks, fn)"},
		Help: "Calls `fn` every `ticks` ticks (≥ 1)."},
	{Section: "lib-timer", Name: "timer.update", Forms: []string{"timer.update()"},
		Help: "Runs the timers that are due; call once per `_update`."},
	{Section: "lib-timer", Name: "timer.clear", Forms: []string{"timer.clear()"},
		Help: "Cancels all timers."},
	// lib-dialogue
	{Section: "lib-dialogue", Name: "dialogue.start", Forms: []string{"dialogue.start(lines [, done [, opts]])"},
		Help: "Shows the lines in turn with `say`, then calls `done`. Each line is a message key, or `{key, args}` for a message with placeholders: `{{\"report\", {served = 12}}, \"next\"}`. With `opts.consume`, the A that closes the last line is used up (see `update`)."},
	{Section: "lib-dialogue", Name: "dialogue.update", Forms: []string{"dialogue.update()"},
		Help: "Advances on A (with `blip`/`select` sounds); returns `true` while a line shows, so the level can pause: `if dialogue.update() then return end`. On the tick A closes the last line it returns `false` (the level plays on that tick), or `true` if the dialogue was started with `{consume = true}`, so that press does not also answer a question or a menu `done` opens."},
	{Section: "lib-dialogue", Name: "dialogue.active", Forms: []string{"dialogue.active()"},
		Help: "Whether a dialogue is running."},
	// lib-steer
	{Section: "lib-steer", Name: "steer.dir", Forms: []string{"steer.dir(speed)"},
		Help: "The step `dx, dy` the held arrows ask for at `speed` pixels per tick."},
	{Section: "lib-steer", Name: "steer.walk", Forms: []string{"steer.walk(id, speed)"},
		Help: "Moves the entity by that step (stopping at walls), turns it to face left or right, and returns what `move` returns."},
	// lib-fleeting_note
	{Section: "lib-fleeting_note", Name: "fleeting_note.show", Forms: []string{"fleeting_note.show(key [, args [, opts]])"},
		Help: "Shows the message key in the panel `opts.name` (default `\"note\"`) at `opts.x, opts.y` for `opts.ticks` ticks (default 180), replacing the message before it."},
	{Section: "lib-fleeting_note", Name: "fleeting_note.update", Forms: []string{"fleeting_note.update()"},
		Help: "Counts one tick down and hides the message when its time is up; call once per `_update` while it should age."},
	{Section: "lib-fleeting_note", Name: "fleeting_note.hide", Forms: []string{"fleeting_note.hide()"},
		Help: "Hides the message now."},
	{Section: "lib-fleeting_note", Name: "fleeting_note.active", Forms: []string{"fleeting_note.active()"},
		Help: "Whether a message is showing."},
	// lib-cellwalk
	{Section: "lib-cellwalk", Name: "cellwalk.place", Forms: []string{"cellwalk.place(id, cx, cy, size [, ox, oy])"},
		Help: "Puts the entity on cell `cx, cy` of a grid of `size`-pixel cells (`ox, oy` offset it inside its cell) and starts tracking it."},
	{Section: "lib-cellwalk", Name: "cellwalk.cell", Forms: []string{"cellwalk.cell(id)"},
		Help: "The cell the entity stands on, or is stepping to."},
	{Section: "lib-cellwalk", Name: "cellwalk.busy", Forms: []string{"cellwalk.busy(id)"},
		Help: "Whether it is between two cells."},
	{Section: "lib-cellwalk", Name: "cellwalk.step", Forms: []string{"cellwalk.step(id, dx, dy, ticks [, done])"},
		Help: "Starts a step of `dx, dy` cells lasting `ticks`, facing left or right; `done(cx, cy)` runs on arrival. Returns `false` while busy."},
	{Section: "lib-cellwalk", Name: "cellwalk.drive", Forms: []string{"cellwalk.drive(id, ticks, can [, done])"},
		Help: "When idle, steps the way a held arrow points if `can(cx, cy)` allows the cell (UP, DOWN, LEFT, RIGHT are tried in turn, so holding two arrows turns the next corner); returns the step `dx, dy` or `nil`."},
	{Section: "lib-cellwalk", Name: "cellwalk.forget", Forms: []string{"cellwalk.forget(id)"},
		Help: "Stops tracking the entity."},
	{Section: "lib-cellwalk", Name: "cellwalk.update", Forms: []string{"cellwalk.update()"},
		Help: "Glides every walker one tick; call once per `_update`. Killed entities are forgotten."},
	// lib-bulletin
	{Section: "lib-bulletin", Name: "bulletin.news", Forms: []string{"bulletin.news(key [, args [, ticks]])"},
		Help: "`fleeting_note.show` in the panel `\"news\"` at `bulletin.x, bulletin.y` (4, 30: under the HUD) for `ticks` (default 300), replacing the line before."},
	{Section: "lib-bulletin", Name: "bulletin.clear", Forms: []string{"bulletin.clear()"},
		Help: "Hides the news line now."},
	{Section: "lib-bulletin", Name: "bulletin.clock", Forms: []string{"bulletin.clock(ticks)"},
		Help: "`\"m:ss\"` for a number of ticks, rounded up (`\"0:00\"` only when none are left)."},
	{Section: "lib-bulletin", Name: "bulletin.ask", Forms: []string{"bulletin.ask(name, spec [, delay])"},
		Help: "Calls `flow.ask(name, spec)` `delay` ticks from now (the news that led to it can be read), clearing the news line."},
	{Section: "lib-bulletin", Name: "bulletin.waiting", Forms: []string{"bulletin.waiting()"},
		Help: "Whether a question is about to be asked."},
	{Section: "lib-bulletin", Name: "bulletin.update", Forms: []string{"bulletin.update()"},
		Help: "Counts the news line down (`fleeting_note.update`) and asks a due question; call once per `_update`, before `flow.paused()`."},
	// lib-sentry
	{Section: "lib-sentry", Name: "sentry.patrol", Forms: []string{"sentry.patrol(id, x1, y1, x2, y2, speed)"},
		Help: "Puts the entity at `(x1, y1)` and walks it to `(x2, y2)` and back for ever, `speed` pixels per tick, through walls (a fixed beat players can learn)."},
	{Section: "lib-sentry", Name: "sentry.chase", Forms: []string{"sentry.chase(id, target, speed)"},
		Help: "Walks the entity towards the centre of `target`, sliding along walls; where it stands now is its home."},
	{Section: "lib-sentry", Name: "sentry.speed", Forms: []string{"sentry.speed(id [, s])"},
		Help: "Reads, or sets then returns, a sentry's speed (`nil` if `id` is not one)."},
	{Section: "lib-sentry", Name: "sentry.scale", Forms: []string{"sentry.scale(k [, max])"},
		Help: "Multiplies every speed by `k`, capped at `max`: a difficulty ramp."},
	{Section: "lib-sentry", Name: "sentry.home", Forms: []string{"sentry.home()"},
		Help: "Sends every chaser back home (after a catch, so it is not an endless trap)."},
	{Section: "lib-sentry", Name: "sentry.forget", Forms: []string{"sentry.forget(id)"},
		Help: "Stops moving the sentry (the entity stays)."},
	{Section: "lib-sentry", Name: "sentry.clear", Forms: []string{"sentry.clear()"},
		Help: "Stops moving every sentry (the entities stay)."},
	{Section: "lib-sentry", Name: "sentry.update", Forms: []string{"sentry.update()"},
		Help: "Moves every sentry one tick and drops dead ones; skip it while the game is paused."},
	// lib-quiz
	{Section: "lib-quiz", Name: "quiz.ask", Forms: []string{"quiz.ask{question=, choices=, answer=, explain=, points=, done=}"},
		Help: "`question`: a key; `choices`: at least two keys; `answer`: the number of the right choice; `explain`: a key, or one key per choice, shown after answering; `points`: added when right (default 100); `done(correct)` is called when closed."},
	{Section: "lib-quiz", Name: "quiz.update", Forms: []string{"quiz.update()"},
		Help: "Returns `true` while the question or its explanation shows."},
	{Section: "lib-quiz", Name: "quiz.active", Forms: []string{"quiz.active()"},
		Help: "Whether a question is open."},
	// constants (described in prose under Input)
	{Section: "", Name: "LEFT", Kind: "constant", Help: "Button 0: the left arrow (`btn(LEFT)`)."},
	{Section: "", Name: "RIGHT", Kind: "constant", Help: "Button 1: the right arrow."},
	{Section: "", Name: "UP", Kind: "constant", Help: "Button 2: the up arrow."},
	{Section: "", Name: "DOWN", Kind: "constant", Help: "Button 3: the down arrow."},
	{Section: "", Name: "A", Kind: "constant", Help: "Button 4: A (Z or Space on a keyboard)."},
	{Section: "", Name: "B", Kind: "constant", Help: "Button 5: B (X on a keyboard)."},
	{Section: "", Name: "W", Kind: "constant", Help: "The view's width in pixels: 320."},
	{Section: "", Name: "H", Kind: "constant", Help: "The view's height in pixels: 180."},
	{Section: "", Name: "_init", Kind: "callback", Forms: []string{"function _init()"}, Help: "Runs once at the start, after the main chunk, if defined."},
	{Section: "", Name: "_update", Kind: "callback", Forms: []string{"function _update()"}, Help: "Runs every tick, 60 times per second, if defined."},
}
