package verify

import (
	"bufio"
	"bytes"
	"reflect"
	"testing"
)

// FuzzReadRequest feeds the worker's frame decoder arbitrary input: it
// must never panic nor allocate past the cap, and what it accepts must
// survive a round trip.
func FuzzReadRequest(f *testing.F) {
	for _, req := range []request{{}, {ID: 1, CPU: 11, Replay: []byte("replay")}} {
		b, err := appendFrame(nil, MaxRequestBytes, &req)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte{0, 0, 0, 3, 0x81, 0xa1, 'i'})
	f.Add([]byte{0xff, 0xff, 0xff, 0xff})
	f.Fuzz(func(t *testing.T, in []byte) {
		var req request
		if err := readMsg(bufio.NewReader(bytes.NewReader(in)), MaxRequestBytes, &req); err != nil {
			return
		}
		b, err := appendFrame(nil, MaxRequestBytes, &req)
		if err != nil {
			t.Fatalf("accepted %+v but cannot encode it: %v", req, err)
		}
		var again request
		if err := readMsg(bufio.NewReader(bytes.NewReader(b)), MaxRequestBytes, &again); err != nil {
			t.Fatalf("re-encoded request does not decode: %v", err)
		}
		if !reflect.DeepEqual(normal(req), normal(again)) {
			t.Errorf("round trip: %+v became %+v", req, again)
		}
	})
}

// normal makes a nil and an empty replay compare equal.
func normal(r request) request {
	if len(r.Replay) == 0 {
		r.Replay = nil
	}
	return r
}

// FuzzReadResponse feeds the pool's side arbitrary worker output: reading
// and interpreting it never panics, and a response it does not reject
// is either a result with a full level hash or a known refusal.
func FuzzReadResponse(f *testing.F) {
	for _, resp := range []response{
		{ID: 3, Reason: string(ReasonDiverged), Detail: "diverged at tick 60"},
		{ID: 4, Level: "demo", LevelHash: make([]byte, 32), Score: 10, Ticks: 223, Won: true},
		{ID: 5, Failure: "level broken"},
		{ID: 6, Reason: "bogus"},
		{ID: 7, Level: "rgpd", LevelHash: make([]byte, 32), Answers: []quizAnswer{{Question: "q1", Choice: 2, Right: true}}},
		{ID: 8, Level: "rgpd", LevelHash: make([]byte, 32), Answers: []quizAnswer{{Question: "", Choice: 0}}},
	} {
		b, err := appendFrame(nil, MaxResponseBytes, &resp)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		var resp response
		if err := readMsg(bufio.NewReader(bytes.NewReader(in)), MaxResponseBytes, &resp); err != nil {
			return
		}
		res, valid, err := resp.result()
		switch {
		case !valid:
		case err != nil:
			if ref, ok := err.(*Refusal); ok && !ref.Reason.Known() {
				t.Errorf("unknown reason %q accepted", ref.Reason)
			}
		case res.Level != resp.Level:
			t.Errorf("level %q became %q", resp.Level, res.Level)
		}
	})
}
