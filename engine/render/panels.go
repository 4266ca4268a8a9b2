package render

import (
	"image"
	"image/color"
	"math"

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
	stack := dst.Bounds().Min.Y + r.opts.TopInset + panelMargin // top of the next default-placed panel
	for i := range panels {
		if p := &panels[i]; p.Name != "say" && len(p.Choices) == 0 {
			stack = r.drawNote(dst, p, tr(p.Key, p.Args), stack)
		}
	}
	if p := w.Panel("say"); p != nil && len(p.Choices) == 0 {
		r.drawSay(dst, tr(p.Key, p.Args), w.Tick())
	}
	for i := range panels {
		if p := &panels[i]; len(p.Choices) > 0 {
			r.drawChoices(dst, p, tr)
		}
	}
}

// pad is the space between a box's edge and its text.
func (r *Renderer) pad() int {
	p := 3 + max(1, r.theme.Box.BorderWidth)
	if r.theme.Box.Outline != nil {
		p++
	}
	return p
}

func (r *Renderer) lineHeight() int { return int(lineHeight(face(r.textSize))) }

func (r *Renderer) width(s string) int {
	w, _ := MeasureText(s, r.textSize)
	return int(math.Ceil(w))
}

// drawNote draws a panel without choices at its X,Y, or when both are 0
// at the top-left, below the default-placed panels before it (stack is
// the top of the next one; the new value is returned). One line is drawn
// on a dark backing (translucent, or solid in high contrast); longer text
// gets a box.
func (r *Renderer) drawNote(dst *ebiten.Image, p *sim.Panel, s string, stack int) int {
	view := dst.Bounds()
	x, y := view.Min.X+p.X, view.Min.Y+p.Y
	placed := p.X != 0 || p.Y != 0
	if !placed {
		x, y = view.Min.X+panelMargin, stack
	}
	maxW := max(minNoteWidth, view.Max.X-panelMargin-x)
	lh := r.lineHeight()
	lines := r.wrap(s, maxW)
	var bottom int
	if len(lines) <= 1 {
		line := ""
		if len(lines) == 1 {
			line = lines[0]
		}
		// A line of text may lie over any tile: a dark backing keeps it
		// readable on light floors too (a shadow alone was not enough).
		if line != "" {
			fillRect(dst, image.Rect(x-2, y-1, x+r.width(line)+2, y+lh+1), noteBacking(r.theme))
		}
		if r.theme.Shadow != nil {
			DrawText(dst, line, float64(x+1), float64(y+1), r.textSize, r.theme.Shadow, AlignLeft)
		}
		DrawText(dst, line, float64(x), float64(y), r.textSize, r.theme.Text, AlignLeft)
		bottom = y + lh
	} else {
		pad := r.pad()
		lines = r.wrap(s, maxW-2*pad)
		box := image.Rect(x, y, x+r.widest(lines)+2*pad, y+len(lines)*lh+2*pad)
		drawBox(dst, box, r.theme.Box)
		r.drawLines(dst, lines, box.Min.X+pad, box.Min.Y+pad, r.theme.Text)
		bottom = box.Max.Y
	}
	if placed {
		return stack
	}
	return bottom + 2
}

// drawSay draws the dialogue box across the bottom of the view, with a
// blinking ► that says the A button goes on. Text longer than the box
// (45% of the view) ends with "…".
func (r *Renderer) drawSay(dst *ebiten.Image, s string, tick uint32) {
	view := dst.Bounds()
	pad, lh := r.pad(), r.lineHeight()
	tri := r.markerHeight()
	boxW := view.Dx() - 2*panelMargin
	textW := boxW - 2*pad - (tri+1)/2 - 3
	lines := r.wrap(s, textW)
	if n := max(1, (int(float64(view.Dy())*sayShare)-2*pad)/lh); len(lines) > n {
		lines = r.ellipsize(lines[:n], textW)
	}
	h := len(lines)*lh + 2*pad
	box := image.Rect(view.Min.X+panelMargin, view.Max.Y-panelMargin-h, view.Max.X-panelMargin, view.Max.Y-panelMargin)
	drawBox(dst, box, r.theme.Box)
	r.drawLines(dst, lines, box.Min.X+pad, box.Min.Y+pad, r.theme.Text)
	if r.opts.ReducedMotion || (tick/blinkTicks)%2 == 0 {
		drawMarker(dst, box.Max.X-pad-(tri+1)/2, box.Max.Y-pad-tri, tri, r.theme.Marker)
	}
}

// ellipsize returns a copy of lines whose last line ends with "…" within
// width pixels.
func (r *Renderer) ellipsize(lines []string, width int) []string {
	out := append([]string(nil), lines...)
	last := []rune(out[len(out)-1])
	for len(last) > 0 && r.width(string(last)+"…") > width {
		last = last[:len(last)-1]
	}
	out[len(out)-1] = string(last) + "…"
	return out
}

// drawChoices draws a question and its choices in a box, centred in the
// view unless the panel has a position, the selected choice on a bar
// with a ► marker.
func (r *Renderer) drawChoices(dst *ebiten.Image, p *sim.Panel, tr Text) {
	view := dst.Bounds()
	pad, lh := r.pad(), r.lineHeight()
	tri := r.markerHeight()
	indent := (tri+1)/2 + 4
	maxW := min(maxQuizWidth, view.Dx()-2*panelMargin-2*pad)
	question := r.wrap(tr(p.Key, p.Args), maxW)
	choices := make([][]string, len(p.Choices))
	rows := 0
	contentW := r.widest(question)
	for i, c := range p.Choices {
		choices[i] = r.wrap(tr(c, p.Args), maxW-indent)
		rows += len(choices[i])
		contentW = max(contentW, indent+r.widest(choices[i]))
	}
	gap := lh / 2
	w := contentW + 2*pad
	h := len(question)*lh + gap + rows*lh + 2*pad
	x, y := view.Min.X+p.X, view.Min.Y+p.Y
	if p.X == 0 && p.Y == 0 {
		x = view.Min.X + (view.Dx()-w)/2
		y = view.Min.Y + max(panelMargin, (view.Dy()-h)/2)
	}
	box := image.Rect(x, y, x+w, y+h)
	drawBox(dst, box, r.theme.Box)
	left, top := box.Min.X+pad, box.Min.Y+pad
	r.drawLines(dst, question, left, top, r.theme.Text)
	top += len(question)*lh + gap
	for i, lines := range choices {
		clr := r.theme.Text
		if i == p.Sel {
			bar := image.Rect(left-2, top, box.Max.X-pad+2, top+len(lines)*lh)
			drawBox(dst, bar, r.theme.Selected)
			clr = r.theme.SelectedText
			drawMarker(dst, left, top+(lh-tri)/2, tri, clr)
		}
		r.drawLines(dst, lines, left+indent, top, clr)
		top += len(lines) * lh
	}
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
// wide, with its top-left corner at x, y: a pixel triangle, crisp at any
// scale, which Go Regular's "▶" would not be.
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
