package leveltest

import (
	"bytes"
	"slices"
	"testing"

	"github.com/communs-arcade/arcade/engine/level"
)

// TestHostilePackages: LoadZip refuses every hostile package, each of its
// problems naming exactly the package's rule.
func TestHostilePackages(t *testing.T) {
	// The base is sound: the demo zipped by hzip loads.
	if _, err := level.LoadZip(bytes.NewReader(with()), int64(len(with())), "demo.arcade"); err != nil {
		t.Fatalf("the demo as hzip writes it does not load: %v", err)
	}
	hs := HostilePackages()
	seen := map[string]bool{}
	rules := map[string]bool{}
	for _, h := range hs {
		if seen[h.Name] {
			t.Fatalf("two packages named %q", h.Name)
		}
		seen[h.Name] = true
		rules[h.Rule] = true
		t.Run(h.Name, func(t *testing.T) {
			l, err := level.LoadZip(bytes.NewReader(h.Data), int64(len(h.Data)), "hostile.arcade")
			if err == nil || l != nil {
				t.Fatalf("accepted (%d bytes)", len(h.Data))
			}
			ps := level.Problems(err)
			if len(ps) == 0 {
				t.Fatalf("error %v holds no *level.Error", err)
			}
			for _, p := range ps {
				if p.Rule != h.Rule {
					t.Errorf("problem %q names rule %q, want %q", p, p.Rule, h.Rule)
				}
			}
		})
	}
	// Every rule a server must name has its package.
	for _, r := range []string{
		level.RulePackageSize, level.RuleFileCount, level.RuleFileSize, level.RuleTotalSize,
		level.RuleCompressionRatio, level.RuleZipFormat, level.RuleUnsafePath, level.RuleFileName,
		level.RuleFileType, level.RuleSymlink, level.RuleDuplicateName, level.RuleNotRegular,
		level.RuleEncrypted, level.RuleImage, level.RuleImageSize, level.RuleChangedAfterPacking,
		level.RuleManifest, level.RuleMap, level.RuleText, level.RuleScript,
	} {
		if !rules[r] {
			t.Errorf("no hostile package for rule %s (have: %s)", r, hostileNames(hs))
		}
	}
	// The same bytes on every call.
	again := buildHostile()
	if !slices.EqualFunc(hs, again, func(a, b Hostile) bool { return a.Name == b.Name && bytes.Equal(a.Data, b.Data) }) {
		t.Fatal("HostilePackages is not deterministic")
	}
}
