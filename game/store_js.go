//go:build js

package game

import (
	"errors"
	"syscall/js"
)

// LocalStore keeps saved data in the browser's localStorage, under keys
// prefixed "communs-arcade/".
type LocalStore struct{}

// DefaultStore is the browser's localStorage.
func DefaultStore() (Store, error) {
	if js.Global().Get("localStorage").IsUndefined() {
		return nil, errors.New("game: this browser has no localStorage")
	}
	return LocalStore{}, nil
}

const storePrefix = "communs-arcade/"

// Load reads a saved item.
func (LocalStore) Load(name string) (data []byte, err error) {
	defer func() {
		if r := recover(); r != nil { // storage disabled by the browser
			err = errors.New("game: localStorage is not available")
		}
	}()
	v := js.Global().Get("localStorage").Call("getItem", storePrefix+name)
	if v.IsNull() || v.IsUndefined() {
		return nil, ErrNotSaved
	}
	return []byte(v.String()), nil
}

// Save writes a saved item (quota errors come back as errors).
func (LocalStore) Save(name string, data []byte) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = errors.New("game: could not save in localStorage (full or disabled)")
		}
	}()
	js.Global().Get("localStorage").Call("setItem", storePrefix+name, string(data))
	return nil
}

// SystemLanguage is the browser's preferred language.
func SystemLanguage() string {
	return BestLanguage(js.Global().Get("navigator").Get("language").String())
}

// Remove deletes a saved item.
func (LocalStore) Remove(name string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = errors.New("game: localStorage is not available")
		}
	}()
	js.Global().Get("localStorage").Call("removeItem", storePrefix+name)
	return nil
}

// Community packages kept for offline replays (see community.Cache).
// localStorage holds about 5 million characters per site (Chrome,
// Firefox, Safari) and only text: packages are kept as base64, a third
// larger, within 3 MiB of text, so one package at the 2 MiB limit, or a
// few small ones, stay beside the saved game; the oldest go first, and
// the level's card says when a package could not be kept.
const (
	packageCacheLimit = 3 << 20
	packageCacheText  = true
)
