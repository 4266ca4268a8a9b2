package verify

import (
	"bufio"
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/communs-arcade/arcade/engine/script"
)

// TestResponseAnswers: a worker's quiz answers reach the Result, the
// largest response there can be fits in a frame, and answers out of
// bounds make the response invalid (more than MaxQuizAnswers do not even
// decode: TestTooManyAnswers).
func TestResponseAnswers(t *testing.T) {
	full := response{ID: 1, Level: "rgpd", LevelHash: make([]byte, 32), Failure: "", Reason: ""}
	for i := range script.MaxQuizAnswers {
		full.Answers = append(full.Answers, quizAnswer{Question: strings.Repeat("k", script.MaxQuizKey), Choice: uint8(1 + i%script.MaxQuizChoice), Right: i%2 == 0})
	}
	tests := []struct {
		name  string
		resp  response
		valid bool
	}{
		{"largest", full, true},
		{"one", response{Level: "rgpd", LevelHash: make([]byte, 32), Answers: []quizAnswer{{Question: "q1", Choice: 2, Right: true}}}, true},
		{"choice 0", response{Level: "rgpd", LevelHash: make([]byte, 32), Answers: []quizAnswer{{Question: "q1", Choice: 0}}}, false},
		{"choice 17", response{Level: "rgpd", LevelHash: make([]byte, 32), Answers: []quizAnswer{{Question: "q1", Choice: 17}}}, false},
		{"no key", response{Level: "rgpd", LevelHash: make([]byte, 32), Answers: []quizAnswer{{Choice: 1}}}, false},
		{"long key", response{Level: "rgpd", LevelHash: make([]byte, 32), Answers: []quizAnswer{{Question: strings.Repeat("k", 101), Choice: 1}}}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := appendFrame(nil, MaxResponseBytes, &tt.resp)
			if err != nil {
				t.Fatalf("encode: %v", err)
			}
			var got response
			if err := readMsg(bufio.NewReader(bytes.NewReader(b)), MaxResponseBytes, &got); err != nil {
				t.Fatalf("decode: %v", err)
			}
			if tt.name == "largest" {
				t.Logf("largest response: %d bytes of %d", len(b), MaxResponseBytes)
			}
			res, valid, err := got.result()
			if valid != tt.valid || (valid && err != nil) {
				t.Fatalf("valid %v, %v; want valid %v", valid, err, tt.valid)
			}
			if !valid {
				return
			}
			want := make([]QuizAnswer, len(tt.resp.Answers))
			for i, a := range tt.resp.Answers {
				want[i] = QuizAnswer(a)
			}
			if !reflect.DeepEqual(res.Answers, want) {
				t.Errorf("answers %+v, want %+v", res.Answers, want)
			}
		})
	}
}

// TestTooManyAnswers: the decoder refuses more answers than a run may
// report before allocating them.
func TestTooManyAnswers(t *testing.T) {
	resp := response{Level: "rgpd", LevelHash: make([]byte, 32)}
	for range script.MaxQuizAnswers + 1 {
		resp.Answers = append(resp.Answers, quizAnswer{Question: "q", Choice: 1})
	}
	b, err := appendFrame(nil, MaxResponseBytes, &resp)
	if err != nil {
		t.Fatal(err)
	}
	var got response
	if err := readMsg(bufio.NewReader(bytes.NewReader(b)), MaxResponseBytes, &got); err == nil {
		t.Fatal("decoded 257 answers")
	}
}
