package input

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"
)

func TestEncodeMapping(t *testing.T) {
	const want = `left = ArrowLeft, A
right = ArrowRight, D
up = ArrowUp, W
down = ArrowDown, S
a = Z, Space, Enter
b = X, Shift
pause = Escape, P
`
	if got := string(EncodeMapping(DefaultMapping())); got != want {
		t.Errorf("EncodeMapping(DefaultMapping()) =\n%s\nwant\n%s", got, want)
	}
}

func TestDecodeMappingRoundTrip(t *testing.T) {
	for _, m := range []Mapping{
		DefaultMapping(),
		DefaultMapping().Bind(ActionA, ebiten.KeyX).Bind(ActionPause, ebiten.KeyNumpad0).Bind(ActionUp, ebiten.KeyBackquote),
	} {
		got, err := DecodeMapping(EncodeMapping(m))
		if err != nil {
			t.Fatal(err)
		}
		if !got.Equal(m) {
			t.Errorf("round trip:\n%s\ngave\n%s", EncodeMapping(m), EncodeMapping(got))
		}
	}
}

func TestDecodeMappingTolerant(t *testing.T) {
	const text = "# my keys\r\n" +
		"\n" +
		"  LEFT=left a\r\n" + // upper case, old key name, space separated
		"Right = arrowright,D,,\n" +
		"up = W, w, ArrowUp\n" + // repeated key counts once
		"down = kp2 S\n" +
		"a = space\n" +
		"b = x\n" +
		"pause = escape"
	m, err := DecodeMapping([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	want := map[Action][]ebiten.Key{
		ActionLeft:  {ebiten.KeyArrowLeft, ebiten.KeyA},
		ActionRight: {ebiten.KeyArrowRight, ebiten.KeyD},
		ActionUp:    {ebiten.KeyW, ebiten.KeyArrowUp},
		ActionDown:  {ebiten.KeyNumpad2, ebiten.KeyS},
		ActionA:     {ebiten.KeySpace},
		ActionB:     {ebiten.KeyX},
		ActionPause: {ebiten.KeyEscape},
	}
	for a, ks := range want {
		if !slices.Equal(m.Keys(a), ks) {
			t.Errorf("%s = %v, want %v", a, m.Keys(a), ks)
		}
	}
}

func TestDecodeMappingErrors(t *testing.T) {
	tests := []struct {
		name string
		text string
		errs []string // each must appear in the error
		// keys some actions must have in the usable result
		want map[Action][]ebiten.Key
	}{
		{
			name: "missing equals",
			text: "a Z\n",
			errs: []string{`input: mapping line 1: want action = keys, got "a Z"`},
			want: map[Action][]ebiten.Key{ActionA: {ebiten.KeyZ, ebiten.KeySpace, ebiten.KeyEnter}},
		},
		{
			name: "unknown action",
			text: "# c\njump = Z\n",
			errs: []string{`input: mapping line 2: unknown action "jump" (want one of left, right, up, down, a, b, pause)`},
		},
		{
			name: "unknown key keeps the others",
			text: "a = Z, Banana\n",
			errs: []string{`input: mapping line 1: unknown key "Banana" for a`},
			want: map[Action][]ebiten.Key{ActionA: {ebiten.KeyZ}},
		},
		{
			name: "key bound twice: first line wins",
			text: "a = Z\nb = Z, X\n",
			errs: []string{"input: mapping line 2: key Z for b is already bound on line 1"},
			want: map[Action][]ebiten.Key{ActionA: {ebiten.KeyZ}, ActionB: {ebiten.KeyX}},
		},
		{
			name: "action twice",
			text: "a = Z\na = C\n",
			errs: []string{"input: mapping line 2: action a already bound on line 1"},
			want: map[Action][]ebiten.Key{ActionA: {ebiten.KeyZ}},
		},
		{
			name: "no key",
			text: "b =\n",
			errs: []string{"input: mapping line 1: no key for b"},
			want: map[Action][]ebiten.Key{ActionB: {ebiten.KeyX, ebiten.KeyShift}},
		},
		{
			name: "too many keys",
			text: "a = C, V, B, N, M\n",
			errs: []string{"input: mapping line 1: 5 keys for a, at most 4 allowed"},
			want: map[Action][]ebiten.Key{ActionA: {ebiten.KeyC, ebiten.KeyV, ebiten.KeyB, ebiten.KeyN}},
		},
		{
			name: "several lines report together",
			text: "left = Nope\nright = Nada\n",
			errs: []string{"mapping line 1: unknown key", "mapping line 2: unknown key"},
		},
		{
			name: "too long",
			text: strings.Repeat("#", MaxMappingText+1),
			errs: []string{"input: mapping text is 16385 bytes, at most 16384 allowed"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := DecodeMapping([]byte(tt.text))
			if err == nil {
				t.Fatal("no error")
			}
			for _, e := range tt.errs {
				if !strings.Contains(err.Error(), e) {
					t.Errorf("error %q\ndoes not contain %q", err, e)
				}
			}
			if verr := m.Validate(); verr != nil {
				t.Errorf("result not usable: %v", verr)
			}
			for a, ks := range tt.want {
				if !slices.Equal(m.Keys(a), ks) {
					t.Errorf("%s = %v, want %v", a, m.Keys(a), ks)
				}
			}
		})
	}
}

// An action the text leaves out gets its default keys, minus those the text
// gave to other actions.
func TestDecodeMappingFillsDefaults(t *testing.T) {
	m, err := DecodeMapping([]byte("a = P\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Keys(ActionPause); !slices.Equal(got, []ebiten.Key{ebiten.KeyEscape}) {
		t.Errorf("pause = %v, want [Escape]", got)
	}
	// Every default key of pause taken: some free key keeps it reachable.
	m, err = DecodeMapping([]byte("a = P\nb = Escape\n"))
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
	if len(m.Keys(ActionPause)) != 1 {
		t.Errorf("pause = %v, want one free key", m.Keys(ActionPause))
	}
}

func TestMappingTextMarshaler(t *testing.T) {
	type settings struct {
		Keys Mapping `json:"keys"`
	}
	in := settings{Keys: DefaultMapping().Bind(ActionB, ebiten.KeyC)}
	data, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var out settings
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatal(err)
	}
	if !out.Keys.Equal(in.Keys) {
		t.Errorf("JSON round trip gave\n%s", EncodeMapping(out.Keys))
	}
	if err := json.Unmarshal([]byte(`{"keys":"a = Nope"}`), &out); err == nil || !strings.Contains(err.Error(), "input: mapping line 1") {
		t.Errorf("bad mapping in JSON: %v", err)
	}
}

func FuzzDecodeMapping(f *testing.F) {
	f.Add(EncodeMapping(DefaultMapping()))
	f.Add([]byte("a = Z, Banana\nb = Z\n# x\njump = 1\n"))
	f.Add([]byte("LEFT=left a\r\npause=\n"))
	f.Add([]byte("a = C, V, B, N, M\nb = Escape\npause = P"))
	f.Fuzz(func(t *testing.T, text []byte) {
		m, err := DecodeMapping(text)
		if verr := m.Validate(); verr != nil {
			t.Fatalf("unusable result (decode error %v): %v", err, verr)
		}
		if err != nil && !strings.HasPrefix(err.Error(), "input: ") {
			t.Fatalf("error without prefix: %v", err)
		}
		back, err := DecodeMapping(EncodeMapping(m))
		if err != nil {
			t.Fatalf("re-decoding %q: %v", EncodeMapping(m), err)
		}
		if !back.Equal(m) {
			t.Fatalf("round trip changed\n%s\ninto\n%s", EncodeMapping(m), EncodeMapping(back))
		}
	})
}
