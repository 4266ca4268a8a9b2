package audio

import (
	"errors"
	"math"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/communs-arcade/arcade/engine/internal/ebitentest"
	"github.com/communs-arcade/arcade/engine/sim"
)

// fakeVoice records what a Player does with one voice.
type fakeVoice struct {
	pcm     []byte
	playing bool
	stopped bool
	volume  float64
}

func (v *fakeVoice) Play()                { v.playing = true }
func (v *fakeVoice) IsPlaying() bool      { return v.playing }
func (v *fakeVoice) SetVolume(x float64)  { v.volume = x }
func (v *fakeVoice) PauseAndStopReading() { v.playing, v.stopped = false, true }

type fakeBackend struct {
	notReady bool
	made     []*fakeVoice
}

func (b *fakeBackend) ready() bool { return !b.notReady }
func (b *fakeBackend) newVoice(pcm []byte) voice {
	v := &fakeVoice{pcm: pcm}
	b.made = append(b.made, v)
	return v
}

func preset(name string) sim.Sound {
	s, _ := sim.SoundPreset(name)
	return s
}

func TestPlayerPlays(t *testing.T) {
	b := &fakeBackend{}
	p := newPlayer(b, rate)
	p.Play(preset("coin"))
	if len(b.made) != 1 || !b.made[0].playing {
		t.Fatalf("made %d voices", len(b.made))
	}
	if want := Synthesize(preset("coin"), rate); string(b.made[0].pcm) != string(want) {
		t.Error("voice does not play the synthesized coin")
	}
	if b.made[0].volume != 1 {
		t.Errorf("volume %v, want 1", b.made[0].volume)
	}
}

func TestPlayerCache(t *testing.T) {
	b := &fakeBackend{}
	p := newPlayer(b, rate)
	p.Play(preset("jump"))
	p.Play(preset("jump"))
	p.Play(sim.Sound{Preset: "jump"})
	if len(b.made) != 3 || len(p.cache) != 1 {
		t.Fatalf("%d voices, %d cached sounds; want 3 and 1", len(b.made), len(p.cache))
	}
	if &b.made[0].pcm[0] != &b.made[2].pcm[0] {
		t.Error("the same sound was synthesized twice")
	}
	// The cache stays within its bound however many sounds pass.
	for i := range 40 {
		p.Play(sim.Sound{Wave: "sine", Freq: 100 + float64(i), Decay: 2, Volume: 0.1})
	}
	if p.cached > cacheBytes || len(p.cache) != len(p.order) {
		t.Errorf("cache holds %d bytes in %d sounds (%d in order), bound %d", p.cached, len(p.cache), len(p.order), cacheBytes)
	}
}

func TestPlayerVoiceLimit(t *testing.T) {
	b := &fakeBackend{}
	p := newPlayer(b, rate)
	for i := range MaxVoices + 3 {
		p.Play(sim.Sound{Wave: "square", Freq: 200 + 10*float64(i), Decay: 0.1, Volume: 0.3})
	}
	for i, v := range b.made {
		if wantStopped := i < 3; v.stopped != wantStopped {
			t.Errorf("voice %d stopped %v, want %v (oldest go first)", i, v.stopped, wantStopped)
		}
	}
	if len(p.voices) != MaxVoices {
		t.Errorf("%d voices tracked, want %d", len(p.voices), MaxVoices)
	}
	// Finished voices free their place without being stopped.
	for _, v := range b.made[3:8] {
		v.playing = false
	}
	p.Play(preset("blip"))
	if len(p.voices) != 4 {
		t.Errorf("%d voices after five finished and one started, want 4", len(p.voices))
	}
	for _, v := range b.made[3:] {
		if v.stopped {
			t.Error("a voice was stopped although there was room")
		}
	}
}

func TestPlayerPlayAll(t *testing.T) {
	b := &fakeBackend{}
	p := newPlayer(b, rate)
	p.PlayAll([]sim.Sound{preset("coin"), preset("coin"), {Preset: "coin"}, preset("hit"), preset("coin")})
	if len(b.made) != 2 {
		t.Errorf("PlayAll made %d voices, want 2 (coin once, hit)", len(b.made))
	}
	p.PlayAll(nil)
	p.PlayAll([]sim.Sound{preset("coin")})
	if len(b.made) != 3 {
		t.Errorf("the next tick's coin did not play")
	}
}

func TestPlayerVolume(t *testing.T) {
	b := &fakeBackend{}
	p := newPlayer(b, rate)
	p.Play(preset("win"))
	p.SetVolume(0.25)
	if b.made[0].volume != 0.25 || p.Volume() != 0.25 {
		t.Errorf("playing voice volume %v, player %v; want 0.25", b.made[0].volume, p.Volume())
	}
	p.Play(preset("lose"))
	if b.made[1].volume != 0.25 {
		t.Errorf("new voice volume %v, want 0.25", b.made[1].volume)
	}
	for _, v := range []float64{-1, math.NaN(), 0} {
		p.SetVolume(v)
		if p.Volume() != 0 {
			t.Errorf("SetVolume(%v): volume %v, want 0", v, p.Volume())
		}
	}
	p.Play(preset("blip"))
	p.SetVolume(9)
	if len(b.made) != 2 || p.Volume() != 1 {
		t.Errorf("muted player made a voice, or volume %v not clamped to 1", p.Volume())
	}
}

func TestPlayerDropsUntilReady(t *testing.T) {
	b := &fakeBackend{notReady: true}
	p := newPlayer(b, rate)
	p.Play(preset("coin"))
	p.PlayAll([]sim.Sound{preset("hit")})
	if len(b.made) != 0 || p.Ready() {
		t.Fatalf("made %d voices before ready", len(b.made))
	}
	b.notReady = false
	p.Play(preset("coin"))
	if len(b.made) != 1 || !p.Ready() {
		t.Errorf("made %d voices once ready, want 1", len(b.made))
	}
	p.Play(sim.Sound{Wave: "sine", Freq: 440, Decay: 0.1}) // volume 0
	p.Play(sim.Sound{Wave: "sine", Freq: 440, Volume: 1})  // no length
	if len(b.made) != 1 {
		t.Errorf("silent sounds made voices")
	}
}

func TestPreload(t *testing.T) {
	b := &fakeBackend{}
	p := newPlayer(b, rate)
	p.Preload(presets(t))
	if len(p.cache) != len(sim.SoundPresetNames()) || len(b.made) != 0 {
		t.Errorf("Preload cached %d sounds and made %d voices", len(p.cache), len(b.made))
	}
	q := newPlayer(b, rate)
	q.PreloadPresets()
	if len(q.cache) != len(sim.SoundPresetNames()) || len(b.made) != 0 {
		t.Errorf("PreloadPresets cached %d sounds and made %d voices", len(q.cache), len(b.made))
	}
}

func TestNilPlayer(t *testing.T) {
	var p *Player
	p.Preload(presets(t))
	p.PreloadPresets()
	p.Play(preset("coin"))
	p.PlayAll([]sim.Sound{preset("coin")})
	p.SetVolume(0.5)
	if p.Volume() != 0 || p.Ready() || p.SampleRate() != 0 {
		t.Error("nil Player is not silent")
	}
}

func TestNewBadRate(t *testing.T) {
	for _, r := range []int{0, -1, MinSampleRate - 1, MaxSampleRate + 1} {
		if p, err := New(r); p != nil || err == nil || !strings.HasPrefix(err.Error(), "audio: sample rate") {
			t.Errorf("New(%d) = %v, %v", r, p, err)
		}
	}
}

func TestNewOff(t *testing.T) {
	t.Setenv(EnvAudio, "off")
	p, err := New(rate)
	if p != nil || !errors.Is(err, ErrNoDevice) || err.Error() != "audio: no sound device: ARCADE_AUDIO=off" {
		t.Errorf("New with %s=off = %v, %v", EnvAudio, p, err)
	}
}

// Without a game loop Ebiten never opens the device: playing must neither
// block nor fail, and nothing is heard. That holds on a machine without a
// sound device too, so the test skips the device check (ARCADE_AUDIO=on) and
// runs everywhere. Inside a game loop (make test-display) creating the
// context on such a machine would stop the loop, so the test reruns itself in
// a child process without a display, where no loop starts.
func TestNewWithoutGame(t *testing.T) {
	if ebitentest.Running() {
		cmd := exec.Command(os.Args[0], "-test.run=^TestNewWithoutGame$", "-test.v")
		cmd.Env = append(os.Environ(), "DISPLAY=")
		out, err := cmd.CombinedOutput()
		if err != nil || !strings.Contains(string(out), "--- PASS: TestNewWithoutGame") {
			t.Fatalf("TestNewWithoutGame without a display (err %v):\n%s", err, out)
		}
		return
	}
	t.Setenv(EnvAudio, "on")
	p, err := New(rate)
	if err != nil {
		t.Fatal(err)
	}
	if p.SampleRate() != rate {
		t.Errorf("sample rate %d", p.SampleRate())
	}
	if len(p.cache) != 0 {
		t.Errorf("New synthesized %d sounds; the presets wait for PreloadPresets", len(p.cache))
	}
	p.PreloadPresets()
	if n := len(sim.SoundPresetNames()); len(p.cache) < n {
		t.Errorf("%d sounds cached, want the %d presets preloaded", len(p.cache), n)
	}
	for _, s := range presets(t) {
		p.Play(s)
	}
	p.SetVolume(0.5)
}
