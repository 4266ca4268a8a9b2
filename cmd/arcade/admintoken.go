package main

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// adminTokenFile is the moderators' secret inside the data folder.
const adminTokenFile = "admin-token"

// loadAdminToken reads the admin token from the data folder, writing a new
// random one (mode 0600, never logged) on first start. The file holds the
// token in base64url, as `arcade admin --token-file` reads it.
func loadAdminToken(dataDir string) ([]byte, error) {
	path := filepath.Join(dataDir, adminTokenFile)
	tok, err := readTokenFile(path)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return tok, err
	}
	tok = make([]byte, 32)
	rand.Read(tok)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) { // another instance wrote it first
		return readTokenFile(path)
	}
	if err != nil {
		return nil, fmt.Errorf("admin token: %w", err)
	}
	_, err = f.WriteString(base64.RawURLEncoding.EncodeToString(tok) + "\n")
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return nil, fmt.Errorf("admin token: %w", err)
	}
	return tok, nil
}

// readTokenFile reads a token written in base64url on one line.
func readTokenFile(path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("token file: %w", err)
	}
	tok, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(strings.TrimSpace(string(data)), "="))
	if err != nil || len(tok) < 16 {
		return nil, fmt.Errorf("token file %s: not a token in base64url", path)
	}
	return tok, nil
}
