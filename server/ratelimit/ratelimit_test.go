package ratelimit

import (
	"testing"
	"time"
)

func TestTake(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	l := New(func() time.Time { return now })
	steps := []struct {
		advance time.Duration
		key     string
		ok      bool
		retry   time.Duration
	}{
		{0, "a", true, 0},
		{0, "a", true, 0},
		{0, "a", true, 0},
		{0, "a", false, 20 * time.Second}, // 3 per minute: one every 20 s
		{0, "b", true, 0},                 // keys are apart
		{10 * time.Second, "a", false, 10 * time.Second},
		{10 * time.Second, "a", true, 0},
		{time.Hour, "a", true, 0}, // refilled, never above its size
		{0, "a", true, 0},
		{0, "a", true, 0},
		{0, "a", false, 20 * time.Second},
	}
	for i, s := range steps {
		now = now.Add(s.advance)
		ok, retry := l.Take(s.key, 3, time.Minute)
		if ok != s.ok || (retry-s.retry).Abs() > time.Millisecond {
			t.Errorf("step %d: Take(%s) = %v, %s; want %v, %s", i, s.key, ok, retry, s.ok, s.retry)
		}
	}
}

// TestPeek: Peek sees what Take would give, and takes nothing.
func TestPeek(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	l := New(func() time.Time { return now })
	steps := []struct {
		advance    time.Duration
		take, want bool
		retry      time.Duration
	}{
		{0, false, true, 0},                 // an unknown key has a full bucket
		{0, false, true, 0},                 // Peek takes nothing
		{0, true, true, 0},                  // one of 2 taken
		{0, true, false, 30 * time.Second},  // both taken: 2 per minute
		{0, false, false, 30 * time.Second}, // and Peek does not refill
		{30 * time.Second, false, true, 0},
	}
	for i, s := range steps {
		now = now.Add(s.advance)
		if s.take {
			l.Take("k", 2, time.Minute)
		}
		ok, retry := l.Peek("k", 2, time.Minute)
		if ok != s.want || (retry-s.retry).Abs() > time.Millisecond {
			t.Errorf("step %d: Peek = %v, %s; want %v, %s", i, ok, retry, s.want, s.retry)
		}
	}
}
