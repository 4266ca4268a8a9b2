package game

import (
	"encoding/json"
	"errors"
	"fmt"
)

// Store keeps the player's saved data between visits: localStorage in the
// browser, a file in the user's config directory on the desktop.
type Store interface {
	Load(name string) ([]byte, error) // ErrNotSaved when there is none
	Save(name string, data []byte) error
}

// ErrNotSaved is what Store.Load returns for data never saved.
var ErrNotSaved = errors.New("game: nothing saved")

const (
	saveName    = "save.json"
	saveVersion = 1
	// maxReplays caps the runs kept on the device (the server issue sends
	// them to the leaderboard, oldest first).
	maxReplays = 20
)

// Settings are the player's choices.
type Settings struct {
	Lang          string `json:"lang"`
	Volume        int    `json:"volume"`    // percent
	TextScale     int    `json:"textScale"` // percent: 100, 125, 150
	HighContrast  bool   `json:"highContrast"`
	ReducedMotion bool   `json:"reducedMotion"`
	Keys          string `json:"keys,omitempty"` // engine/input's mapping text
}

// Best is a level's best result on this device.
type Best struct {
	Score int64 `json:"score"`
	Won   bool  `json:"won"`
}

// Saved is everything persisted, versioned.
type Saved struct {
	Version  int             `json:"version"`
	Settings Settings        `json:"settings"`
	Best     map[string]Best `json:"best"`    // by level id
	Replays  []string        `json:"replays"` // base64 replay records, newest last
}

func defaultSaved(lang string) Saved {
	return Saved{
		Version:  saveVersion,
		Settings: Settings{Lang: lang, Volume: 70, TextScale: 100},
		Best:     map[string]Best{},
	}
}

// loadSaved reads the saved data. Data that is corrupt or of another
// version is set aside under another name and reported, never a crash:
// the player starts afresh and nothing is silently overwritten.
func loadSaved(st Store, lang string) (Saved, error) {
	data, err := st.Load(saveName)
	if errors.Is(err, ErrNotSaved) {
		return defaultSaved(lang), nil
	}
	if err != nil {
		return defaultSaved(lang), fmt.Errorf("game: reading saved data: %w", err)
	}
	var s Saved
	err = json.Unmarshal(data, &s)
	if err == nil && s.Version != saveVersion {
		err = fmt.Errorf("saved data has version %d, this game reads version %d", s.Version, saveVersion)
	}
	if err == nil && (s.Settings.Volume < 0 || s.Settings.Volume > 100 || BestLanguage(s.Settings.Lang) != s.Settings.Lang) {
		err = errors.New("saved settings are out of range")
	}
	if err != nil {
		if serr := st.Save(saveName+".bad", data); serr != nil {
			err = errors.Join(err, serr)
		}
		return defaultSaved(lang), fmt.Errorf("game: %w", err)
	}
	if s.Best == nil {
		s.Best = map[string]Best{}
	}
	if s.Settings.TextScale != 125 && s.Settings.TextScale != 150 {
		s.Settings.TextScale = 100
	}
	return s, nil
}

func (s *Saved) store(st Store) error {
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return fmt.Errorf("game: %w", err)
	}
	return st.Save(saveName, data)
}

// record notes a finished run: its best result and its replay.
func (s *Saved) record(levelID string, score int64, won bool, replay string) (newBest bool) {
	b, seen := s.Best[levelID]
	if !seen || score > b.Score {
		b.Score = score
		newBest = true
	}
	b.Won = b.Won || won
	s.Best[levelID] = b
	if replay != "" {
		s.Replays = append(s.Replays, replay)
		if len(s.Replays) > maxReplays {
			s.Replays = s.Replays[len(s.Replays)-maxReplays:]
		}
	}
	return newBest
}
