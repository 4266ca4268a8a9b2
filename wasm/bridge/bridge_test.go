package bridge

import (
	"encoding/base64"
	"errors"
	"reflect"
	"testing"
)

type fakeGame struct {
	data []byte
	err  error
}

func (f fakeGame) State() State            { return State{} }
func (f fakeGame) Replay() ([]byte, error) { return f.data, f.err }

func TestStateObject(t *testing.T) {
	offline := map[string]any{"status": "", "pseudonym": "", "outbox": 0, "pot": nil, "submission": nil, "board": nil}
	pot := int64(1200)
	tests := []struct {
		name string
		in   State
		want map[string]any
	}{
		{"zero", State{}, map[string]any{
			"scene": "", "level": "", "tick": uint32(0), "score": int64(0), "hash": "0000000000000000", "outcome": "", "online": offline, "community": nil,
		}},
		{"playing", State{Scene: "play", Level: "demo", Tick: 223, Score: 3678, Hash: 0x71f84c56f63a11bc, Outcome: "won"}, map[string]any{
			"scene": "play", "level": "demo", "tick": uint32(223), "score": int64(3678), "hash": "71f84c56f63a11bc", "outcome": "won", "online": offline, "community": nil,
		}},
		{"small hash keeps 16 digits", State{Hash: 0xab}, map[string]any{
			"scene": "", "level": "", "tick": uint32(0), "score": int64(0), "hash": "00000000000000ab", "outcome": "", "online": offline, "community": nil,
		}},
		{"online", State{Online: Online{
			Status: "online", Pseudonym: "Renard-Bleu-42", Outbox: 1, Pot: &pot,
			Submission: &Submission{Run: "r1", Level: "demo", State: "stored", Rank: 2, Total: 3, Score: 3678, NewBest: true},
			Board:      &Board{Level: "demo", Loaded: true, Total: 3, Top: []Entry{{Rank: 1, Pseudonym: "Castor-Rouge-3", Score: 9000, Ticks: 100}}},
		}}, map[string]any{
			"scene": "", "level": "", "tick": uint32(0), "score": int64(0), "hash": "0000000000000000", "outcome": "",
			"online": map[string]any{
				"status": "online", "pseudonym": "Renard-Bleu-42", "outbox": 1, "pot": int64(1200),
				"submission": map[string]any{
					"run": "r1", "level": "demo", "state": "stored", "code": "", "rank": uint32(2), "total": uint32(3),
					"score": int64(3678), "newBest": true, "duplicate": false,
				},
				"board": map[string]any{"level": "demo", "loaded": true, "total": uint32(3), "around": []any{}, "top": []any{
					map[string]any{"rank": uint32(1), "pseudonym": "Castor-Rouge-3", "score": int64(9000), "ticks": uint32(100), "me": false},
				}},
			},
			"community": nil,
		}},
		{"community", State{Community: &Community{Shown: []string{"a", "b"}, Selected: "b", Answer: "no_verified_run"}}, map[string]any{
			"scene": "", "level": "", "tick": uint32(0), "score": int64(0), "hash": "0000000000000000", "outcome": "", "online": offline,
			"community": map[string]any{"shown": []any{"a", "b"}, "selected": "b", "answer": "no_verified_run", "card": nil},
		}},
		{"community card", State{Community: &Community{Shown: []string{}, Selected: "b", Card: &CommunityCard{ID: "b", Version: 2, Plays: 7, Rating: 4.5, Ratings: 2}}}, map[string]any{
			"scene": "", "level": "", "tick": uint32(0), "score": int64(0), "hash": "0000000000000000", "outcome": "", "online": offline,
			"community": map[string]any{"shown": []any{}, "selected": "b", "answer": "",
				"card": map[string]any{"id": "b", "version": 2, "plays": int64(7), "rating": 4.5, "ratings": 2}},
		}},
	}
	tests = append(tests, struct {
		name string
		in   State
		want map[string]any
	}{"touch", State{Touch: &Touch{Screen: Rect{W: 844, H: 390}, View: Rect{X: 140, Y: 0, W: 564, H: 317},
		Pad: Circle{X: 70, Y: 300, R: 55}, Targets: []Rect{{X: 1, Y: 2, W: 3, H: 4}}}}, map[string]any{
		"scene": "", "level": "", "tick": uint32(0), "score": int64(0), "hash": "0000000000000000", "outcome": "", "online": offline,
		"community": nil,
		"touch": map[string]any{
			"screen": map[string]any{"x": 0, "y": 0, "w": 844, "h": 390}, "view": map[string]any{"x": 140, "y": 0, "w": 564, "h": 317},
			"pad": map[string]any{"x": 70, "y": 300, "r": 55}, "a": map[string]any{"x": 0, "y": 0, "r": 0},
			"b": map[string]any{"x": 0, "y": 0, "r": 0}, "pause": map[string]any{"x": 0, "y": 0, "r": 0},
			"targets": []any{map[string]any{"x": 1, "y": 2, "w": 3, "h": 4}},
		},
	}}, struct {
		name string
		in   State
		want map[string]any
	}{"class", State{Class: &Class{Code: "ACDEFG", Name: "5e B", Pseudonym: "Loutre-Verte", Joined: true, Paused: true,
		Message: "Regardez le tableau", Levels: []string{"rgpd", "demo"}, Locked: []string{"demo"}}}, map[string]any{
		"scene": "", "level": "", "tick": uint32(0), "score": int64(0), "hash": "0000000000000000", "outcome": "", "online": offline,
		"community": nil,
		"class": map[string]any{"code": "ACDEFG", "name": "5e B", "pseudonym": "Loutre-Verte", "joined": true, "paused": true,
			"message": "Regardez le tableau", "levels": []any{"rgpd", "demo"}, "locked": []any{"demo"}, "public": false, "error": ""},
	}})
	for _, tt := range tests {
		for _, k := range []string{"class", "touch"} {
			if _, ok := tt.want[k]; !ok {
				tt.want[k] = nil
			}
		}
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.in.Object(); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Object() = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestEncodeReplay(t *testing.T) {
	data := []byte{0x89, 0xa1, 'f', 0x01, 0xff}
	v, err := encodeReplay(fakeGame{data: data})
	if err != nil {
		t.Fatal(err)
	}
	got, err := base64.StdEncoding.DecodeString(v.(string))
	if err != nil || string(got) != string(data) {
		t.Errorf("encodeReplay = %v (%v), want base64 of %x", v, err, data)
	}
	v, err = encodeReplay(fakeGame{err: errors.New("no run")})
	if v != nil || err == nil || err.Error() != "bridge: replay: no run" {
		t.Errorf("encodeReplay with an error = %v, %v", v, err)
	}
}
