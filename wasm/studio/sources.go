package studio

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"slices"

	"github.com/communs-arcade/arcade/engine/level"
	"github.com/communs-arcade/arcade/levels"
	"github.com/communs-arcade/arcade/levels/examples"
)

// Source is a level a draft may start from.
type Source struct {
	ID    string `json:"id"`   // "template", an example's or a built-in level's id
	Kind  string `json:"kind"` // "template", "example" or "level"
	Title Title  `json:"title"`
}

// Title is a source's title in French and English.
type Title struct {
	FR string `json:"fr"`
	EN string `json:"en"`
}

func titleOf(l level.Localized) Title { return Title{FR: l.FR, EN: l.EN} }

// Template is the id of the template source.
const Template = "template"

// Sources lists what a draft may start from: the template, then the
// examples, then the built-in levels, each by id.
func Sources() []Source {
	out := []Source{{ID: Template, Kind: "template", Title: Title{FR: "Nouveau niveau", EN: "New level"}}}
	for _, name := range examples.Names() {
		if l, err := level.LoadFS(examples.FS, name); err == nil {
			out = append(out, Source{ID: name, Kind: "example", Title: titleOf(l.Manifest.Title)})
		}
	}
	all, _ := level.LoadAll(levels.FS)
	slices.SortFunc(all, func(a, b *level.Level) int {
		return cmp.Compare(rank(a), rank(b))
	})
	for _, l := range all {
		out = append(out, Source{ID: l.Manifest.ID, Kind: "level", Title: titleOf(l.Manifest.Title)})
	}
	return out
}

func rank(l *level.Level) int {
	if l.Manifest.Campaign > 0 {
		return l.Manifest.Campaign
	}
	return 1 << 30
}

// SourceFiles returns the files of the source id (see Sources). An
// example's or a built-in level's id names its folder.
func SourceFiles(id string) ([]level.File, error) {
	if id == Template {
		return level.TemplateFiles(), nil
	}
	for _, fsys := range []fs.FS{examples.FS, levels.FS} {
		if !fs.ValidPath(id) || id == "." {
			break
		}
		if _, err := fs.Stat(fsys, id+"/"+level.ManifestName); err != nil {
			continue
		}
		l, err := level.LoadFS(fsys, id)
		if err != nil {
			return nil, fmt.Errorf("studio: %w", err)
		}
		return l.Files(), nil
	}
	return nil, fmt.Errorf("studio: no example or level %q", id)
}

// Pack builds the level of files and packs it, sealed (level.Pack), as
// a .arcade file.
func Pack(files []level.File) ([]byte, error) {
	l, err := level.FromFiles("draft", files)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := level.Pack(l, &buf); err != nil {
		return nil, fmt.Errorf("studio: %w", err)
	}
	return buf.Bytes(), nil
}

// Unpack returns the files of a .arcade file, after every check LoadZip
// makes (a sealed package changed after packing is refused).
func Unpack(data []byte) ([]level.File, error) {
	if len(data) == 0 {
		return nil, errors.New("studio: empty file")
	}
	l, err := level.LoadZip(bytes.NewReader(data), int64(len(data)), "upload.arcade")
	if err != nil {
		return nil, err
	}
	return l.Files(), nil
}
