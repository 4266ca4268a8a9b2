package game

import (
	"encoding/base64"
	"fmt"

	"github.com/communs-arcade/arcade/game/online"
)

// PlayerToken returns the player's secret token kept in st, creating and
// saving one when there is none, so that the arcade CLI (publish, remix)
// acts as the same player as the game on this desktop.
func PlayerToken(st Store) ([]byte, error) {
	s, err := loadSaved(st, Languages[0])
	if err != nil {
		return nil, err
	}
	if s.Online.Token != "" {
		return decodeToken(s.Online.Token)
	}
	tok, err := online.NewToken()
	if err != nil {
		return nil, fmt.Errorf("game: %w", err)
	}
	s.Online.Token = base64.StdEncoding.EncodeToString(tok)
	if err := s.store(st); err != nil {
		return nil, fmt.Errorf("game: saving the new token: %w", err)
	}
	return tok, nil
}
