package main

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/communs-arcade/arcade/server/protocol"
	"github.com/communs-arcade/arcade/server/protocol/api"
)

// TestCommunityRoundTrip is an author's path on a real server: new → sim →
// pack (twice, same bytes) → publish → found by search, with and without
// accents → remix → publish the remix, whose attribution is shown.
func TestCommunityRoundTrip(t *testing.T) {
	t.Setenv("XDG_CONFIG_HOME", t.TempDir()) // the player's token lives here
	work := t.TempDir()
	server := startServe(t, "--web", filepath.Join(work, "dist"), "--data", filepath.Join(work, "data"), "--workers", "1")
	dir := filepath.Join(work, "mes-donnees")
	must := func(want string, args ...string) string {
		t.Helper()
		code, out, errs := arcade(args...)
		if code != 0 || !regexp.MustCompile(want).MatchString(out) {
			t.Fatalf("arcade %s = %d\nstdout %q (want /%s/)\nstderr %q", strings.Join(args, " "), code, out, want, errs)
		}
		return out
	}
	must(`created level mes-donnees`, "new", dir)
	manifest := filepath.Join(dir, "level.toml")
	data, _ := os.ReadFile(manifest)
	text := regexp.MustCompile(`(?m)^fr = .*$`).ReplaceAllString(string(data), `fr = "Mes données"`)
	os.WriteFile(manifest, []byte(text), 0o644)
	win := filepath.Join(work, "win.txt")
	os.WriteFile(win, []byte("A\n.*5\nR*150\n"), 0o644)
	clear := filepath.Join(work, "clear.replay")
	must(`^outcome=won `, "sim", dir, "--inputs", win, "--record", clear)
	var packs [2][]byte
	for i := range packs {
		out := filepath.Join(work, "p"+string(rune('0'+i))+".arcade")
		must(`^packed .*p`+string(rune('0'+i))+`\.arcade \d+ bytes sha256=[0-9a-f]{64}\n$`, "pack", dir, "-o", out)
		packs[i], _ = os.ReadFile(out)
	}
	if !bytes.Equal(packs[0], packs[1]) {
		t.Fatal("the same folder packed to other bytes")
	}
	must(`^published mes-donnees v1 `+regexp.QuoteMeta(server)+`/l/mes-donnees\n$`,
		"publish", filepath.Join(work, "p0.arcade"), "--replay", clear, "--server", server)

	for _, q := range []string{"données", "donnees", "DONN"} {
		var page api.LevelPage
		getJSON(t, server+"/api/levels?q="+url.QueryEscape(q), &page)
		if page.Total != 1 || page.Levels[0].ID != "mes-donnees" || page.Levels[0].Plays != 1 {
			t.Errorf("search %q = %+v", q, page)
		}
	}
	// A player's run on the community level is verified and ranked on its
	// board, as on a built-in level's, and counted as a play.
	play := filepath.Join(work, "play.txt")
	os.WriteFile(play, []byte("A\n.*20\nR*150\n"), 0o644)
	run := filepath.Join(work, "run.replay")
	must(`^outcome=won `, "sim", dir, "--inputs", play, "--record", run)
	replayData, _ := os.ReadFile(run)
	sub := submitOnce(t, server, replayData)
	if sub.Level != "mes-donnees" || !sub.Won || sub.Best.Rank != 2 || sub.Total != 2 {
		t.Errorf("submitted = %+v, want rank 2 of 2 behind the author's clear", sub)
	}
	var after api.LevelDetail
	getJSON(t, server+"/api/levels/mes-donnees", &after)
	if after.Plays != 2 {
		t.Errorf("plays after a player's run = %d, want 2", after.Plays)
	}
	// Publishing again the same version is refused, in words.
	code, _, errs := arcade("publish", dir, "--replay", clear, "--server", server)
	if code != 1 || !strings.Contains(errs, "refused (version)") || !strings.Contains(errs, "raise version in level.toml") {
		t.Errorf("publish again = %d %q", code, errs)
	}

	remix := filepath.Join(work, "remix")
	must(`^remix of mes-donnees v1 by .* as level mes-donnees-remix`, "remix", "mes-donnees", remix, "--server", server)
	got, _ := os.ReadFile(filepath.Join(remix, "level.toml"))
	if !strings.Contains(string(got), `remix_of = "mes-donnees@1"`) || !strings.Contains(string(got), `id = "mes-donnees-remix"`) {
		t.Fatalf("remix manifest:\n%s", got)
	}
	clear2 := filepath.Join(work, "clear2.replay")
	must(`^outcome=won `, "sim", remix, "--inputs", win, "--record", clear2)
	must(`^published mes-donnees-remix v1 `, "publish", remix, "--replay", clear2, "--server", server)
	var d api.LevelDetail
	getJSON(t, server+"/api/levels/mes-donnees-remix", &d)
	if d.RemixOf == nil || d.RemixOf.ID != "mes-donnees" || d.RemixOf.Version != 1 || d.RemixOf.Author == "" {
		t.Errorf("remix attribution = %+v", d.RemixOf)
	}

	// A moderator, with the token the server wrote in its data folder.
	admin := []string{"admin", "--server", server, "--token-file", filepath.Join(work, "data", "admin-token")}
	if st, err := os.Stat(filepath.Join(work, "data", "admin-token")); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("admin token file: %v %v", st, err)
	}
	must(`^no report\n$`, append(admin, "reports")...)
	must(`^mes-donnees-remix: hide done\n$`, append(admin, "hide", "mes-donnees-remix", "--note", "test")...)
	var page api.LevelPage
	getJSON(t, server+"/api/levels", &page)
	if page.Total != 1 {
		t.Errorf("%d levels listed after hiding one of two", page.Total)
	}
	must(`^mes-donnees-remix: restore done\n$`, append(admin, "restore", "mes-donnees-remix")...)
	must(`(?s)^\d+\t.*\trestore\tmes-donnees-remix\t.*\n\d+\t.*\thide\tmes-donnees-remix\t\t"test"\n$`, append(admin, "audit")...)
	if code, _, errs := arcade("admin", "--server", server, "--token-file", filepath.Join(work, "win.txt"), "reports"); code != 1 || !strings.Contains(errs, "not a token") {
		t.Errorf("admin with a wrong token file = %d %q", code, errs)
	}
}

func getJSON(t *testing.T, u string, out any) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s = %s", u, resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		t.Fatal(err)
	}
}

// submitOnce sends a run as a new player over the WebSocket and returns
// the server's answer.
func submitOnce(t *testing.T, server string, replayData []byte) *protocol.Submitted {
	t.Helper()
	ws, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(server, "http")+"/ws", nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ws.Close()
	tok := make([]byte, protocol.TokenSize)
	rand.Read(tok)
	ws.SetReadDeadline(time.Now().Add(60 * time.Second))
	for i, m := range []protocol.Message{
		&protocol.Hello{Version: protocol.Version, Token: tok, Pseudonym: "Joueuse"},
		&protocol.Submit{Replay: replayData, Client: "r1"},
	} {
		frame, _ := protocol.Encode(nil, uint32(i+1), m)
		ws.WriteMessage(websocket.BinaryMessage, frame)
	}
	for {
		_, frame, err := ws.ReadMessage()
		if err != nil {
			t.Fatal(err)
		}
		id, msg, err := protocol.Decode(frame)
		if err != nil {
			t.Fatal(err)
		}
		switch m := msg.(type) {
		case *protocol.Submitted:
			return m
		case *protocol.Error:
			t.Fatalf("request %v answered %s: %s", id, m.Code, m.Message)
		}
	}
}
