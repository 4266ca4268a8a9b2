package sim

// soundPresets are the named sound effects every level can play with
// sfx("name"): parameters in the spirit of sfxr, synthesized by the audio
// adapter. Kept sorted by name.
var soundPresets = []Sound{
	{Preset: "blip", Wave: "square", Freq: 880, Decay: 0.06, Volume: 0.4},
	{Preset: "coin", Wave: "square", Freq: 988, Slide: 600, Decay: 0.15, Volume: 0.5},
	{Preset: "hit", Wave: "noise", Freq: 220, Slide: -200, Decay: 0.12, Volume: 0.5, Noise: 1},
	{Preset: "jump", Wave: "square", Freq: 300, Slide: 500, Decay: 0.18, Volume: 0.4},
	{Preset: "lose", Wave: "triangle", Freq: 392, Slide: -250, Decay: 0.7, Volume: 0.5},
	{Preset: "pickup", Wave: "triangle", Freq: 660, Slide: 900, Decay: 0.12, Volume: 0.5},
	{Preset: "powerup", Wave: "square", Freq: 330, Slide: 1200, Attack: 0.02, Decay: 0.4, Volume: 0.4},
	{Preset: "select", Wave: "sine", Freq: 660, Decay: 0.08, Volume: 0.4},
	{Preset: "win", Wave: "square", Freq: 523, Slide: 520, Decay: 0.6, Volume: 0.5},
}

// SoundPreset returns the preset named name.
func SoundPreset(name string) (Sound, bool) {
	for _, s := range soundPresets {
		if s.Preset == name {
			return s, true
		}
	}
	return Sound{}, false
}

// SoundPresetNames lists the preset names in order, for documentation and errors.
func SoundPresetNames() []string {
	names := make([]string, len(soundPresets))
	for i, s := range soundPresets {
		names[i] = s.Preset
	}
	return names
}

// Waves are the oscillator shapes a sound may use.
var Waves = []string{"square", "triangle", "saw", "sine", "noise"}
