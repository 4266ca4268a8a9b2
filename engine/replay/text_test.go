package replay

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/communs-arcade/arcade/engine/sim"
)

// runs expands runs for test tables; it fails the test on invalid runs.
func runs(t testing.TB, rs ...Run) []sim.Input {
	t.Helper()
	in, err := Expand(rs)
	if err != nil {
		t.Fatal(err)
	}
	if in == nil {
		in = []sim.Input{}
	}
	return in
}

func TestParseInputs(t *testing.T) {
	const (
		l, r, up, d, a, b = uint8(sim.Left), uint8(sim.Right), uint8(sim.Up), uint8(sim.Down), uint8(sim.A), uint8(sim.B)
	)
	tests := []struct {
		name string
		text string
		want []Run
	}{
		{"empty", "", nil},
		{"blank and comments", "\n  \n# comment\n   # indented comment\n\t\n", nil},
		{"none", ".", []Run{{Count: 1}}},
		{"one", "R\n", []Run{{Buttons: r, Count: 1}}},
		{"no final newline", "R\nL", []Run{{Buttons: r, Count: 1}, {Buttons: l, Count: 1}}},
		{"any order", "LR\nRL", []Run{{Buttons: l | r, Count: 2}}},
		{"all", "BADULR", []Run{{Buttons: l | r | up | d | a | b, Count: 1}}},
		{"repeat", "R*3\n.*2\nA", []Run{{Buttons: r, Count: 3}, {Count: 2}, {Buttons: a, Count: 1}}},
		{"repeat one", "U*1", []Run{{Buttons: up, Count: 1}}},
		{"spaces", "  R A * 3  \n\tD\t", []Run{{Buttons: r | a, Count: 3}, {Buttons: d, Count: 1}}},
		{"inline comment", "R*2 # walk\n.# rest", []Run{{Buttons: r, Count: 2}, {Count: 1}}},
		{"crlf", "R\r\nL*2\r\n", []Run{{Buttons: r, Count: 1}, {Buttons: l, Count: 2}}},
		{"leading zeros", "B*007", []Run{{Buttons: b, Count: 7}}},
		{"MaxTicks", "R*108000", []Run{{Buttons: r, Count: MaxTicks}}},
		{"MaxTicks in parts", "R*100000\n.*7999\nL", []Run{{Buttons: r, Count: 100000}, {Count: 7999}, {Buttons: l, Count: 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseInputs(strings.NewReader(tt.text))
			if err != nil {
				t.Fatal(err)
			}
			if want := runs(t, tt.want...); !slices.Equal(got, want) {
				t.Fatalf("ParseInputs = %v, want %v", Compress(got), tt.want)
			}
		})
	}
}

func TestParseInputsErrors(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"unknown button", "R\n\n# x\nRX", "replay: inputs line 4: unknown button 'X'"},
		{"line 12", strings.Repeat(".\n", 11) + "X", "replay: inputs line 12: unknown button 'X'"},
		{"lower case", "r", "replay: inputs line 1: unknown button 'r'"},
		{"digit", "R3", "replay: inputs line 1: unknown button '3'"},
		{"non-ASCII", "Ré", "replay: inputs line 1: unknown button 'é'"},
		{"invalid UTF-8", "R\xff", "replay: inputs line 1: unknown button '�'"},
		{"twice", "RAR", "replay: inputs line 1: button 'R' given twice"},
		{"dot twice", "..", "replay: inputs line 1: '.' given twice"},
		{"dot then button", ".R", "replay: inputs line 1: '.' (no button) cannot be combined with buttons"},
		{"button then dot", "R.", "replay: inputs line 1: '.' (no button) cannot be combined with buttons"},
		{"nothing before star", "*3", "replay: inputs line 1: no buttons before '*' (write '.' for none)"},
		{"missing count", "R*", "replay: inputs line 1: missing repeat count after '*'"},
		{"missing count with space", "R* ", "replay: inputs line 1: missing repeat count after '*'"},
		{"zero count", "R*0", "replay: inputs line 1: repeat count must be at least 1"},
		{"negative count", "R*-1", `replay: inputs line 1: bad repeat count "-1"`},
		{"plus count", "R*+1", `replay: inputs line 1: bad repeat count "+1"`},
		{"two stars", "R*2*3", `replay: inputs line 1: bad repeat count "2*3"`},
		{"space in count", "R*3 0", `replay: inputs line 1: bad repeat count "3 0"`},
		{"hex count", "R*0x10", `replay: inputs line 1: bad repeat count "0x10"`},
		{"count over MaxTicks", "R*108001", "replay: inputs line 1: repeat count 108001 is more than MaxTicks (108000)"},
		{"count overflow", "R*99999999999999999999", "replay: inputs line 1: repeat count 99999999999999999999 is more than MaxTicks (108000)"},
		{"total over MaxTicks", "R*100000\n\n.*8000\nL", "replay: inputs line 4: more than MaxTicks (108000) ticks"},
		{"line too long", "R\n" + strings.Repeat(" ", 70000) + "R", "replay: inputs line 2: line too long"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseInputs(strings.NewReader(tt.text))
			if err == nil || err.Error() != tt.want {
				t.Fatalf("ParseInputs error = %v, want %q", err, tt.want)
			}
			if got != nil {
				t.Errorf("ParseInputs returned %d inputs with its error", len(got))
			}
		})
	}
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

func TestParseInputsReadError(t *testing.T) {
	_, err := ParseInputs(failingReader{})
	if err == nil || err.Error() != "replay: inputs: disk on fire" {
		t.Fatalf("ParseInputs error = %v", err)
	}
}

func TestFormatInputs(t *testing.T) {
	tests := []struct {
		name string
		in   []Run
		want string
	}{
		{"nothing", nil, ""},
		{"none", []Run{{Count: 1}}, ".\n"},
		{"runs", []Run{{Count: 30}, {Buttons: uint8(sim.Right), Count: 45}, {Buttons: uint8(sim.Right | sim.A), Count: 1}},
			".*30\nR*45\nRA\n"},
		{"letter order", []Run{{Buttons: uint8(sim.AllButtons), Count: 2}, {Buttons: uint8(sim.B | sim.Left), Count: 1}},
			"LRUDAB*2\nLB\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := FormatInputs(&buf, runs(t, tt.in...)); err != nil {
				t.Fatal(err)
			}
			if buf.String() != tt.want {
				t.Fatalf("FormatInputs = %q, want %q", buf.String(), tt.want)
			}
		})
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestFormatInputsErrors(t *testing.T) {
	tests := []struct {
		name string
		w    interface{ Write([]byte) (int, error) }
		in   []sim.Input
		want string
	}{
		{"pointer x", &bytes.Buffer{}, []sim.Input{{}, {PointerX: 1}}, "replay: input 1 uses the pointer, which the text format cannot hold"},
		{"pointer y", &bytes.Buffer{}, []sim.Input{{PointerY: -1}}, "replay: input 0 uses the pointer, which the text format cannot hold"},
		{"pointer down", &bytes.Buffer{}, []sim.Input{{}, {}, {PointerDown: true}}, "replay: input 2 uses the pointer, which the text format cannot hold"},
		{"unknown buttons", &bytes.Buffer{}, []sim.Input{{Buttons: 0x41}}, "replay: input 0 has unknown buttons 0x41"},
		{"too many", &bytes.Buffer{}, make([]sim.Input, MaxTicks+1), "replay: 108001 inputs, more than MaxTicks (108000)"},
		{"write error", failingWriter{}, []sim.Input{{}}, "replay: disk full"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := FormatInputs(tt.w, tt.in)
			if err == nil || err.Error() != tt.want {
				t.Fatalf("FormatInputs error = %v, want %q", err, tt.want)
			}
			if buf, ok := tt.w.(*bytes.Buffer); ok && buf.Len() != 0 {
				t.Errorf("FormatInputs wrote %q before failing", buf)
			}
		})
	}
}

func TestFormatParseRoundTrip(t *testing.T) {
	all := make([]sim.Input, 0, 64)
	for b := range sim.AllButtons + 1 {
		all = append(all, sim.Input{Buttons: b})
	}
	tests := []struct {
		name string
		in   []sim.Input
	}{
		{"empty", []sim.Input{}},
		{"every combination", all},
		{"keyboard minute", playerInputs(3600, 11)},
		{"MaxTicks", make([]sim.Input, MaxTicks)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := FormatInputs(&buf, tt.in); err != nil {
				t.Fatal(err)
			}
			got, err := ParseInputs(&buf)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tt.in) {
				t.Fatal("ParseInputs(FormatInputs(x)) != x")
			}
		})
	}
}

func FuzzParseInputs(f *testing.F) {
	f.Add("")
	f.Add(".\nR\nL*3\n# c\nLRUDAB*2\n")
	f.Add("R A * 30 # walk\r\n.*5")
	f.Add("R*108000\nL")
	f.Add("RX")
	f.Add("..\n*3\nR*0\nR*-1")
	f.Fuzz(func(t *testing.T, text string) {
		in, err := ParseInputs(strings.NewReader(text))
		if err != nil {
			if in != nil || !strings.HasPrefix(err.Error(), "replay: inputs") {
				t.Fatalf("bad failure: %d inputs, %v", len(in), err)
			}
			return
		}
		if len(in) > MaxTicks {
			t.Fatalf("%d inputs, more than MaxTicks", len(in))
		}
		var buf bytes.Buffer
		if err := FormatInputs(&buf, in); err != nil {
			t.Fatalf("parsed inputs do not format: %v", err)
		}
		formatted := buf.String()
		again, err := ParseInputs(&buf)
		if err != nil {
			t.Fatalf("formatted inputs do not parse: %v\n%s", err, formatted)
		}
		if !slices.Equal(in, again) {
			t.Fatal("ParseInputs(FormatInputs(ParseInputs(text))) differs")
		}
		buf.Reset()
		if err := FormatInputs(&buf, again); err != nil || buf.String() != formatted {
			t.Fatal("FormatInputs is not stable")
		}
	})
}
