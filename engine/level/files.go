package level

import (
	"io/fs"
	"strings"
	"testing/fstest"
)

// FromFiles builds a level from files held in memory, such as the studio's
// drafts (wasm/studio), with every check Load makes on a folder: names,
// types, sizes, the manifest, the map, the catalogues. name is the Path of
// the level and of its errors. Files whose name is given twice, or that
// name no valid file, are refused.
func FromFiles(name string, files []File) (*Level, error) {
	p := &problems{path: name}
	if len(files) > MaxFiles {
		p.addf(RuleFileCount, "", 0, "too many files: at most %d allowed", MaxFiles)
		return nil, p.err()
	}
	fsys := make(fstest.MapFS, len(files))
	for _, f := range files {
		if rule, msg := checkNameRule(f.Name); msg != "" {
			p.addf(rule, displayName(f.Name), 0, "%s", msg)
			continue
		}
		if _, dup := fsys[f.Name]; dup {
			p.addf(RuleDuplicateName, f.Name, 0, "given twice")
			continue
		}
		fsys[f.Name] = &fstest.MapFile{Data: f.Data, Mode: 0o644}
	}
	if p.any() {
		return nil, p.err()
	}
	return loadFS(fsys, ".", name)
}

// TemplateFiles returns the files of the small working level Scaffold
// writes (its id is "new-level"), sorted by name: the studio's "start from
// the template".
func TemplateFiles() []File {
	var out []File
	err := fs.WalkDir(template, "template", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(template, name)
		if err != nil {
			return err
		}
		out = append(out, File{Name: strings.TrimPrefix(name, "template/"), Data: data})
		return nil
	})
	if err != nil {
		return nil // cannot happen: the template is embedded
	}
	return out
}
