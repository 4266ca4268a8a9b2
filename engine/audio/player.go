package audio

import (
	"errors"
	"fmt"
	"os"
	"sync"

	"github.com/hajimehoshi/ebiten/v2/audio"

	"github.com/communs-arcade/arcade/engine/sim"
)

// MaxVoices is how many sounds play at once; a new one stops the oldest.
const MaxVoices = 8

// cacheBytes bounds the memory of synthesized sounds kept for reuse: the
// presets take about 0.6 MB at 48 kHz, one four-second sound 0.75 MB.
const cacheBytes = 8 << 20

// EnvAudio names the environment variable that overrides the device check:
// "off" never opens audio, "on" opens it without looking for a device.
const EnvAudio = "ARCADE_AUDIO"

// ErrNoDevice is returned (wrapped with the reason) by New when there is no
// sound device to open.
var ErrNoDevice = errors.New("audio: no sound device")

// Player plays sim sounds through Ebiten's audio context. A nil *Player is a
// valid silent player, so a game can keep the one New returned with its
// error and call it regardless. Its methods may be called from any
// goroutine.
type Player struct {
	mu     sync.Mutex
	out    backend
	rate   int
	volume float64
	voices []voice // playing or maybe playing, oldest first

	cache  map[sim.Sound][]byte // by normalized sound
	order  []sim.Sound          // cache keys, oldest first
	cached int                  // bytes in cache
}

// voice is one sound being played: an *audio.Player, or a fake in tests.
type voice interface {
	Play()
	IsPlaying() bool
	SetVolume(float64)
	PauseAndStopReading()
}

// backend makes voices: Ebiten's audio context, or a fake in tests.
type backend interface {
	ready() bool
	newVoice(pcm []byte) voice
}

type ebitenBackend struct{ c *audio.Context }

func (b ebitenBackend) ready() bool               { return b.c.IsReady() }
func (b ebitenBackend) newVoice(pcm []byte) voice { return b.c.NewPlayerFromBytes(pcm) }

var newMu sync.Mutex

// New returns a Player on Ebiten's audio context, creating the context at
// sampleRate unless one exists (Ebiten allows one per process; an existing
// context keeps its own rate, and sounds are made at that rate).
//
// Ebiten opens the device on the first Update after the context exists and
// stops the game (RunGame returns the error) if that fails. So on Linux New
// first looks for a device (a PulseAudio or PipeWire socket, or an ALSA
// playback device) and, finding none, returns a nil Player and an error
// wrapping ErrNoDevice: the game then runs silent instead of stopping. The
// environment variable ARCADE_AUDIO=off always does that; ARCADE_AUDIO=on
// skips the check.
func New(sampleRate int) (*Player, error) {
	if sampleRate < MinSampleRate || sampleRate > MaxSampleRate {
		return nil, fmt.Errorf("audio: sample rate %d outside %d..%d", sampleRate, MinSampleRate, MaxSampleRate)
	}
	env := os.Getenv(EnvAudio)
	if env == "off" {
		return nil, fmt.Errorf("%w: %s=off", ErrNoDevice, EnvAudio)
	}
	newMu.Lock()
	defer newMu.Unlock()
	c := audio.CurrentContext()
	if c == nil {
		if env != "on" {
			if ok, why := probeDevice(); !ok {
				return nil, fmt.Errorf("%w: %s", ErrNoDevice, why)
			}
		}
		c = newContext(sampleRate)
		if c == nil {
			return nil, errors.New("audio: cannot create the audio context")
		}
	}
	// The presets are not synthesized here: New runs before a game's first
	// frame, and they are a tenth of a second of a browser's start for
	// sounds only levels play (see PreloadPresets).
	return newPlayer(ebitenBackend{c}, c.SampleRate()), nil
}

// PreloadPresets synthesizes every sim preset ahead (about 0.6 MB of PCM,
// a tenth of a second in a browser): call it as a level opens, so that no
// preset costs a tick its synthesis when first played.
func (p *Player) PreloadPresets() { p.Preload(presetSounds()) }

// presetSounds returns every sim preset.
func presetSounds() []sim.Sound {
	var ss []sim.Sound
	for _, name := range sim.SoundPresetNames() {
		if s, ok := sim.SoundPreset(name); ok {
			ss = append(ss, s)
		}
	}
	return ss
}

// newContext creates Ebiten's context, or returns the one that other code
// created meanwhile (audio.NewContext panics then).
func newContext(sampleRate int) (c *audio.Context) {
	defer func() {
		if recover() != nil {
			c = audio.CurrentContext()
		}
	}()
	return audio.NewContext(sampleRate)
}

func newPlayer(out backend, rate int) *Player {
	return &Player{out: out, rate: rate, volume: 1, cache: map[sim.Sound][]byte{}}
}

// SampleRate returns the rate sounds are synthesized at, 0 for a nil Player.
func (p *Player) SampleRate() int {
	if p == nil {
		return 0
	}
	return p.rate
}

// Ready reports whether sound can be heard: the device is open and, in a
// browser, the page has had the tap, click or key press that lets it play.
// Sounds played before are dropped rather than heard all at once later.
func (p *Player) Ready() bool {
	if p == nil {
		return false
	}
	return p.out.ready()
}

// SetVolume sets the master volume, 0 (mute) to 1 (full), for the sounds
// playing and those to come.
func (p *Player) SetVolume(v float64) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.volume = clamp(v, 0, 1, 0)
	for _, vc := range p.voices {
		vc.SetVolume(p.volume)
	}
}

// Volume returns the master volume.
func (p *Player) Volume() float64 {
	if p == nil {
		return 0
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.volume
}

// Play starts s. With MaxVoices sounds already playing, the oldest stops.
// Nothing plays while muted, for a silent sound, or before Ready.
func (p *Player) Play(s sim.Sound) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.play(normalize(s))
}

// PlayAll plays a tick's sounds (sim.World.Sounds). A sound requested
// several times in one tick plays once: ten coins taken together should not
// be ten times as loud.
func (p *Player) PlayAll(sounds []sim.Sound) {
	if p == nil || len(sounds) == 0 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	var seen []sim.Sound
	for _, s := range sounds {
		s = normalize(s)
		dup := false
		for _, o := range seen {
			if o == s {
				dup = true
				break
			}
		}
		if !dup {
			seen = append(seen, s)
			p.play(s)
		}
	}
}

// play starts the normalized sound s; p.mu is held.
func (p *Player) play(s sim.Sound) {
	if p.volume == 0 || s.Volume == 0 || !p.out.ready() {
		return
	}
	pcm := p.synth(s)
	if len(pcm) == 0 {
		return
	}
	// Forget the voices that have finished, then make room.
	live := p.voices[:0]
	for _, v := range p.voices {
		if v.IsPlaying() {
			live = append(live, v)
		}
	}
	clear(p.voices[len(live):])
	p.voices = live
	for len(p.voices) >= MaxVoices {
		p.voices[0].PauseAndStopReading()
		p.voices[0] = nil
		p.voices = p.voices[1:]
	}
	v := p.out.newVoice(pcm)
	v.SetVolume(p.volume)
	v.Play()
	p.voices = append(p.voices, v)
}

// Preload synthesizes sounds ahead, so that playing them first costs no
// time in a tick (about half a millisecond for a long preset, natively).
// PreloadPresets preloads the presets.
func (p *Player) Preload(sounds []sim.Sound) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, s := range sounds {
		p.synth(normalize(s))
	}
}

// synth returns the PCM of the normalized sound s, from the cache if it was
// made before; p.mu is held.
func (p *Player) synth(s sim.Sound) []byte {
	if pcm, ok := p.cache[s]; ok {
		return pcm
	}
	pcm := Synthesize(s, p.rate)
	p.cache[s] = pcm
	p.order = append(p.order, s)
	p.cached += len(pcm)
	for p.cached > cacheBytes && len(p.order) > 1 {
		old := p.order[0]
		p.order = p.order[1:]
		p.cached -= len(p.cache[old])
		delete(p.cache, old)
	}
	return pcm
}
