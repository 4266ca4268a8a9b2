package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/communs-arcade/arcade/engine/level"
	"github.com/communs-arcade/arcade/game"
	"github.com/communs-arcade/arcade/server/protocol/api"
)

// defaultServer is the server publish, remix and admin talk to by default:
// the one `make run` starts.
const defaultServer = "http://localhost:8080"

// apiClient calls a server's HTTP API (docs/api.md).
type apiClient struct {
	base  string
	token []byte
	http  *http.Client
}

func newAPIClient(server string, token []byte) (*apiClient, error) {
	u, err := url.Parse(server)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, usageError{fmt.Sprintf("--server %q: want http://HOST[:PORT] or https://HOST", server)}
	}
	return &apiClient{base: strings.TrimRight(server, "/"), token: token,
		http: &http.Client{Timeout: 5 * time.Minute}}, nil
}

// do sends a request and decodes a JSON answer into out (when not nil).
// An error answer becomes an *api.Error.
func (c *apiClient) do(method, path, contentType string, body io.Reader, out any) error {
	req, err := http.NewRequest(method, c.base+path, body)
	if err != nil {
		return err
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if c.token != nil {
		req.Header.Set("Authorization", "Bearer "+base64.RawURLEncoding.EncodeToString(c.token))
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return fmt.Errorf("cannot reach the server: %w", err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, level.MaxArchiveSize+1<<20))
	if err != nil {
		return fmt.Errorf("reading the server's answer: %w", err)
	}
	if resp.StatusCode >= 300 {
		var eb api.ErrorBody
		if json.Unmarshal(data, &eb) == nil && eb.Error.Code != "" {
			return &eb.Error
		}
		return fmt.Errorf("the server answered %s", resp.Status)
	}
	switch o := out.(type) {
	case nil:
		return nil
	case *[]byte:
		*o = data
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("unreadable answer from the server: %w", err)
	}
	return nil
}

// playerToken is this desktop's player token, shared with the game.
func playerToken() ([]byte, error) {
	st, err := game.DefaultStore()
	if err != nil {
		return nil, err
	}
	return game.PlayerToken(st)
}

// refused prints a server's refusal in words and makes the command fail.
func refused(verb string, err error) error {
	var ae *api.Error
	if errors.As(err, &ae) {
		msg := "arcade " + verb + ": refused"
		if ae.Rule != "" {
			msg += " (" + ae.Rule + ")"
		}
		return errors.New(msg + ": " + ae.Error())
	}
	return fmt.Errorf("arcade %s: %w", verb, err)
}

func cmdPublish(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("publish", flag.ContinueOnError)
	clear := fs.String("replay", "", "a replay of your own winning run of this exact level (arcade sim --record)")
	server := fs.String("server", defaultServer, "the server to publish on")
	pos, err := parse(fs, args, 1, "DIR or FILE.arcade")
	if err != nil {
		return err
	}
	if *clear == "" {
		return usageError{"--replay is required: the server lists a level only with a winning run of it"}
	}
	pkg, name, err := packageOf(pos[0])
	if err != nil {
		return err
	}
	replayData, err := os.ReadFile(*clear)
	if err != nil {
		return fmt.Errorf("arcade publish: %w", err)
	}
	tok, err := playerToken()
	if err != nil {
		return fmt.Errorf("arcade publish: %w", err)
	}
	c, err := newAPIClient(*server, tok)
	if err != nil {
		return err
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for _, part := range []struct {
		field, file string
		data        []byte
	}{{"package", name, pkg}, {"clear", filepath.Base(*clear), replayData}} {
		w, err := mw.CreateFormFile(part.field, part.file)
		if err == nil {
			_, err = w.Write(part.data)
		}
		if err != nil {
			return fmt.Errorf("arcade publish: %w", err)
		}
	}
	mw.Close()
	var out api.Published
	if err := c.do(http.MethodPost, api.PathLevels, mw.FormDataContentType(), &body, &out); err != nil {
		return refused("publish", err)
	}
	fmt.Fprintf(stdout, "published %s v%d %s\n", out.ID, out.Version, out.URL)
	return nil
}

// packageOf returns the packed bytes of a level folder (packed as `arcade
// pack` does) or of a .arcade file, and a file name for it.
func packageOf(path string) ([]byte, string, error) {
	if strings.HasSuffix(strings.ToLower(path), level.Ext) {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, "", fmt.Errorf("arcade publish: %w", err)
		}
		return data, filepath.Base(path), nil
	}
	lvl, err := level.Load(path)
	if err != nil {
		return nil, "", err
	}
	var buf bytes.Buffer
	if err := level.Pack(lvl, &buf); err != nil {
		return nil, "", err
	}
	return buf.Bytes(), fmt.Sprintf("%s-%d%s", lvl.Manifest.ID, lvl.Manifest.Version, level.Ext), nil
}

func cmdRemix(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("remix", flag.ContinueOnError)
	server := fs.String("server", defaultServer, "the server to download from")
	id := fs.String("id", "", "the remix's level id (default: the level's id + \"-remix\")")
	pos, err := parse(fs, args, 2, "ID[@VERSION] DIR")
	if err != nil {
		return err
	}
	ref, dir := pos[0], pos[1]
	c, err := newAPIClient(*server, nil)
	if err != nil {
		return err
	}
	var l api.LevelDetail
	if err := c.do(http.MethodGet, api.PathLevels+"/"+url.PathEscape(ref), "", nil, &l); err != nil {
		return refused("remix", err)
	}
	var pkg []byte
	if err := c.do(http.MethodGet, l.Package, "", nil, &pkg); err != nil {
		return refused("remix", err)
	}
	lvl, err := level.LoadZip(bytes.NewReader(pkg), int64(len(pkg)), l.ID+level.Ext)
	if err != nil {
		return fmt.Errorf("arcade remix: the downloaded package does not load: %w", err)
	}
	if *id == "" {
		*id = remixID(l.ID)
	}
	if err := writeRemix(dir, lvl, *id, fmt.Sprintf("%s@%d", l.ID, l.Version)); err != nil {
		return fmt.Errorf("arcade remix: %w", err)
	}
	fmt.Fprintf(stdout, "remix of %s v%d by %s in %s as level %s: change it, then `arcade check %s`\n",
		l.ID, l.Version, l.Author, dir, *id, dir)
	return nil
}

// remixID is the default id of a remix of id.
func remixID(id string) string {
	const suffix = "-remix"
	if len(id)+len(suffix) > 40 {
		id = strings.TrimRight(id[:40-len(suffix)], "-")
	}
	return id + suffix
}

// Lines of level.toml that remix rewrites (top-level keys only: they come
// before any [table]).
var (
	idLine      = regexp.MustCompile(`(?m)^id\s*=.*$`)
	versionLine = regexp.MustCompile(`(?m)^version\s*=.*$`)
	remixLine   = regexp.MustCompile(`(?m)^remix_of\s*=.*\n?`)
)

// writeRemix writes lvl's files into dir (which must be new or empty), its
// manifest given the new id, version 1 and remix_of; everything else, the
// author and the sources included, is kept: the credits of CC BY-SA.
func writeRemix(dir string, lvl *level.Level, id, of string) error {
	if ents, err := os.ReadDir(dir); err == nil && len(ents) > 0 {
		return fmt.Errorf("%s is not empty: choose a new folder", dir)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return err
	}
	defer root.Close()
	for _, f := range lvl.Files() {
		data := f.Data
		if f.Name == level.ManifestName {
			data = remixManifest(data, id, of)
		}
		if d := filepath.Dir(filepath.FromSlash(f.Name)); d != "." {
			if err := root.MkdirAll(d, 0o755); err != nil {
				return err
			}
		}
		if err := root.WriteFile(filepath.FromSlash(f.Name), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// remixManifest rewrites a manifest's id, version and remix_of.
func remixManifest(data []byte, id, of string) []byte {
	s := remixLine.ReplaceAllString(string(data), "")
	s = idLine.ReplaceAllLiteralString(s, fmt.Sprintf("id = %q", id))
	s = versionLine.ReplaceAllLiteralString(s, fmt.Sprintf("version = 1\nremix_of = %q", of))
	return []byte(s)
}
