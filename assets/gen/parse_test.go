package main

import (
	"image/color"
	"strings"
	"testing"
)

const src = "assets/sprites/rgpd/tracker.txt"

func TestParse(t *testing.T) {
	red := color.NRGBA{R: 0xb1, G: 0x3e, B: 0x53, A: 0xff}
	dark := color.NRGBA{R: 0x1a, G: 0x1c, B: 0x2c, A: 0xff}
	tests := []struct {
		name    string
		in      string
		out     string
		columns int
		size    int
		colors  []color.NRGBA
		frames  [][]uint8
	}{{
		name: "one frame, comments and blank lines",
		in: "# a comment\n\npalette\n. transparent\nr #B13E53  # red, upper case\n" +
			"frame\n  # inside a frame\nr.\n\n.r\n",
		out: "sprites/tracker.png", columns: 1, size: 2,
		colors: []color.NRGBA{{}, red},
		frames: [][]uint8{{1, 0, 0, 1}},
	}, {
		name: "two frames, CRLF, trailing spaces",
		in:   "palette\r\nk #1a1c2c\r\nr #b13e53ff\r\nframe\r\nkr  \r\nrk\r\nframe\r\nkk\r\nrr\r\n",
		out:  "sprites/tracker.png", columns: 2, size: 2,
		colors: []color.NRGBA{{}, dark, red},
		frames: [][]uint8{{1, 2, 2, 1}, {1, 1, 2, 2}},
	}, {
		name: "headers, shared colours and alpha zero",
		in: "out tiles.png\ncolumns 3\npalette\na #1a1c2c\nb #1a1c2c\nc #ffffff00\nd transparent\n" +
			"frame\nab\ncd\n",
		out: "tiles.png", columns: 3, size: 2,
		colors: []color.NRGBA{{}, dark},
		frames: [][]uint8{{1, 1, 0, 0}},
	}, {
		name: "non-ASCII symbols",
		in:   "palette\né #1a1c2c\n· transparent\nframe\né·\n·é\n",
		out:  "sprites/tracker.png", columns: 1, size: 2,
		colors: []color.NRGBA{{}, dark},
		frames: [][]uint8{{1, 0, 0, 1}},
	}, {
		name: "out in a sub-folder",
		in:   "out art/big_tiles.png\npalette\nk #1a1c2c\nframe\nk\n",
		out:  "art/big_tiles.png", columns: 1, size: 1,
		colors: []color.NRGBA{{}, dark},
		frames: [][]uint8{{1}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := parse(src, "tracker", []byte(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			if s.out != tt.out || s.columns != tt.columns || s.size != tt.size {
				t.Errorf("out, columns, size = %q, %d, %d; want %q, %d, %d", s.out, s.columns, s.size, tt.out, tt.columns, tt.size)
			}
			if !equal(s.colors, tt.colors) {
				t.Errorf("colours = %v, want %v", s.colors, tt.colors)
			}
			if len(s.frames) != len(tt.frames) {
				t.Fatalf("%d frames, want %d", len(s.frames), len(tt.frames))
			}
			for i := range s.frames {
				if !equal(s.frames[i], tt.frames[i]) {
					t.Errorf("frame %d = %v, want %v", i, s.frames[i], tt.frames[i])
				}
			}
		})
	}
}

func equal[T comparable](a, b []T) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestParseErrors(t *testing.T) {
	const pal = "palette\n. transparent\nk #1a1c2c\n"
	tests := []struct {
		name, in, want string
	}{
		{"row too long", pal + "frame\nkkkkkkkk\n" + strings.Repeat("........\n", 5) + "kkkkkkkkk\n",
			src + ":11: row has 9 symbols, want 8"},
		{"unknown symbol", pal + "frame\nk.\n.x\n", src + `:6: symbol 'x' (column 2) is not in the palette`},
		{"too few rows", pal + "frame\nk..\n...\nframe\n...\n...\n...\n", src + ":4: frame has 2 rows, want 3 (frames are square)"},
		{"too few rows at the end", pal + "frame\nk..\n...\n...\nframe\n...\n", src + ":8: frame has 1 rows, want 3 (frames are square)"},
		{"too many rows", pal + "frame\nk.\n..\n..\n", src + ":7: frame has more than 2 rows (frames are square: 2×2)"},
		{"empty frame", pal + "frame\nk\nframe\nframe\nk\n", src + ":6: frame has no rows"},
		{"no palette", "# nothing\n", src + ": no palette: a grid file needs a palette line, its symbols, then frames"},
		{"no frame", pal, src + ": no frame: add a line frame followed by the rows of the first frame"},
		{"empty palette", "palette\nframe\n", src + ":2: the palette is empty: list at least one symbol and its colour"},
		{"frame before palette", "frame\n", src + ":1: frame before palette: a file starts with its palette"},
		{"unknown header", "size 8\npalette\n", src + `:1: unknown header line "size": want out, columns or palette (comments start with '#')`},
		{"palette argument", "palette 8\n", src + ":1: palette takes nothing after it; symbols and colours follow on their own lines"},
		{"bad colour", "palette\nk #1a1c2\n", src + `:2: colour "#1a1c2" of symbol 'k': want #rrggbb, #rrggbbaa or transparent`},
		{"bad hex", "palette\nk #1a1c2z\n", src + `:2: colour "#1a1c2z" of symbol 'k': want #rrggbb, #rrggbbaa or transparent`},
		{"no colour", "palette\nk\n", src + `:2: palette symbol 'k' has no colour: want #rrggbb, #rrggbbaa or transparent`},
		{"long symbol", "palette\nkk #000000\n", src + `:2: palette symbol "kk": want a single character, then its colour`},
		// A line starting with '#' is a comment, even in the palette.
		{"hash symbol", "palette\n# #000000\n", src + ": no frame: add a line frame followed by the rows of the first frame"},
		{"junk after colour", "palette\nk #000000 black\n", src + `:2: unexpected "black" after the colour (a comment starts with '#')`},
		{"duplicate symbol", "palette\nk #000000\nk #ffffff\n", src + `:3: palette symbol 'k' is given twice`},
		{"control symbol", "palette\n\x01 #000000\n", src + `:2: palette symbol '\x01' is not a printable character`},
		{"out twice", "out a.png\nout b.png\n", src + ":2: out is given twice"},
		{"out escapes", "out ../demo/x.png\n", src + `:1: out "../demo/x.png": must stay inside the level folder, with no '.', '..' or '//'`},
		{"out absolute", "out /x.png\n", src + `:1: out "/x.png": must be a relative path with '/' separators`},
		{"out not png", "out x.gif\n", src + `:1: out "x.gif": must end in .png`},
		{"out empty", "out\n", src + `:1: out "": want a path such as sprites/player.png or tiles.png`},
		{"out bad name", "out sprites/my tile.png\n", src + `:1: out "sprites/my tile.png": use only A-Z a-z 0-9 _ - . in names, not starting with '.' or '-'`},
		{"out testdata", "out testdata/x.png\n", src + `:1: out "testdata/x.png": testdata/ is not part of a level`},
		{"columns zero", "columns 0\n", src + `:1: columns "0": want a whole number from 1 to 1024`},
		{"columns twice", "columns 2\ncolumns 2\n", src + ":2: columns is given twice"},
		{"too wide", pal + strings.Repeat("frame\nk\n", 1025), src + ": the image would be 1025×1 pixels; at most 1024×1024 allowed (fewer frames, or use columns)"},
		{"not UTF-8", "palette\n\xff #000000\n", src + ": not valid UTF-8 text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parse(src, "tracker", []byte(tt.in))
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			if err.Error() != tt.want {
				t.Errorf("error\n  %s\nwant\n  %s", err, tt.want)
			}
		})
	}
}

// FuzzParse checks that no input makes the parser panic, that errors name
// the file, and that whatever it accepts renders to an image of the size
// the grid describes.
func FuzzParse(f *testing.F) {
	f.Add([]byte("palette\n. transparent\nk #1a1c2c\nframe\nk.\n.k\nframe\n..\nkk\n"))
	f.Add([]byte("out tiles.png\ncolumns 2\npalette\na #ff000080\nframe\na\nframe\na\nframe\na\n"))
	f.Add([]byte("# c\npalette\né #000000\nframe\né\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := parse(src, "tracker", data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), src+":") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		img := s.image()
		rows := (len(s.frames) + s.columns - 1) / s.columns
		if b := img.Bounds(); b.Dx() != s.columns*s.size || b.Dy() != rows*s.size || b.Dx() > maxSide || b.Dy() > maxSide {
			t.Fatalf("image is %v for %d frames of %d in %d columns", b, len(s.frames), s.size, s.columns)
		}
		for _, fr := range s.frames {
			for _, idx := range fr {
				if int(idx) >= len(s.colors) {
					t.Fatalf("index %d outside a palette of %d", idx, len(s.colors))
				}
			}
		}
	})
}
