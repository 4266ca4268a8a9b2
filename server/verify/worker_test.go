package verify

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/communs-arcade/arcade/engine/level"
	"github.com/communs-arcade/arcade/engine/replay"
	"github.com/communs-arcade/arcade/levels"
	"github.com/communs-arcade/arcade/levels/leveltest"
)

// refusalCase is a replay and the refusal it must get.
type refusalCase struct {
	name   string
	replay func(t testing.TB) []byte
	reason Reason
	detail string // a substring of the detail
}

// refusalCases are the runs every verifier must refuse, each with its
// documented reason. Hostile levels that need a deadline are tested on
// the pool only.
func refusalCases() []refusalCase {
	edit := func(name string, f func(*replay.Record)) func(t testing.TB) []byte {
		return func(t testing.TB) []byte {
			rec := readGolden(t, name)
			f(rec)
			return leveltest.Encode(t, rec)
		}
	}
	return []refusalCase{
		{"garbage", func(testing.TB) []byte { return []byte("not a replay") }, ReasonMalformed, ""},
		{"truncated", func(t testing.TB) []byte {
			b := leveltest.Encode(t, readGolden(t, "demo/win"))
			return b[:len(b)/2]
		}, ReasonMalformed, "malformed"},
		{"trailing bytes", func(t testing.TB) []byte {
			return append(leveltest.Encode(t, readGolden(t, "demo/win")), 0xc0)
		}, ReasonMalformed, "trailing"},
		{"invalid record", func(t testing.TB) []byte {
			rec := readGolden(t, "demo/win")
			rec.Result.Ticks++
			b, err := rec.MarshalMsg(nil)
			if err != nil {
				t.Fatal(err)
			}
			return b
		}, ReasonMalformed, "ticks"},
		{"unknown format", func(t testing.TB) []byte {
			b := leveltest.Encode(t, readGolden(t, "demo/win"))
			i := bytes.Index(b, []byte{0xa1, 'f', 0x01})
			if i < 0 {
				t.Fatal("no format field in the record")
			}
			b[i+2] = 0x02
			return b
		}, ReasonEngine, "format 2"},
		{"other engine", edit("demo/win", func(r *replay.Record) { r.Engine = "9.9.9" }), ReasonEngine, `"9.9.9"`},
		{"unknown level", edit("demo/win", func(r *replay.Record) { r.LevelID = "no-such-level" }), ReasonUnknownLevel, "no-such-level"},
		{"level id as a path", edit("demo/win", func(r *replay.Record) { r.LevelID = "../demo" }), ReasonUnknownLevel, "../demo"},
		{"level changed", edit("demo/win", func(r *replay.Record) { r.LevelHash[0] ^= 1 }), ReasonLevelChanged, "demo"},
		{"another seed", edit("demo/win", func(r *replay.Record) { r.Seed++ }), ReasonWrongSeed, "board's is"},
		{"longer than max_seconds", edit("demo/win", func(r *replay.Record) {
			r.Inputs = append(r.Inputs, replay.Run{Count: 600 * 60})
			r.Result.Ticks += 600 * 60
		}), ReasonTooLong, "at most 36000 (600 s)"},
		{"one input changed", edit("demo/win", tamperOneTick), ReasonDiverged, "diverged at tick"},
		{"score claimed", edit("tax-pot/win", func(r *replay.Record) { r.Result.Score += 1000 }), ReasonDiverged, "score"},
		{"checkpoint changed", edit("rgpd/lose", func(r *replay.Record) { r.Checkpoints[1].Hash ^= 1 }), ReasonDiverged, "diverged at tick 120"},
		{"script loops for ever", func(t testing.TB) []byte { return hostileRun(t, "spin", 10) }, ReasonScript, "spin/main.lua:3: instruction budget exceeded"},
	}
}

// tamperOneTick changes the input of one tick of a run: the first tick on
// which a direction is held now holds nothing.
func tamperOneTick(r *replay.Record) {
	for i, run := range r.Inputs {
		if run.Buttons == 0 {
			continue
		}
		one := run
		one.Count, one.Buttons = 1, 0
		run.Count--
		rest := append([]replay.Run{one}, r.Inputs[i+1:]...)
		if run.Count > 0 {
			rest = append([]replay.Run{one, run}, r.Inputs[i+1:]...)
		}
		r.Inputs = append(r.Inputs[:i], rest...)
		return
	}
	panic("no input to change")
}

func TestLocalRefusals(t *testing.T) {
	v := NewLocal(testLibrary())
	for _, tc := range refusalCases() {
		t.Run(tc.name, func(t *testing.T) {
			_, err := v.Verify(context.Background(), Job{Replay: tc.replay(t)})
			checkRefusal(t, err, tc.reason, tc.detail)
		})
	}
}

func checkRefusal(t *testing.T, err error, reason Reason, detail string) {
	t.Helper()
	var ref *Refusal
	if !errors.As(err, &ref) {
		t.Fatalf("got error %v, want a refusal %s", err, reason)
	}
	if ref.Reason != reason || !strings.Contains(ref.Detail, detail) {
		t.Errorf("got %s (%s), want %s with %q", ref.Reason, ref.Detail, reason, detail)
	}
}

func TestLocalGoldens(t *testing.T) {
	v := NewLocal(Builtin())
	var withAnswers atomic.Int64
	for _, g := range goldens(t) {
		t.Run(g.name, func(t *testing.T) {
			got, err := v.Verify(context.Background(), Job{Replay: g.data})
			if err != nil {
				t.Fatal(err)
			}
			rec := readGolden(t, g.name)
			lvl, err := level.LoadFS(levels.FS, rec.LevelID)
			if err != nil {
				t.Fatal(err)
			}
			want := Result{
				Level:     rec.LevelID,
				LevelHash: lvl.ContentHash(),
				Score:     rec.Result.Score,
				Ticks:     rec.Result.Ticks,
				Won:       strings.HasSuffix(g.name, "/win"),
				StateHash: rec.Result.Hash,
			}
			if lvl.Manifest.Pot {
				want.Pot = want.Score
			}
			// The quiz answers are the replay's own: checked below.
			answers := got.Answers
			got.Answers = nil
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got %+v\nwant %+v", got, want)
			}
			for _, a := range answers {
				if a.Question == "" || a.Choice < 1 || a.Choice > 6 {
					t.Errorf("quiz answer %+v", a)
				}
			}
			if len(answers) > 0 {
				withAnswers.Add(1)
			}
		})
	}
	// Most campaign levels ask quiz questions on the way to a win.
	if withAnswers.Load() == 0 {
		t.Error("no golden replay gave a quiz answer")
	}
}

// TestPotLevel guards the golden-based test above: at least one built-in
// level has a pot, and its winning run adds to it.
func TestPotLevel(t *testing.T) {
	got, err := NewLocal(Builtin()).Verify(context.Background(), Job{Replay: leveltest.Encode(t, readGolden(t, "tax-pot/win"))})
	if err != nil {
		t.Fatal(err)
	}
	if got.Pot == 0 || got.Pot != got.Score {
		t.Errorf("tax-pot win: pot %d, score %d", got.Pot, got.Score)
	}
}

// TestServe runs the worker loop in this process over pipes: answers come
// in order with their ids, and the end of input ends it cleanly.
func TestServe(t *testing.T) {
	g := goldens(t)
	reqs := []request{
		{ID: 1, Replay: g[0].data},
		{ID: 2, Replay: []byte("junk")},
		{ID: 7, Replay: g[1].data},
	}
	var in bytes.Buffer
	for i := range reqs {
		b, err := appendFrame(nil, MaxRequestBytes, &reqs[i])
		if err != nil {
			t.Fatal(err)
		}
		in.Write(b)
	}
	var out bytes.Buffer
	if err := Serve(context.Background(), &in, &out, Builtin()); err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(&out)
	for _, want := range []struct {
		id     uint64
		reason string
	}{{1, ""}, {2, string(ReasonMalformed)}, {7, ""}} {
		var resp response
		if err := readMsg(r, MaxResponseBytes, &resp); err != nil {
			t.Fatal(err)
		}
		if resp.ID != want.id || resp.Reason != want.reason || resp.Failure != "" {
			t.Errorf("response %+v, want id %d reason %q", resp, want.id, want.reason)
		}
	}
	if _, err := r.ReadByte(); err != io.EOF {
		t.Errorf("more output after the last response: %v", err)
	}
}

func TestServeBadInput(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   []byte
		want string
	}{
		{"empty frame", []byte{0, 0, 0, 0}, "frame size"},
		{"too large", []byte{0xff, 0xff, 0xff, 0xff}, "frame size"},
		{"cut header", []byte{0, 0}, "unexpected EOF"},
		{"cut body", []byte{0, 0, 0, 9, 0x80}, "unexpected EOF"},
		{"not a map", []byte{0, 0, 0, 1, 0xc0}, "decode"},
		{"trailing", []byte{0, 0, 0, 2, 0x80, 0xc0}, "trailing"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			err := Serve(context.Background(), bytes.NewReader(tc.in), &out, Builtin())
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "verify: ") {
				t.Errorf("got %v, want an error with %q", err, tc.want)
			}
			if out.Len() != 0 {
				t.Errorf("wrote %d bytes", out.Len())
			}
		})
	}
}

func TestClip(t *testing.T) {
	long := strings.Repeat("é", maxDetail)
	for _, tc := range []struct{ in, want string }{
		{"short", "short"},
		{long, strings.Repeat("é", maxDetail/2) + "…"},
	} {
		if got := clip(tc.in); got != tc.want {
			t.Errorf("clip(%d bytes) = %d bytes", len(tc.in), len(got))
		}
	}
}
