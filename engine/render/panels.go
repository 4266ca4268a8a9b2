package render

import (
	"image"
	"image/color"
	"math"
	"slices"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/communs-arcade/arcade/engine/level"
	"github.com/communs-arcade/arcade/engine/sim"
)

// Panel layout, in view pixels.
const (
	panelMargin  = 4   // between the view's edge and a panel
	minNoteWidth = 40  // narrowest wrapping width of a placed panel
	maxQuizWidth = 260 // widest text of a question box
	sayShare     = 0.45
	blinkTicks   = 30 // the dialogue hint blinks every half second
)

// wrapKey identifies a wrapped text in the renderer's cache.
type wrapKey struct {
	s     string
	size  float64
	width int
}

// maxWraps bounds the cache of wrapped texts; it is emptied when full.
const maxWraps = 256

// wrap is Wrap at the panel text size, remembered: panels are redrawn
// every frame with the same texts.
func (r *Renderer) wrap(s string, width int) []string {
	k := wrapKey{s, r.textSize, width}
	if lines, ok := r.wraps[k]; ok {
		return lines
	}
	if len(r.wraps) >= maxWraps {
		clear(r.wraps)
	}
	lines := Wrap(s, r.textSize, float64(width))
	r.wraps[k] = lines
	return lines
}

// plural picks the form of a plural message for its {n} argument (see
// level.Plural): the choice depends on the player's language, so it is made
// here, at display time, never in the simulation.
func plural(s string, args []sim.Arg) string {
	if !level.IsPlural(s) {
		return s
	}
	n := ""
	for _, a := range args {
		if a.Name == level.PluralArg {
			n = a.Value
		}
	}
	return level.Plural(s, n)
}

// drawPanels draws HUD lines and other panels first, then the dialogue
// box, then question boxes on top of everything.
func (r *Renderer) drawPanels(dst *ebiten.Image, w *sim.World, text Text) {
	r.shown = Shown{Choices: r.shown.Choices[:0]}
	panels := w.Panels()
	if len(panels) == 0 {
		return
	}
	tr := func(key string, args []sim.Arg) string {
		if text == nil {
			return key
		}
		return plural(text(key, args), args)
	}
	view := dst.Bounds()
	// What notes must keep clear of: the game's strip at the top, the
	// dialogue box, the player and the entities spawned uncovered (what
	// hints point at), then each note drawn before (see keepClear).
	var taken []image.Rectangle
	if r.opts.TopInset > 0 {
		taken = append(taken, image.Rect(view.Min.X, view.Min.Y, view.Max.X, view.Min.Y+r.opts.TopInset))
	}
	say := w.Panel("say")
	var sayBox image.Rectangle
	var sayLines []string
	if say != nil && len(say.Choices) == 0 {
		sayBox, sayLines = r.sayLayout(view, tr(say.Key, say.Args))
		taken = append(taken, sayBox)
	}
	taken = append(taken, uncovered(w, view)...)
	// Question boxes are drawn last, over everything: notes keep clear of
	// them too, as what they would hide.
	var quizzes []choiceBox
	var sels []int
	for i := range panels {
		if p := &panels[i]; len(p.Choices) > 0 {
			c := r.layoutChoices(view, p, tr)
			quizzes, sels = append(quizzes, c), append(sels, p.Sel)
			taken = append(taken, c.box)
		}
	}
	stack := view.Min.Y + r.opts.TopInset + panelMargin // top of the next default-placed panel
	for i := range panels {
		if p := &panels[i]; p.Name != "say" && len(p.Choices) == 0 {
			n := r.layoutNote(view, p, tr(p.Key, p.Args), stack)
			if !n.placed {
				stack = n.next
			}
			if box, ok := keepClear(n.box, taken, view, view.Min.Y+r.opts.TopInset); ok {
				n.box = box
				r.drawNote(dst, n)
				taken = append(taken, box)
			}
		}
	}
	if say != nil && len(say.Choices) == 0 {
		r.drawSay(dst, sayBox, sayLines, w.Tick())
		r.shown.Say = sayBox
	}
	for i, c := range quizzes {
		r.shown.Choices = append(r.shown.Choices, ShownChoices{Rows: r.drawChoices(dst, c, sels[i]), Sel: sels[i]})
	}
}

// uncovered returns where, in view, the entities notes must not cover are
// drawn: the player (the entity tagged "player") and those spawned
// uncovered, unless hidden.
func uncovered(w *sim.World, view image.Rectangle) []image.Rectangle {
	cam := w.Camera()
	camX, camY := ifloor(cam.X), ifloor(cam.Y)
	var out []image.Rectangle
	for _, e := range w.Entities() {
		if (e.Tag == "player" || e.Uncovered) && !e.Hidden {
			x, y := view.Min.X+ifloor(e.X)-camX, view.Min.Y+ifloor(e.Y)-camY
			out = append(out, image.Rect(x, y, x+int(math.Ceil(e.W)), y+int(math.Ceil(e.H))))
		}
	}
	return out
}

// keepClear moves box off the rectangles taken: below the first it runs over,
// or above it when there is no room below, within view and below top. It
// reports false when no move clears it: the note is not drawn this frame
// rather than drawn over the dialogue, the player or another note (a
// larger text size makes such meetings likelier; the level's state is not
// changed, only what this frame shows).
func keepClear(box image.Rectangle, taken []image.Rectangle, view image.Rectangle, top int) (image.Rectangle, bool) {
	// On the screen first: a note placed near an edge, grown by a larger
	// text size, comes back in.
	box = box.Add(image.Pt(min(0, view.Max.X-box.Max.X), min(0, view.Max.Y-box.Max.Y)))
	for range 2 * (len(taken) + 1) {
		i := slices.IndexFunc(taken, box.Overlaps)
		if i < 0 {
			return box, true
		}
		o := taken[i]
		if down := box.Add(image.Pt(0, o.Max.Y+1-box.Min.Y)); down.Max.Y <= view.Max.Y && !slices.ContainsFunc(taken, down.Overlaps) {
			box = down
		} else if up := box.Add(image.Pt(0, o.Min.Y-1-box.Max.Y)); up.Min.Y >= top {
			box = up
		} else {
			return box, false
		}
	}
	return box, !slices.ContainsFunc(taken, box.Overlaps)
}

// pad is the space between a box's edge and its text.
func (r *Renderer) pad() int {
	p := 3 + max(1, r.theme.Box.BorderWidth)
	if r.theme.Box.Outline != nil {
		p++
	}
	return p
}

func (r *Renderer) lineHeight() int { return faceFor(r.textSize).lineHeight() }

func (r *Renderer) width(s string) int {
	w, _ := MeasureText(s, r.textSize)
	return int(math.Ceil(w))
}

// note is a panel without choices, laid out: its box (the backing of a
// single line, or the box around several) and its lines.
type note struct {
	box    image.Rectangle
	lines  []string
	boxed  bool // several lines in a box, rather than one on a backing
	placed bool // the level gave its position
	next   int  // the top of the next default-placed note below this one
}

// layoutNote lays out a panel without choices at its X,Y, or when both
// are 0 at the top-left, at stack (below the default-placed panels before
// it). One line goes on a dark backing; longer text gets a box.
func (r *Renderer) layoutNote(view image.Rectangle, p *sim.Panel, s string, stack int) note {
	x, y := view.Min.X+p.X, view.Min.Y+p.Y
	placed := p.X != 0 || p.Y != 0
	if !placed {
		x, y = view.Min.X+panelMargin, stack
	}
	maxW := max(minNoteWidth, view.Max.X-panelMargin-x)
	lh := r.lineHeight()
	lines := r.wrap(s, maxW)
	if len(lines) <= 1 {
		w := 0
		if len(lines) == 1 {
			w = r.width(lines[0])
		}
		return note{box: image.Rect(x-2, y-1, x+w+2, y+lh+1), lines: lines, placed: placed, next: y + lh + 2}
	}
	pad := r.pad()
	lines = r.wrap(s, maxW-2*pad)
	box := image.Rect(x, y, x+r.widest(lines)+2*pad, y+len(lines)*lh+2*pad)
	return note{box: box, lines: lines, boxed: true, placed: placed, next: box.Max.Y + 2}
}

// drawNote draws a laid-out note.
func (r *Renderer) drawNote(dst *ebiten.Image, n note) {
	if n.boxed {
		pad := r.pad()
		drawBox(dst, n.box, r.theme.Box)
		r.drawLines(dst, n.lines, n.box.Min.X+pad, n.box.Min.Y+pad, r.theme.Text)
		return
	}
	if len(n.lines) == 0 || n.lines[0] == "" {
		return
	}
	// A line of text may lie over any tile: a dark backing keeps it
	// readable on light floors too (a shadow alone was not enough).
	line := n.lines[0]
	x, y := n.box.Min.X+2, n.box.Min.Y+1
	fillRect(dst, n.box, noteBacking(r.theme))
	if r.theme.Shadow != nil {
		DrawText(dst, line, float64(x+1), float64(y+1), r.textSize, r.theme.Shadow, AlignLeft)
	}
	DrawText(dst, line, float64(x), float64(y), r.textSize, r.theme.Text, AlignLeft)
}

// drawSay draws the dialogue box sayLayout laid out, with a blinking ►
// that says the A button goes on.
func (r *Renderer) drawSay(dst *ebiten.Image, box image.Rectangle, lines []string, tick uint32) {
	pad := r.pad()
	tri := r.markerHeight()
	drawBox(dst, box, r.theme.Box)
	r.drawLines(dst, lines, box.Min.X+pad, box.Min.Y+pad, r.theme.Text)
	if r.opts.ReducedMotion || (tick/blinkTicks)%2 == 0 {
		drawMarker(dst, box.Max.X-pad-(tri+1)/2, box.Max.Y-pad-tri, tri, r.theme.Marker)
	}
}

// sayLayout lays the dialogue box out across the bottom of view: its box
// and its lines (text longer than the box, 45% of the view, ends with "…").
func (r *Renderer) sayLayout(view image.Rectangle, s string) (image.Rectangle, []string) {
	pad, lh := r.pad(), r.lineHeight()
	tri := r.markerHeight()
	boxW := view.Dx() - 2*panelMargin
	textW := boxW - 2*pad - (tri+1)/2 - 3
	lines := r.wrap(s, textW)
	if n := max(1, (int(float64(view.Dy())*sayShare)-2*pad)/lh); len(lines) > n {
		lines = r.ellipsize(lines[:n], textW)
	}
	h := len(lines)*lh + 2*pad
	return image.Rect(view.Min.X+panelMargin, view.Max.Y-panelMargin-h, view.Max.X-panelMargin, view.Max.Y-panelMargin), lines
}

// ellipsize returns a copy of lines whose last line ends with "…" within
// width pixels.
func (r *Renderer) ellipsize(lines []string, width int) []string {
	out := append([]string(nil), lines...)
	out[len(out)-1] = Fit(out[len(out)-1]+"…", r.textSize, float64(width))
	return out
}

// choiceBox is a question box laid out: its box, its lines, and the text
// size they are drawn at (smaller than the renderer's when it would not fit).
type choiceBox struct {
	box                  image.Rectangle
	question             []string
	choices              [][]string
	size                 float64
	lh, tri, indent, gap int
}

// layoutChoices lays out a panel with choices: at its X,Y, or centred
// below the game's strip at the top when it fits there; at a large text
// size as wide as the view, then its text a pixel smaller at a time down to
// the default size rather than cut (the player reads it all), and over the
// strip if need be.
func (r *Renderer) layoutChoices(view image.Rectangle, p *sim.Panel, tr Text) choiceBox {
	defer func(size float64) { r.textSize = size }(r.textSize)
	pad := r.pad()
	var c choiceBox
	var w, h int
	layout := func(maxW int) {
		c.size = r.textSize
		c.lh, c.tri = r.lineHeight(), r.markerHeight()
		c.indent, c.gap = (c.tri+1)/2+4, c.lh/2
		c.question = r.wrap(tr(p.Key, p.Args), maxW)
		c.choices = make([][]string, len(p.Choices))
		rows := 0
		contentW := r.widest(c.question)
		for i, ch := range p.Choices {
			c.choices[i] = r.wrap(tr(ch, p.Args), maxW-c.indent)
			rows += len(c.choices[i])
			contentW = max(contentW, c.indent+r.widest(c.choices[i]))
		}
		w = contentW + 2*pad
		h = len(c.question)*c.lh + c.gap + rows*c.lh + 2*pad
	}
	top := view.Min.Y + r.opts.TopInset
	room := func() int { return view.Max.Y - top - panelMargin }
	layout(min(maxQuizWidth, view.Dx()-2*panelMargin-2*pad))
	if h > room() {
		layout(view.Dx() - 2*panelMargin - 2*pad)
	}
	for h > room() && r.textSize > DefaultTextSize {
		r.textSize--
		layout(view.Dx() - 2*panelMargin - 2*pad)
	}
	if h > room() {
		top = view.Min.Y
	}
	x, y := view.Min.X+p.X, view.Min.Y+p.Y
	if p.X == 0 && p.Y == 0 {
		x = view.Min.X + (view.Dx()-w)/2
		y = top + max(panelMargin, (view.Max.Y-top-h)/2)
	}
	c.box = image.Rect(x, y, x+w, y+h)
	return c
}

// drawChoices draws a laid-out question box: the question, then its
// choices, the one at sel on a bar with a ► marker (none when sel is
// negative). It returns each choice's row, for taps.
func (r *Renderer) drawChoices(dst *ebiten.Image, c choiceBox, sel int) []image.Rectangle {
	defer func(size float64) { r.textSize = size }(r.textSize)
	r.textSize = c.size
	pad, lh := r.pad(), c.lh
	box := c.box
	drawBox(dst, box, r.theme.Box)
	left, top := box.Min.X+pad, box.Min.Y+pad
	r.drawLines(dst, c.question, left, top, r.theme.Text)
	top += len(c.question)*lh + c.gap
	rows := make([]image.Rectangle, 0, len(c.choices))
	for i, lines := range c.choices {
		clr := r.theme.Text
		if i == sel {
			bar := image.Rect(left-2, top, box.Max.X-pad+2, top+len(lines)*lh)
			drawBox(dst, bar, r.theme.Selected)
			clr = r.theme.SelectedText
			drawMarker(dst, left, top+(lh-c.tri)/2, c.tri, clr)
		}
		r.drawLines(dst, lines, left+c.indent, top, clr)
		rows = append(rows, image.Rect(box.Min.X, top, box.Max.X, top+len(lines)*lh))
		top += len(lines) * lh
	}
	return rows
}

func (r *Renderer) drawLines(dst *ebiten.Image, lines []string, x, y int, clr color.Color) {
	lh := r.lineHeight()
	for i, l := range lines {
		DrawText(dst, l, float64(x), float64(y+i*lh), r.textSize, clr, AlignLeft)
	}
}

func (r *Renderer) widest(lines []string) int {
	w := 0
	for _, l := range lines {
		w = max(w, r.width(l))
	}
	return w
}

// markerHeight is the height of the ► marker: odd, about 60% of a line.
func (r *Renderer) markerHeight() int {
	return int(math.Round(float64(r.lineHeight())*0.3))*2 + 1
}

// drawMarker draws a ► pointing right, h pixels high (odd) and (h+1)/2
// wide, with its top-left corner at x, y: a pixel triangle sized to the
// line, where the font's "►" is sized to its capitals.
func drawMarker(dst *ebiten.Image, x, y, h int, clr color.Color) {
	for row := range h {
		w := min(row, h-1-row) + 1
		fillRect(dst, image.Rect(x, y+row, x+w, y+row+1), clr)
	}
}

// noteBacking is the backing of one-line notes: the box colour, made
// translucent unless the theme asks for high contrast (no shadow).
func noteBacking(t Theme) color.Color {
	if t.Shadow == nil {
		return t.Box.Fill
	}
	r, g, b, _ := t.Box.Fill.RGBA()
	return color.NRGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), 0xb0}
}
