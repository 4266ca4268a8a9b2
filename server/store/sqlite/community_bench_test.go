package sqlite

import (
	"context"
	"crypto/sha256"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/communs-arcade/arcade/server/store"
	"github.com/communs-arcade/arcade/server/store/storetest"
)

// benchLevels is the number of community levels BenchmarkSearch searches.
const benchLevels = 10_000

// Words of the generated levels: the index k of each list gives a noun
// and its translation, so that titles say the same in both languages.
var (
	benchNounsFR = []string{"données", "énergie", "marée", "forêt", "école", "réseau", "élection", "cagnotte",
		"déchets", "rivière", "château", "étoile", "île", "météo", "santé", "vélo", "musée", "bibliothèque", "frontière", "été"}
	benchNounsEN = []string{"data", "energy", "tide", "forest", "school", "network", "election", "pot",
		"waste", "river", "castle", "star", "island", "weather", "health", "bike", "museum", "library", "border", "summer"}
	benchAdjFR   = []string{"partagée", "sauvage", "secrète", "fragile", "rapide", "commune", "perdue", "verte", "numérique", "lointaine"}
	benchAdjEN   = []string{"shared", "wild", "secret", "fragile", "fast", "common", "lost", "green", "digital", "distant"}
	benchVerbs   = []string{"trier", "compter", "partager", "protéger", "explorer", "réparer", "mesurer", "construire"}
	benchVerbsEN = []string{"sort", "count", "share", "protect", "explore", "repair", "measure", "build"}
	benchTags    = []string{"math", "science", "histoire", "écologie", "économie", "langues", "logique", "géographie"}
	benchAuthors = []string{"Zoé", "Léa", "Noé", "Chloé", "Kim", "Ana", "Hugo", "Inès", "Maël", "Sam"}
)

// benchVersion is generated level i: always the same for the same i.
func benchVersion(rng *rand.Rand, i int, owner store.PlayerID) store.Version {
	n, a := rng.IntN(len(benchNounsFR)), rng.IntN(len(benchAdjFR))
	n2, vb := rng.IntN(len(benchNounsFR)), rng.IntN(len(benchVerbs))
	tags := []string{benchTags[rng.IntN(len(benchTags))]}
	if t := benchTags[rng.IntN(len(benchTags))]; t != tags[0] {
		tags = append(tags, t)
	}
	id := fmt.Sprintf("niveau-%05d", i)
	return store.Version{
		Level:   id,
		Version: 1,
		Hash:    sha256.Sum256([]byte(id)),
		Size:    int64(20_000 + rng.IntN(200_000)),
		Owner:   owner,
		Author:  fmt.Sprintf("%s %d", benchAuthors[rng.IntN(len(benchAuthors))], rng.IntN(100)),
		Title: store.Text{
			FR: fmt.Sprintf("%s %s n° %d", benchNounsFR[n], benchAdjFR[a], i),
			EN: fmt.Sprintf("The %s %s no. %d", benchAdjEN[a], benchNounsEN[n], i),
		},
		Summary: store.Text{
			FR: fmt.Sprintf("Il faut %s la %s avant la fin du tour : chaque joueur voit la %s.", benchVerbs[vb], benchNounsFR[n2], benchNounsFR[n]),
			EN: fmt.Sprintf("You must %s the %s before the round ends: every player sees the %s.", benchVerbsEN[vb], benchNounsEN[n2], benchNounsEN[n]),
		},
		Tags:       tags,
		Languages:  []string{"en", "fr"},
		MaxTicks:   3600,
		ClearScore: int64(rng.IntN(1000)),
		ClearTicks: uint32(600 + rng.IntN(3000)),
		At:         storetest.T0.Add(time.Duration(i) * time.Minute),
	}
}

// BenchmarkSearch measures SearchLevels on 10,000 generated levels (French
// and English titles and summaries, tags, authors; ratings and plays drawn
// at random, deterministically) and reports each query's median and 99th
// percentile latency. The levels are written in one transaction, with the
// same code as PublishVersion.
func BenchmarkSearch(b *testing.B) {
	db := openTemp(b)
	ctx := context.Background()
	owners := make([]store.PlayerID, 50)
	for i := range owners {
		p, err := db.CreatePlayer(ctx, storetest.Token(i), fmt.Sprintf("auteur%d", i))
		if err != nil {
			b.Fatal(err)
		}
		owners[i] = p.ID
	}
	rng := rand.New(rand.NewPCG(1, 2))
	err := db.write(ctx, func(tx *txn) error {
		for i := range benchLevels {
			v := benchVersion(rng, i, owners[i%len(owners)])
			if err := publish(ctx, tx, v); err != nil {
				return err
			}
			// Ratings and plays as if players had rated and played (the
			// tables of ratings and runs are not what search reads).
			n := rng.IntN(30)
			sum := n + rng.IntN(4*n+1)
			if _, err := tx.ExecContext(ctx, "UPDATE community_levels SET ratings = ?, rating_sum = ? WHERE id = ?", n, sum, v.Level); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	// Check would find the fake ratings: they are removed before it runs.
	b.Cleanup(func() {
		db.w.Exec("UPDATE community_levels SET ratings = 0, rating_sum = 0")
	})
	queries := []struct {
		name string
		q    store.Query
	}{
		{"word", store.Query{Text: "rivière", Limit: 20}},
		{"accent-free", store.Query{Text: "donnees", Limit: 20}},
		{"prefix", store.Query{Text: "bibli", Limit: 20}},
		{"two-words-fr-en", store.Query{Text: "foret wild", Limit: 20}},
		{"tag-top", store.Query{Tag: "science", Sort: store.SortTop, Limit: 20}},
		{"all-new", store.Query{Limit: 20}},
	}
	for _, tc := range queries {
		b.Run(tc.name, func(b *testing.B) {
			p, err := db.SearchLevels(ctx, tc.q)
			if err != nil || p.Total == 0 {
				b.Fatalf("search %+v: %d levels, %v", tc.q, p.Total, err)
			}
			lat := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for range b.N {
				t0 := time.Now()
				if _, err := db.SearchLevels(ctx, tc.q); err != nil {
					b.Fatal(err)
				}
				lat = append(lat, time.Since(t0))
			}
			b.StopTimer()
			slices.Sort(lat)
			b.ReportMetric(float64(p.Total), "matches")
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-µs")
			b.ReportMetric(float64(lat[(len(lat)*99)/100].Microseconds()), "p99-µs")
		})
	}
}
