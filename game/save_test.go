package game

import (
	"strings"
	"testing"

	"github.com/communs-arcade/arcade/engine/sim"
)

// memStore is a Store in memory.
type memStore map[string][]byte

func (m memStore) Load(name string) ([]byte, error) {
	d, ok := m[name]
	if !ok {
		return nil, ErrNotSaved
	}
	return d, nil
}

func (m memStore) Save(name string, data []byte) error {
	m[name] = append([]byte(nil), data...)
	return nil
}

func TestLoadSaved(t *testing.T) {
	tests := []struct {
		name    string
		stored  string
		wantErr string
		aside   bool
	}{
		{"nothing saved", "", "", false},
		{"round trip", `{"version":1,"settings":{"lang":"en","volume":30,"textScale":125},"best":{"demo":{"score":5,"won":true}}}`, "", false},
		{"corrupt", `{"version":1,`, "unexpected end", true},
		{"old version", `{"version":0}`, "version 0", true},
		{"bad volume", `{"version":1,"settings":{"lang":"fr","volume":900}}`, "out of range", true},
		{"bad language", `{"version":1,"settings":{"lang":"xx","volume":10}}`, "out of range", true},
		{"bad token", `{"version":1,"settings":{"lang":"fr","volume":10},"online":{"token":"AAAA"}}`, "token is unusable", true},
		{"online", `{"version":1,"settings":{"lang":"fr","volume":10},"online":{"token":"` + strings.Repeat("A", 43) + `=","pseudonym":"Renard-Bleu-42","outbox":[{"id":"a1","level":"demo","replay":"eHg="}]}}`, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := memStore{}
			if tt.stored != "" {
				st[saveName] = []byte(tt.stored)
			}
			s, err := loadSaved(st, "fr")
			if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("err = %v, want %q", err, tt.wantErr)
			}
			if _, ok := st[saveName+".bad"]; ok != tt.aside {
				t.Errorf("set aside = %v, want %v", ok, tt.aside)
			}
			if s.Version != saveVersion || s.Best == nil {
				t.Errorf("unusable saved data %+v", s)
			}
		})
	}
}

func TestRecordKeepsBestAndCapsOutbox(t *testing.T) {
	s := defaultSaved("fr")
	nb := func(newBest bool, _ string) bool { return newBest }
	if !nb(s.record("demo", 10, false, "r1")) || nb(s.record("demo", 5, true, "r2")) || !nb(s.record("demo", 20, false, "")) {
		t.Fatal("newBest wrong")
	}
	if b := s.Best["demo"]; b.Score != 20 || !b.Won {
		t.Errorf("best = %+v", b)
	}
	if len(s.Online.Outbox) != 2 || s.Online.Outbox[0].Replay != "r1" || s.Online.Outbox[0].Level != "demo" {
		t.Errorf("outbox %+v", s.Online.Outbox)
	}
	var last string
	for i := 0; i < 60; i++ {
		_, last = s.record("demo", 0, false, "r")
	}
	if len(s.Online.Outbox) != maxOutbox || s.Online.Outbox[maxOutbox-1].ID != last {
		t.Errorf("%d runs kept", len(s.Online.Outbox))
	}
	if !s.sent(last) || s.sent(last) || len(s.Online.Outbox) != maxOutbox-1 {
		t.Errorf("sent did not remove the run once")
	}
	st := memStore{}
	if err := s.store(st); err != nil {
		t.Fatal(err)
	}
	back, err := loadSaved(st, "en")
	if err != nil || back.Best["demo"] != s.Best["demo"] {
		t.Fatalf("reload: %v %+v", err, back)
	}
}

func TestFillAndLanguage(t *testing.T) {
	if got := fill("Score {score} / {n}", nil); got != "Score {score} / {n}" {
		t.Error(got)
	}
	if got := fill("Score {score}", []sim.Arg{arg("score", 12)}); got != "Score 12" {
		t.Error(got)
	}
	for tag, want := range map[string]string{"fr-FR": "fr", "en_GB.UTF-8": "en", "de": "fr", "": "fr", "EN-us": "en"} {
		if got := BestLanguage(tag); got != want {
			t.Errorf("BestLanguage(%q) = %q", tag, got)
		}
	}
}

func TestCatalogsMatch(t *testing.T) {
	cs, err := loadCatalogs()
	if err != nil {
		t.Fatal(err)
	}
	fr, en := cs["fr"].Keys(), cs["en"].Keys()
	if strings.Join(fr, ",") != strings.Join(en, ",") {
		t.Errorf("French and English catalogues have different keys:\n%v\n%v", fr, en)
	}
}
