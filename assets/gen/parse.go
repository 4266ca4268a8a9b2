package main

import (
	"fmt"
	"image/color"
	"path"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits of one sheet. The level loader refuses images wider or taller than
// 1024 pixels, so a sheet that would exceed that is refused here, where the
// error can name the grid instead of the PNG.
const (
	maxSide   = 1024 // pixels of the whole image, each way
	maxColors = 255  // index 0 of the PNG palette is kept for transparency
)

// sheet is one parsed grid file: its frames and where its PNG goes.
type sheet struct {
	src     string // the grid file, for messages ("assets/sprites/rgpd/tracker.txt")
	out     string // the PNG inside the level folder ("sprites/tracker.png")
	columns int    // frames per row of the image
	size    int    // side of one square frame, in pixels
	colors  []color.NRGBA
	frames  [][]uint8 // per frame, size*size indices into colours
}

// parseError is a problem at a line of a grid file; it reads
// "assets/sprites/rgpd/tracker.txt:7: row has 9 symbols, want 8".
type parseError struct {
	file string
	line int // 0 when the problem is the whole file
	msg  string
}

func (e *parseError) Error() string {
	if e.line == 0 {
		return e.file + ": " + e.msg
	}
	return fmt.Sprintf("%s:%d: %s", e.file, e.line, e.msg)
}

// parse reads the grid file src (shown in errors as is) describing the
// sprite name. It stops at the first problem: a grid is small and each
// error tends to cause the next.
func parse(src, name string, data []byte) (*sheet, error) {
	p := &parser{s: &sheet{src: src, out: "sprites/" + name + ".png"}, symbols: map[rune]uint8{}}
	if !utf8.Valid(data) {
		return nil, p.fail(0, "not valid UTF-8 text")
	}
	lines := strings.Split(string(data), "\n")
	for i, raw := range lines {
		line := strings.TrimSpace(raw)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if err := p.line(i+1, line); err != nil {
			return nil, err
		}
	}
	if err := p.finish(); err != nil {
		return nil, err
	}
	return p.s, nil
}

// section is the part of a grid file being read.
type section int

const (
	inHeader section = iota
	inPalette
	inFrame
)

type parser struct {
	s          *sheet
	at         section
	symbols    map[rune]uint8 // symbol → index into s.colours
	colorIdx   map[color.NRGBA]uint8
	seenOut    bool
	seenCols   bool
	frameLine  int // line of the current frame's keyword
	rows       int // rows read in the current frame
	paletteLen int
}

func (p *parser) fail(line int, format string, args ...any) error {
	return &parseError{file: p.s.src, line: line, msg: fmt.Sprintf(format, args...)}
}

func (p *parser) line(n int, line string) error {
	switch p.at {
	case inHeader:
		return p.header(n, line)
	case inPalette:
		if line == "frame" {
			if p.paletteLen == 0 {
				return p.fail(n, "the palette is empty: list at least one symbol and its colour")
			}
			return p.startFrame(n)
		}
		return p.paletteLine(n, line)
	default:
		if line == "frame" {
			if err := p.endFrame(); err != nil {
				return err
			}
			return p.startFrame(n)
		}
		return p.row(n, line)
	}
}

func (p *parser) header(n int, line string) error {
	key, arg, _ := strings.Cut(line, " ")
	arg = strings.TrimSpace(arg)
	switch key {
	case "palette":
		if arg != "" {
			return p.fail(n, "palette takes nothing after it; symbols and colours follow on their own lines")
		}
		p.at = inPalette
		p.colorIdx = map[color.NRGBA]uint8{}
		// Index 0 is transparent, so the empty cells of a grid of frames are.
		p.s.colors = []color.NRGBA{{}}
		p.colorIdx[color.NRGBA{}] = 0
		return nil
	case "out":
		if p.seenOut {
			return p.fail(n, "out is given twice")
		}
		p.seenOut = true
		if msg := checkOut(arg); msg != "" {
			return p.fail(n, "out %q: %s", arg, msg)
		}
		p.s.out = arg
		return nil
	case "columns":
		if p.seenCols {
			return p.fail(n, "columns is given twice")
		}
		p.seenCols = true
		c, err := strconv.Atoi(arg)
		if err != nil || c < 1 || c > maxSide {
			return p.fail(n, "columns %q: want a whole number from 1 to %d", arg, maxSide)
		}
		p.s.columns = c
		return nil
	case "frame":
		return p.fail(n, "frame before palette: a file starts with its palette")
	}
	return p.fail(n, "unknown header line %q: want out, columns or palette (comments start with '#')", key)
}

// checkOut reports why out is not a usable PNG path inside a level folder,
// or "". It keeps to the names the level loader accepts.
func checkOut(out string) string {
	switch {
	case out == "":
		return "want a path such as sprites/player.png or tiles.png"
	case !strings.HasSuffix(out, ".png"):
		return "must end in .png"
	case path.IsAbs(out) || strings.Contains(out, `\`):
		return "must be a relative path with '/' separators"
	case path.Clean(out) != out || strings.HasPrefix(out, "../") || out == "..":
		return "must stay inside the level folder, with no '.', '..' or '//'"
	case strings.HasPrefix(out, "testdata/"):
		return "testdata/ is not part of a level"
	}
	for _, e := range strings.Split(out, "/") {
		if !validElem(e) {
			return "use only A-Z a-z 0-9 _ - . in names, not starting with '.' or '-'"
		}
	}
	return ""
}

// validElem reports whether e is a file name element the level loader
// accepts.
func validElem(e string) bool {
	if e == "" || e[0] == '.' || e[0] == '-' || e[len(e)-1] == '.' {
		return false
	}
	for i := 0; i < len(e); i++ {
		c := e[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

func (p *parser) paletteLine(n int, line string) error {
	fields := strings.Fields(line)
	sym, size := utf8.DecodeRuneInString(fields[0])
	switch {
	case size != len(fields[0]):
		return p.fail(n, "palette symbol %q: want a single character, then its colour", fields[0])
	case !unicode.IsPrint(sym) || unicode.IsSpace(sym):
		return p.fail(n, "palette symbol %q is not a printable character", sym)
	case len(fields) < 2:
		return p.fail(n, "palette symbol %q has no colour: want #rrggbb, #rrggbbaa or transparent", sym)
	case len(fields) > 2 && !strings.HasPrefix(fields[2], "#"):
		return p.fail(n, "unexpected %q after the colour (a comment starts with '#')", fields[2])
	}
	if _, dup := p.symbols[sym]; dup {
		return p.fail(n, "palette symbol %q is given twice", sym)
	}
	c, ok := parseColor(fields[1])
	if !ok {
		return p.fail(n, "colour %q of symbol %q: want #rrggbb, #rrggbbaa or transparent", fields[1], sym)
	}
	idx, ok := p.colorIdx[c]
	if !ok {
		if len(p.s.colors) > maxColors {
			return p.fail(n, "more than %d different colours", maxColors)
		}
		idx = uint8(len(p.s.colors))
		p.s.colors = append(p.s.colors, c)
		p.colorIdx[c] = idx
	}
	p.symbols[sym] = idx
	p.paletteLen++
	return nil
}

// parseColor reads #rrggbb, #rrggbbaa or "transparent". Any colour with
// alpha 0 is the one transparent colour, so equal pixels compare equal.
func parseColor(s string) (color.NRGBA, bool) {
	if s == "transparent" {
		return color.NRGBA{}, true
	}
	hex, ok := strings.CutPrefix(s, "#")
	if !ok || (len(hex) != 6 && len(hex) != 8) {
		return color.NRGBA{}, false
	}
	v, err := strconv.ParseUint(hex, 16, 32)
	if err != nil {
		return color.NRGBA{}, false
	}
	if len(hex) == 6 {
		v = v<<8 | 0xff
	}
	c := color.NRGBA{R: uint8(v >> 24), G: uint8(v >> 16), B: uint8(v >> 8), A: uint8(v)}
	if c.A == 0 {
		return color.NRGBA{}, true
	}
	return c, true
}

func (p *parser) startFrame(n int) error {
	p.at = inFrame
	p.frameLine = n
	p.rows = 0
	if p.s.size > 0 {
		p.s.frames = append(p.s.frames, make([]uint8, p.s.size*p.s.size))
	}
	return nil
}

func (p *parser) row(n int, line string) error {
	width := utf8.RuneCountInString(line)
	if p.s.size == 0 {
		// The first row of the first frame sets the frame size.
		if width > maxSide {
			return p.fail(n, "row has %d symbols; frames are at most %d pixels wide", width, maxSide)
		}
		p.s.size = width
		p.s.frames = append(p.s.frames, make([]uint8, width*width))
	}
	if width != p.s.size {
		return p.fail(n, "row has %d symbols, want %d", width, p.s.size)
	}
	if p.rows == p.s.size {
		return p.fail(n, "frame has more than %d rows (frames are square: %d×%d)", p.s.size, p.s.size, p.s.size)
	}
	pix := p.s.frames[len(p.s.frames)-1][p.rows*p.s.size:]
	i := 0
	for _, r := range line {
		idx, ok := p.symbols[r]
		if !ok {
			return p.fail(n, "symbol %q (column %d) is not in the palette", r, i+1)
		}
		pix[i] = idx
		i++
	}
	p.rows++
	return nil
}

func (p *parser) endFrame() error {
	if p.rows == 0 {
		return p.fail(p.frameLine, "frame has no rows")
	}
	if p.rows != p.s.size {
		return p.fail(p.frameLine, "frame has %d rows, want %d (frames are square)", p.rows, p.s.size)
	}
	return nil
}

// finish checks the end of the file and the size of the whole image.
func (p *parser) finish() error {
	switch p.at {
	case inHeader:
		return p.fail(0, "no palette: a grid file needs a palette line, its symbols, then frames")
	case inPalette:
		return p.fail(0, "no frame: add a line frame followed by the rows of the first frame")
	}
	if err := p.endFrame(); err != nil {
		return err
	}
	s := p.s
	if s.columns == 0 {
		s.columns = len(s.frames)
	}
	cols := s.columns
	rows := (len(s.frames) + cols - 1) / cols
	if w, h := cols*s.size, rows*s.size; w > maxSide || h > maxSide {
		return p.fail(0, "the image would be %d×%d pixels; at most %d×%d allowed (fewer frames, or use columns)", w, h, maxSide, maxSide)
	}
	return nil
}
