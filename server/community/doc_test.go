package community_test

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/communs-arcade/arcade/server/community"
)

// docExample is a command of docs/api.md and the answer shown after it.
type docExample struct {
	cmd, answer string
}

var docBlock = regexp.MustCompile("(?s)```sh\n(.*?)```\n(?:\n```json\n(.*?)```\n)?")

// TestAPIDoc runs every curl example of docs/api.md against a real server
// and checks that each answer has the shape the doc shows: every key the
// doc shows is there, with a value of the same JSON type.
func TestAPIDoc(t *testing.T) {
	if _, err := exec.LookPath("curl"); err != nil {
		if os.Getenv("CI") != "" || os.Getenv("ARCADE_REQUIRE_TOOLS") != "" {
			t.Fatal("curl is missing: `make test` installs it (apt)")
		}
		t.Skip("curl is missing")
	}
	doc, err := os.ReadFile("../../docs/api.md")
	if err != nil {
		t.Fatal(err)
	}
	var examples []docExample
	for _, m := range docBlock.FindAllStringSubmatch(string(doc), -1) {
		examples = append(examples, docExample{strings.TrimSpace(m[1]), m[2]})
	}
	if len(examples) < 8 {
		t.Fatalf("found %d examples in docs/api.md", len(examples))
	}
	e := newEnv(t, community.Limits{})
	alice := token()
	v1 := author(t, "mes-donnees", 1, "Mes données", nil)
	if code, perr, _ := e.publish(alice, v1.pkg, v1.clear); code != 201 {
		t.Fatalf("publish = %d %+v", code, perr)
	}
	dir := t.TempDir()
	v2 := author(t, "mes-donnees", 2, "Mes données", nil)
	demo := author(t, "demo", 1, "Démo", nil)
	for name, data := range map[string][]byte{"mes-donnees-2.arcade": v2.pkg, "clear.replay": v2.clear, "demo-1.arcade": demo.pkg} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	hash := v1.lvl.ContentHash()
	env := append(os.Environ(), "SERVER="+e.srv.URL,
		"TOKEN="+base64.RawURLEncoding.EncodeToString(alice),
		"ADMIN="+base64.RawURLEncoding.EncodeToString(e.admin),
		fmt.Sprintf("HASH=%x", hash[:]))
	for _, ex := range examples {
		cmd := exec.Command("sh", "-c", ex.cmd)
		cmd.Dir, cmd.Env = dir, env
		out, err := cmd.Output()
		if err != nil {
			t.Errorf("%s\nfailed: %v %s", ex.cmd, err, out)
			continue
		}
		if ex.answer == "" {
			continue
		}
		var want, got any
		if err := json.Unmarshal([]byte(ex.answer), &want); err != nil {
			t.Errorf("the answer shown after %s is not JSON: %v", ex.cmd, err)
			continue
		}
		if err := json.Unmarshal(out, &got); err != nil {
			t.Errorf("%s\nanswered %q: %v", ex.cmd, out, err)
			continue
		}
		if diff := sameShape("", want, got); diff != "" {
			t.Errorf("%s\nanswered %s\nnot the shape docs/api.md shows: %s", ex.cmd, out, diff)
		}
	}
}

// sameShape reports where got lacks a key of want or has another type.
func sameShape(path string, want, got any) string {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return path + ": not an object"
		}
		keys := make([]string, 0, len(w))
		for k := range w {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			gv, ok := g[k]
			if !ok {
				return path + "." + k + ": missing"
			}
			if d := sameShape(path+"."+k, w[k], gv); d != "" {
				return d
			}
		}
	case []any:
		g, ok := got.([]any)
		if !ok {
			return path + ": not an array"
		}
		if len(w) > 0 {
			if len(g) == 0 {
				return path + ": empty"
			}
			return sameShape(path+"[0]", w[0], g[0])
		}
	default:
		if fmt.Sprintf("%T", want) != fmt.Sprintf("%T", got) {
			return fmt.Sprintf("%s: %T, want %T", path, got, want)
		}
	}
	return ""
}
