package game

import (
	"embed"
	"fmt"
	"strings"

	"github.com/communs-arcade/arcade/engine/level"
	"github.com/communs-arcade/arcade/engine/sim"
)

//go:embed text/*.toml
var textFS embed.FS

// Languages the game speaks, in the order the language switch cycles.
var Languages = []string{"fr", "en"}

// catalogues holds the game's own texts by language.
type catalogs map[string]level.Catalog

func loadCatalogs() (catalogs, error) {
	cs := catalogs{}
	for _, lang := range Languages {
		name := "text/" + lang + ".toml"
		data, err := textFS.ReadFile(name)
		if err != nil {
			return nil, fmt.Errorf("game: %w", err)
		}
		c, err := level.ParseCatalog(name, data)
		if err != nil {
			return nil, fmt.Errorf("game: %w", err)
		}
		cs[lang] = c
	}
	return cs, nil
}

// lookup returns the text of key in lang, falling back to the other
// language and finally to the key itself, so a missing text shows up as its
// key rather than as nothing.
func lookup(cats map[string]level.Catalog, lang, key string) string {
	if s, ok := cats[lang][key]; ok {
		return s
	}
	for _, other := range Languages {
		if s, ok := cats[other][key]; ok {
			return s
		}
	}
	return key
}

// fill replaces {name} placeholders with their values.
func fill(s string, args []sim.Arg) string {
	if len(args) == 0 || !strings.Contains(s, "{") {
		return s
	}
	pairs := make([]string, 0, 2*len(args))
	for _, a := range args {
		pairs = append(pairs, "{"+a.Name+"}", a.Value)
	}
	return strings.NewReplacer(pairs...).Replace(s)
}

// arg builds a message argument.
func arg(name string, value any) sim.Arg {
	return sim.Arg{Name: name, Value: fmt.Sprint(value)}
}

// BestLanguage picks the game language for a browser or system language tag
// such as "fr-FR" or "en_GB.UTF-8"; French is the default.
func BestLanguage(tag string) string {
	tag = strings.ToLower(tag)
	for _, lang := range Languages {
		if strings.HasPrefix(tag, lang) {
			return lang
		}
	}
	return Languages[0]
}
