package community_test

import (
	"archive/zip"
	"bytes"
	"context"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/communs-arcade/arcade/engine/level"
	"github.com/communs-arcade/arcade/levels/leveltest"
	"github.com/communs-arcade/arcade/server/community"
	"github.com/communs-arcade/arcade/server/packages"
	"github.com/communs-arcade/arcade/server/protocol/api"
)

func TestPublishFindRate(t *testing.T) {
	e := newEnv(t, community.Limits{})
	alice, bob := token(), token()
	a := author(t, "mes-donnees", 1, "Mes données", nil)
	code, perr, pub := e.publish(alice, a.pkg, a.clear)
	if code != http.StatusCreated {
		t.Fatalf("publish = %d %+v", code, perr)
	}
	if pub.ID != "mes-donnees" || pub.Version != 1 || pub.URL != e.srv.URL+"/l/mes-donnees" || pub.Clear.Rank != 1 {
		t.Errorf("published %+v", pub)
	}
	for _, q := range []string{"", "donnees", "DONNÉES", "donn", "mes donn"} {
		var page api.LevelPage
		e.call(http.MethodGet, api.PathLevels+"?q="+strings.ReplaceAll(q, " ", "+"), alice, nil, "", &page)
		if page.Total != 1 || len(page.Levels) != 1 || page.Levels[0].ID != "mes-donnees" {
			t.Fatalf("search %q = %+v", q, page)
		}
		l := page.Levels[0]
		if l.Plays != 1 || l.MyBest == nil || l.MyBest.Rank != 1 || l.Title.FR != "Mes données" || l.URL != "/l/mes-donnees" {
			t.Errorf("search %q: level %+v", q, l)
		}
	}
	var none api.LevelPage
	e.call(http.MethodGet, api.PathLevels+"?q=impots", nil, nil, "", &none)
	if none.Total != 0 {
		t.Errorf("search impots = %+v, want nothing", none)
	}
	var d api.LevelDetail
	if code, perr := e.call(http.MethodGet, "/api/levels/mes-donnees", nil, nil, "", &d); code != 200 {
		t.Fatalf("get = %d %+v", code, perr)
	}
	if len(d.Versions) != 1 || d.Hash != d.Versions[0].Hash {
		t.Errorf("detail %+v", d)
	}
	var pkg []byte
	if code, perr := e.call(http.MethodGet, d.Package, nil, nil, "", &pkg); code != 200 || !bytes.Equal(pkg, a.pkg) {
		t.Errorf("package = %d %+v, %d bytes, want the packed %d bytes", code, perr, len(pkg), len(a.pkg))
	}
	// Rating needs a verified run: the author has one (the clear), bob none.
	var rated api.Rated
	if code, perr := e.call(http.MethodPost, "/api/levels/mes-donnees/rating", alice, jsonBody(api.RateRequest{Stars: 4}), "", &rated); code != 200 || rated.Rating != 4 || rated.Ratings != 1 {
		t.Errorf("rate = %d %+v %+v", code, perr, rated)
	}
	if code, perr := e.call(http.MethodPost, "/api/levels/mes-donnees/rating", bob, jsonBody(api.RateRequest{Stars: 1}), "", nil); code != 403 || perr.Code != api.CodeNoVerifiedRun {
		t.Errorf("rate without a run = %d %+v", code, perr)
	}
	// A second version by the owner; the first stays downloadable.
	a2 := author(t, "mes-donnees", 2, "Mes données 2", nil)
	if code, perr, pub := e.publish(alice, a2.pkg, a2.clear); code != 201 || pub.Version != 2 {
		t.Fatalf("publish v2 = %d %+v", code, perr)
	}
	e.call(http.MethodGet, "/api/levels/mes-donnees@1", nil, nil, "", &d)
	if d.Version != 1 || len(d.Versions) != 2 || d.Plays != 2 {
		t.Errorf("detail of v1 after v2 = version %d, %d versions, %d plays", d.Version, len(d.Versions), d.Plays)
	}
}

// TestPublishRefused names the rule of every refusal.
func TestPublishRefused(t *testing.T) {
	e := newEnv(t, community.Limits{PublishesPerHour: 1000, PublishesPerAddress: 1000})
	alice, bob := token(), token()
	a := author(t, "jeu", 1, "Jeu", nil)
	if code, perr, _ := e.publish(alice, a.pkg, a.clear); code != 201 {
		t.Fatalf("publish = %d %+v", code, perr)
	}
	demo := author(t, "demo", 1, "Démo", nil)
	other := author(t, "jeu", 2, "Autre jeu", nil)
	sameVersion := author(t, "jeu", 1, "Jeu changé", nil)
	lost := author(t, "perdu", 1, "Perdu", nil)
	var unsealed bytes.Buffer
	zw := zip.NewWriter(&unsealed)
	for _, f := range lost.lvl.Files() {
		w, _ := zw.Create(f.Name)
		w.Write(f.Data)
	}
	zw.Close()
	// A script that never ends, whose clear no one could record: a forged
	// one, relabelled for its package, makes the verifier run it.
	loop := author(t, "boucle", 1, "Boucle", nil)
	os.WriteFile(filepath.Join(loop.dir, "main.lua"), []byte("function _init()\n  while true do end\nend\n"), 0o644)
	loopLvl, err := level.Load(loop.dir)
	if err != nil {
		t.Fatal(err)
	}
	var loopPkg bytes.Buffer
	if err := level.Pack(loopLvl, &loopPkg); err != nil {
		t.Fatal(err)
	}
	forged := leveltest.Decode(t, loop.clear)
	hash := loopLvl.ContentHash()
	forged.LevelHash, forged.Seed = hash[:], loopLvl.BoardSeed()
	tests := []struct {
		name       string
		tok        []byte
		pkg, clear []byte
		status     int
		code, rule string
	}{
		{"script that never ends", bob, loopPkg.Bytes(), leveltest.Encode(t, forged), 422, api.CodeClearRefused, "script_error"},
		{"no token", nil, a.pkg, a.clear, 401, api.CodeUnauthorized, ""},
		{"no clear", alice, other.pkg, nil, 400, api.CodeBadRequest, "clear_missing"},
		{"reserved id", alice, demo.pkg, demo.clear, 403, api.CodeReserved, "reserved_id"},
		{"not owner", bob, other.pkg, other.clear, 403, api.CodeNotOwner, "owner"},
		{"not newer", alice, sameVersion.pkg, sameVersion.clear, 409, api.CodeNotNewer, "version"},
		{"clear of another version", alice, other.pkg, a.clear, 422, api.CodeClearRefused, "clear_other_package"},
		{"clear that loses", bob, lost.pkg, record(t, lost.lvl, "R*10\n"), 422, api.CodeClearRefused, "clear_not_won"},
		{"clear on another seed", bob, lost.pkg, func() []byte {
			rec := leveltest.Decode(t, lost.clear)
			rec.Seed++
			return leveltest.Encode(t, rec)
		}(), 422, api.CodeClearRefused, "wrong_seed"},
		{"clear not a replay", bob, lost.pkg, []byte("hello"), 422, api.CodeClearRefused, "malformed"},
		{"clear too large", bob, lost.pkg, make([]byte, api.MaxClearBytes+1), 413, api.CodeTooLarge, "clear_size"},
		{"not packed", bob, unsealed.Bytes(), lost.clear, 422, api.CodeInvalid, "not_packed"},
	}
	for _, h := range leveltest.HostilePackages() {
		status, code := 422, api.CodeInvalid
		if len(h.Data) > 2<<20 {
			status, code = 413, api.CodeTooLarge
		}
		tests = append(tests, struct {
			name       string
			tok        []byte
			pkg, clear []byte
			status     int
			code, rule string
		}{"hostile " + h.Name, bob, h.Data, lost.clear, status, code, h.Rule})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, perr, _ := e.publish(tt.tok, tt.pkg, tt.clear)
			if code != tt.status || perr.Code != tt.code || (tt.rule != "" && perr.Rule != tt.rule) {
				t.Errorf("publish = %d %s (rule %q): %s %+v; want %d %s (rule %q)", code, perr.Code, perr.Rule, perr.Message, perr.Problems, tt.status, tt.code, tt.rule)
			}
			if perr.Message == "" {
				t.Error("refusal without a message")
			}
		})
	}
	// Nothing refused is listed; nothing was written outside the folder
	// but the packages stored before their clear was verified.
	var page api.LevelPage
	e.call(http.MethodGet, api.PathLevels, nil, nil, "", &page)
	if page.Total != 1 {
		t.Errorf("%d levels listed after the refusals, want 1", page.Total)
	}
	data := filepath.Dir(e.pkgs.Path())
	filepath.WalkDir(data, func(path string, d fs.DirEntry, err error) error {
		if path == data || path == e.pkgs.Path() {
			return err
		}
		if _, ok := packages.ParseName(d.Name()); !ok || filepath.Dir(path) != e.pkgs.Path() {
			t.Errorf("the refused uploads left %s in the data folder", path)
		}
		return err
	})
}

func TestPublishRateLimit(t *testing.T) {
	e := newEnv(t, community.Limits{PublishesPerHour: 2})
	alice := token()
	for i := range 3 {
		code, perr, _ := e.publish(alice, []byte("x"), []byte("y"))
		if i < 2 && code != 422 || i == 2 && (code != 429 || perr.Code != api.CodeRateLimited) {
			t.Errorf("upload %d = %d %+v", i+1, code, perr)
		}
	}
}

func TestModeration(t *testing.T) {
	e := newEnv(t, community.Limits{ReportThreshold: 2})
	alice := token()
	a := author(t, "signale", 1, "Signalé", nil)
	if code, perr, _ := e.publish(alice, a.pkg, a.clear); code != 201 {
		t.Fatalf("publish = %d %+v", code, perr)
	}
	// Two players with verified runs report it: hidden.
	for i := range 2 {
		tok := token()
		playRun(t, e, tok, a, i)
		code, perr := e.call(http.MethodPost, "/api/levels/signale/reports", tok, jsonBody(api.ReportRequest{Reason: api.ReasonBroken, Note: "la porte"}), "", nil)
		if code != 202 {
			t.Fatalf("report %d = %d %+v", i, code, perr)
		}
	}
	if code, perr := e.call(http.MethodPost, "/api/levels/signale/reports", token(), jsonBody(api.ReportRequest{Reason: api.ReasonHate}), "", nil); code != 403 && code != 404 {
		t.Errorf("report without a run = %d %+v", code, perr)
	}
	hidden := func(want bool) {
		t.Helper()
		var page api.LevelPage
		e.call(http.MethodGet, api.PathLevels, nil, nil, "", &page)
		code, _ := e.call(http.MethodGet, "/api/levels/signale", nil, nil, "", nil)
		link, _ := e.call(http.MethodGet, "/l/signale", nil, nil, "", nil)
		if (page.Total == 0) != want || (code == 404) != want || (link == 404) != want {
			t.Errorf("hidden = search %d, get %d, link %d; want hidden %v", page.Total, code, link, want)
		}
	}
	hidden(true)
	var reports []api.AdminReport
	if code, perr := e.call(http.MethodGet, api.PathReportsA, alice, nil, "", nil); code != 403 || perr.Code != api.CodeForbidden {
		t.Errorf("admin path with a player's token = %d %+v", code, perr)
	}
	e.call(http.MethodGet, api.PathReportsA, e.admin, nil, "", &reports)
	if len(reports) != 2 || !reports[0].Open {
		t.Errorf("reports = %+v", reports)
	}
	if code, perr := e.call(http.MethodPost, "/api/admin/levels/signale/restore", e.admin, jsonBody(api.ModerateRequest{Note: "ok"}), "", nil); code != 200 {
		t.Fatalf("restore = %d %+v", code, perr)
	}
	hidden(false)
	// Banning the owner hides the level and refuses their uploads.
	if code, perr := e.call(http.MethodPost, api.PathBans, e.admin, jsonBody(api.BanRequest{Level: "signale", Note: "spam"}), "", nil); code != 200 {
		t.Fatalf("ban = %d %+v", code, perr)
	}
	hidden(true)
	a2 := author(t, "autre", 1, "Autre", nil)
	if code, perr, _ := e.publish(alice, a2.pkg, a2.clear); code != 403 || perr.Code != api.CodeBanned {
		t.Errorf("banned upload = %d %+v", code, perr)
	}
	if code, perr := e.call(http.MethodDelete, api.PathBans, e.admin, jsonBody(api.BanRequest{Level: "signale"}), "", nil); code != 200 {
		t.Fatalf("unban = %d %+v", code, perr)
	}
	hidden(false)
	if code, perr := e.call(http.MethodPost, "/api/admin/levels/signale/delete", e.admin, nil, "", nil); code != 200 {
		t.Fatalf("delete = %d %+v", code, perr)
	}
	hidden(true)
	var audit []api.AuditEntry
	e.call(http.MethodGet, api.PathAuditA, e.admin, nil, "", &audit)
	var kinds []string
	for _, a := range audit {
		kinds = append(kinds, a.Action)
	}
	if got := strings.Join(kinds, " "); got != "delete unban ban restore auto_hide" {
		t.Errorf("audit = %s, want delete unban ban restore auto_hide", got)
	}
}

// playRun stores a verified run of a's level by the player of tok, as the
// hub would after verifying it.
func playRun(t *testing.T, e *env, tok []byte, a authored, i int) {
	t.Helper()
	ctx := context.Background()
	p, err := e.store.CreatePlayer(ctx, sha(tok), "joueur "+string(rune('a'+i)))
	if err != nil {
		t.Fatal(err)
	}
	runOf(t, e, p.ID, a, i)
}

func TestLinkPage(t *testing.T) {
	e := newEnv(t, community.Limits{})
	a := author(t, "lien", 1, "Le « lien »", nil)
	if code, perr, _ := e.publish(token(), a.pkg, a.clear); code != 201 {
		t.Fatalf("publish = %d %+v", code, perr)
	}
	var page []byte
	if code, _ := e.call(http.MethodGet, "/l/lien", nil, nil, "", &page); code != 200 {
		t.Fatalf("link = %d", code)
	}
	for _, want := range []string{`<base href="/">`, `<meta property="og:title" content="Le « lien »">`, `<title>Le « lien » · Communs Arcade</title>`, `og:description`} {
		if !strings.Contains(string(page), want) {
			t.Errorf("page lacks %s:\n%s", want, page)
		}
	}
	if code, _ := e.call(http.MethodGet, "/l/nulle-part", nil, nil, "", nil); code != 404 {
		t.Errorf("link to no level = %d", code)
	}
}
