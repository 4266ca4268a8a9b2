//go:build !js

package game

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// FileStore keeps saved data as files in a folder, written atomically (a
// temporary file renamed over the old one) so a crash never leaves half a
// save.
type FileStore struct{ Dir string }

// DefaultStore is the player's config folder, e.g. ~/.config/communs-arcade.
func DefaultStore() (Store, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return nil, fmt.Errorf("game: no config folder: %w", err)
	}
	return FileStore{Dir: filepath.Join(dir, "communs-arcade")}, nil
}

// Load reads a saved file.
func (s FileStore) Load(name string) ([]byte, error) {
	data, err := os.ReadFile(filepath.Join(s.Dir, name))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNotSaved
	}
	return data, err
}

// Save writes a file atomically.
func (s FileStore) Save(name string, data []byte) error {
	if err := os.MkdirAll(s.Dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(s.Dir, name+".*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), filepath.Join(s.Dir, name))
}

// SystemLanguage is the desktop's language from the usual variables.
func SystemLanguage() string {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if s := os.Getenv(v); s != "" {
			return BestLanguage(s)
		}
	}
	return Languages[0]
}

// Remove deletes a saved file; one already gone is no error.
func (s FileStore) Remove(name string) error {
	err := os.Remove(filepath.Join(s.Dir, name))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

// Community packages kept for offline replays (see community.Cache): a
// folder holds plenty.
const (
	packageCacheLimit = 64 << 20
	packageCacheText  = false
)
