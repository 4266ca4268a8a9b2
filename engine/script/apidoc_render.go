package script

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
)

// The markers around each generated table of docs/lua-api.md.
const (
	apiTableBegin = "<!-- api-table: "
	apiTableEnd   = "<!-- /api-table -->"
)

// APIReferenceJSON is the studio's completion list (wasm/studio/src/api.json):
// every entry of APIReference, in its order, one per line.
func APIReferenceJSON() []byte {
	var b bytes.Buffer
	b.WriteString("[\n")
	for i, e := range APIReference {
		line, err := json.Marshal(e)
		if err != nil { // plain strings: cannot happen
			panic(fmt.Sprintf("script: %v", err))
		}
		b.Write(line)
		if i < len(APIReference)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString("]\n")
	return b.Bytes()
}

// apiTable renders the Markdown table of one section.
func apiTable(s APISection) string {
	var b strings.Builder
	if s.Returns {
		b.WriteString("| function | returns | what it does |\n|---|---|---|\n")
	} else {
		b.WriteString("| function | what it does |\n|---|---|\n")
	}
	for _, e := range APIReference {
		if e.Section != s.ID {
			continue
		}
		forms := make([]string, len(e.Forms))
		for i, f := range e.Forms {
			forms[i] = "`" + f + "`"
		}
		b.WriteString("| " + strings.Join(forms, ", ") + " | ")
		if s.Returns {
			r := e.Returns
			if r == "" {
				r = "—"
			}
			b.WriteString(r + " | ")
		}
		b.WriteString(e.Help + " |\n")
	}
	return b.String()
}

// RewriteAPIDoc replaces each generated table of doc (docs/lua-api.md),
// between "<!-- api-table: ID -->" and "<!-- /api-table -->", with the
// table APIReference gives. Every section of APISections must be there
// exactly once.
func RewriteAPIDoc(doc []byte) ([]byte, error) {
	text := string(doc)
	for _, s := range APISections {
		begin := apiTableBegin + s.ID + " -->\n"
		i := strings.Index(text, begin)
		if i < 0 || strings.Count(text, begin) != 1 {
			return nil, fmt.Errorf("script: the doc needs the marker %q once", strings.TrimSpace(begin))
		}
		start := i + len(begin)
		j := strings.Index(text[start:], apiTableEnd)
		if j < 0 {
			return nil, fmt.Errorf("script: the table %s has no end marker %q", s.ID, apiTableEnd)
		}
		text = text[:start] + apiTable(s) + text[start+j:]
	}
	return []byte(text), nil
}
