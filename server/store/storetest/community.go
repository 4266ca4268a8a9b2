package storetest

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/communs-arcade/arcade/server/store"
)

// VersionOf builds a valid version n of a community level: its hash derives
// from the level and n, its other fields from them too, its time is T0+at.
func VersionOf(level string, n int, owner store.PlayerID, at time.Duration) store.Version {
	return store.Version{
		Level:      level,
		Version:    n,
		Hash:       sha256.Sum256(fmt.Appendf(nil, "package %s %d", level, n)),
		Size:       int64(1000 + n),
		Owner:      owner,
		Author:     "Auteur",
		Title:      store.Text{FR: "Niveau " + level, EN: "Level " + level},
		Summary:    store.Text{FR: "Résumé", EN: "Summary"},
		Tags:       []string{"test"},
		Languages:  []string{"en", "fr"},
		MaxTicks:   3600,
		ClearScore: int64(10 * n),
		ClearTicks: uint32(100 + n),
		At:         T0.Add(at),
	}
}

func publish(t testing.TB, s store.Store, v store.Version) {
	t.Helper()
	if err := s.PublishVersion(ctx(), v); err != nil {
		t.Fatalf("publish %s version %d: %v", v.Level, v.Version, err)
	}
}

// play stores a run of player p on a version's board: a verified run of
// its level, and a play.
func play(t *testing.T, s store.Store, v store.Version, p store.PlayerID, score int64) store.Added {
	t.Helper()
	return add(t, s, RunOf(v.Board(), p, score, 100, time.Duration(score)*time.Second))
}

func info(t *testing.T, s store.Store, id string) store.LevelInfo {
	t.Helper()
	li, err := s.CommunityLevel(ctx(), id)
	if err != nil {
		t.Fatalf("community level %s: %v", id, err)
	}
	return li
}

func search(t *testing.T, s store.Store, q store.Query) store.Page {
	t.Helper()
	p, err := s.SearchLevels(ctx(), q)
	if err != nil {
		t.Fatalf("search %+v: %v", q, err)
	}
	return p
}

// levelIDs are the ids of a page's levels, in order.
func levelIDs(p store.Page) []string {
	out := []string{}
	for _, l := range p.Levels {
		out = append(out, l.Latest.Level)
	}
	return out
}

func wantErr(t *testing.T, what string, err, want error) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Errorf("%s: %v, want %v", what, err, want)
	}
}

func testPublish(t *testing.T, s store.Store) {
	ps := players(t, s, 3)
	v1 := VersionOf("maree", 1, ps[0], 0)
	v1.RemixOf, v1.RemixAuthor, v1.Cover, v1.Pot = "source@2", "Autrice", true, true
	v1.Title = store.Text{FR: "Marée « haute »", EN: "High tide"}
	publish(t, s, v1)
	li := info(t, s, "maree")
	if !reflect.DeepEqual(li, store.LevelInfo{Latest: v1, State: store.StateListed}) {
		t.Fatalf("level after publish:\n%+v\nwant latest\n%+v", li, v1)
	}
	// A caller's slices are its own.
	v1.Tags[0] = "changed"
	if li := info(t, s, "maree"); li.Latest.Tags[0] != "test" {
		t.Errorf("the store kept the caller's slice: %v", li.Latest.Tags)
	}
	v1.Tags[0] = "test"

	tests := []struct {
		name string
		v    store.Version
		want error // nil: accepted
	}{
		{"another owner", VersionOf("maree", 2, ps[1], 1), store.ErrNotOwner},
		{"same version", VersionOf("maree", 1, ps[0], 1), store.ErrSameContent},
		{"same content, higher version", func() store.Version { v := VersionOf("maree", 5, ps[0], 1); v.Hash = v1.Hash; return v }(), store.ErrSameContent},
		{"same version, other content", func() store.Version { v := VersionOf("maree", 1, ps[0], 1); v.Hash[0]++; return v }(), store.ErrNotNewer},
		{"unknown owner", VersionOf("autre", 1, 999, 1), store.ErrNotFound},
		{"version 2", VersionOf("maree", 2, ps[0], 2), nil},
		{"lower than the latest", VersionOf("maree", 1, ps[0], 3), store.ErrSameContent},
		{"lower, other content", func() store.Version { v := VersionOf("maree", 1, ps[0], 3); v.Hash[0]++; return v }(), store.ErrNotNewer},
		{"version 7 (gaps allowed)", VersionOf("maree", 7, ps[0], 4), nil},
		{"the same hash on another level", func() store.Version { v := VersionOf("copie", 1, ps[1], 5); v.Hash = v1.Hash; return v }(), nil},
		{"no tags", func() store.Version {
			v := VersionOf("nu", 1, ps[1], 6)
			v.Tags, v.Languages = []string{}, nil
			return v
		}(), nil},
		{"version 0", VersionOf("zero", 0, ps[0], 0), errAny},
		{"no level", VersionOf("", 1, ps[0], 0), errAny},
		{"level too long", VersionOf(strings.Repeat("x", store.MaxLevelLen+1), 1, ps[0], 0), errAny},
		{"no hash", func() store.Version { v := VersionOf("h", 1, ps[0], 0); v.Hash = [32]byte{}; return v }(), errAny},
	}
	for _, tc := range tests {
		err := s.PublishVersion(ctx(), tc.v)
		switch {
		case tc.want == nil && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.want == errAny && err == nil:
			t.Errorf("%s: accepted", tc.name)
		case tc.want != nil && tc.want != errAny && !errors.Is(err, tc.want):
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}
	vs, err := s.LevelVersions(ctx(), "maree")
	if err != nil {
		t.Fatal(err)
	}
	var nums []int
	for _, v := range vs {
		nums = append(nums, v.Version)
	}
	if !slices.Equal(nums, []int{1, 2, 7}) || !reflect.DeepEqual(vs[0], v1) {
		t.Errorf("versions %v (first %+v), want 1, 2, 7 oldest first", nums, vs[0])
	}
	if li := info(t, s, "maree"); li.Latest.Version != 7 || li.Latest.Hash != VersionOf("maree", 7, 0, 0).Hash {
		t.Errorf("latest %d, want 7", li.Latest.Version)
	}
	if li := info(t, s, "nu"); li.Latest.Tags != nil || li.Latest.Languages != nil {
		t.Errorf("empty lists read back as %#v, %#v; want nil", li.Latest.Tags, li.Latest.Languages)
	}
	v2 := VersionOf("maree", 2, ps[0], 2)
	if got, err := s.VersionByHash(ctx(), "maree", v2.Hash); err != nil || !reflect.DeepEqual(got, v2) {
		t.Errorf("version by hash: %+v, %v", got, err)
	}
	_, err = s.VersionByHash(ctx(), "copie", v2.Hash)
	wantErr(t, "version by hash of another level", err, store.ErrNotFound)
	if got, err := s.VersionByHash(ctx(), "copie", v1.Hash); err != nil || got.Level != "copie" || got.Owner != ps[1] {
		t.Errorf("the same hash on another level: %+v, %v", got, err)
	}
	if p, err := s.OwnerOf(ctx(), "maree"); err != nil || p != ps[0] {
		t.Errorf("owner: %d, %v", p, err)
	}

	// Built-in levels (runs, no publish) and unknown ids are not community
	// levels.
	add(t, s, RunOf(BoardOf("tax-pot", 1), ps[2], 10, 100, 0))
	for _, id := range []string{"tax-pot", "inconnu"} {
		_, err := s.CommunityLevel(ctx(), id)
		wantErr(t, "community level "+id, err, store.ErrNotFound)
		_, err = s.LevelVersions(ctx(), id)
		wantErr(t, "versions of "+id, err, store.ErrNotFound)
		_, err = s.OwnerOf(ctx(), id)
		wantErr(t, "owner of "+id, err, store.ErrNotFound)
		_, err = s.VersionByHash(ctx(), id, BoardOf("tax-pot", 1).Hash)
		wantErr(t, "version by hash of "+id, err, store.ErrNotFound)
	}
}

// searchFixture publishes levels with French and English texts, tags and
// authors for the search tests.
func searchFixture(t testing.TB, s store.Store) {
	ps := players(t, s, 2)
	texts := []struct {
		id            string
		fr, en        store.Text // titles, summaries
		tags          []string
		author, sumFR string
	}{
		{"donnees", store.Text{FR: "Les données du climat", EN: "Climate data"}, store.Text{}, []string{"science"}, "Kim", "Lire des courbes"},
		{"tri", store.Text{FR: "Trier les déchets", EN: "Sorting waste"}, store.Text{}, []string{"écologie", "tri"}, "Zoé Martin", "Où va la bouteille ?"},
		{"pot", store.Text{FR: "La cagnotte commune", EN: "The shared pot"}, store.Text{}, []string{"économie"}, "Kim", "Chacun y met du sien"},
		{"near", store.Text{FR: "Opérateurs", EN: `NEAR and AND: "operators"`}, store.Text{}, nil, "Ana-Lí", "Des mots-clés"},
	}
	for i, x := range texts {
		v := VersionOf(x.id, 1, ps[i%2], time.Duration(i)*time.Minute)
		v.Title, v.Tags, v.Author = x.fr, x.tags, x.author
		v.Summary = store.Text{FR: x.sumFR, EN: "Everyone pays into the " + x.id}
		publish(t, s, v)
	}
}

func testSearchText(t *testing.T, s store.Store) {
	searchFixture(t, s)
	all := []string{"near", "pot", "tri", "donnees"} // newest first
	tests := []struct {
		text string
		want []string
	}{
		{"donnees", []string{"donnees"}},
		{"données", []string{"donnees"}},
		{"DONNÉES", []string{"donnees"}},
		{"donne\u0301es", []string{"donnees"}}, // a decomposed accent
		{"donn", []string{"donnees"}},          // a prefix
		{"climate data", []string{"donnees"}},  // English title
		{"data climat", []string{"donnees"}},   // both languages, words ANDed
		{"data waste", nil},
		{"dechets", []string{"tri"}},
		{"sorting", []string{"tri"}},
		{"ecologie", []string{"tri"}}, // a tag
		{"écolo", []string{"tri"}},
		{"economie", []string{"pot"}},
		{"zoe", []string{"tri"}}, // the author
		{"ZOÉ mart", []string{"tri"}},
		{"kim", []string{"pot", "donnees"}},
		{"courbes", []string{"donnees"}},       // a French summary
		{"bouteille", []string{"tri"}},         // after « ? »
		{"pays into the tri", []string{"tri"}}, // an English summary
		{"everyone", all},                      // every level
		{"ana", []string{"near"}},              // a hyphenated author: two words
		{"ana li", []string{"near"}},           // « Lí »
		{"mots cles", []string{"near"}},        // « mots-clés »
		{"", all},                              // no text: everything
		{"   ", all},                           // no word either
		{"trier déchets zzz", nil},             // every word must match
		{"Les", []string{"tri", "donnees"}},    // « Les données », « Trier les déchets »
	}
	// Hostile texts: operators, quotes, column filters and stray syntax
	// never fail and never act; whatever words they hold are plain words.
	hostile := []struct {
		text string
		want []string
	}{
		{`"`, all}, {`""`, all}, {`*`, all}, {`-`, all}, {`:`, all}, {`(`, all}, {`)`, all},
		{`^`, all}, {`+`, all}, {`'`, all}, {`\`, all}, {`%`, all}, {`_`, all}, {`{`, all},
		{"\x00", all}, {"\xff\xfe", all},
		{`AND`, []string{"near"}}, {`near(`, []string{"near"}}, {`NEAR(donnees climat, 2)`, nil},
		{`NOT`, nil}, {`OR`, nil}, {`donnees OR tri`, nil}, {`donnees AND`, nil},
		{`"donn`, []string{"donnees"}}, {`donn*`, []string{"donnees"}}, {`-donnees`, []string{"donnees"}},
		{`donnees NOT climat`, nil}, {`title_fr:donnees`, nil}, {`{title_fr}: donnees`, nil},
		{`^donnees`, []string{"donnees"}}, {`"climate" "data"`, []string{"donnees"}},
		{`operators"`, []string{"near"}}, {`"operators`, []string{"near"}}, {`a"b`, nil},
		{`*donn`, []string{"donnees"}}, {`donn"*"`, []string{"donnees"}}, {"climat\tdata\n", []string{"donnees"}},
		{strings.Repeat("donn ", 100), []string{"donnees"}},
		{strings.Repeat(`"(*`, 100), all},
	}
	for _, tc := range append(tests, hostile...) {
		p, err := s.SearchLevels(ctx(), store.Query{Text: tc.text, Limit: 10})
		if err != nil {
			t.Errorf("search %q: %v", tc.text, err)
			continue
		}
		want := tc.want
		if want == nil {
			want = []string{}
		}
		if got := levelIDs(p); !slices.Equal(got, want) || p.Total != len(want) {
			t.Errorf("search %q: %v (total %d), want %v", tc.text, got, p.Total, want)
		}
	}
}

// FuzzSearch is the body of the backends' fuzz targets: SearchLevels on
// the levels of the search tests must never fail, whatever the text.
func FuzzSearch(f *testing.F, s store.Store) {
	searchFixture(f, s)
	for _, s := range []string{"", `"`, "données", `NEAR(a b)`, `a:b`, `-x`, `x*`, "\xff", `"a" OR "b"`, `{a b}: c`, `a + b`, `^a`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if _, err := s.SearchLevels(ctx(), store.Query{Text: text, Limit: 5}); err != nil {
			t.Errorf("search %q: %v", text, err)
		}
	})
}

func testSearchOrder(t *testing.T, s store.Store) {
	ps := players(t, s, 4)
	// Levels a..f, published at these minutes (c and d at the same time,
	// so that id breaks the tie); tag "math" on b, d, e.
	minutes := map[string]int{"a": 1, "b": 2, "c": 3, "d": 3, "e": 4, "f": 5}
	vs := map[string]store.Version{}
	for _, id := range []string{"a", "b", "c", "d", "e", "f"} {
		v := VersionOf(id, 1, ps[0], time.Duration(minutes[id])*time.Minute)
		if id == "b" || id == "d" || id == "e" {
			v.Tags = []string{"math", "test"}
		}
		publish(t, s, v)
		vs[id] = v
	}
	// Ratings (mean, count): a 4/1, b 4.5/2, c 4/2, d 4/2, e none, f 5/1.
	ratings := map[string][]int{"a": {4}, "b": {5, 4}, "c": {3, 5}, "d": {4, 4}, "f": {5}}
	// Plays: a 3, b 2, c 2, d 2, e 0, f 1 (the rating players' runs count).
	extra := map[string]int{"a": 2, "c": 0, "d": 0}
	for id, stars := range ratings {
		for i, n := range stars {
			play(t, s, vs[id], ps[i+1], 1)
			if err := s.Rate(ctx(), id, ps[i+1], n); err != nil {
				t.Fatal(err)
			}
		}
		for i := range extra[id] {
			play(t, s, vs[id], ps[3], int64(10+i))
		}
	}
	tests := []struct {
		q     store.Query
		want  []string
		total int
	}{
		{store.Query{Limit: 10}, []string{"f", "e", "c", "d", "b", "a"}, 6},
		{store.Query{Sort: store.SortNew, Limit: 10}, []string{"f", "e", "c", "d", "b", "a"}, 6},
		{store.Query{Sort: store.SortTop, Limit: 10}, []string{"f", "b", "c", "d", "a", "e"}, 6},
		{store.Query{Sort: store.SortPlayed, Limit: 10}, []string{"a", "c", "d", "b", "f", "e"}, 6},
		{store.Query{Sort: store.SortTop, Tag: "math", Limit: 10}, []string{"b", "d", "e"}, 3},
		{store.Query{Sort: store.SortPlayed, Tag: "math", Limit: 10}, []string{"d", "b", "e"}, 3},
		{store.Query{Tag: "Math", Limit: 10}, []string{}, 0}, // tags are exact
		{store.Query{Tag: "nope", Limit: 10}, []string{}, 0},
		{store.Query{Sort: store.SortTop, Offset: 1, Limit: 2}, []string{"b", "c"}, 6},
		{store.Query{Sort: store.SortTop, Offset: 5, Limit: 2}, []string{"e"}, 6},
		{store.Query{Sort: store.SortTop, Offset: 6, Limit: 2}, []string{}, 6},
		{store.Query{Sort: store.SortTop, Offset: 100, Limit: 2}, []string{}, 6},
		{store.Query{Limit: 0}, []string{}, 6},
		{store.Query{Text: "level", Tag: "math", Sort: store.SortNew, Limit: 1000}, []string{"e", "d", "b"}, 3},
	}
	for _, tc := range tests {
		p := search(t, s, tc.q)
		if got := levelIDs(p); !slices.Equal(got, tc.want) || p.Total != tc.total {
			t.Errorf("search %+v: %v (total %d), want %v (total %d)", tc.q, got, p.Total, tc.want, tc.total)
		}
	}
	// What a page tells of a level.
	p := search(t, s, store.Query{Sort: store.SortTop, Limit: 2})
	if b := p.Levels[1]; b.Ratings != 2 || b.RatingSum != 9 || b.Plays != 1+1 || b.State != store.StateListed || !reflect.DeepEqual(b.Latest, vs["b"]) {
		t.Errorf("level b in a page: %+v", b)
	}
	for _, q := range []store.Query{{Sort: "best"}, {Offset: -1}, {Limit: -1}} {
		if _, err := s.SearchLevels(ctx(), q); err == nil {
			t.Errorf("search %+v: no error", q)
		}
	}
	// A limit over store.MaxPageLimit is lowered to it.
	ids := make([]string, 0, store.MaxPageLimit+5)
	for i := range store.MaxPageLimit + 5 {
		id := fmt.Sprintf("many-%03d", i)
		publish(t, s, VersionOf(id, 1, ps[1], time.Hour))
		ids = append(ids, id)
	}
	p = search(t, s, store.Query{Text: "many", Limit: 1000})
	if len(p.Levels) != store.MaxPageLimit || p.Total != len(ids) || !slices.Equal(levelIDs(p), ids[:store.MaxPageLimit]) {
		t.Errorf("limit 1000: %d levels, total %d; want %d of %d by id", len(p.Levels), p.Total, store.MaxPageLimit, len(ids))
	}
}

func testPlays(t *testing.T, s store.Store) {
	ps := players(t, s, 3)
	v1 := VersionOf("jeu", 1, ps[0], 0)
	// A run stored before the level is published (its author's clear,
	// say) counts as well.
	play(t, s, v1, ps[0], 1)
	publish(t, s, v1)
	play(t, s, v1, ps[1], 2)
	r := RunOf(v1.Board(), ps[1], 3, 100, 0)
	add(t, s, r)
	if a := add(t, s, r); !a.Duplicate { // a resend: not a play
		t.Fatal("resend not a duplicate")
	}
	copied := r
	copied.Player = ps[2]
	if _, err := s.AddRun(ctx(), copied); !errors.Is(err, store.ErrCopied) { // a copy: not stored
		t.Fatalf("copy: %v", err)
	}
	v2 := VersionOf("jeu", 2, ps[0], time.Minute)
	publish(t, s, v2)
	play(t, s, v2, ps[2], 4)
	// Built-in levels and other community levels are not counted here.
	play(t, s, VersionOf("autre", 1, ps[0], 0), ps[1], 5)
	add(t, s, RunOf(BoardOf("tax-pot", 1), ps[1], 6, 100, 0))
	if li := info(t, s, "jeu"); li.Plays != 4 {
		t.Errorf("plays %d, want 4", li.Plays)
	}
	if p := search(t, s, store.Query{Sort: store.SortPlayed, Limit: 5}); len(p.Levels) != 1 || p.Levels[0].Plays != 4 {
		t.Errorf("search: %+v", p)
	}
	// Built-in boards work as before.
	if n, err := s.Count(ctx(), BoardOf("tax-pot", 1)); err != nil || n != 1 {
		t.Errorf("built-in board: %d entries, %v", n, err)
	}
}

func testRate(t *testing.T, s store.Store) {
	ps := players(t, s, 3)
	v1 := VersionOf("note", 1, ps[0], 0)
	publish(t, s, v1)
	publish(t, s, VersionOf("autre", 1, ps[0], 0))
	wantErr(t, "rate without a run", s.Rate(ctx(), "note", ps[1], 4), store.ErrNoVerifiedRun)
	play(t, s, VersionOf("autre", 1, ps[0], 0), ps[1], 1) // a run of another level
	wantErr(t, "rate with a run of another level", s.Rate(ctx(), "note", ps[1], 4), store.ErrNoVerifiedRun)
	play(t, s, v1, ps[1], 2)
	// A run on an earlier version still counts.
	publish(t, s, VersionOf("note", 2, ps[0], time.Minute))
	for _, stars := range []int{0, 6, -1} {
		if err := s.Rate(ctx(), "note", ps[1], stars); err == nil {
			t.Errorf("%d stars accepted", stars)
		}
	}
	if err := s.Rate(ctx(), "note", ps[1], 2); err != nil {
		t.Fatal(err)
	}
	if err := s.Rate(ctx(), "note", ps[1], 5); err != nil { // replaces
		t.Fatal(err)
	}
	play(t, s, VersionOf("note", 2, ps[0], 0), ps[2], 3)
	if err := s.Rate(ctx(), "note", ps[2], 2); err != nil {
		t.Fatal(err)
	}
	if li := info(t, s, "note"); li.Ratings != 2 || li.RatingSum != 7 {
		t.Errorf("ratings %d sum %d, want 2 and 7", li.Ratings, li.RatingSum)
	}
	for _, tc := range []struct {
		level string
		p     store.PlayerID
		want  int
	}{{"note", ps[1], 5}, {"note", ps[2], 2}, {"note", ps[0], 0}, {"autre", ps[1], 0}, {"inconnu", ps[1], 0}} {
		if got, err := s.Rating(ctx(), tc.level, tc.p); err != nil || got != tc.want {
			t.Errorf("rating of %s by %d: %d, %v; want %d", tc.level, tc.p, got, err, tc.want)
		}
	}
	wantErr(t, "rate an unknown level", s.Rate(ctx(), "inconnu", ps[1], 3), store.ErrNotFound)
	wantErr(t, "rate a built-in level", s.Rate(ctx(), "tax-pot", ps[1], 3), store.ErrNotFound)
	if err := s.Moderate(ctx(), store.Action{Kind: store.ActionHide, Level: "note", At: T0}); err != nil {
		t.Fatal(err)
	}
	wantErr(t, "rate a hidden level", s.Rate(ctx(), "note", ps[1], 3), store.ErrNotFound)
}

func testReports(t *testing.T, s store.Store) {
	ps := players(t, s, 5)
	v := VersionOf("signale", 1, ps[0], 0)
	publish(t, s, v)
	report := func(p store.PlayerID, reason store.ReportReason, minute int, threshold int) (bool, error) {
		return s.Report(ctx(), store.Report{Level: "signale", Player: p, Reason: reason, Note: fmt.Sprintf("note %d", minute),
			At: T0.Add(time.Duration(minute) * time.Minute)}, threshold)
	}
	_, err := report(ps[1], store.ReasonBroken, 1, 3)
	wantErr(t, "report without a run", err, store.ErrNoVerifiedRun)
	for _, p := range ps[1:] {
		play(t, s, v, p, int64(p))
	}
	bad := []store.Report{
		{Level: "signale", Player: ps[1], Reason: "spam"},
		{Level: "signale", Player: ps[1], Reason: store.ReasonOther, Note: strings.Repeat("x", store.MaxReportNote+1)},
		{Level: "signale", Player: ps[1], Reason: store.ReasonOther, Note: "\xff"},
	}
	for _, r := range bad {
		if _, err := s.Report(ctx(), r, 3); err == nil {
			t.Errorf("report %+v accepted", r)
		}
	}
	_, err = s.Report(ctx(), store.Report{Level: "inconnu", Player: ps[1], Reason: store.ReasonOther}, 3)
	wantErr(t, "report of an unknown level", err, store.ErrNotFound)

	if hidden, err := report(ps[1], store.ReasonBroken, 1, 3); err != nil || hidden {
		t.Fatalf("first report: %v, %v", hidden, err)
	}
	// The same player again replaces their report: still one.
	if hidden, err := report(ps[1], store.ReasonHate, 2, 2); err != nil || hidden {
		t.Fatalf("second report of the same player: %v, %v", hidden, err)
	}
	open, err := s.Reports(ctx(), false, 0, 10)
	if err != nil || len(open) != 1 || open[0].Reason != store.ReasonHate || open[0].Note != "note 2" ||
		!open[0].At.Equal(T0.Add(2*time.Minute)) || !open[0].Open || open[0].Player != ps[1] || open[0].Level != "signale" || open[0].ID == 0 {
		t.Fatalf("reports after a replacement: %+v, %v", open, err)
	}
	if li := info(t, s, "signale"); li.Reports != 1 || li.State != store.StateListed {
		t.Errorf("after one player's reports: %+v", li)
	}
	// A threshold of 0 never hides.
	if hidden, err := report(ps[2], store.ReasonOther, 3, 0); err != nil || hidden {
		t.Fatalf("threshold 0: %v, %v", hidden, err)
	}
	audit, err := s.Audit(ctx(), 0, 10)
	noErr(t, err)
	if len(audit) != 0 {
		t.Fatalf("audit before the threshold: %+v", audit)
	}
	// The third distinct player reaches the threshold of 3.
	if hidden, err := report(ps[3], store.ReasonIllegal, 4, 3); err != nil || !hidden {
		t.Fatalf("report at the threshold: %v, %v", hidden, err)
	}
	if li := info(t, s, "signale"); li.State != store.StateReported || li.Reports != 3 {
		t.Errorf("after the threshold: %+v", li)
	}
	audit, err = s.Audit(ctx(), 0, 10)
	if err != nil || len(audit) != 1 || audit[0].Kind != store.ActionAutoHide || audit[0].Level != "signale" || audit[0].ID == 0 {
		t.Fatalf("audit after the automatic hide: %+v, %v", audit, err)
	}
	if p := search(t, s, store.Query{Limit: 10}); p.Total != 0 {
		t.Errorf("a reported level is found: %v", levelIDs(p))
	}
	if p := search(t, s, store.Query{All: true, Limit: 10}); p.Total != 1 || p.Levels[0].State != store.StateReported || p.Levels[0].Reports != 3 {
		t.Errorf("moderators' search: %+v", p)
	}
	_, err = report(ps[4], store.ReasonOther, 5, 3)
	wantErr(t, "report of a hidden level", err, store.ErrNotFound)
	open, _ = s.Reports(ctx(), false, 0, 10)
	if got := reporters(open); !slices.Equal(got, []store.PlayerID{ps[3], ps[2], ps[1]}) {
		t.Errorf("open reports by %v, want newest first", got)
	}
	if page, err := s.Reports(ctx(), false, 1, 1); err != nil || !slices.Equal(reporters(page), []store.PlayerID{ps[2]}) {
		t.Errorf("page 2 of 1: %v", reporters(page))
	}
	// Restore lists it again and settles the reports.
	if err := s.Moderate(ctx(), store.Action{Kind: store.ActionRestore, Level: "signale", Note: "fine", At: T0.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if li := info(t, s, "signale"); li.State != store.StateListed || li.Reports != 0 {
		t.Errorf("after restore: %+v", li)
	}
	if open, err := s.Reports(ctx(), false, 0, 10); err != nil || len(open) != 0 {
		t.Errorf("open reports after restore: %+v", open)
	}
	every, err := s.Reports(ctx(), true, 0, 10)
	noErr(t, err)
	if len(every) != 3 || slices.ContainsFunc(every, func(r store.Report) bool { return r.Open }) {
		t.Errorf("all reports after restore: %+v", every)
	}
	// A settled report does not count again: a new one starts afresh.
	if hidden, err := report(ps[1], store.ReasonBroken, 70, 2); err != nil || hidden {
		t.Fatalf("report after restore: %v, %v", hidden, err)
	}
	if every, err := s.Reports(ctx(), true, 0, 10); err != nil || len(every) != 4 || !every[0].Open || every[0].Player != ps[1] {
		t.Errorf("all reports: %+v", every)
	}
}

func reporters(rs []store.Report) []store.PlayerID {
	out := []store.PlayerID{}
	for _, r := range rs {
		out = append(out, r.Player)
	}
	return out
}

func testModerate(t *testing.T, s store.Store) {
	ps := players(t, s, 3)
	for i, id := range []string{"a", "b", "c"} {
		publish(t, s, VersionOf(id, 1, ps[0], time.Duration(i)*time.Minute))
	}
	publish(t, s, VersionOf("d", 1, ps[1], 0))
	states := func() string {
		var b strings.Builder
		for _, id := range []string{"a", "b", "c", "d"} {
			li, err := s.CommunityLevel(ctx(), id)
			switch {
			case errors.Is(err, store.ErrNotFound):
				b.WriteString(id + ":- ")
			case err != nil:
				t.Fatal(err)
			default:
				b.WriteString(id + ":" + string(li.State) + " ")
			}
		}
		return strings.TrimSpace(b.String())
	}
	at := 0
	moderate := func(a store.Action) error {
		at++
		a.At = T0.Add(time.Duration(at) * time.Hour)
		return s.Moderate(ctx(), a)
	}
	steps := []struct {
		a      store.Action
		want   error // errAny: some error
		states string
	}{
		{store.Action{Kind: store.ActionHide, Level: "a", Note: "n1"}, nil, "a:hidden b:listed c:listed d:listed"},
		{store.Action{Kind: store.ActionDelete, Level: "c", Note: "n2"}, nil, "a:hidden b:listed c:- d:listed"},
		{store.Action{Kind: store.ActionHide, Level: "c"}, store.ErrNotFound, "a:hidden b:listed c:- d:listed"},
		{store.Action{Kind: store.ActionRestore, Level: "c"}, store.ErrNotFound, "a:hidden b:listed c:- d:listed"},
		{store.Action{Kind: store.ActionHide, Level: "inconnu"}, store.ErrNotFound, "a:hidden b:listed c:- d:listed"},
		{store.Action{Kind: store.ActionBan, Player: 999}, store.ErrNotFound, "a:hidden b:listed c:- d:listed"},
		{store.Action{Kind: store.ActionAutoHide, Level: "b"}, errAny, "a:hidden b:listed c:- d:listed"},
		{store.Action{Kind: "erase", Level: "b"}, errAny, "a:hidden b:listed c:- d:listed"},
		{store.Action{Kind: store.ActionBan, Player: ps[0], Level: "b", Note: "n3"}, nil, "a:hidden b:banned c:- d:listed"},
		{store.Action{Kind: store.ActionUnban, Player: ps[0], Note: "n4"}, nil, "a:hidden b:listed c:- d:listed"},
		{store.Action{Kind: store.ActionBan, Player: ps[0], Note: "n5"}, nil, "a:hidden b:banned c:- d:listed"},
		{store.Action{Kind: store.ActionRestore, Level: "a", Note: "n6"}, nil, "a:listed b:banned c:- d:listed"},
	}
	for i, st := range steps {
		err := moderate(st.a)
		switch {
		case st.want == nil && err != nil, st.want == errAny && err == nil, st.want != nil && st.want != errAny && !errors.Is(err, st.want):
			t.Errorf("step %d %+v: %v, want %v", i, st.a, err, st.want)
		}
		if got := states(); got != st.states {
			t.Errorf("step %d %+v: states %s, want %s", i, st.a, got, st.states)
		}
	}
	// A banned player cannot publish, even a new version of a hidden level.
	wantErr(t, "publish while banned", s.PublishVersion(ctx(), VersionOf("e", 1, ps[0], 0)), store.ErrBanned)
	wantErr(t, "publish a version while banned", s.PublishVersion(ctx(), VersionOf("a", 2, ps[0], 0)), store.ErrBanned)
	for _, tc := range []struct {
		p    store.PlayerID
		want bool
	}{{ps[0], true}, {ps[1], false}, {999, false}} {
		if got, err := s.Banned(ctx(), tc.p); err != nil || got != tc.want {
			t.Errorf("banned %d: %v, %v", tc.p, got, err)
		}
	}
	if err := moderate(store.Action{Kind: store.ActionUnban, Player: ps[0], Note: "n7"}); err != nil {
		t.Fatal(err)
	}
	if got := states(); got != "a:listed b:listed c:- d:listed" {
		t.Errorf("after unban: %s", got)
	}
	// A deleted level: never found, its id still owned, its versions still
	// counted by ErrNotNewer.
	if p := search(t, s, store.Query{All: true, Limit: 10}); !slices.Equal(levelIDs(p), []string{"b", "a", "d"}) || p.Total != 3 {
		t.Errorf("search all: %v, total %d", levelIDs(p), p.Total)
	}
	if p := search(t, s, store.Query{Text: "level c", All: true, Limit: 10}); p.Total != 0 {
		t.Errorf("a deleted level found: %v", levelIDs(p))
	}
	_, err := s.LevelVersions(ctx(), "c")
	wantErr(t, "versions of a deleted level", err, store.ErrNotFound)
	_, err = s.VersionByHash(ctx(), "c", VersionOf("c", 1, 0, 0).Hash)
	wantErr(t, "version by hash of a deleted level", err, store.ErrNotFound)
	if p, err := s.OwnerOf(ctx(), "c"); err != nil || p != ps[0] {
		t.Errorf("owner of a deleted level: %d, %v", p, err)
	}
	wantErr(t, "publish a deleted id as another player", s.PublishVersion(ctx(), VersionOf("c", 2, ps[1], 0)), store.ErrNotOwner)
	other := VersionOf("c", 1, ps[0], 0)
	other.Hash[0]++
	wantErr(t, "publish version 1 of a deleted id again", s.PublishVersion(ctx(), other), store.ErrNotNewer)
	// The audit log: every action that succeeded, newest first.
	audit, err := s.Audit(ctx(), 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, a := range audit {
		got = append(got, fmt.Sprintf("%s %s %d %s %d", a.Kind, a.Level, a.Player, a.Note, a.At.Sub(T0)/time.Hour))
	}
	want := []string{
		fmt.Sprintf("unban  %d n7 13", ps[0]),
		"restore a 0 n6 12",
		fmt.Sprintf("ban  %d n5 11", ps[0]),
		fmt.Sprintf("unban  %d n4 10", ps[0]),
		fmt.Sprintf("ban b %d n3 9", ps[0]),
		"delete c 0 n2 2",
		"hide a 0 n1 1",
	}
	if !slices.Equal(got, want) {
		t.Errorf("audit:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for i := 1; i < len(audit); i++ {
		if audit[i].ID >= audit[i-1].ID {
			t.Errorf("audit ids not decreasing: %d then %d", audit[i-1].ID, audit[i].ID)
		}
	}
	if page, err := s.Audit(ctx(), 2, 2); err != nil || len(page) != 2 || page[0].ID != audit[2].ID || page[1].ID != audit[3].ID {
		t.Errorf("audit page: %+v", page)
	}
	if page, err := s.Audit(ctx(), 7, 2); err != nil || len(page) != 0 {
		t.Errorf("audit past the end: %+v", page)
	}
	if _, err := s.Audit(ctx(), -1, 2); err == nil {
		t.Error("negative audit offset accepted")
	}
}

// testHiddenStaysHidden checks that a new version keeps the level's state.
func testHiddenStaysHidden(t *testing.T, s store.Store) {
	ps := players(t, s, 1)
	publish(t, s, VersionOf("cache", 1, ps[0], 0))
	if err := s.Moderate(ctx(), store.Action{Kind: store.ActionHide, Level: "cache"}); err != nil {
		t.Fatal(err)
	}
	publish(t, s, VersionOf("cache", 2, ps[0], time.Minute))
	if li := info(t, s, "cache"); li.State != store.StateHidden || li.Latest.Version != 2 {
		t.Errorf("after a new version: %+v", li)
	}
	if p := search(t, s, store.Query{Text: "cache", Limit: 5}); p.Total != 0 {
		t.Errorf("a hidden level found: %v", levelIDs(p))
	}
	// Zero times are stamped with the time of the call.
	audit, _ := s.Audit(ctx(), 0, 1)
	if len(audit) != 1 || audit[0].At.IsZero() || time.Since(audit[0].At) < 0 {
		t.Errorf("audit entry without a time: %+v", audit)
	}
}

// testClassOnly checks class-only levels: hidden from search, the class's
// level list, a moderator's hide and restore keeping it in its class, the
// teacher's approval listing it (logged), and later versions keeping state.
func testClassOnly(t *testing.T, s store.Store) {
	ps := players(t, s, 1)
	v := VersionOf("pupil-level", 1, ps[0], time.Minute)
	v.Class = "ACD347"
	publish(t, s, v)
	other := VersionOf("other-class", 1, ps[0], 2*time.Minute)
	other.Class = "KMNPQR"
	publish(t, s, other)
	publish(t, s, VersionOf("public", 1, ps[0], 0))
	if li := info(t, s, "pupil-level"); li.State != store.StateClassOnly || li.Class != "ACD347" || li.Latest.Class != "" {
		t.Fatalf("class-only level = %s in %q (version's class %q)", li.State, li.Class, li.Latest.Class)
	}
	if got := levelIDs(search(t, s, store.Query{Limit: 10})); !slices.Equal(got, []string{"public"}) {
		t.Errorf("search = %v, want only the public level", got)
	}
	classLevels := func(code string) []string {
		t.Helper()
		ls, err := s.ClassLevels(ctx(), code)
		if err != nil {
			t.Fatal(err)
		}
		return levelIDs(store.Page{Levels: ls})
	}
	c := createClass(t, s, ClassOf("ACD347", 0))
	if got, err := s.ClassByID(ctx(), c.ID); err != nil || got.Code != c.Code {
		t.Errorf("class by id = %+v, %v", got, err)
	}
	if _, err := s.ClassByID(ctx(), c.ID+100); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown class by id: %v", err)
	}
	if got := classLevels("ACD347"); !slices.Equal(got, []string{"pupil-level"}) {
		t.Errorf("class levels = %v", got)
	}
	// A second version stays class-only in its class.
	publish(t, s, VersionOf("pupil-level", 2, ps[0], 3*time.Minute))
	if li := info(t, s, "pupil-level"); li.State != store.StateClassOnly || li.Latest.Version != 2 {
		t.Errorf("after version 2: %s version %d", li.State, li.Latest.Version)
	}
	// Rating needs a listed level.
	wantErr(t, "rate a class-only level", s.Rate(ctx(), "pupil-level", ps[0], 5), store.ErrNotFound)
	// A moderator's hide and restore bring it back to its class only.
	for _, k := range []store.ActionKind{store.ActionHide, store.ActionRestore} {
		if err := s.Moderate(ctx(), store.Action{Kind: k, Level: "pupil-level", At: T0}); err != nil {
			t.Fatal(err)
		}
	}
	if li := info(t, s, "pupil-level"); li.State != store.StateClassOnly {
		t.Errorf("after hide and restore: %s, want class_only", li.State)
	}
	// Approval: only by its class, only once.
	wantErr(t, "approve from another class", s.ApproveClassLevel(ctx(), "KMNPQR", "pupil-level", "", T0), store.ErrNotFound)
	wantErr(t, "approve a public level", s.ApproveClassLevel(ctx(), "ACD347", "public", "", T0), store.ErrNotFound)
	if err := s.ApproveClassLevel(ctx(), "ACD347", "pupil-level", "class ACD347", T0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	wantErr(t, "approve twice", s.ApproveClassLevel(ctx(), "ACD347", "pupil-level", "", T0), store.ErrNotFound)
	if li := info(t, s, "pupil-level"); li.State != store.StateListed || li.Class != "" {
		t.Errorf("approved: %s in %q", li.State, li.Class)
	}
	if got := classLevels("ACD347"); len(got) != 0 {
		t.Errorf("class levels after approval = %v", got)
	}
	if got := levelIDs(search(t, s, store.Query{Limit: 10})); !slices.Equal(got, []string{"pupil-level", "public"}) {
		t.Errorf("search after approval = %v", got)
	}
	log, err := s.Audit(ctx(), 0, 1)
	if err != nil || len(log) != 1 || log[0].Kind != store.ActionApprove || log[0].Level != "pupil-level" || log[0].Note != "class ACD347" {
		t.Errorf("audit = %+v, %v", log, err)
	}
}
