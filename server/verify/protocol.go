package verify

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/communs-arcade/arcade/engine/replay"
	"github.com/tinylib/msgp/msgp"
)

//go:generate go run github.com/tinylib/msgp@v1.6.5 -tests=false -unexported -file protocol.go -o protocol_gen.go

//msgp:noduplicates

// The pool and its workers talk over the worker's stdin and stdout, one
// request then one response at a time. Each message is a frame: a 4-byte
// big-endian length, then that many bytes of MessagePack (the structs
// below, with one-letter wire names). Lengths are checked against a cap
// before anything is allocated, so neither side can be made to allocate
// beyond it by the other.
const (
	// MaxRequestBytes caps a request frame: the largest replay a record
	// may be (replay.MaxRecordBytes, 4 MiB; a typical run is a few KiB,
	// the worst valid one about 2.2 MiB) plus room for the other fields.
	// The pool refuses a bigger replay as malformed without sending it.
	MaxRequestBytes = replay.MaxRecordBytes + 1024
	// MaxResponseBytes caps a response frame; a response is a few hundred
	// bytes (its detail text is cut to maxDetail), plus its quiz answers:
	// at most 256 of at most 100-byte keys, about 28 KiB.
	MaxResponseBytes = 64 << 10
	// maxDetail bounds Refusal.Detail as sent by a worker.
	maxDetail = 1024
)

// errFrameSize is wrapped by the error readFrame returns for a frame
// whose length is zero or over the cap.
var errFrameSize = errors.New("frame size out of bounds")

// request asks a worker to verify one replay.
type request struct {
	// ID is echoed in the response, so a stale answer is never taken for
	// the current one.
	ID uint64 `msg:"i"`
	// CPU is how many seconds of CPU time the worker may spend on this
	// job, enforced by its RLIMIT_CPU (0: no limit).
	CPU uint32 `msg:"c"`
	// Replay is the encoded record (engine/replay).
	Replay []byte `msg:"r"`
}

// response is a worker's answer: a failure, a refusal, or a result.
type response struct {
	ID uint64 `msg:"i"`
	// Failure is set when verification itself failed (a built-in level
	// that does not load): not the run's fault.
	Failure string `msg:"f"`
	// Reason and Detail are set when the run is refused.
	Reason string `msg:"x"`
	Detail string `msg:"d"`
	// The verified result, when Failure and Reason are empty.
	Level     string `msg:"l"`
	LevelHash []byte `msg:"h"`
	Score     int64  `msg:"s"`
	Ticks     uint32 `msg:"t"`
	Won       bool   `msg:"w"`
	StateHash uint64 `msg:"a"`
	Pot       int64  `msg:"p"`
	// Answers are the run's quiz answers (Result.Answers).
	Answers []quizAnswer `msg:"q,limit=256"`
	// CPU is the worker process's CPU time so far, user and system, in
	// microseconds, as it answers (0: not measured). The pool charges a
	// job the difference from the previous answer.
	CPU uint64 `msg:"u"`
}

// quizAnswer is a QuizAnswer on the wire (the generator reads this file
// only).
type quizAnswer struct {
	Question string `msg:"q"`
	Choice   uint8  `msg:"c"`
	Right    bool   `msg:"r"`
}

// readFrame reads one frame of at most max bytes. It returns io.EOF only
// when r ends cleanly before a frame starts.
func readFrame(r *bufio.Reader, max int) ([]byte, error) {
	var hdr [4]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return nil, err
	}
	n := binary.BigEndian.Uint32(hdr[:])
	if n == 0 || uint64(n) > uint64(max) {
		return nil, fmt.Errorf("%w: %d bytes (at most %d)", errFrameSize, n, max)
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(r, b); err != nil {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return nil, err
	}
	return b, nil
}

// readMsg reads one frame and decodes it into v, refusing trailing bytes.
func readMsg(r *bufio.Reader, max int, v msgp.Unmarshaler) error {
	b, err := readFrame(r, max)
	if err != nil {
		return err
	}
	rest, err := v.UnmarshalMsg(b)
	if err != nil {
		return fmt.Errorf("decode: %w", err)
	}
	if len(rest) != 0 {
		return fmt.Errorf("decode: %d trailing bytes", len(rest))
	}
	return nil
}

// appendFrame appends v's frame to buf, refusing one over max bytes.
func appendFrame(buf []byte, max int, v msgp.Marshaler) ([]byte, error) {
	start := len(buf)
	buf = append(buf, 0, 0, 0, 0)
	buf, err := v.MarshalMsg(buf)
	if err != nil {
		return nil, fmt.Errorf("encode: %w", err)
	}
	n := len(buf) - start - 4
	if n > max {
		return nil, fmt.Errorf("encode: %w: %d bytes (at most %d)", errFrameSize, n, max)
	}
	binary.BigEndian.PutUint32(buf[start:], uint32(n))
	return buf, nil
}
