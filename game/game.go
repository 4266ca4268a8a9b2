package game

import (
	"errors"
	"fmt"
	"image"
	"io/fs"
	"path"
	"slices"
	"sort"
	"sync"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/communs-arcade/arcade/engine/audio"
	"github.com/communs-arcade/arcade/engine/input"
	"github.com/communs-arcade/arcade/engine/level"
	"github.com/communs-arcade/arcade/engine/render"
	"github.com/communs-arcade/arcade/engine/sim"
	"github.com/communs-arcade/arcade/game/community"
	"github.com/communs-arcade/arcade/game/online"
	"github.com/communs-arcade/arcade/wasm/bridge"
)

// Options configure a Game.
type Options struct {
	Levels  fs.FS  // built-in levels, one folder each at the root
	Library fs.FS  // the shared Lua library (scripts/)
	Store   Store  // saved data; nil keeps nothing between runs
	Lang    string // the system's language, used until the player picks one
	// Level, when set, is played at once (arcade play PATH); quitting it
	// goes to the level select.
	Level *level.Level
	// Reload, when set, brings new versions of Level as its folder
	// changes (arcade play --watch): each restarts the play.
	Reload <-chan Reload
	// ExitAfter, when positive, ends the game after that many ticks,
	// handing the last frame to Screenshot if set (arcade play --frames).
	ExitAfter  int
	Screenshot func(*image.RGBA)
	// Inputs, when set, replace the devices tick by tick (tests, demos);
	// once they run out on a level's ending, they press A for the results.
	Inputs []sim.Input
	// StartLevel, when it names a campaign level's id, opens that level at
	// once (the browser's ?level=demo).
	StartLevel string
	// OnFirstFrame is called once, after the first frame is drawn.
	OnFirstFrame func()
	// Server is the score server's address (see online.ServerURL): the
	// page's own in the browser, --server on the desktop. Empty uses the
	// saved setting; with neither, the game plays offline.
	Server string
	// SaveServer makes Server the saved setting ("off" clears it).
	SaveServer bool
	// Net tunes the connection (client name, transport, delays); the game
	// fills in the URL, token and pseudonym.
	Net online.Config
	// CommunityServer is the community levels' API address when it is not
	// the score server's (tests); empty uses the score server's.
	CommunityServer string
	// CommunityTransport sends the API's requests; nil uses the
	// platform's (net/http, or fetch in the browser).
	CommunityTransport community.Transport
	// Link, when set, opens the game on a community level's card: "id" or
	// "id@version" (the browser's /l/<id> page).
	Link string
	// Class, when set, opens the join screen with this class code filled
	// in (the browser's /?class=CODE), or the class's screen when this
	// device is in that class already.
	Class string
	// Touch tells the game the device has a touch screen (the browser
	// page's matchMedia('(pointer: coarse)')): the on-screen controls are
	// shown from the first frame, beside or below the view.
	Touch bool
	// TouchStarts, when set, returns the touches begun since its last call
	// in screen pixels (see input.Reader.SetTouchStarts): the browser's
	// touchstart events, so a tap shorter than a tick still counts.
	TouchStarts func() []input.Point
	// LevelInputs, when set, replace the devices in every level the
	// player opens, tick by tick from its start, while the menus keep the
	// devices (a test joins a class by the keyboard, then wins a level).
	// Once the run is over they press A on its ending for the results.
	LevelInputs []sim.Input
}

// Game is the whole application, an ebiten.Game.
type Game struct {
	opts   Options
	cats   catalogs
	saved  Saved
	notice string // a problem to show once on the title (e.g. saved data set aside)

	// levels is the campaign in order, read by campaign() when first
	// needed (levelsRead): the title shows none of it.
	levels     []*builtin
	levelsRead bool
	scene      scene
	last       *play // the current or last run
	input      *input.Reader
	audio      *audio.Player // nil when there is no sound device, or before sound()
	audioTried bool          // sound() has made g.audio, or found no device
	prev       sim.Buttons   // last tick's buttons, for menu presses
	net        netView       // the score server, as last heard
	keyboard   keyboard      // typed text, for the pseudonym and searches
	comm       communityView // community levels
	// class is the classroom workshop's class (nil: none); classFail the
	// server's refusal of the last join; classLeft the pupil's deletion.
	class     *classroom
	classFail *classFailure
	classLeft classLeaving
	// latched are the buttons held when the scene changed: the new scene
	// sees them as released until the player lets go, so no press
	// carries over from one screen to the next.
	latched sim.Buttons
	// selectPos is where the level select was left, to come back to it.
	selectPos int
	// targets are what a tap can choose on the frame last drawn (menu
	// items); taps the presses a tap became, one per tick (see tap.go).
	targets []tapTarget
	taps    []sim.Buttons
	// view is the 320×180 view, drawn scaled into the screen when the
	// touch controls lay it out (input.Layout); nil until then.
	view *ebiten.Image
	// mu guards the game while it updates or draws: the browser page reads
	// State and Replay from JavaScript callbacks in between.
	mu      sync.Mutex
	frames  int
	drawn   bool
	drawnAt int // the frame count when Draw last ran
	// The studio's controls (wasm/studio) and --watch: a seed other than
	// the board's, a held play and the ticks it may still step.
	reloadSeed uint64
	held       bool
	steps      int
}

// scene is one screen of the game.
type scene interface {
	name() string
	update(g *Game, in sim.Input, pressed sim.Buttons, pause bool)
	draw(g *Game, dst *ebiten.Image)
}

// New reads the saved data and opens on the title, or on opts.Level when
// set. The campaign's manifests are read when first needed (campaign),
// each level loaded when first opened.
func New(opts Options) (*Game, error) {
	cats, err := loadCatalogs()
	if err != nil {
		return nil, err
	}
	g := &Game{opts: opts, cats: cats, keyboard: ebitenKeyboard{}}
	if opts.Lang == "" {
		opts.Lang = Languages[0]
	}
	g.saved = defaultSaved(BestLanguage(opts.Lang))
	if opts.Store != nil {
		s, err := loadSaved(opts.Store, BestLanguage(opts.Lang))
		g.saved = s
		if err != nil {
			g.notice = g.t("error.saved_data", arg("reason", err.Error()))
		}
	}
	mapping := input.DefaultMapping()
	if g.saved.Settings.Keys != "" {
		if m, err := input.DecodeMapping([]byte(g.saved.Settings.Keys)); err == nil {
			mapping = m
		}
	}
	g.input = input.NewReader(mapping)
	g.input.SetTouchDevice(opts.Touch)
	g.input.SetTouchStarts(opts.TouchStarts)
	if err := g.startNet(); err != nil {
		g.notice = err.Error()
	}
	g.rejoinSaved()
	g.scene = &title{}
	if opts.Class != "" {
		if s := g.saved.Class; s != nil && s.Code == normalizeCode(opts.Class) && g.class != nil {
			g.scene = &classHome{}
		} else {
			g.scene = newClassJoin(g, opts.Class)
		}
	}
	if opts.StartLevel != "" {
		levels := g.campaign()
		i := slices.IndexFunc(levels, func(b *builtin) bool { return b.Manifest.ID == opts.StartLevel })
		if i >= 0 {
			g.scene = g.openBuiltin(levels[i])
		} else {
			// A mistyped link (?level=…) says so on the title.
			id := []rune(opts.StartLevel)
			g.notice = g.t("error.unknown_level", arg("level", string(id[:min(len(id), 32)])))
		}
	}
	if opts.Level != nil {
		g.scene = newPlay(g, opts.Level)
	}
	if opts.Link != "" {
		g.scene = newCommunityLevel(g, opts.Link, nil, newCommunityList())
	}
	return g, nil
}

// builtin is a built-in level as the menus know it: its manifest, read with
// the others' when the campaign is first needed, and the level itself,
// loaded and checked (files, catalogues, maps, images, content hash) only
// when it is first opened. Loading every level before the title cost about
// a second of the browser's first visit (issue 14); the menus need only
// titles, summaries, ids and tags.
type builtin struct {
	Manifest level.Manifest
	fsys     fs.FS
	dir      string
	lvl      *level.Level // nil until loaded
}

// load returns the level, loading it the first time: the same bytes give
// the same level, content hash and board seed whenever it is loaded.
func (b *builtin) load() (*level.Level, error) {
	if b.lvl != nil {
		return b.lvl, nil
	}
	lvl, err := level.LoadFS(b.fsys, b.dir)
	if err != nil {
		return nil, err
	}
	lvl.Path = path.Join("levels", lvl.Path)
	b.lvl = lvl
	return lvl, nil
}

// loadCampaign reads the manifest of every level folder of fsys (the
// folders level.Dirs lists) and orders them by campaign position, then the
// levels outside the campaign by id.
func loadCampaign(fsys fs.FS) ([]*builtin, error) {
	dirs, err := level.Dirs(fsys)
	if err != nil {
		return nil, fmt.Errorf("game: %w", err)
	}
	var out []*builtin
	for _, dir := range dirs {
		data, err := fs.ReadFile(fsys, path.Join(dir, level.ManifestName))
		if err != nil {
			return nil, fmt.Errorf("game: levels/%s: %w", dir, err)
		}
		m, err := level.ParseManifest(data)
		if err != nil {
			return nil, fmt.Errorf("game: levels/%s: %w", dir, err)
		}
		out = append(out, &builtin{Manifest: *m, fsys: fsys, dir: dir})
	}
	if len(out) == 0 {
		return nil, errors.New("game: no levels")
	}
	// Campaign levels in their order, then the others (the demo) by id.
	rank := func(b *builtin) int {
		if c := b.Manifest.Campaign; c > 0 {
			return c
		}
		return 1 << 30
	}
	sort.SliceStable(out, func(i, j int) bool {
		if ri, rj := rank(out[i]), rank(out[j]); ri != rj {
			return ri < rj
		}
		return out[i].Manifest.ID < out[j].Manifest.ID
	})
	return out, nil
}

// sound returns the sound player (nil: silent), making it the first time:
// as a level opens, or in the settings (the volume's blip). Ebiten opens
// the audio device on the Update after the context exists, and in a
// browser that was a good part of the time from the game's start to its
// first frame, for a title that plays no sound; browsers keep audio
// muted until a tap or key press anyway, and getting to a level takes
// some.
func (g *Game) sound() *audio.Player {
	if !g.audioTried {
		g.audioTried = true
		if p, err := audio.New(44100); err == nil {
			g.audio = p
			p.SetVolume(float64(g.saved.Settings.Volume) / 100)
		}
	}
	return g.audio
}

// campaign returns the built-in levels in campaign order, reading their
// manifests the first time it is called: the level select, the boards or a
// link to a level need them, the title does not, and reading them cost a
// tenth of a second before the browser's first frame. The levels are
// compiled in and checked by the levels' tests, so a failure here is a
// broken build: it is shown on the title and the campaign stays empty.
func (g *Game) campaign() []*builtin {
	if !g.levelsRead && g.opts.Levels != nil {
		g.levelsRead = true
		levels, err := loadCampaign(g.opts.Levels)
		if err != nil {
			g.notice = err.Error()
		}
		g.levels = levels
	}
	return g.levels
}

// openBuiltin starts a built-in level, loading it first if need be, or
// shows why it cannot start.
func (g *Game) openBuiltin(b *builtin) scene {
	lvl, err := b.load()
	if err != nil {
		return &failed{lvlTitle: g.levelTitle(&b.Manifest), err: err}
	}
	return newPlay(g, lvl)
}

// t returns the game's text for key in the current language.
func (g *Game) t(key string, args ...sim.Arg) string {
	return fill(lookup(g.cats, g.saved.Settings.Lang, key), args)
}

func (g *Game) lang() string { return g.saved.Settings.Lang }

// levelText resolves a level's message keys in the current language.
func (g *Game) levelText(lvl *level.Level) render.Text {
	return func(key string, args []sim.Arg) string {
		return fill(lookup(lvl.Text, g.lang(), key), args)
	}
}

// levelTitle is the title of a level (its manifest) in the current language.
func (g *Game) levelTitle(m *level.Manifest) string {
	if g.lang() == "en" {
		return m.Title.EN
	}
	return m.Title.FR
}

// levelSummary is a level's summary in the current language.
func (g *Game) levelSummary(m *level.Manifest) string {
	if g.lang() == "en" {
		return m.Summary.EN
	}
	return m.Summary.FR
}

func (g *Game) save() {
	if g.opts.Store == nil {
		return
	}
	if err := g.saved.store(g.opts.Store); err != nil {
		g.notice = err.Error()
	}
}

func (g *Game) renderOptions() render.Options {
	s := g.saved.Settings
	return render.Options{TextScale: float64(s.TextScale) / 100, HighContrast: s.HighContrast, ReducedMotion: s.ReducedMotion, TopInset: int(g.hudHeight()) + 2}
}

// scripted reports whether scripted inputs play the current level and have
// run out: LevelInputs always, Inputs once the ticks they list are past.
func (g *Game) scripted() bool {
	return g.opts.LevelInputs != nil || (g.opts.Inputs != nil && g.frames >= len(g.opts.Inputs))
}

// Update advances the game by one tick (Ebiten calls it 60 times a second).
func (g *Game) Update() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.opts.ExitAfter > 0 && g.frames >= g.opts.ExitAfter {
		// Ebiten may run several updates per frame: stop only once the
		// last frame has been drawn (and captured, when asked).
		if g.drawnAt >= g.opts.ExitAfter {
			return ebiten.Termination
		}
		return nil
	}
	in, pause := g.input.Poll()
	if p, ok := g.input.Tap(); ok {
		g.tapAt(p)
	}
	in.Buttons |= g.nextTap()
	if g.opts.Inputs != nil {
		in, pause = sim.Input{}, false
		if g.frames < len(g.opts.Inputs) {
			in = g.opts.Inputs[g.frames]
		}
	}
	if p, ok := g.scene.(*play); ok && g.opts.LevelInputs != nil && !p.paused && !p.sess.Done() {
		in, pause = sim.Input{}, false
		if i := len(p.inputs); i < len(g.opts.LevelInputs) {
			in = g.opts.LevelInputs[i]
		}
		g.latched = 0 // the level's inputs are not the devices the menus saw
	} else if ok && p.sess.Done() && !p.paused && g.scripted() {
		// The run is over: the scripted player presses A on its ending,
		// as a player would to reach the results.
		in, pause = sim.Input{}, false
		if p.ended%2 == 1 {
			in.Buttons = sim.A
		}
	}
	held := in.Buttons
	g.latched &= held
	in.Buttons &^= g.latched
	pressed := in.Buttons &^ g.prev
	g.prev = in.Buttons
	before := g.focus()
	g.pollNet()
	if g.pollReload() {
		// A key pressed as the level reloads is no press in the new one.
		pressed = 0
	}
	if g.heldTick() {
		return nil
	}
	if g.classPaused() {
		// The teacher's pause stops every scene, a level's clock too.
		return nil
	}
	if g.focus() != before {
		pressed = 0 // the network changed the scene: the press was for the old one
	}
	g.scene.update(g, in, pressed, pause)
	if g.focus() != before {
		g.taps = nil // what a tap chose is done
		// The scene that saw a press consumed it. The play scene records
		// the masked input, so its replay is what the level was fed.
		g.latched = held
	}
	g.frames++
	return nil
}

// focus is what takes the player's presses: the scene, and for a level
// whether its pause menu is open.
type focus struct {
	s      scene
	paused bool
}

func (g *Game) focus() focus {
	if p, ok := g.scene.(*play); ok {
		return focus{p, p.paused}
	}
	return focus{s: g.scene}
}

// Draw draws the current scene; it only reads state.
func (g *Game) Draw(screen *ebiten.Image) {
	g.mu.Lock()
	first := !g.drawn
	defer func() {
		g.mu.Unlock()
		if first && g.opts.OnFirstFrame != nil {
			g.opts.OnFirstFrame()
		}
	}()
	// With touch controls the view is drawn apart, then scaled into its
	// place on the screen, the controls around it.
	l := g.input.Layout()
	view := screen
	if l.Controls {
		if g.view == nil {
			g.view = ebiten.NewImage(sim.ViewW, sim.ViewH)
		}
		g.view.Clear()
		view = g.view
	}
	g.targets = g.targets[:0]
	g.scene.draw(g, view)
	if g.classPaused() {
		g.drawClassPause(view)
		g.targets = g.targets[:0] // the teacher's pause takes no tap
	}
	if l.Controls {
		op := &ebiten.DrawImageOptions{Filter: ebiten.FilterPixelated}
		op.GeoM.Scale(l.Scale(), l.Scale())
		op.GeoM.Translate(float64(l.View.Min.X), float64(l.View.Min.Y))
		screen.DrawImage(g.view, op)
		g.drawRotateHint(screen, l)
	}
	g.input.DrawTouch(screen)
	g.drawn = true
	g.drawnAt = g.frames
	if g.opts.Screenshot != nil && g.opts.ExitAfter > 0 && g.frames >= g.opts.ExitAfter {
		img := image.NewRGBA(screen.Bounds())
		screen.ReadPixels(img.Pix)
		g.opts.Screenshot(img)
		g.opts.Screenshot = nil
	}
}

// Layout fixes the logical screen at the simulation's view size, which
// Ebiten scales to the window; with touch controls the screen is the
// window's size, the view scaled inside it and the controls around it
// (input.TouchLayout).
func (g *Game) Layout(outsideW, outsideH int) (int, int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.input.ScreenSize(outsideW, outsideH)
}

// Ready reports whether a frame has been drawn.
func (g *Game) Ready() bool { return g.drawn }

// Frames counts the ticks the game has run.
func (g *Game) Frames() int { return g.frames }

// State is what the page's testing interface shows: nothing a player could
// not see.
type State struct {
	Scene     string `json:"scene"`
	Level     string `json:"level"`
	Tick      uint32 `json:"tick"`
	Score     int64  `json:"score"`
	Hash      string `json:"hash"`
	HashValue uint64 `json:"-"`
	Outcome   string `json:"outcome"`
	// Online is the score server as the player sees it: status,
	// pseudonym, the last run sent, the leaderboard on screen.
	Online bridge.Online `json:"online"`
	// Community is what the Community screens show.
	Community *bridge.Community `json:"community"`
	// Class is the pupil's class, nil outside one.
	Class *bridge.Class `json:"class"`
	// Touch is where the touch controls and the tap targets are on the
	// screen, nil without touch controls.
	Touch *bridge.Touch `json:"touch"`
}

// State describes the current scene and run.
func (g *Game) State() State {
	g.mu.Lock()
	defer g.mu.Unlock()
	st := State{Scene: g.scene.name(), Online: g.netState(), Community: g.communityState(), Class: g.classState(), Touch: g.touchState()}
	if p := g.lastPlay(); p != nil {
		st.Level = p.lvl.Manifest.ID
		if p.sess != nil {
			r := p.sess.Result()
			st.Tick, st.Score, st.HashValue, st.Outcome = r.Ticks, r.Score, r.Hash, r.Outcome.String()
			st.Hash = fmt.Sprintf("%016x", r.Hash)
		}
	}
	return st
}

// Replay returns the current or last run's record, encoded, or nil.
func (g *Game) Replay() []byte {
	g.mu.Lock()
	defer g.mu.Unlock()
	if p := g.lastPlay(); p != nil {
		return p.replay()
	}
	return nil
}

// Run opens a window (or the browser canvas) and runs the game.
func Run(g *Game) error {
	ebiten.SetWindowTitle(g.t("title.name"))
	ebiten.SetWindowSize(sim.ViewW*3, sim.ViewH*3)
	ebiten.SetWindowResizingMode(ebiten.WindowResizingModeEnabled)
	ebiten.SetScreenClearedEveryFrame(true)
	return ebiten.RunGame(g)
}
