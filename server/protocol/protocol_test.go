package protocol

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/tinylib/msgp/msgp"
)

var token = bytes.Repeat([]byte{7}, TokenSize)
var hash = bytes.Repeat([]byte{9}, HashSize)

// examples holds one filled-in message of every type.
var examples = []Message{
	&Hello{Version: Version, Token: token, Pseudonym: "Renard-Bleu-42", Client: "web/0.1.0"},
	&Welcome{Version: Version, Pseudonym: "Renard-Bleu-42", Engine: "0.1.0", MaxMessage: MaxMessage, Pots: []Pot{{Level: "tax-pot", Total: 1234}}},
	&SetPseudonym{Pseudonym: "Loutre Verte"},
	&Renamed{Pseudonym: "Loutre Verte"},
	&Submit{Replay: []byte{0x80}, Client: "run-1"},
	&Submitted{Level: "demo", Hash: hash, Score: 3678, Ticks: 223, Won: true, NewBest: true, Best: Entry{Rank: 2, Pseudonym: "A-b", Score: 3678, Ticks: 223, Me: true}, Around: []Entry{{Rank: 1, Pseudonym: "Zed", Score: 4000}}, Total: 7, Pot: 0},
	&GetBoard{Level: "demo", Hash: hash, Kind: BoardTop, Offset: 10, Limit: 20},
	&Board{Level: "demo", Hash: hash, Kind: BoardAround, Total: 3, Entries: []Entry{{Rank: 1, Pseudonym: "Zed", Score: 1}}, Me: &Entry{Rank: 1, Pseudonym: "Zed", Score: 1, Me: true}},
	&Watch{Level: "demo"},
	&Unwatch{Level: "demo"},
	&OK{},
	&Record{Level: "demo", Hash: hash, Total: 1, Top: []Entry{{Rank: 1, Pseudonym: "Zed", Score: 1}}},
	&Pot{Level: "tax-pot", Total: 99},
	&Error{Code: CodeRefused, Message: "diverged: at tick 120"},
	&Error{Code: CodeMalformed, Message: "envelope: not a map", NoID: true},
	&Submit{Replay: []byte{0x80}, Client: "run-2", Public: true},
	&Submitted{Level: "demo", Hash: hash, Score: 10, Ticks: 60, Won: true, Class: true},
	&Join{Code: "ACDEFG", Pseudonym: "Loutre Verte", Animal: 11, Color: 7, New: true},
	&Joined{Code: "ACDEFG", Name: "5e B", Levels: []string{"demo", "quiz"}, Locked: []string{"quiz"}, Paused: true, Message: "look at the board", Pseudonym: "Loutre Verte", EndsAt: 1796083200},
	&Leave{},
	&Leave{Forget: true},
	&Start{Level: "demo"},
	&ClassState{Code: "ACDEFG", Locked: []string{"quiz"}, Paused: true, Message: "look at the board"},
	&ClassState{Code: "ACDEFG", Ended: true},
}

func TestRoundTrip(t *testing.T) {
	seen := map[Type]bool{}
	for i, m := range examples {
		t.Run(string(m.Type()), func(t *testing.T) {
			frame, err := Encode(nil, uint32(i+1), m)
			if err != nil {
				t.Fatal(err)
			}
			env, got, err := Decode(frame)
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if env.ID != uint32(i+1) || env.Type != m.Type() {
				t.Errorf("envelope id %d type %q, want %d %q", env.ID, env.Type, i+1, m.Type())
			}
			if !reflect.DeepEqual(got, m) {
				t.Errorf("decoded %#v\nwant %#v", got, m)
			}
		})
		seen[m.Type()] = true
	}
	for _, ty := range []Type{TypeHello, TypeWelcome, TypeSetPseudonym, TypeRenamed, TypeSubmit, TypeSubmitted,
		TypeGetBoard, TypeBoard, TypeWatch, TypeUnwatch, TypeOK, TypeRecord, TypePot, TypeError,
		TypeJoin, TypeJoined, TypeLeave, TypeClassState, TypeStart} {
		if !seen[ty] {
			t.Errorf("no round-trip example of %q", ty)
		}
		if New(ty) == nil || New(ty).Type() != ty {
			t.Errorf("New(%q) is wrong", ty)
		}
	}
}

// frame builds an envelope around a raw body.
func frame(t *testing.T, ty Type, id uint32, body []byte) []byte {
	t.Helper()
	b, err := (&Envelope{Type: ty, ID: id, Body: body}).MarshalMsg(nil)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func body(t *testing.T, m msgp.Marshaler) []byte {
	t.Helper()
	b, err := m.MarshalMsg(nil)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDecodeErrors(t *testing.T) {
	good, _ := Encode(nil, 3, &Watch{Level: "demo"})
	// A map with the key "l" twice.
	dup := msgp.AppendMapHeader(nil, 2)
	dup = msgp.AppendString(msgp.AppendString(dup, "l"), "a")
	dup = msgp.AppendString(msgp.AppendString(dup, "l"), "b")
	tests := []struct {
		name  string
		frame []byte
		code  Code
		id    uint32
	}{
		// id 0 below: the envelope did not decode, so the error has NoID.
		{"empty", nil, CodeMalformed, 0},
		{"not msgpack", []byte("hello"), CodeMalformed, 0},
		{"array not map", msgp.AppendArrayHeader(nil, 3), CodeMalformed, 0},
		{"too large", make([]byte, MaxMessage+1), CodeTooLarge, 0},
		{"envelope key twice", []byte{0x82, 0xa2, 'i', 'd', 4, 0xa2, 'i', 'd', 5}, CodeMalformed, 0},
		{"trailing bytes", append(good, 0xc0), CodeMalformed, 3},
		{"unknown type", frame(t, "teleport", 5, body(t, &OK{})), CodeUnknownType, 5},
		{"body not a map", frame(t, TypeWatch, 6, msgp.AppendInt(nil, 3)), CodeMalformed, 6},
		{"body trailing", frame(t, TypeWatch, 6, append(body(t, &Watch{Level: "demo"}), 1)), CodeMalformed, 6},
		{"duplicate key", frame(t, TypeWatch, 7, dup), CodeMalformed, 7},
		{"wrong field type", frame(t, TypeWatch, 8, msgp.AppendInt(msgp.AppendString(msgp.AppendMapHeader(nil, 1), "l"), 4)), CodeMalformed, 8},
		{"short token", mustEncode(t, 9, &Hello{Version: 1, Token: []byte{1}}), CodeInvalid, 9},
		{"long token", mustEncode(t, 9, &Hello{Version: 1, Token: make([]byte, 33)}), CodeInvalid, 9},
		{"huge token", mustEncode(t, 9, &Hello{Version: 1, Token: make([]byte, MaxReplay)}), CodeInvalid, 9},
		{"no token", frame(t, TypeHello, 9, nil), CodeInvalid, 9},
		{"bad pseudonym", mustEncode(t, 10, &SetPseudonym{Pseudonym: "x"}), CodeBadPseudonym, 10},
		{"empty replay", mustEncode(t, 11, &Submit{}), CodeInvalid, 11},
		{"long client id", mustEncode(t, 11, &Submit{Replay: []byte{1}, Client: strings.Repeat("c", 65)}), CodeInvalid, 11},
		{"no level", mustEncode(t, 12, &Watch{}), CodeInvalid, 12},
		{"long level", mustEncode(t, 12, &Unwatch{Level: strings.Repeat("l", 65)}), CodeInvalid, 12},
		{"board kind", mustEncode(t, 13, &GetBoard{Level: "demo", Kind: "all", Limit: 1}), CodeInvalid, 13},
		{"board limit 0", mustEncode(t, 13, &GetBoard{Level: "demo", Kind: BoardTop}), CodeInvalid, 13},
		{"board limit", mustEncode(t, 13, &GetBoard{Level: "demo", Kind: BoardTop, Limit: 101}), CodeInvalid, 13},
		{"around limit", mustEncode(t, 13, &GetBoard{Level: "demo", Kind: BoardAround, Limit: 11}), CodeInvalid, 13},
		{"board hash", mustEncode(t, 13, &GetBoard{Level: "demo", Kind: BoardTop, Limit: 1, Hash: []byte{1}}), CodeInvalid, 13},
		{"long board hash", mustEncode(t, 13, &GetBoard{Level: "demo", Kind: BoardTop, Limit: 1, Hash: make([]byte, 33)}), CodeInvalid, 13},
		{"short class code", mustEncode(t, 15, &Join{Code: "ACD", Pseudonym: "Zoé"}), CodeInvalid, 15},
		{"long class code", mustEncode(t, 15, &Join{Code: "ACDEFGH", Pseudonym: "Zoé"}), CodeInvalid, 15},
		{"picture animal", mustEncode(t, 15, &Join{Code: "ACDEFG", Animal: PictureAnimals}), CodeInvalid, 15},
		{"picture colour", mustEncode(t, 15, &Join{Code: "ACDEFG", Color: PictureColors}), CodeInvalid, 15},
		{"start without level", mustEncode(t, 15, &Start{}), CodeInvalid, 15},
		{"join pseudonym", mustEncode(t, 15, &Join{Code: "ACDEFG", Pseudonym: strings.Repeat("a", MaxPseudonymBytes+1)}), CodeInvalid, 15},
		{"joined levels over limit", frame(t, TypeJoined, 16, append(msgp.AppendArrayHeader(msgp.AppendString(msgp.AppendMapHeader(nil, 1), "l"), 51), bytes.Repeat([]byte{0xa0}, 51)...)), CodeTooLarge, 16},
		{"replay over limit", frame(t, TypeSubmit, 14, msgp.AppendBytes(msgp.AppendString(msgp.AppendMapHeader(nil, 1), "r"), make([]byte, MaxReplay+1))), CodeTooLarge, 14},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env, m, err := Decode(tt.frame)
			if err == nil {
				t.Fatalf("Decode accepted it: %#v", m)
			}
			if got := CodeOf(err); got != tt.code {
				t.Errorf("code %q (%v), want %q", got, err, tt.code)
			}
			if env.ID != tt.id {
				t.Errorf("envelope id %d, want %d", env.ID, tt.id)
			}
			if NoID(err) != (tt.id == 0) {
				t.Errorf("NoID = %v with envelope id %d", NoID(err), env.ID)
			}
		})
	}
}

// TestNoBody checks that an envelope without "b" has an empty body: every
// field may be left out, the body included.
func TestNoBody(t *testing.T) {
	tests := []struct {
		ty   Type
		want Message
		code Code // "" when it decodes
	}{
		{TypeOK, &OK{}, ""},
		{TypeError, &Error{}, ""},
		{TypeWelcome, &Welcome{}, ""},
		{TypeUnwatch, nil, CodeInvalid}, // a level id is required
		{TypeHello, nil, CodeInvalid},   // so is a token
	}
	for _, tt := range tests {
		b := msgp.AppendMapHeader(nil, 2)
		b = msgp.AppendUint32(msgp.AppendString(b, "id"), 4)
		b = msgp.AppendString(msgp.AppendString(b, "t"), string(tt.ty))
		env, m, err := Decode(b)
		if env.ID != 4 || env.Type != tt.ty {
			t.Errorf("%s: envelope %+v", tt.ty, env)
		}
		if tt.code != "" {
			if CodeOf(err) != tt.code {
				t.Errorf("%s without a body: %v, want %s", tt.ty, err, tt.code)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(m, tt.want) {
			t.Errorf("%s without a body: %#v, %v; want %#v", tt.ty, m, err, tt.want)
		}
	}
}

func mustEncode(t *testing.T, id uint32, m Message) []byte {
	t.Helper()
	b, err := Encode(nil, id, m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestCheckPseudonymForm checks the protocol's wrapping of the clients'
// form rules; the rules themselves are tested in pseudonym/form, and the
// server's (pseudonym.CheckProtocol) in pseudonym.
func TestCheckPseudonymForm(t *testing.T) {
	tests := []struct {
		p    string
		rule string // named in the message; "" when accepted
	}{
		{"Renard-Bleu-42", ""},
		{"Élan_Jaune", ""},
		{"東京タワー", ""},
		{"Badminton", ""},
		{"Admin", ""}, // the blocklist is the server's
		{"ab", "length rule"},
		{strings.Repeat("a", 25), "length rule"},
		{strings.Repeat("東", 25), ""}, // length of a name past U+0300: the server's
		{"a<b>c", "characters rule"},
		{"\u3164\u3164\u3164", "blank rule"},
		{"Bob\u3164", "invisible rule"},
		{"\xff\xfeabc", "encoding rule"},
	}
	for _, tt := range tests {
		err := CheckPseudonymForm(tt.p)
		if (err == nil) != (tt.rule == "") {
			t.Errorf("CheckPseudonymForm(%q) = %v, want ok=%v", tt.p, err, tt.rule == "")
		}
		if err != nil && (CodeOf(err) != CodeBadPseudonym || !strings.Contains(err.Error(), tt.rule)) {
			t.Errorf("CheckPseudonymForm(%q) = %v: want code %s naming the %s", tt.p, err, CodeBadPseudonym, tt.rule)
		}
	}
}

// TestHelloPseudonym: a hello's pseudonym is checked for size only (a known
// player must log in whatever the rules became; the hub checks a new one),
// a set_pseudonym's by the clients' form rules (the hub applies the rest).
func TestHelloPseudonym(t *testing.T) {
	token := make([]byte, TokenSize)
	for _, p := range []string{"Admin", "Bob\u3164", "ab"} {
		if _, _, err := Decode(mustEncode(t, 1, &Hello{Version: Version, Token: token, Pseudonym: p})); err != nil {
			t.Errorf("hello with %q: %v", p, err)
		}
		_, _, err := Decode(mustEncode(t, 2, &SetPseudonym{Pseudonym: p}))
		if want := CheckPseudonymForm(p); CodeOf(err) != CodeOf(want) || (err == nil) != (want == nil) {
			t.Errorf("set_pseudonym %q: %v, want %v", p, err, want)
		}
	}
	long := strings.Repeat("a", MaxPseudonymBytes+1)
	if _, _, err := Decode(mustEncode(t, 1, &Hello{Version: Version, Token: token, Pseudonym: long})); CodeOf(err) != CodeInvalid {
		t.Errorf("hello with a %d-byte pseudonym: %v, want %s", len(long), err, CodeInvalid)
	}
}

func TestFromClient(t *testing.T) {
	for _, m := range examples {
		want := map[Type]bool{TypeHello: true, TypeSetPseudonym: true, TypeSubmit: true, TypeGetBoard: true, TypeWatch: true, TypeUnwatch: true,
			TypeJoin: true, TypeLeave: true, TypeStart: true}[m.Type()]
		if FromClient(m.Type()) != want {
			t.Errorf("FromClient(%q) = %v", m.Type(), !want)
		}
	}
}

func FuzzDecode(f *testing.F) {
	for i, m := range examples {
		b, err := Encode(nil, uint32(i), m)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte{0x80})
	f.Fuzz(func(t *testing.T, b []byte) {
		env, m, err := Decode(b)
		if err != nil {
			if CodeOf(err) == CodeInternal {
				t.Fatalf("error without a code: %v", err)
			}
			return
		}
		// What decodes re-encodes and decodes to the same message.
		again, err := Encode(nil, env.ID, m)
		if err != nil {
			t.Fatal(err)
		}
		_, m2, err := Decode(again)
		if err != nil {
			t.Fatalf("re-decode: %v", err)
		}
		// Compared as encodings: nil and empty byte strings encode alike.
		third, err := Encode(nil, env.ID, m2)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(again, third) {
			t.Fatalf("round trip changed %#v into %#v", m, m2)
		}
	})
}
