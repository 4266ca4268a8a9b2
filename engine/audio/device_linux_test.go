//go:build linux && !android

package audio

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestProbeDevice(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("PULSE_SERVER", "")
	t.Setenv("XDG_RUNTIME_DIR", dir)
	pcms, _ := filepath.Glob("/dev/snd/pcmC*D*p")
	ok, why := probeDevice()
	if len(pcms) == 0 && (ok || !strings.Contains(why, "no PulseAudio")) {
		t.Errorf("no socket, no /dev/snd: probeDevice() = %v, %q", ok, why)
	}
	for _, name := range []string{"pulse/native", "pipewire-0"} {
		sub := t.TempDir()
		t.Setenv("XDG_RUNTIME_DIR", sub)
		p := filepath.Join(sub, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		if ok, why := probeDevice(); !ok {
			t.Errorf("with %s: probeDevice() = false, %q", name, why)
		}
	}
	t.Setenv("XDG_RUNTIME_DIR", dir)
	t.Setenv("PULSE_SERVER", "tcp:localhost")
	if ok, _ := probeDevice(); !ok {
		t.Error("PULSE_SERVER set: probeDevice() = false")
	}
}
