package sqlite

import (
	"context"
	"strings"
	"testing"

	"github.com/communs-arcade/arcade/server/store"
	"github.com/communs-arcade/arcade/server/store/storetest"
)

// FuzzSearch: no search text makes SearchLevels fail (a MATCH syntax error
// would).
func FuzzSearch(f *testing.F) {
	storetest.FuzzSearch(f, openTemp(f))
}

func TestMatchQuery(t *testing.T) {
	tests := []struct{ text, want string }{
		{"", ""},
		{`"`, ""},
		{"données", `"donnees"*`},
		{"Climat DATA", `"climat"* "data"*`},
		{`NEAR(a, b)`, `"near"* "a"* "b"*`},
		{`title_fr:x`, `"title"* "fr"* "x"*`},
		{`-x OR "y*"`, `"x"* "or"* "y"*`},
		{"a\x00b", `"a"* "b"*`},
	}
	for _, tc := range tests {
		if got := matchQuery(tc.text); got != tc.want {
			t.Errorf("matchQuery(%q) = %s, want %s", tc.text, got, tc.want)
		}
	}
}

// TestCommunityPlans checks that a text search reads the FTS index and a
// tag filter community_tags, rather than scanning every level's texts.
func TestCommunityPlans(t *testing.T) {
	db := openTemp(t)
	q := store.Query{Text: "x", Tag: "t", Sort: store.SortTop}
	rows, err := db.r.QueryContext(context.Background(), "EXPLAIN QUERY PLAN "+searchPage(q, "x"), `"x"*`, "t", 20, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	all := strings.Join(plan, " | ")
	if !strings.Contains(all, "VIRTUAL TABLE INDEX") || !strings.Contains(all, "community_tags") {
		t.Errorf("plan %q: want the FTS index and community_tags", all)
	}
}
