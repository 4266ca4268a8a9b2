package script

import (
	"fmt"
	"runtime"
	"runtime/metrics"
	"time"
)

// budget is a context.Context whose Done method counts. gopher-lua's main
// loop, when a state has a context, calls Done once per VM instruction; we
// answer nil (never ready) until the allowance for the current call is
// spent, then a closed channel, which makes the VM raise Err's message at
// the script's current line. Counting instructions instead of time makes the
// limit deterministic: the player's browser, the desktop and the server
// stop a script at exactly the same instruction.
//
// Every heapCheckEvery instructions it also reads the heap size, so that a
// script growing tables without end is stopped near maxHeap instead of
// taking the process down. That one limit depends on the machine (when the
// collector last ran) and so is not deterministic, which is acceptable:
// only hostile scripts come near it.
type budget struct {
	allowance int64 // instructions per call
	left      int64
	err       error
	closed    chan struct{}
	maxHeap   uint64
	sample    []metrics.Sample
}

const heapCheckEvery = 256

// budgetError is the error a script gets when it runs out of instructions
// in one call.
type budgetError struct{ allowance int64 }

func (e budgetError) Error() string {
	return fmt.Sprintf("instruction budget exceeded (%d)", e.allowance)
}

// memoryError is the error a script gets when the heap grows past the
// limit during one call.
type memoryError struct{ max uint64 }

func (e memoryError) Error() string {
	return fmt.Sprintf("memory limit exceeded (%d MB)", e.max>>20)
}

func newBudget(allowance int64, maxHeap uint64) *budget {
	c := make(chan struct{})
	close(c)
	return &budget{
		allowance: allowance,
		left:      allowance,
		closed:    c,
		maxHeap:   maxHeap,
		sample:    []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}},
	}
}

// reset gives a fresh allowance for the next call into the script.
func (b *budget) reset() {
	b.left = b.allowance
	b.err = nil
}

// spend takes n instructions' worth of work done in Go on the script's
// behalf (pattern matching, for instance).
func (b *budget) spend(n int64) error {
	if b.err != nil {
		return b.err
	}
	b.left -= n
	if b.left < 0 {
		b.err = budgetError{b.allowance}
	}
	return b.err
}

func (b *budget) Done() <-chan struct{} {
	if b.err != nil {
		return b.closed
	}
	b.left--
	if b.left < 0 {
		b.err = budgetError{b.allowance}
		return b.closed
	}
	if b.maxHeap > 0 && b.left%heapCheckEvery == 0 && b.heapTooBig() {
		b.err = memoryError{b.maxHeap}
		return b.closed
	}
	return nil
}

func (b *budget) heapTooBig() bool {
	metrics.Read(b.sample)
	if b.sample[0].Value.Uint64() <= b.maxHeap {
		return false
	}
	// Much of the heap may be garbage: collect once before deciding.
	runtime.GC()
	metrics.Read(b.sample)
	return b.sample[0].Value.Uint64() > b.maxHeap
}

func (b *budget) Err() error {
	return b.err
}

func (b *budget) Deadline() (time.Time, bool) { return time.Time{}, false }
func (b *budget) Value(any) any               { return nil }
