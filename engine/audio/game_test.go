package audio

import (
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/hajimehoshi/ebiten/v2/audio"

	"github.com/communs-arcade/arcade/engine/internal/ebitentest"
	"github.com/communs-arcade/arcade/engine/sim"
)

// requireAudio names the variable that makes the tests fail when New finds
// no sound device. make test does not set it (CI machines and xvfb have no
// sound card, and the tests then check the silent path); set it on a machine
// that has one, so that a broken device check cannot pass as "silent":
//
//	ARCADE_REQUIRE_AUDIO=1 xvfb-run -a go test ./engine/audio
const requireAudio = "ARCADE_REQUIRE_AUDIO"

// In a running game, New on a machine without sound must leave the game
// running (Ebiten would stop it had New created the context), and with sound
// the presets play.
func TestPlayerInGame(t *testing.T) {
	var (
		p   *Player
		err error
	)
	inGame(t, func() { p, err = New(rate) })
	if err != nil && !errors.Is(err, ErrNoDevice) {
		t.Fatal(err)
	}
	if err != nil && os.Getenv(requireAudio) != "" {
		t.Fatalf("%s is set, but: %v", requireAudio, err)
	}
	if err != nil {
		t.Logf("silent (no sound device; the game must keep running): %v", err)
	}
	// Ebiten opens the device on the Update after the context is made; half
	// a second of ticks shows the game survived it. With a device, wait up
	// to three seconds for it to be ready.
	names := sim.SoundPresetNames()
	ready := false
	for i := 0; i < 180 && (i < 30 || p != nil && !ready); i++ {
		inGame(t, func() {
			ready = p.Ready()
			p.PlayAll([]sim.Sound{{Preset: names[i%len(names)]}})
		})
	}
	if p == nil {
		return
	}
	if !ready {
		t.Fatal("a device was found but audio is not ready after 180 ticks")
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.voices) == 0 {
		t.Error("no sound is playing")
	}
}

// Why New checks for a device: with none, Ebiten stops the game once a
// context exists. Run in a child process, this test creates the context
// itself and expects the child's game loop to end with Ebiten's error. Should
// a newer Ebiten stop doing that, this fails and the check can go.
func TestEbitenStopsWithoutDevice(t *testing.T) {
	if os.Getenv("ARCADE_AUDIO_CHILD") == "1" {
		inGame(t, func() { audio.NewContext(rate) })
		for range 30 {
			inGame(t, func() {})
		}
		return // the loop survived: the parent sees a pass
	}
	if !ebitentest.Running() {
		ebitentest.SkipWithoutDisplay(t)
	}
	// The one skip left in this package: with a device the child's context
	// would open, so what this test shows cannot happen here. CI machines
	// (xvfb, no sound card) run it.
	if ok, _ := probeDevice(); ok || os.Getenv(EnvAudio) == "on" {
		t.Skip("this machine may have a sound device: Ebiten cannot fail to open it")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestEbitenStopsWithoutDevice$", "-test.v")
	cmd.Env = append(os.Environ(), "ARCADE_AUDIO_CHILD=1")
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "audio: game loop: audio: audio error") {
		t.Errorf("the child's game survived a context without a device (err %v):\n%s", err, out)
	}
}
