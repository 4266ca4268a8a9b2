//go:build linux && !android

package audio

import (
	"os"
	"path/filepath"
)

// probeDevice looks for what Ebiten's audio (oto) will try to open: a
// PulseAudio server (PULSE_SERVER, or the socket in XDG_RUNTIME_DIR, which
// PipeWire also provides), else an ALSA playback device. It may be wrong for
// exotic ALSA setups; ARCADE_AUDIO=on overrides it.
func probeDevice() (bool, string) {
	if os.Getenv("PULSE_SERVER") != "" {
		return true, ""
	}
	if dir := os.Getenv("XDG_RUNTIME_DIR"); dir != "" {
		for _, name := range []string{"pulse/native", "pipewire-0"} {
			if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
				return true, ""
			}
		}
	}
	if pcms, _ := filepath.Glob("/dev/snd/pcmC*D*p"); len(pcms) > 0 {
		return true, ""
	}
	return false, "no PulseAudio or PipeWire socket in $XDG_RUNTIME_DIR and no ALSA playback device in /dev/snd"
}
