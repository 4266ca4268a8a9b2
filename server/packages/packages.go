// Package packages keeps the packages (.arcade files) of community levels,
// content-addressed: each is named by its level's content hash, the hash
// that also names its board and that its replays carry. A package is
// stored once, in the canonical bytes level.Pack writes for that content,
// so every copy of a level version is the same file, served as an
// immutable resource.
//
// A Dir is a folder of the server's data folder. A package is written to a
// temporary file, synced and renamed into place, so a server killed
// mid-write leaves either no package or a whole one, never a torn file
// under a package's name. Packages are never changed once written; the
// verification workers read them by name (Name) through a read-only fs.FS.
package packages

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/communs-arcade/arcade/engine/level"
)

// Dir is a folder of packages.
type Dir struct {
	path string
	root *os.Root
}

// Open opens (creating it if needed) the package folder at path.
func Open(path string) (*Dir, error) {
	if err := os.MkdirAll(path, 0o755); err != nil {
		return nil, fmt.Errorf("packages: %w", err)
	}
	root, err := os.OpenRoot(path)
	if err != nil {
		return nil, fmt.Errorf("packages: %w", err)
	}
	d := &Dir{path: path, root: root}
	d.sweep()
	return d, nil
}

// Path is the folder's path, for the workers that read it.
func (d *Dir) Path() string { return d.path }

// Close releases the folder.
func (d *Dir) Close() error { return d.root.Close() }

// Name is the file name of the package of a level content hash.
func Name(hash [32]byte) string { return hex.EncodeToString(hash[:]) + level.Ext }

// ParseName returns the hash a package file name names, and false for any
// other name (so a name from a URL is never a path).
func ParseName(name string) ([32]byte, bool) {
	var h [32]byte
	s, ok := strings.CutSuffix(name, level.Ext)
	if !ok || len(s) != 64 || strings.ToLower(s) != s {
		return h, false
	}
	if _, err := hex.Decode(h[:], []byte(s)); err != nil {
		return h, false
	}
	return h, true
}

// Put stores the canonical package of l (level.Pack) and returns its bytes.
// Storing content that is already there writes nothing.
func (d *Dir) Put(l *level.Level) ([]byte, error) {
	var buf bytes.Buffer
	if err := level.Pack(l, &buf); err != nil {
		return nil, fmt.Errorf("packages: %w", err)
	}
	name := Name(l.ContentHash())
	if _, err := d.root.Stat(name); err == nil {
		return buf.Bytes(), nil
	}
	if err := d.write(name, buf.Bytes()); err != nil {
		return nil, fmt.Errorf("packages: storing %s: %w", name, err)
	}
	return buf.Bytes(), nil
}

// tmpPrefix starts the names of packages being written; Open removes the
// ones a killed server left.
const tmpPrefix = ".tmp-"

// write writes data under name atomically: a reader sees the whole file
// or none.
func (d *Dir) write(name string, data []byte) error {
	tmp, err := os.CreateTemp(d.path, tmpPrefix+"*")
	if err != nil {
		return err
	}
	ok := false
	defer func() {
		if !ok {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), filepath.Join(d.path, name)); err != nil {
		return err
	}
	ok = true
	// The rename is durable once the folder is synced.
	if dir, err := os.Open(d.path); err == nil {
		dir.Sync()
		dir.Close()
	}
	return nil
}

// sweep removes the temporary files of writes a killed server never
// finished.
func (d *Dir) sweep() {
	ents, err := os.ReadDir(d.path)
	if err != nil {
		return
	}
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), tmpPrefix) {
			os.Remove(filepath.Join(d.path, e.Name()))
		}
	}
}

// ErrNotFound is returned (wrapped) for a package that is not stored.
var ErrNotFound = errors.New("packages: not found")

// Get returns the stored package of a content hash.
func (d *Dir) Get(hash [32]byte) ([]byte, error) {
	data, err := d.root.ReadFile(Name(hash))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w: %x", ErrNotFound, hash[:8])
	}
	if err != nil {
		return nil, fmt.Errorf("packages: %w", err)
	}
	return data, nil
}

// FS returns the folder as a read-only file system of packages.
func (d *Dir) FS() fs.FS { return d.root.FS() }
