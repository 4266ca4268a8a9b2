package audio

import (
	"bytes"
	"encoding/binary"
	"math"
	"testing"

	"github.com/communs-arcade/arcade/engine/sim"
)

const rate = 48000

// samples returns the left channel of pcm, checking the right one matches.
func samples(t testing.TB, pcm []byte) []int16 {
	t.Helper()
	if len(pcm)%BytesPerFrame != 0 {
		t.Fatalf("%d bytes is not whole frames", len(pcm))
	}
	out := make([]int16, len(pcm)/BytesPerFrame)
	for i := range out {
		l := int16(binary.LittleEndian.Uint16(pcm[i*4:]))
		r := int16(binary.LittleEndian.Uint16(pcm[i*4+2:]))
		if l != r {
			t.Fatalf("frame %d: left %d, right %d", i, l, r)
		}
		out[i] = l
	}
	return out
}

func peak(s []int16) int {
	p := 0
	for _, v := range s {
		p = max(p, abs(int(v)))
	}
	return p
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// crossings counts sign changes from negative to non-negative.
func crossings(s []int16) int {
	n := 0
	for i := 1; i < len(s); i++ {
		if s[i-1] < 0 && s[i] >= 0 {
			n++
		}
	}
	return n
}

func tone(wave string) sim.Sound {
	return sim.Sound{Wave: wave, Freq: 440, Decay: 0.25, Volume: 0.5}
}

func presets(t testing.TB) []sim.Sound {
	var ps []sim.Sound
	for _, name := range sim.SoundPresetNames() {
		s, ok := sim.SoundPreset(name)
		if !ok {
			t.Fatalf("no preset %q", name)
		}
		ps = append(ps, s)
	}
	return ps
}

func TestSynthesizeLength(t *testing.T) {
	tests := []struct {
		name   string
		s      sim.Sound
		rate   int
		frames int
	}{
		{"decay only", sim.Sound{Wave: "square", Freq: 440, Decay: 0.5, Volume: 1}, rate, 24000},
		{"attack and decay", sim.Sound{Wave: "sine", Freq: 440, Attack: 0.1, Decay: 0.2, Volume: 1}, 44100, 13230},
		{"capped at MaxSeconds", sim.Sound{Wave: "saw", Freq: 440, Attack: 3, Decay: 3, Volume: 1}, rate, MaxSeconds * rate},
		{"nothing to play", sim.Sound{Wave: "sine", Freq: 440, Volume: 1}, rate, 0},
		{"negative and NaN times", sim.Sound{Wave: "sine", Attack: -1, Decay: math.NaN(), Volume: 1}, rate, 0},
		{"rate too low", tone("sine"), MinSampleRate - 1, 0},
		{"rate too high", tone("sine"), MaxSampleRate + 1, 0},
		{"lowest rate", tone("sine"), MinSampleRate, MinSampleRate / 4},
	}
	for _, tt := range tests {
		pcm := Synthesize(tt.s, tt.rate)
		if len(pcm) != tt.frames*BytesPerFrame {
			t.Errorf("%s: %d bytes, want %d frames (%d bytes)", tt.name, len(pcm), tt.frames, tt.frames*BytesPerFrame)
		}
		if got := Frames(tt.s, tt.rate); got != tt.frames {
			t.Errorf("%s: Frames = %d, want %d", tt.name, got, tt.frames)
		}
	}
	for _, s := range presets(t) {
		want := int(math.Round((s.Attack + s.Decay) * rate))
		if got := len(Synthesize(s, rate)) / BytesPerFrame; got != want {
			t.Errorf("preset %s: %d frames, want %d", s.Preset, got, want)
		}
	}
}

func TestSynthesizeSilence(t *testing.T) {
	for _, wave := range sim.Waves {
		s := tone(wave)
		s.Volume = 0
		s.Noise = 0.5
		pcm := Synthesize(s, rate)
		if len(pcm) == 0 || !bytes.Equal(pcm, make([]byte, len(pcm))) {
			t.Errorf("%s at volume 0: %d bytes, not all zero", wave, len(pcm))
		}
	}
}

func TestSynthesizePeak(t *testing.T) {
	var sounds []sim.Sound
	for _, wave := range sim.Waves {
		for _, vol := range []float64{0.1, 0.5, 1} {
			for _, noise := range []float64{0, 0.5, 1} {
				s := tone(wave)
				s.Volume, s.Noise = vol, noise
				sounds = append(sounds, s)
			}
		}
	}
	sounds = append(sounds, presets(t)...)
	sounds = append(sounds, sim.Sound{Wave: "square", Freq: 440, Decay: 1, Volume: 7}) // clamped to 1
	for _, s := range sounds {
		smp := samples(t, Synthesize(s, rate))
		limit := int(math.Round(min(s.Volume, 1) * math.MaxInt16))
		p := peak(smp)
		if p > limit {
			t.Errorf("%+v: peak %d above volume %d", s, p, limit)
		}
		if p < limit/4 {
			t.Errorf("%+v: peak %d, barely audible for volume %d", s, p, limit)
		}
	}
}

// No clicks: both ends of every sound are (near) silence.
func TestSynthesizeEnds(t *testing.T) {
	sounds := presets(t)
	for _, wave := range sim.Waves {
		// Attack only, no decay: the end is cut by the fade alone.
		sounds = append(sounds, sim.Sound{Wave: wave, Freq: 300, Attack: 0.2, Volume: 1})
	}
	for _, s := range sounds {
		smp := samples(t, Synthesize(s, rate))
		if smp[0] != 0 || smp[len(smp)-1] != 0 {
			t.Errorf("%+v: first sample %d, last %d; want 0", s, smp[0], smp[len(smp)-1])
		}
		// Within the fades no step is large.
		for _, i := range []int{1, 2, len(smp) - 2, len(smp) - 3} {
			if d := abs(int(smp[i]) - int(smp[i-1])); d > math.MaxInt16/8 {
				t.Errorf("%+v: step of %d at frame %d", s, d, i)
			}
		}
	}
}

func TestSynthesizeDeterministic(t *testing.T) {
	for _, s := range append(presets(t), sim.Sound{Wave: "saw", Freq: 200, Slide: -50, Attack: 0.05, Decay: 0.3, Volume: 0.7, Noise: 0.3}) {
		a, b := Synthesize(s, rate), Synthesize(s, rate)
		if !bytes.Equal(a, b) {
			t.Errorf("%+v: two calls differ", s)
		}
	}
}

func TestSynthesizeWavesDistinct(t *testing.T) {
	pcm := map[string][]byte{}
	for _, wave := range sim.Waves {
		pcm[wave] = Synthesize(tone(wave), rate)
	}
	for i, a := range sim.Waves {
		for _, b := range sim.Waves[i+1:] {
			if bytes.Equal(pcm[a], pcm[b]) {
				t.Errorf("%s and %s give the same sound", a, b)
			}
		}
	}
	// An unknown wave is the default square.
	if !bytes.Equal(Synthesize(tone("kazoo"), rate), pcm["square"]) || !bytes.Equal(Synthesize(tone(""), rate), pcm["square"]) {
		t.Error("unknown wave is not square")
	}
	// Noise mixed into a tone changes it.
	s := tone("sine")
	s.Noise = 0.5
	if bytes.Equal(Synthesize(s, rate), pcm["sine"]) {
		t.Error("noise 0.5 changes nothing")
	}
}

// A pitched wave crosses zero twice a period: the slide shows as more (or
// fewer) crossings at the end than at the start.
func TestSynthesizeSlide(t *testing.T) {
	tests := []struct {
		wave  string
		slide float64
	}{
		{"sine", 800}, {"sine", -300}, {"square", 800}, {"triangle", -300}, {"saw", 800},
	}
	for _, tt := range tests {
		s := sim.Sound{Wave: tt.wave, Freq: 440, Slide: tt.slide, Attack: 1, Volume: 1}
		smp := samples(t, Synthesize(s, rate))
		q := len(smp) / 4
		first, last := crossings(smp[:q]), crossings(smp[3*q:])
		// 440 Hz over 0.25 s is 110 periods; the slide moves the last
		// quarter's frequency by about 0.875*slide.
		wantLast := (440 + 0.875*tt.slide) / 4
		if tt.slide > 0 && last <= first || tt.slide < 0 && last >= first {
			t.Errorf("%s slide %v: %d crossings in the first quarter, %d in the last", tt.wave, tt.slide, first, last)
		}
		if math.Abs(float64(last)-wantLast) > 3 {
			t.Errorf("%s slide %v: %d crossings in the last quarter, want about %.0f", tt.wave, tt.slide, last, wantLast)
		}
	}
	// The frequency stops at its bounds.
	low := samples(t, Synthesize(sim.Sound{Wave: "sine", Freq: 100, Slide: -10000, Attack: 1, Volume: 1}, rate))
	if c := crossings(low[len(low)/2:]); c < 8 || c > 12 { // 20 Hz for 0.5 s
		t.Errorf("slide below MinFreq: %d crossings in 0.5 s, want about 10", c)
	}
	high := samples(t, Synthesize(sim.Sound{Wave: "square", Freq: 1000, Slide: 1e9, Attack: 1, Volume: 1}, rate))
	if c := crossings(high[len(high)/2:]); c < 3990 || c > 4010 { // 8000 Hz for 0.5 s
		t.Errorf("slide above MaxFreq: %d crossings in 0.5 s, want about 4000", c)
	}
}

func TestSynthesizePresetByName(t *testing.T) {
	coin, _ := sim.SoundPreset("coin")
	if !bytes.Equal(Synthesize(sim.Sound{Preset: "coin"}, rate), Synthesize(coin, rate)) {
		t.Error(`Sound{Preset: "coin"} is not the coin preset`)
	}
	// Parameters, when given, are what is heard.
	own := coin
	own.Freq = 200
	if bytes.Equal(Synthesize(own, rate), Synthesize(coin, rate)) {
		t.Error("a preset name overrode the parameters")
	}
}

func FuzzSynthesize(f *testing.F) {
	f.Add("square", 440.0, 0.0, 0.0, 0.2, 0.5, 0.0, 48000)
	f.Add("noise", 220.0, -200.0, 0.0, 0.12, 0.5, 1.0, 44100)
	f.Add("sine", math.NaN(), math.Inf(1), -1.0, math.Inf(-1), 2.0, -3.0, 8000)
	f.Add("saw", 1e300, -1e300, 1e-300, 3.9, 1.0, 0.5, 192000)
	f.Fuzz(func(t *testing.T, wave string, freq, slide, attack, decay, volume, noise float64, sampleRate int) {
		// Keep each run short: the length bound is the point, not long sounds.
		if sampleRate > 16000 {
			sampleRate = MinSampleRate + sampleRate%8000
		}
		s := sim.Sound{Wave: wave, Freq: freq, Slide: slide, Attack: attack, Decay: decay, Volume: volume, Noise: noise}
		pcm := Synthesize(s, sampleRate)
		if len(pcm) > MaxSeconds*sampleRate*BytesPerFrame+BytesPerFrame || len(pcm)%BytesPerFrame != 0 {
			t.Fatalf("%d bytes at %d Hz", len(pcm), sampleRate)
		}
		if len(pcm) != Frames(s, sampleRate)*BytesPerFrame {
			t.Fatalf("%d bytes, Frames says %d", len(pcm), Frames(s, sampleRate))
		}
		if len(pcm) > 0 {
			limit := int(math.Round(normalize(s).Volume * math.MaxInt16))
			if p := peak(samples(t, pcm)); p > limit {
				t.Fatalf("peak %d above volume %d", p, limit)
			}
		}
	})
}

func BenchmarkSynthesize(b *testing.B) {
	for _, s := range presets(b) {
		b.Run(s.Preset, func(b *testing.B) {
			b.SetBytes(int64(Frames(s, rate) * BytesPerFrame))
			for b.Loop() {
				Synthesize(s, rate)
			}
		})
	}
}
