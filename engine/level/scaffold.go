package level

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// template is a small working level; Scaffold copies it, changing its id.
//
//go:embed template
var template embed.FS

// templateID is the id of the level in template/level.toml.
const templateID = "new-level"

// Scaffold writes a new working level with the given id into dir, which
// must be empty or not exist yet.
func Scaffold(dir, id string) error {
	if !validID(id) {
		return fmt.Errorf("level: id %q must match ^[a-z0-9][a-z0-9-]{0,39}$", id)
	}
	entries, err := os.ReadDir(dir)
	switch {
	case err == nil && len(entries) > 0:
		return fmt.Errorf("level: %s is not empty", dir)
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("level: %w", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("level: %w", err)
	}
	return fs.WalkDir(template, "template", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel("template", filepath.FromSlash(name))
		target := filepath.Join(dir, rel)
		if d.IsDir() {
			if rel == "." {
				return nil
			}
			if err := os.Mkdir(target, 0o755); err != nil {
				return fmt.Errorf("level: %w", err)
			}
			return nil
		}
		data, err := template.ReadFile(name)
		if err != nil {
			return fmt.Errorf("level: template: %w", err)
		}
		if name == "template/"+ManifestName {
			old := []byte(`id = "` + templateID + `"`)
			if !bytes.Contains(data, old) {
				return errors.New("level: template manifest has no id line")
			}
			data = bytes.Replace(data, old, []byte(`id = "`+id+`"`), 1)
		}
		f, err := os.OpenFile(target, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return fmt.Errorf("level: %w", err)
		}
		if _, err := f.Write(data); err != nil {
			f.Close()
			return fmt.Errorf("level: %w", err)
		}
		if err := f.Close(); err != nil {
			return fmt.Errorf("level: %w", err)
		}
		return nil
	})
}
