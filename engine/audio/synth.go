package audio

import (
	"encoding/binary"
	"math"
	"slices"

	"github.com/communs-arcade/arcade/engine/sim"
)

// Limits of synthesis.
const (
	// MaxSeconds is the longest sound: attack plus decay beyond it is cut
	// (with the usual fade, so the cut does not click).
	MaxSeconds = 4
	// MinFreq and MaxFreq bound the oscillator however far a sound slides.
	MinFreq, MaxFreq = 20, 8000
	// MinSampleRate and MaxSampleRate bound the rates Synthesize accepts.
	MinSampleRate, MaxSampleRate = 8000, 192000
	// BytesPerFrame is the size of one stereo frame of 16-bit samples.
	BytesPerFrame = 4
)

const (
	fadeIn  = 0.001 // s: ramp at the start, so square and saw do not click
	fadeOut = 0.004 // s: ramp to zero at the end, whatever the envelope
	// maxSlide bounds the slide in Hz per second; beyond it the frequency
	// hits its bound within a sample anyway.
	maxSlide = 1e6
	// noiseSeed starts the noise generator: every sound's noise is the same
	// sequence, so a sound is the same bytes each time it is made.
	noiseSeed = 0x2545f4914f6cdd1d
)

// normalize returns s with every parameter made finite and within its range:
// an unknown or empty wave is square (the sfx default); a sound naming a
// preset but no wave takes the preset's parameters; Preset is cleared, the
// parameters being what is heard. Normalized sounds are the cache keys.
func normalize(s sim.Sound) sim.Sound {
	if s.Wave == "" && s.Preset != "" {
		if p, ok := sim.SoundPreset(s.Preset); ok {
			s = p
		}
	}
	if !slices.Contains(sim.Waves, s.Wave) {
		s.Wave = "square"
	}
	s.Preset = ""
	s.Freq = clamp(s.Freq, MinFreq, MaxFreq, 440)
	s.Slide = clamp(s.Slide, -maxSlide, maxSlide, 0)
	s.Attack = clamp(s.Attack, 0, MaxSeconds, 0)
	s.Decay = clamp(s.Decay, 0, MaxSeconds, 0)
	s.Volume = clamp(s.Volume, 0, 1, 0)
	s.Noise = clamp(s.Noise, 0, 1, 0)
	return s
}

// clamp bounds x to lo..hi, and NaN to nan.
func clamp(x, lo, hi, nan float64) float64 {
	switch {
	case x != x:
		return nan
	case x < lo:
		return lo
	case x > hi:
		return hi
	}
	return x
}

// Frames returns how many stereo frames Synthesize makes for s: attack plus
// decay, at most MaxSeconds.
func Frames(s sim.Sound, sampleRate int) int {
	if sampleRate < MinSampleRate || sampleRate > MaxSampleRate {
		return 0
	}
	s = normalize(s)
	secs := min(s.Attack+s.Decay, MaxSeconds)
	return int(math.Round(secs * float64(sampleRate)))
}

// Synthesize renders s as 16-bit little-endian stereo PCM at sampleRate
// (MinSampleRate..MaxSampleRate; other rates give nil), the format Ebiten's
// audio players take.
//
// The oscillator (square, triangle, saw, sine, or noise that changes value
// every half period) starts at Freq and slides Slide Hz per second, kept
// within MinFreq..MaxFreq; Noise mixes that noise into the other waves. The
// envelope rises linearly over Attack seconds and falls over Decay seconds
// along (1-u)², a quick exponential-like fall; Volume scales it all, so no
// sample exceeds Volume. Short ramps at both ends keep it from clicking.
//
// The result depends only on s and sampleRate: the noise comes from a fixed
// generator, never the global one, so the same call gives the same bytes.
func Synthesize(s sim.Sound, sampleRate int) []byte {
	n := Frames(s, sampleRate)
	if n == 0 {
		return nil
	}
	s = normalize(s)
	out := make([]byte, n*BytesPerFrame)
	if s.Volume == 0 {
		return out
	}

	rate := float64(sampleRate)
	attack := s.Attack * rate // in frames
	decay := s.Decay * rate
	inN := max(1, min(math.Round(fadeIn*rate), float64(n/4)))
	outN := max(1, min(math.Round(fadeOut*rate), float64(n/4)))
	peak := s.Volume * math.MaxInt16

	osc := oscillator(s.Wave)
	noise := s.Noise
	if s.Wave == "noise" {
		noise = 1
	}
	rng := lcg(noiseSeed)
	nv := rng.next()
	phase := 0.0
	for i := range n {
		fi := float64(i)
		var v float64
		if noise < 1 {
			v = osc(phase) * (1 - noise)
		}
		if noise > 0 {
			v += nv * noise
		}

		env := 1.0
		switch {
		case fi < attack:
			env = fi / attack
		case decay > 0:
			u := min((fi-attack)/decay, 1)
			env = (1 - u) * (1 - u)
		}
		env *= min(1, fi/inN, float64(n-1-i)/outN)

		sample := int16(math.Round(v * env * peak))
		binary.LittleEndian.PutUint16(out[i*BytesPerFrame:], uint16(sample))
		binary.LittleEndian.PutUint16(out[i*BytesPerFrame+2:], uint16(sample))

		f := clamp(s.Freq+s.Slide*fi/rate, MinFreq, MaxFreq, MinFreq)
		next := phase + f/rate
		// The noise takes a new value at every half period.
		if (phase < 0.5) != (next < 0.5) || next >= 1 {
			nv = rng.next()
		}
		phase = next - math.Floor(next)
	}
	return out
}

// oscillator returns the wave's shape over one period, phase 0..1, in -1..1.
func oscillator(wave string) func(phase float64) float64 {
	switch wave {
	case "triangle":
		return func(p float64) float64 { return 1 - 4*math.Abs(p-0.5) }
	case "saw":
		return func(p float64) float64 { return 2*p - 1 }
	case "sine":
		return func(p float64) float64 { return math.Sin(2 * math.Pi * p) }
	case "noise":
		return func(float64) float64 { return 0 }
	}
	return func(p float64) float64 {
		if p < 0.5 {
			return 1
		}
		return -1
	}
}

// lcg is a 64-bit linear congruential generator (Knuth's MMIX constants):
// small, fast and the same everywhere, which is all noise needs.
type lcg uint64

// next returns a value in -1..1.
func (g *lcg) next() float64 {
	*g = *g*6364136223846793005 + 1442695040888963407
	// The high bits of an LCG are the good ones.
	return float64(int32(uint64(*g)>>32)) / -math.MinInt32
}
