package game

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/communs-arcade/arcade/game/online"
	"github.com/communs-arcade/arcade/server/protocol"
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
	// maxOutbox caps the finished runs kept on the device until the server
	// has them, so storage cannot grow for ever offline: the oldest go.
	maxOutbox = 50
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

// Saved is everything persisted, versioned. Fields added later are
// optional, so older files still load (see loadSaved).
type Saved struct {
	Version  int             `json:"version"`
	Settings Settings        `json:"settings"`
	Best     map[string]Best `json:"best"` // by level id
	Online   Online          `json:"online"`
	// Class is the classroom workshop's class this device plays in, if
	// any: rejoined at each start.
	Class *SavedClass `json:"class,omitempty"`
	// Replays held the finished runs before online scores: loadSaved moves
	// them into Online.Outbox.
	Replays []string `json:"replays,omitempty"`
}

// Online is the player's identity on the score server and the runs not
// yet sent to it. It holds no name, address or anything else about the
// player: a random secret and a pseudonym.
type Online struct {
	// Token is the player's secret (base64 of protocol.TokenSize random
	// bytes), made on first use; the server keeps only its hash.
	Token string `json:"token,omitempty"`
	// Pseudonym is the name on the leaderboards, as the server last
	// confirmed it (or as generated, before the first connection).
	Pseudonym string `json:"pseudonym,omitempty"`
	// Wanted is a pseudonym the player chose that the server has not
	// confirmed yet (chosen offline): it is asked for after the next hello.
	Wanted string `json:"wanted,omitempty"`
	// Server is the desktop's server address (arcade play --server); empty
	// plays offline. The browser always uses the server of its page.
	Server string `json:"server,omitempty"`
	// Outbox holds the finished runs the server has not stored yet,
	// oldest first, at most maxOutbox.
	Outbox []Outgoing `json:"outbox,omitempty"`
}

// SavedClass is a pupil's membership of a class, kept on their device so
// that the game rejoins it by itself: the class code, the pseudonym in the
// class and the secret picture (a cell of the protocol's grid), and
// whether their runs also go to the public board.
type SavedClass struct {
	Code      string `json:"code"`
	Pseudonym string `json:"pseudonym"`
	Animal    uint8  `json:"animal"`
	Color     uint8  `json:"colour"`
	Public    bool   `json:"public,omitempty"`
}

// Outgoing is a finished run waiting to be sent.
type Outgoing struct {
	ID     string `json:"id"`     // the client's run id (protocol Submit.Client)
	Level  string `json:"level"`  // level id
	Replay string `json:"replay"` // base64 of the replay record
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
	if err == nil && s.Online.Token != "" {
		if _, terr := decodeToken(s.Online.Token); terr != nil {
			err = terr
		}
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
	// Runs saved before online scores go to the outbox, to be sent.
	for _, r := range s.Replays {
		s.queue(Outgoing{ID: online.NewRunID(), Replay: r})
	}
	s.Replays = nil
	return s, nil
}

func (s *Saved) store(st Store) error {
	data, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return fmt.Errorf("game: %w", err)
	}
	return st.Save(saveName, data)
}

// record notes a finished run: its best result, and its replay in the
// outbox under a new run id (returned; "" without a replay).
func (s *Saved) record(levelID string, score int64, won bool, replay string) (newBest bool, id string) {
	b, seen := s.Best[levelID]
	// A loss with nothing scored is no record: it is neither announced
	// nor kept as a best above no run at all.
	if won || score > 0 || (seen && score > b.Score) {
		if !seen || score > b.Score {
			b.Score = score
			newBest = true
		}
		b.Won = b.Won || won
		s.Best[levelID] = b
	}
	if replay != "" {
		id = online.NewRunID()
		s.queue(Outgoing{ID: id, Level: levelID, Replay: replay})
	}
	return newBest, id
}

// queue adds a run to the outbox, dropping the oldest beyond maxOutbox.
func (s *Saved) queue(o Outgoing) {
	s.Online.Outbox = append(s.Online.Outbox, o)
	if n := len(s.Online.Outbox); n > maxOutbox {
		s.Online.Outbox = slices.Delete(s.Online.Outbox, 0, n-maxOutbox)
	}
}

// sent removes a run from the outbox; it reports whether it was there.
func (s *Saved) sent(id string) bool {
	i := slices.IndexFunc(s.Online.Outbox, func(o Outgoing) bool { return o.ID == id })
	if i < 0 {
		return false
	}
	s.Online.Outbox = slices.Delete(s.Online.Outbox, i, i+1)
	return true
}

// decodeToken reads the saved token.
func decodeToken(s string) ([]byte, error) {
	b, err := base64.StdEncoding.DecodeString(s)
	if err == nil && len(b) != protocol.TokenSize {
		err = fmt.Errorf("%d bytes, want %d", len(b), protocol.TokenSize)
	}
	if err != nil {
		return nil, fmt.Errorf("saved online token is unusable: %w", err)
	}
	return b, nil
}
